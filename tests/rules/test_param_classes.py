"""The classes flowing into parameters (`_program._ParamClasses`) are solved on demand, for the parameters
asked and those passed on to them only: whatever is asked first, each answer is the least solution over
every argument of the program (the classes of each argument reach the parameter it is passed to, and the
classes of a parameter passed on reach the parameter it is passed to, through cycles of calls too)."""

from __future__ import annotations

import random
import textwrap

from switchpoint.analysis.rules import _program
from tests.rules._captured import rule_context

PROGRAM = textwrap.dedent("""\
    import gevent


    class A:
        pass


    class B:
        pass


    class C:
        pass


    def ping(x, n):
        if n:
            pong(x, n - 1)


    def pong(y, n):
        ping(y, n)
        sink(y)


    def sink(z):
        return z


    def relay(first, second):
        sink(first)
        ping(second, 1)


    def start(box):
        gevent.spawn(relay, box, C())


    ping(A(), 2)
    relay(B(), A())
    start(C())
""")


def _reference(solver: _program._ParamClasses) -> dict:
    """The least solution over every argument, computed eagerly (rounds until nothing changes)."""
    flows = [
        (key, _program._value(solver._facts, solver._evaluator, func, arg))
        for key, passed in solver._passed.items() for func, arg in passed
    ]
    classes: dict = {}
    changed = True
    while changed:
        changed = False
        for key, (found, sources) in flows:
            known = classes.setdefault(key, set())
            before = len(known)
            known.update(found)
            for source in sources:
                known.update(classes.get(source, ()))
            changed |= len(known) != before
    return classes


def test_classes_asked_in_any_order_are_the_least_solution(tmp_path, monkeypatch):
    program = _program.program_of(rule_context(tmp_path, monkeypatch, PROGRAM))
    solver = program.param_classes
    expected = _reference(solver)
    by_name = {
        (func.name, index): sorted(cls.name for cls in found if not isinstance(cls, str))
        for (func, index), found in expected.items()
    }
    assert by_name[("sink", 0)] == ["A", "B", "C"]  # through the ping/pong cycle, relay, and the spawn
    assert by_name[("pong", 0)] == ["A", "C"]
    keys = list(expected)
    for seed in range(5):
        random.Random(seed).shuffle(keys)
        fresh = _program._ParamClasses(solver._facts, solver._evaluator, {})
        fresh._passed = solver._passed
        assert {key: set(fresh.get(key)) for key in keys} == expected
