"""A workspace asked again with nothing changed answers with its last report, without re-deriving the graph.

The editor asks again for the text the workspace analysed last (a save, a change back to the same text,
a re-check of that document, a file opened as it is on disk): every module name the last run asked for
still gives the same module object, so a new run would derive the same graph. Anything that could
change a report must make it run again: an edited text, a file changed or created on disk, another file
list, another folder relative paths are shown from, a run stopped half way.
"""

from __future__ import annotations

import os

import pytest

from switchpoint.analysis.api import Cancelled, Options, open_workspace
from switchpoint.analysis.callgraph.graph import CallGraph
from switchpoint.analysis.effects.solve import Summaries

LIB = "import gevent\n\ndef helper():\n    gevent.sleep(0)\n"
APP = "import lib\n\ndef caller():\n    lib.helper()\n\ndef other():\n    return 1\n"


@pytest.fixture
def counted(monkeypatch):
    """How often the graph was expanded and solved, and functions collected."""
    calls = {"expand": 0, "solve": 0, "collect": 0}

    def counting(owner, name, label):
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            calls[label] += 1
            return inner(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)

    counting(CallGraph, "_expand_dispatch", "expand")
    counting(Summaries, "_solve", "solve")
    counting(CallGraph, "_collect", "collect")
    return calls


def _project(tmp_path, **files):
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in {"lib.py": LIB, "app.py": APP, **files}.items():
        (tmp_path / name).write_text(text)
    return tmp_path / "app.py"


def _fresh(tmp_path, overlays=()):
    ws = open_workspace(Options())
    for path, text in overlays:
        ws.set_text(path, text)
    return ws.analyze_file(tmp_path / "app.py")


def test_the_same_text_again_is_answered_without_expanding_or_solving(tmp_path, counted):
    app = _project(tmp_path)
    ws = open_workspace(Options())
    ws.set_text(app, APP)
    first = ws.analyze_file(app)
    assert counted["expand"] > 0 and counted["solve"] > 0 and counted["collect"] > 0
    assert [p.chain for p in first.yield_points] == [("app.caller", "lib.helper", "gevent.sleep")]
    counted.update(expand=0, solve=0, collect=0)
    ws.set_text(app, APP)  # a didChange back to the text analysed last
    again = ws.analyze_file(app)
    assert counted == {"expand": 0, "solve": 0, "collect": 0}
    assert ws.stats["unchanged"] == 1 and ws.stats["collected"] == 0
    assert ws.stats["reused"] == ws.stats["functions"] > 0
    assert again == first == _fresh(tmp_path, [(app, APP)])


def test_an_edit_of_the_analysed_text_or_of_a_module_it_reads_runs_again(tmp_path, counted):
    app = _project(tmp_path)
    ws = open_workspace(Options())
    ws.analyze_file(app)
    edited = APP.replace("lib.helper()", "return 2")
    ws.set_text(app, edited)
    counted.update(expand=0)
    assert ws.analyze_file(app).yield_points == () == _fresh(tmp_path, [(app, edited)]).yield_points
    assert counted["expand"] > 0 and ws.stats["unchanged"] == 0
    ws.set_text(app, APP)
    ws.set_text(tmp_path / "lib.py", "def helper():\n    return 1\n")  # a module the run read, not the analysed one
    ws.analyze_file(app)
    ws.set_text(tmp_path / "lib.py", LIB)
    report = ws.analyze_file(app)
    assert len(report.yield_points) == 1 and ws.stats["unchanged"] == 0


def test_a_file_changed_on_disk_runs_again(tmp_path):
    app = _project(tmp_path)
    ws = open_workspace(Options())
    assert len(ws.analyze_file(app).yield_points) == 1
    lib = tmp_path / "lib.py"
    lib.write_text("def helper():\n    return 1\n")
    os.utime(lib, ns=(1, 1))  # another mtime whatever the file system's resolution
    assert ws.analyze_file(app).yield_points == () == _fresh(tmp_path).yield_points
    assert ws.stats["unchanged"] == 0


def test_a_module_created_where_an_import_found_nothing_runs_again(tmp_path):
    # the last run asked for `plugin` and found nothing: a file created since is found by a new run
    app = _project(tmp_path, **{"app.py": "import plugin\n\ndef go():\n    plugin.start()\n"})
    ws = open_workspace(Options())
    assert ws.analyze_file(app).yield_points == ()
    (tmp_path / "plugin.py").write_text("import gevent\n\ndef start():\n    gevent.sleep(0)\n")
    report = ws.analyze_file(app)
    assert [p.chain for p in report.yield_points] == [("app.go", "plugin.start", "gevent.sleep")]
    assert report == _fresh(tmp_path) and ws.stats["unchanged"] == 0


def test_another_current_folder_runs_again(tmp_path, monkeypatch):
    # relative paths in the report are relative to the current folder
    app = _project(tmp_path)
    (tmp_path / "inner").mkdir()
    monkeypatch.chdir(tmp_path)
    ws = open_workspace(Options())
    assert ws.analyze_file(app).path == "app.py"
    monkeypatch.chdir(tmp_path / "inner")
    assert ws.analyze_file(app).path == str(app)  # outside the current folder: absolute
    assert ws.stats["unchanged"] == 0


def test_a_stopped_run_leaves_no_report_to_answer_with(tmp_path):
    app = _project(tmp_path)
    ws = open_workspace(Options())
    ws.analyze_file(app)
    edited = APP.replace("lib.helper()", "return 2")
    ws.set_text(app, edited)
    with pytest.raises(Cancelled):
        ws.analyze_file(app, lambda: True)
    assert ws.analyze_file(app).yield_points == ()
    assert ws.stats["unchanged"] == 0


def test_a_file_opened_or_closed_with_the_text_on_disk_is_the_same_module(tmp_path, counted):
    # its fingerprint changes (the text itself, then the file's mtime and size), its text does not
    app = _project(tmp_path)
    ws = open_workspace(Options())
    first = ws.analyze_file(app)
    counted.update(expand=0, solve=0, collect=0)
    ws.set_text(app, APP)
    assert ws.analyze_file(app) == first
    ws.forget_text(app)
    assert ws.analyze_file(app) == first
    assert counted == {"expand": 0, "solve": 0, "collect": 0} and ws.stats["unchanged"] == 1
    ws.set_text(app, APP + "\n")
    assert ws.analyze_file(app) == first and ws.stats["unchanged"] == 0  # another text: another module
