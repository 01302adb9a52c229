"""A name used in the value of one of its own bindings (`x = list(x)`, `x = x or default`): every use of it has
the same values whichever is evaluated first, and those are the least fixpoint, not a cycle's unknown."""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.infer import UNKNOWN, ContainerV, Evaluator, InstV
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model

SOURCE = """
class Calm:
    pass

class Other:
    pass

def rebound():
    chosen = None
    chosen = chosen or Calm()
    chosen = Other() if chosen is None else chosen
    items = [Calm()]
    items = list(items)
    items = sorted(items) if items else items
    return chosen, items

def walked(node):
    node = Calm()
    node = node.parent
    return node
"""


def _uses(tmp_path, function: str):
    (tmp_path / "app.py").write_text(SOURCE)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    module = world.module("app")
    func = next(f for f in module.functions if f.name == function)
    names = [n for n in ast.walk(func.node) if isinstance(n, ast.Name) and n.id in ("chosen", "items", "node")]
    return world, func, names


def _described(values) -> list[str]:
    described = []
    for value in values:
        if isinstance(value, InstV):
            described.append(value.cls if isinstance(value.cls, str) else value.cls.qualname)
        elif isinstance(value, ContainerV):
            described.append(f"{value.kind}{'*' if value.each else ''}")
        else:
            described.append(repr(value))
    return sorted(described)


def _values_in_order(tmp_path, function: str, reverse: bool) -> dict:
    world, func, names = _uses(tmp_path, function)
    evaluator = Evaluator(world)
    ordered = list(reversed(names)) if reverse else names
    return {(n.lineno, n.col_offset): _described(evaluator.eval(n, func.scope)) for n in ordered}


def test_every_use_has_the_same_values_in_any_order(tmp_path):
    forward = _values_in_order(tmp_path, "rebound", reverse=False)
    backward = _values_in_order(tmp_path, "rebound", reverse=True)
    assert forward == backward


def test_a_rebinding_through_itself_adds_no_unknown(tmp_path):
    values = _values_in_order(tmp_path, "rebound", reverse=False)
    chosen = {tuple(v) for (line, _), v in values.items() if line in (9, 10, 11)}
    # the read in `chosen or Calm()` is reached by `chosen = None` alone, a constant: nothing another binding
    # could stand in for (Evaluator._evident), so it is None there
    assert chosen == {("app.Calm", "app.Other", "builtins.NoneType"), ("builtins.NoneType",)}
    items = {tuple(v) for (line, _), v in values.items() if line in (12, 13, 14)}
    assert items == {("list", "list*")}


def test_any_other_self_reference_stays_unknown(tmp_path):
    values = _values_in_order(tmp_path, "walked", reverse=False)
    assert repr(UNKNOWN) in values[(19, 11)]  # `node` in node.parent: a cycle


def test_many_rebindings_are_evaluated_without_blowing_up(tmp_path):
    # each use of a name in its own bindings evaluates the other bindings once: nested re-entries through the
    # bindings that pass the name on would try every order of them (locust's analysis took 25 times as long)
    lines = ["def many(x):"]
    for index in range(6):
        lines.append(f"    x = x or Calm{index}()" if index % 2 else f"    x = x.parent{index}")
    lines.append("    return x")
    source = "\n".join(f"class Calm{i}:\n    pass\n" for i in range(6)) + "\n".join(lines) + "\n"
    (tmp_path / "app.py").write_text(source)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    func = next(f for f in world.module("app").functions if f.name == "many")
    evaluator = Evaluator(world)
    evaluated = []
    original = evaluator._eval
    evaluator._eval = lambda node, scope: evaluated.append(node) or original(node, scope)
    names = [n for n in ast.walk(func.node) if isinstance(n, ast.Name) and n.id == "x"]
    for use in names:
        evaluator.eval(use, func.scope)
    assert len(evaluated) < 2000, len(evaluated)
    returned = evaluator.eval(func.node.body[-1].value, func.scope)
    assert {"Calm1", "Calm3", "Calm5"} <= {v.cls.name for v in returned if isinstance(v, InstV)}


def _stores_through_itself(tmp_path):
    # every store into `d` reads `d` again: evaluating one stored value evaluates the container, whose stored
    # values include that one (each store node is evaluated once: a cycle is unknown, not a new evaluation)
    lines = ["def many(keys):", "    d = {}"]
    for index in range(6):
        lines.append(f"    d['k{index}'] = Calm{index}()")
        lines.append(f"    d['j{index}'] = d['k{index}'] or d[keys]")
        lines.append(f"    d.setdefault('s{index}', d['j{index}'])")
    lines.append("    return d['x']")
    source = "\n".join(f"class Calm{i}:\n    pass\n" for i in range(6)) + "\n".join(lines) + "\n"
    (tmp_path / "app.py").write_text(source)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    func = next(f for f in world.module("app").functions if f.name == "many")
    return world, func


