"""Which bindings of a local name reach a read (resolve/reaching.py): the walk back over the statements, on the
shapes where getting it wrong would narrow a value the read may have (loops, handlers, branches, closures)."""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.reaching import reaching
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model

SOURCE = """
def straight(x):
    x = 1
    x = 2
    return x                    # READ straight: 2

def branch(x, flag):
    if flag:
        x = 1
    return x                    # READ branch: x, 1

def both_branches(x, flag):
    if flag:
        x = 1
    else:
        x = 2
    return x                    # READ both_branches: 1, 2

def terminating(x, flag):
    if flag:
        x = 1
        return x                # READ terminating: 1
    return x                    # READ terminating: x

def looped(x, items):
    for item in items:
        print(x)                # READ looped: x, 3
        x = 3
    return x                    # READ looped: x, 3

def handled(x):
    try:
        x = 1
        x = 2
    except ValueError:
        return x                # READ handled: x, 1, 2
    return x                    # READ handled: x, 1, 2

def later(x):
    f = lambda: x               # READ later: (all)
    x = 1
    return f

def walrus(x):
    if (x := 5) and x:          # READ walrus: x, 5
        pass
    if (x := 6):
        return x                # READ walrus: (all)
"""


def _reads(tmp_path):
    (tmp_path / "app.py").write_text(SOURCE)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    module = world.module("app")
    lines = SOURCE.splitlines()
    found = []
    for func in module.functions:
        if func.kind == "module" or func.node.__class__ is ast.Lambda:
            continue
        scope = func.scope
        for node in ast.walk(func.node):
            if node.__class__ is ast.Name and node.id == "x" and node.ctx.__class__ is ast.Load:
                comment = lines[node.lineno - 1].partition("# READ ")[2]
                if comment:
                    found.append((func, scope, node, comment.partition(": ")[2]))
    return found


def _described(func, bindings, answer) -> str:
    if answer is None:
        return "(all)"
    names = []
    for index, _ in answer:
        binding = bindings[index]
        if binding[0] == "param":
            names.append("x")
        else:
            names.append(ast.unparse(binding[1]))
    return ", ".join(names)


def test_the_bindings_that_reach_each_read(tmp_path):
    reads = _reads(tmp_path)
    assert len(reads) == 12
    for func, scope, node, expected in reads:
        bindings = scope.bindings["x"]
        got = _described(func, bindings, reaching(node, scope, bindings))
        assert got == expected, (func.name, node.lineno, got)
