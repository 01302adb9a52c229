"""The call graph's index of dispatch keys stays that of the operations it holds.

Refinement replaces the operations of the functions whose parameters callers type (`CallGraph._index_refined`):
a key such an entry no longer targets loses that user, one it newly targets gains it, and a key nobody
targets leaves the graph's keys (a key left behind would be expanded again as modules load, and reach
functions no operation calls). Checked against a count from the graph's operations and the keys among what
overrides return and subclasses assign: over a program where refinement takes a key away, and over the
runtime's package, before and after an edit.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from switchpoint.analysis.api import Options
from switchpoint.analysis.callgraph.graph import INVISIBLE
from switchpoint.analysis.workspace import Workspace

RUNTIME = Path(__file__).resolve().parents[2] / "switchpoint" / "runtime"


def _users(graph) -> Counter:
    """Key -> how many functions' operations (or result/attr keys' members) target it, counted afresh."""
    users: Counter = Counter()
    for ops in graph.ops.values():
        users.update({t[0] for op in ops for t in op.targets if isinstance(t[0], tuple) and t[0][0] in INVISIBLE})
    for key, members in graph.expansions.items():
        if key[0] in ("result", "attr"):
            users.update({m for m in members if isinstance(m, tuple) and m[0] in INVISIBLE})
    return users


def _check(graph) -> None:
    users = _users(graph)
    assert graph.cache.refined, "nothing refined: the check would not see _index_refined"
    assert dict(users) == graph._key_users
    assert list(graph._keys) == [key for key in graph._keys if key in users] and set(graph._keys) == set(users)
    named = Counter(key for keys in graph._keys_named.values() for key in keys)
    assert named == Counter(set(users))


# lookup's `[name]` dispatches on an unknown receiver in the first pass (the registry is stored from outside
# the class); refined with what setup stores, it is a dict's: the key ("dispatch", "__getitem__") goes
STORED = """\
import gevent


class Registry:
    def __init__(self):
        self.table = {}


class Config:
    def __init__(self):
        self.registry = None

    def lookup(self, name):
        return self.registry.table[name]


def setup():
    config = Config()
    config.registry = Registry()
    return config.lookup("x")


class Noisy:
    def __getitem__(self, key):
        gevent.sleep(0)
"""


def test_a_key_refinement_takes_away_leaves_the_index(tmp_path):
    (tmp_path / "app.py").write_text(STORED)
    workspace = Workspace(Options())
    graph = workspace.derive([tmp_path / "app.py"]).graph
    lookup = next(f for f in graph.ops if f.qualname == "app.Config.lookup")
    key = ("dispatch", "__getitem__")
    assert key in graph.cache.first[lookup].scan.keys and key not in graph.cache.refined[lookup].scan.keys
    _check(graph)
    assert key not in graph._keys


def test_the_keys_index_counts_the_operations_targets():
    workspace = Workspace(Options())
    paths = [RUNTIME]
    _check(workspace.derive(paths).graph)
    edited = RUNTIME / "_sync.py"
    workspace.set_text(edited, edited.read_text(encoding="utf-8") + "\n_edited = 1\n")
    _check(workspace.derive(paths).graph)
