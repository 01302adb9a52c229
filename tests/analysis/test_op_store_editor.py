"""The on-disk store of collected operations in an editor session: a keystroke writes nothing, since
entries that hold only for unsaved text are never stored (they would replace entries valid for the
files), and an edited pyproject.toml is read again (its model is part of the store's key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, open_workspace

# app is the file being edited. `tasks.start` reads app; lib's functions are refined with what app passes:
# `call` resolves x.run in app (reads app too), `use` gets a function of app that none of its operations
# refers to (only its signature names app's text)
LIB = "def call(x):\n    x.run()\n\ndef use(f):\n    f.close()\n"
TASKS = "import app\n\ndef start():\n    app.job()\n"
APP = ("import gevent\nimport tasks\nfrom lib import call, use\n\nclass A:\n    def run(self):\n        gevent.sleep(0)\n\n"
       "def job():\n    pass\n\ndef main():\n    call(A())\n    use(job)\n    tasks.start()\n")


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SWITCHPOINT_CACHE_HOME", str(tmp_path / "user-cache"))


@pytest.fixture
def project(tmp_path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    (project / "lib.py").write_text(LIB)
    (project / "tasks.py").write_text(TASKS)
    (project / "app.py").write_text(APP)
    return project


def _editor(project: Path):
    return open_workspace(Options(cache_dir=str(project), whole_results=False))


def _stored(tmp_path: Path) -> dict[Path, tuple[int, int]]:
    """Every stored table (project and per-user) -> (inode, mtime): a rewrite replaces the file."""
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in tmp_path.rglob("*.pickle")}


def test_keystrokes_in_the_editor_write_nothing(tmp_path, project):
    editor = _editor(project)
    editor.analyze_file(project / "app.py")
    before = _stored(tmp_path)
    assert {path.name.split(".")[0] for path in before} >= {"lib", "tasks"}
    for edit in ("\nx = 1\n", "\nx = 2\n"):
        editor.set_text(project / "app.py", APP + edit)
        editor.analyze_file(project / "app.py")
        assert editor.stats["collected"] > 0  # lib's refined entries and tasks.start among them
        assert _stored(tmp_path) == before


def test_keystrokes_leave_the_entries_valid_for_the_files_on_disk(tmp_path, project):
    _editor(project).analyze_file(project / "app.py")
    untouched = _editor(project)
    untouched.analyze_file(project / "app.py")

    editor = _editor(project)
    editor.set_text(project / "app.py", APP + "\nx = 1\n")
    editor.analyze_file(project / "app.py")
    after_edits = _editor(project)
    after_edits.analyze_file(project / "app.py")
    assert after_edits.stats["collected"] == untouched.stats["collected"] == 0


def _points(report) -> list[int]:
    return sorted(p.range.start.line for p in report.yield_points)


def test_an_edited_pyproject_is_read_again(project):
    editor = _editor(project)
    assert _points(editor.analyze_file(project / "app.py")) == [7, 13]
    (project / "pyproject.toml").write_text('[tool.switchpoint]\nswitching = ["lib.use"]\n')
    assert _points(editor.analyze_file(project / "app.py")) == [7, 13, 14]  # use(job) switches now
    (project / "pyproject.toml").write_text("# none\n")
    assert _points(editor.analyze_file(project / "app.py")) == [7, 13]
