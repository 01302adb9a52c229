"""Accessor summaries cached under depths they were not walked at are the summaries a walk at that depth makes.

`_flow.accessor_summary` stores a summary that was not cut under every depth its span leaves below
`MAX_DEPTH` (`AccessorSummary.span`). Here every summary of a program with accessor chains of each
length (and a recursive one, and ones calling only builtins) is first computed with no caching at all,
then asked again through the caches in several orders of depths: each must be the uncached one.
"""

from __future__ import annotations

import textwrap

import pytest

import switchpoint.analysis.rules._flow as flow
from switchpoint.analysis.rules._program import program_of
from tests.rules._captured import rule_context

PROGRAM = textwrap.dedent("""\
    import gevent

    TABLE = {}


    class Box:
        def __init__(self):
            self.items = {}
            self.n = 0

        def get(self, key):  # no call at all
            return self.items[key]

        def size(self):  # calls of builtins only
            return len(self.items) + int(self.n)

        def put(self, key, value):
            self.items[key] = value

        def get2(self, key):
            return self.get(key)

        def get3(self, key):
            return self.get2(key)

        def get4(self, key):
            return self.get3(key) + self.size()

        def put2(self, key, value):
            self.put(key, value)

        def put3(self, key, value):
            self.put2(key, self.get2(key) + value)

        def deep(self, key):
            if key:
                return self.deep(key[1:])
            return self.items[key]


    def table_get(key):
        return TABLE[key]


    def table_get2(key):
        return table_get(key)


    def table_put(key, value):
        TABLE[key] = table_get2(key) + value


    def worker(box):
        box.put3("a", box.get4("a") + box.deep("ab") + box.size())
        table_put("b", table_get2("b") + 1)
        gevent.sleep(0)
        box.n = box.n + 1


    gevent.spawn(worker, Box())
""")


class _Forgetting(dict):
    """A per-run cache that keeps nothing."""

    def setdefault(self, key, default=None):
        return default

    def __setitem__(self, key, value):
        pass


class _Uncached:
    """A PerRun that keeps nothing: every run's table forgets what is put in it."""

    def get(self, run, compute):
        return _Forgetting()


@pytest.fixture
def context(tmp_path, monkeypatch):
    return rule_context(tmp_path, monkeypatch, PROGRAM)


def _uncached(context, monkeypatch, keys) -> dict:
    with monkeypatch.context() as patched:
        patched.setattr(flow, "_SUMMARIES", _Uncached())
        patched.setattr(flow, "_ANSWERS", _Uncached())
        patched.setattr(program_of(context), "remembered", lambda func, key, compute, *args, **_: compute(*args))
        return {(func, depth): flow.accessor_summary(context, func, depth) for func, depth in keys}


def test_summaries_stored_under_other_depths_equal_walks_at_those_depths(context, monkeypatch):
    functions = [func for func in context.own_functions() if func.kind != "module"]
    depths = range(1, flow.MAX_DEPTH + 1)
    truth = _uncached(context, monkeypatch, [(func, depth) for func in functions for depth in depths])
    names = {func.qualname.rpartition(".")[2]: func for func in functions}
    # the program has what the test is about: summaries of every span, cut ones, and ones reused across depths
    assert {truth[(func, 1)].span for func in functions} >= {-1, 0, 1, 2}
    assert truth[(names["get4"], 1)].cut and not truth[(names["get3"], 1)].cut and truth[(names["get3"], 2)].cut
    assert truth[(names["get"], 1)].reads and truth[(names["put3"], 1)].stores
    for order in ((1, 2, 3), (3, 2, 1), (2, 1, 3), (1, 3, 2)):
        flow._SUMMARIES.forget(context.summaries)
        flow._ANSWERS.forget(context.summaries)
        for depth in order:
            for func in functions:
                assert flow.accessor_summary(context, func, depth) == truth[(func, depth)], (func.qualname, depth, order)
