"""A function with no switch point is walked for its in-place changes alone, and only when they are wanted.

The race rules walk every project function (`rules/_flow.py`, `flow_of`). One with no switch
point can hold no lost update, check-then-act, swept loop or atomic violation, so only its
changes to containers can matter, and only to SP103 once some loop is swept; a walk for changes
alone finds the same changes reading the same (checked on every function of django, 9,991 of
10,323 of which have no switch point, and of sqlalchemy). The SP103 fixture's findings come from
such functions' changes. And SP103 has functions walked for their changes only until each swept
loop meets a mutation of what it iterates, and only those that can change it (what `self` reaches,
only methods of that class hierarchy).
"""

from __future__ import annotations

from pathlib import Path

from switchpoint.analysis.api import Options, analyze
from switchpoint.analysis.rules import _flow

BROADCAST = Path(__file__).parent / "fixtures" / "iteration_while_switching" / "broadcast.py"


def _recording_walks(monkeypatch) -> dict[str, set[str]]:
    """Function -> the kinds of walks made of it ("full", "changes", "summary"), filled as the rules walk."""
    walks: dict[str, set[str]] = {}

    class RecordingWalker(_flow.FlowWalker):
        def run(self):
            mode = "summary" if self.summary else "changes" if self.changes_only else "full"
            walks.setdefault(self.func.qualname, set()).add(mode)
            super().run()

    monkeypatch.setattr(_flow, "FlowWalker", RecordingWalker)
    return walks


def test_functions_without_switch_points_are_walked_for_changes_alone(tmp_path, monkeypatch):
    walks = _recording_walks(monkeypatch)
    program = tmp_path / "broadcast.py"
    program.write_text(BROADCAST.read_text())
    (tmp_path / "pyproject.toml").write_text("")
    report = analyze([program], Options())
    findings = [(f.code, f.range.start.line) for f in report.files[0].findings]
    assert findings == [("SP103", 29), ("SP103", 33), ("SP103", 52)]
    # join, leave and subscribe change the containers the loops iterate: their changes were found
    # (accessor summaries, a walk of their own for what callers read through them, come on top)
    for name in ("broadcast.Room.join", "broadcast.Room.leave", "broadcast.subscribe"):
        assert "changes" in walks[name] and "full" not in walks[name], name
    assert "full" in walks["broadcast.Room.broadcast"] and "changes" not in walks["broadcast.Room.broadcast"]


def test_without_a_swept_loop_they_are_not_walked_at_all(tmp_path, monkeypatch):
    walks = _recording_walks(monkeypatch)
    program = tmp_path / "counter.py"
    program.write_text(
        "import gevent\n\ncounts = {}\n\n\ndef bump(key):\n    counts[key] = counts.get(key, 0) + 1\n\n\n"
        "def worker():\n    gevent.sleep(0)\n    bump(1)\n\n\njobs = [gevent.spawn(worker), gevent.spawn(worker)]\n"
    )
    (tmp_path / "pyproject.toml").write_text("")
    report = analyze([program], Options())
    assert [p.range.start.line for p in report.files[0].yield_points] == [11]  # bump(1) does not switch
    assert "full" in walks["counter.worker"]
    assert "full" not in walks.get("counter.bump", ()) and "changes" not in walks.get("counter.bump", ())


def test_functions_are_walked_for_changes_only_until_each_swept_loop_meets_a_mutation(tmp_path, monkeypatch):
    # SP103 asks, per loop, for the first mutation of what it iterates in program order: the functions
    # after it are not walked for their changes (here a batch is one function)
    from switchpoint.analysis.rules import iteration_while_switching

    monkeypatch.setattr(iteration_while_switching._Mutations, "BATCH", 1)
    walks = _recording_walks(monkeypatch)
    program = tmp_path / "feed.py"
    program.write_text(
        "import gevent\n\nitems = []\n\n\ndef add(item):\n    items.append(item)\n\n\n"
        "def drain():\n    for item in items:  # SP103\n        gevent.sleep(0)\n\n\n"
        "def quiet():\n    return len(items)\n\n\ndef quieter():\n    return 2\n\n\n"
        "jobs = [gevent.spawn(drain), gevent.spawn(add, 1), gevent.spawn(quiet), gevent.spawn(quieter)]\n"
    )
    (tmp_path / "pyproject.toml").write_text("")
    report = analyze([program], Options())
    assert [(f.code, f.range.start.line) for f in report.files[0].findings] == [("SP103", 11)]
    assert "changes" in walks["feed.add"]
    assert "changes" not in walks.get("feed.quiet", ()) and "changes" not in walks.get("feed.quieter", ())


def test_what_self_reaches_is_looked_for_in_its_class_hierarchy_alone(tmp_path, monkeypatch):
    # a container reached through `self` is changed only by methods of that class hierarchy: other
    # functions are not walked for their changes, however many come first
    walks = _recording_walks(monkeypatch)
    program = tmp_path / "rooms.py"
    others = "".join(f"def helper{i}(box):\n    box.append({i})\n\n\n" for i in range(3))
    program.write_text(
        "import gevent\n\n\n" + others +
        "class Base:\n    def __init__(self):\n        self.clients = []\n\n\n"
        "class Room(Base):\n    def join(self, client):\n        self.clients.append(client)\n\n"
        "    def broadcast(self):\n        for client in self.clients:  # SP103\n            gevent.sleep(0)\n\n\n"
        "room = Room()\njobs = [gevent.spawn(room.broadcast), gevent.spawn(room.join, 1)]\n"
        + "".join(f"helper{i}([])\n" for i in range(3))
    )
    (tmp_path / "pyproject.toml").write_text("")
    report = analyze([program], Options())
    assert [(f.code, f.range.start.line) for f in report.files[0].findings] == [("SP103", 26)]
    assert "changes" in walks["rooms.Room.join"]
    assert all("changes" not in walks.get(f"rooms.helper{i}", ()) for i in range(3))
