"""The rules' cached body walk (`_program.body_nodes`) visits exactly what a plain `ast.iter_child_nodes`
walk of a function's own body visits, in the same order, leaving out only contexts and operators.

The walk is inlined for speed; this keeps it honest on every function of the engine's own source
and on the rule fixtures, which between them use every statement and expression kind.
"""

from __future__ import annotations

import ast
from pathlib import Path

from switchpoint.analysis.resolve.binder import FunctionInfo
from switchpoint.analysis.rules._program import body_calls, body_nodes, body_withs

ROOT = Path(__file__).resolve().parents[2]
LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def reference_body_nodes(node: ast.AST, is_module: bool) -> list[ast.AST]:
    """The specification: pre-order over the own body, nested functions (their decorators aside),
    lambdas and, outside module code, class bodies excluded."""
    found = []
    stack = [node.body] if isinstance(node, ast.Lambda) else list(reversed(node.body))
    while stack:
        current = stack.pop()
        found.append(current)
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend(reversed(current.decorator_list))
            continue
        if isinstance(current, ast.Lambda) or (isinstance(current, ast.ClassDef) and not is_module):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(current))))
    return [n for n in found if not isinstance(n, LEAVES)]


def functions_of(tree: ast.Module):
    yield tree, "module"
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield node, "function"


def test_body_nodes_match_the_plain_walk():
    files = sorted((ROOT / "switchpoint").rglob("*.py")) + sorted((ROOT / "tests" / "rules" / "fixtures").rglob("*.py"))
    checked = 0
    for file in files:
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"))
        except SyntaxError:
            continue  # the fixture of SP002
        for node, kind in functions_of(tree):
            func = FunctionInfo("f", "f", None, node, None, None, kind, [], [], False)
            expected = reference_body_nodes(node, kind == "module")
            assert list(body_nodes(func)) == expected, f"{file}:{getattr(node, 'lineno', 1)}"
            assert list(body_calls(func)) == [n for n in expected if isinstance(n, ast.Call)]
            assert list(body_withs(func)) == [n for n in expected if isinstance(n, (ast.With, ast.AsyncWith))]
            checked += 1
    assert checked > 1000