def test_stores_through_the_container_itself_are_evaluated_without_blowing_up(tmp_path):
    world, func = _stores_through_itself(tmp_path)
    evaluator = Evaluator(world)
    evaluated = []
    original = evaluator._eval
    evaluator._eval = lambda node, scope: evaluated.append(node) or original(node, scope)
    for use in [n for n in ast.walk(func.node) if isinstance(n, ast.Name) and n.id == "d"]:
        evaluator.eval(use, func.scope)
    returned = evaluator.eval(func.node.body[-1].value, func.scope)
    assert len(evaluated) < 1000, len(evaluated)
    # what the stores put in, every class of them (and the unknown the cycle gives)
    assert {f"Calm{i}" for i in range(6)} <= {v.cls.name for v in returned if isinstance(v, InstV)}


CYCLES = """
class A:
    pass

class B:
    pass

class C:
    pass

def spreads(args, kwargs):
    first = [A()]
    second = [*first, B()]
    first = [*second, *first]
    third = (*second, *third, C())
    kwargs = {**kwargs, "a": A()}
    return first, second, third, kwargs

def walk():
    yield A()
    yield from walk_more()

def walk_more():
    yield from [B(), *walk()]
    yield from walk_more()

def walked():
    return walk(), walk_more()
"""


def _iterated_in_order(tmp_path, reverse: bool) -> dict:
    (tmp_path / "app.py").write_text(CYCLES)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    module = world.module("app")
    evaluator = Evaluator(world)
    found = {}
    for name in ("spreads", "walked"):
        func = next(f for f in module.functions if f.name == name)
        returned = func.node.body[-1].value.elts
        for expr in reversed(returned) if reverse else returned:
            values = evaluator.eval(expr, func.scope)
            part = "key" if name == "spreads" and expr.id == "kwargs" else None
            iterated = evaluator.iterate(values) if part is None else evaluator._entries(
                next(v for v in values if isinstance(v, ContainerV)), "value")
            found[ast.unparse(expr)] = _described(iterated)
    return found


def test_a_cycle_of_spreads_or_yields_gives_its_least_fixpoint_in_any_order(tmp_path):
    # each member of a cycle holds what all of them gather, whichever is asked first, and no cycle's unknown
    forward = _iterated_in_order(tmp_path, reverse=False)
    backward = _iterated_in_order(tmp_path, reverse=True)
    assert forward == backward
    assert forward["first"] == forward["second"] == ["app.A", "app.B"]
    assert forward["third"] == ["app.A", "app.B", "app.C"]
    assert forward["walk()"] == forward["walk_more()"] == ["app.A", "app.B"]
    assert "app.A" in forward["kwargs"]


def test_a_spread_or_yield_from_of_what_gives_nothing_known_stays_unknown(tmp_path):
    # only a cycle's own part may be empty: iterating an object with no __iter__ in sight is unknown, as before
    (tmp_path / "app.py").write_text(
        "class A:\n    pass\n\nclass B:\n    pass\n\n"
        "def g():\n    yield from A()\n    yield B()\n\n"
        "def f():\n    x = [*A(), B()]\n    return x, g()\n")
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    func = next(f for f in world.module("app").functions if f.name == "f")
    evaluator = Evaluator(world)
    for expr in func.node.body[-1].value.elts:
        assert _described(evaluator.iterate(evaluator.eval(expr, func.scope))) == ["UNKNOWN", "app.B"]


STORED = """
def label_tag(extra, attrs=None):
    attrs = attrs or {}
    if extra:
        attrs = attrs or {}
        attrs["class"] = extra
    return attrs

def as_sql(nodes, inner):
    params = []
    for node in nodes:
        params.extend(node)
    params = tuple(params)
    params += inner
    return params
"""


def _every_value(tmp_path, reverse: bool) -> dict:
    (tmp_path / "app.py").write_text(STORED)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    evaluator = Evaluator(world)
    found = {}
    for func in world.module("app").functions:
        if func.kind == "module":
            continue
        nodes = [n for n in ast.walk(func.node) if isinstance(n, ast.expr)]
        for node in reversed(nodes) if reverse else nodes:  # ast.walk: a binding's value before the names in it
            values = evaluator.eval(node, func.scope)
            found[(node.lineno, node.col_offset, type(node).__name__)] = [
                (v.kind, len(v.elements)) if isinstance(v, ContainerV) else repr(v) for v in values]
    return found


def test_a_binding_asked_before_its_name_has_the_values_asked_after(tmp_path):
    # `attrs or {}` asked first met its own guard (unknown) through `attrs`; asked after `attrs`, the least
    # fixpoint. The stores into `attrs` join its dict once, not once per binding it passes through; and the
    # `params` in `tuple(params)` holds the list with what `extend` stores into it
    forward = _every_value(tmp_path, reverse=False)
    assert forward == _every_value(tmp_path, reverse=True)
    assert repr(UNKNOWN) not in forward[(3, 12, "BoolOp")]
    assert ("dict", 2) in forward[(7, 11, "Name")]  # {} with `extra` and what others store (it is returned)
    assert ("tuple", 3) in forward[(15, 11, "Name")]  # the list's: `*node`, `*inner`, what others store
