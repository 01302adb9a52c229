"""Results an editor's next run takes from the last one: MROs, return values, module members.

A workspace keeps the evaluator's results that met no cycle guard and read no parameter, with
the modules they read (`Evaluator.to_keep`); the next run takes one only while every one of
those modules is the same object (`Evaluator.adopt`). Each edit below changes such a result
through a module other than the one the result belongs to: a kept result that ignored it
would leave the kept workspace behind a fresh one.
"""

from __future__ import annotations

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.resolve.infer import Evaluator
from tests.analysis._edits import check_edits

SWITCHING_MIXIN = "import gevent\n\nclass Switching:\n    def __getitem__(self, key):\n        gevent.sleep(0)\n"
QUIET_BASE = "class Base:\n    pass\n"
SWITCHING_BASE = "from mixin import Switching\n\nclass Base(Switching):\n    pass\n"
SUB = "from base import Base\n\nclass Store(Base):\n    pass\n"
APP = "from sub import Store\n\ndef use():\n    store = Store()\n    return store[1]\n"


def test_a_subclass_whose_base_gains_a_switching_base(tmp_path):
    # sub.Store's MRO reads base.py: editing base.py must not reuse it
    files = {"mixin.py": SWITCHING_MIXIN, "base.py": QUIET_BASE, "sub.py": SUB, "app.py": APP}
    seen = check_edits(tmp_path, files, [("base.py", SWITCHING_BASE), ("base.py", QUIET_BASE), ("base.py", SWITCHING_BASE)])
    assert [len(points) for points in seen] == [1, 0, 1]
    assert seen[0][0][2] == ("app.use", "mixin.Switching.__getitem__", "gevent.sleep")


def test_a_factory_whose_product_changes_in_another_module(tmp_path):
    # factory.make's return value and the module member things.Thing read things.py
    things = "class Thing:\n    def __getitem__(self, key):\n        return key\n"
    files = {
        "things.py": things,
        "factory.py": "from things import Thing\n\ndef make():\n    return Thing()\n",
        "app.py": "from factory import make\n\ndef use():\n    return make()[0]\n",
    }
    switching = "import gevent\n\n" + things.replace("return key", "gevent.sleep(0)")
    seen = check_edits(tmp_path, files, [("things.py", switching), ("things.py", things)])
    assert [len(points) for points in seen] == [1, 0]


def test_an_edit_elsewhere_recomputes_only_what_read_it(tmp_path, monkeypatch):
    files = {"mixin.py": SWITCHING_MIXIN, "base.py": SWITCHING_BASE, "sub.py": SUB, "app.py": APP}
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    computed = []
    mro_tracked = Evaluator._mro_tracked

    def counting(self, cls):
        computed.append(cls.qualname)
        return mro_tracked(self, cls)

    monkeypatch.setattr(Evaluator, "_mro_tracked", counting)
    kept = open_workspace(Options())
    kept.analyze_file(tmp_path / "app.py")
    assert "sub.Store" in computed
    computed.clear()
    kept.set_text(tmp_path / "app.py", APP + "\n_edited = 1\n")
    assert len(kept.analyze_file(tmp_path / "app.py").yield_points) == 1
    assert computed == []  # no class is in app.py: every MRO was kept
    kept.set_text(tmp_path / "base.py", SWITCHING_BASE + "\n_edited = 1\n")
    assert len(kept.analyze_file(tmp_path / "app.py").yield_points) == 1
    assert sorted(computed) == ["base.Base", "sub.Store"]  # what read base.py; mixin.Switching was kept


def test_entries_reading_the_same_modules_share_their_marks_and_are_checked_once(tmp_path, monkeypatch):
    # most functions of a module read the same few modules: their collected entries hold one marks tuple,
    # and the next run checks whether those modules are unchanged once per tuple, not once per entry
    from switchpoint.analysis.callgraph.graph import CallGraph
    from switchpoint.analysis.workspace import Workspace

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text("def pause():\n    return 1\n")
    workers = "".join(f"def work{i}():\n    pause()\n\n" for i in range(5))
    (tmp_path / "app.py").write_text("from lib import pause\n\n" + workers)
    (tmp_path / "other.py").write_text("x = 1\n")
    kept = open_workspace(Options())
    kept.analyze_file(tmp_path / "app.py")
    entries = [e for f, e in kept._ops.first.items() if f.qualname.startswith("app.work")]
    assert len(entries) == 5 and len({id(e.marks) for e in entries}) == 1
    checked = []
    still_read = CallGraph._still_read

    def counting(self, marks):
        checked.append(marks)
        return still_read(self, marks)

    monkeypatch.setattr(CallGraph, "_still_read", counting)
    # other.py is not app.py's import: the same report would answer (Workspace._probe), but a run is asked
    monkeypatch.setattr(Workspace, "_probe", lambda self, plan, inputs: None)
    kept.set_text(tmp_path / "other.py", "x = 2\n")
    kept.analyze_file(tmp_path / "app.py")
    assert kept.stats["collected"] == 0
    assert sum(marks is entries[0].marks for marks in checked) == 1
