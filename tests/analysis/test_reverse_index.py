"""The reverse edges kept across runs (`callgraph/reverse.py`) equal a build from scratch after any update.

`ReverseIndex.update` touches only the callees of nodes whose part changed; the map it leaves must
hold, per callee, exactly the edges a fresh build holds (as a multiset: the order is the search's
business), and a list it says is sorted must still be. The workspace tests below drive it through
edits that add, remove and re-route the callers of a switching function.
"""

from __future__ import annotations

import random
from collections import Counter

from switchpoint.analysis.callgraph.reverse import ReverseIndex
from tests.analysis._edits import check_edits


def _fresh(parts: dict) -> dict:
    built: dict = {}
    for callees, edges in parts.values():
        for callee, edge in zip(callees, edges):
            built.setdefault(callee, []).append(edge)
    return built


def _part(node: str, callees: list[str], rng: random.Random) -> tuple:
    """A node's part as _edges makes it: one tuple per distinct (certain, via), shared by its callees."""
    made: dict = {}
    edges = []
    for _ in callees:
        certain = rng.random() < 0.5
        edges.append(made.setdefault(certain, (node, certain, None)))
    return tuple(callees), tuple(edges)


def test_updates_equal_a_fresh_build():
    rng = random.Random(7)
    names = [f"f{i}" for i in range(40)]
    index = ReverseIndex()
    parts: dict = {}
    for _ in range(200):
        parts = dict(parts)
        for node in rng.sample(names, rng.randint(1, 8)):
            roll = rng.random()
            if roll < 0.3:
                parts.pop(node, None)  # the node left the graph
            elif roll < 0.5 and node in parts:
                parts[node] = (tuple(parts[node][0]), tuple(parts[node][1]))  # equal, not the same tuples
            else:  # new edges, some callees twice (a function calling another at two sites)
                parts[node] = _part(node, [rng.choice(names) for _ in range(rng.randint(0, 6))], rng)
        index.update(parts)
        fresh = _fresh(parts)
        assert {c: Counter(e) for c, e in index.reverse.items()} == {c: Counter(e) for c, e in fresh.items()}
        for callee in index.sorted:  # what the index says is sorted still is
            callers = index.reverse[callee]
            assert callers == sorted(callers, key=repr)
        for callee in rng.sample(sorted(index.reverse), min(5, len(index.reverse))):  # the search sorts some
            index.reverse[callee].sort(key=repr)
            index.sorted.add(callee)


SLOW = "import gevent\n\ndef slow():\n    gevent.sleep(0)\n\ndef quiet():\n    return 1\n"


def test_callers_added_and_removed_across_edits(tmp_path):
    # the switching function's callers change with each edit of lib.py; app.py's chains go through them
    lib = SLOW + "\ndef middle():\n    return quiet()\n"
    app = "from lib import middle, slow\n\ndef a():\n    middle()\n\ndef b():\n    slow()\n"
    seen = check_edits(tmp_path, {"app.py": app, "lib.py": lib}, [
        ("lib.py", lib.replace("return quiet()", "return slow()")),
        ("lib.py", lib),
        ("lib.py", lib.replace("return quiet()", "slow()\n    return quiet()")),
        ("app.py", app.replace("    slow()", "    middle()")),
        ("lib.py", lib),
        ("lib.py", lib.replace("return quiet()", "return slow()")),
    ])
    assert [len(points) for points in seen] == [2, 1, 2, 2, 0, 2]
