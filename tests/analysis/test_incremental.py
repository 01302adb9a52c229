"""A long-lived workspace re-analyses only what an edit can affect, and stays right."""

from __future__ import annotations

import textwrap

from switchpoint.analysis.api import Options, open_workspace

CALLEE = "def helper():\n    return 1\n"
SWITCHING_CALLEE = "import gevent\n\ndef helper():\n    gevent.sleep(0)\n"
CALLER = "from lib import helper\n\ndef caller():\n    helper()\n"
UNRELATED = "def other():\n    return 2\n"


def _project(tmp_path):
    (tmp_path / "lib.py").write_text(CALLEE)
    (tmp_path / "app.py").write_text(CALLER)
    (tmp_path / "other.py").write_text(UNRELATED)
    (tmp_path / "pyproject.toml").write_text("")
    return open_workspace(Options())


def _lines(report):
    return [p.range.start.line for p in report.yield_points]


def test_editing_a_callee_in_another_module_changes_the_callers_points(tmp_path):
    ws = _project(tmp_path)
    app = tmp_path / "app.py"
    assert _lines(ws.analyze_file(app)) == []
    ws.set_text(tmp_path / "lib.py", SWITCHING_CALLEE)  # unsaved editor text
    report = ws.analyze_file(app)
    assert _lines(report) == [4]
    assert report.yield_points[0].chain == ("app.caller", "lib.helper", "gevent.sleep")
    ws.forget_text(tmp_path / "lib.py")
    assert _lines(ws.analyze_file(app)) == []


def test_editing_an_unrelated_module_recomputes_nothing(tmp_path):
    ws = _project(tmp_path)
    app = tmp_path / "app.py"
    ws.analyze_file(app)
    first = dict(ws.stats)
    ws.set_text(tmp_path / "other.py", UNRELATED + "\nx = 3\n")
    ws.analyze_file(app)
    assert ws.stats["functions"] == first["functions"] > 0
    assert ws.stats["reused"] == ws.stats["functions"]


def test_editing_the_file_itself_recomputes_only_its_functions(tmp_path):
    ws = _project(tmp_path)
    app = tmp_path / "app.py"
    ws.analyze_file(app)
    ws.set_text(app, CALLER + textwrap.dedent("""
        def more():
            caller()
    """))
    report = ws.analyze_file(app)
    assert _lines(report) == []
    # a def appended nothing calls: app kept in place, the last graph too (resolve/top_level_edits.py); app's
    # module code and more are collected, caller and lib.helper kept
    assert ws.stats["graph_kept"] == 1 and ws.stats["functions"] - ws.stats["reused"] == 2
    ws.set_text(app, CALLER + textwrap.dedent("""
        def more(n):
            caller()
    """))
    report = ws.analyze_file(app)
    assert _lines(report) == []
    # with a parameter, a run: lib.helper is reused; app's module code, caller and more are collected again
    assert ws.stats["graph_kept"] == 0 and ws.stats["functions"] - ws.stats["reused"] == 3


def test_absolute_paths_definitions_and_disk_changes(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    lib = tmp_path / "lib.py"
    lib.write_text(CALLEE)
    app = tmp_path / "app.py"
    app.write_text(CALLER)
    ws = open_workspace(Options(absolute_paths=True))
    assert ws.analyze_file(app).path == str(app)
    path, where = ws.definition("lib.helper")
    assert path == str(lib) and (where.start.line, where.start.column) == (1, 5)
    assert ws.definition("lib.nothing_here") is None
    lib.write_text(SWITCHING_CALLEE + "\n")  # changed on disk, not in an editor
    ws.invalidate(lib)
    assert [p.path for p in ws.analyze_file(app).yield_points] == [str(app)]


def test_a_syntax_error_does_not_make_the_next_good_text_start_cold(tmp_path):
    ws = _project(tmp_path)
    app = tmp_path / "app.py"
    ws.analyze_file(app)
    ws.set_text(app, "from lib import helper\n\ndef caller(:\n    helper()\n")
    ws.analyze_file(app)
    ws.set_text(app, CALLER + "\n")
    ws.analyze_file(app)
    assert ws.stats["reused"] >= 1  # lib.helper was kept while the broken text hid it


def test_a_lambda_stays_one_function_across_analyses_that_do_not_load_its_module(tmp_path):
    # user() is refined again for a.py alone (b.py no longer passes a Box too) and meets its lambda
    # afresh: that must be the lambda its first-pass entry, kept from the first analysis, names
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text(
        "class Box:\n    def size(self):\n        return 1\n\ndef apply(f):\n    return f()\n\n"
        "def user(box):\n    box.size()\n    return apply(lambda: box)\n"
    )
    (tmp_path / "a.py").write_text("from lib import Box, user\n\ndef main():\n    user(Box())\n")
    (tmp_path / "b.py").write_text("from lib import Box, user\n\ndef other():\n    user(Box())\n")
    (tmp_path / "c.py").write_text("def unrelated():\n    return 1\n")
    cold = open_workspace(Options())
    expected = cold.analyze_file(tmp_path / "a.py")
    ws = open_workspace(Options())
    ws.analyze_paths([tmp_path])
    ws.analyze_file(tmp_path / "c.py")  # lib.py is not loaded by this one
    assert ws.analyze_file(tmp_path / "a.py") == expected
    assert ws.stats["functions"] == cold.stats["functions"]



def test_a_class_edited_under_the_same_name_is_not_kept_by_a_collection_it_was_passed_to(tmp_path):
    # work() passes its parameter on to helper(), which calls it: work's refined collection holds the
    # Counter class main passes, without reading counters.py. After an edit of counters.py main passes
    # a new Counter under the same name: reusing work's collection would bind the old Counter.__call__
    (tmp_path / "pyproject.toml").write_text("")
    counters = tmp_path / "counters.py"
    counters.write_text("class Counter:\n    def __call__(self):\n        return 1\n")
    (tmp_path / "helpers.py").write_text("def helper(c):\n    c()\n")
    (tmp_path / "worker.py").write_text("from helpers import helper\n\ndef work(c):\n    helper(c)\n")
    app = tmp_path / "app.py"
    app.write_text("from counters import Counter\nfrom worker import work\n\ndef main():\n    work(Counter())\n")
    ws = open_workspace(Options())
    ws.analyze_paths([tmp_path])
    switching = "import gevent\n\nclass Counter:\n    def __call__(self):\n        gevent.sleep(0)\n"
    ws.set_text(counters, switching)
    edited = ws.analyze_paths([tmp_path])
    counters.write_text(switching)
    cold_workspace = open_workspace(Options())
    cold = cold_workspace.analyze_paths([tmp_path])
    worker = next(f for f in cold.files if f.path.endswith("worker.py"))
    assert [p.chain for p in worker.yield_points] == [
        ("worker.work", "helpers.helper", "counters.Counter.__call__", "gevent.sleep")]
    assert edited == cold
    assert ws.stats["functions"] == cold_workspace.stats["functions"]


THINGS = ("import gevent\n\nclass Thing:\n    def run(self):\n        gevent.sleep(0)\n\n"
          "class Other:\n    def run(self):\n        return 1\n")


def test_what_callers_pass_edited_is_not_read_from_the_last_runs_text(tmp_path):
    # lib.use is refined with what app.py passes, made by factory.py: editing factory.py changes the values
    # while the passing site's module (app.py, read by lib.use's refined collection) and the classes' stay as
    # they were. The parameter's text (arguments.argument_texts), kept from the last run where what it is
    # made of is equal, must be made again, else lib.use's refined entry is reused with the old class
    from tests.analysis._edits import check_edits

    factory = "import things\n\ndef make():\n    return things.Thing()\n"
    app = "import factory\nimport lib\n\ndef go():\n    lib.use(factory.make())\n"
    files = {"lib.py": "def use(thing):\n    thing.run()\n", "site-packages/things.py": THINGS, "factory.py": factory, "app.py": app}
    seen = check_edits(tmp_path, files, [
        ("factory.py", factory.replace("Thing()", "Other()")),
        ("factory.py", factory),
    ])
    # with Other passed, nothing reached makes a Thing: things.py is a library's (under site-packages), so
    # Thing.run is not even a possible target of lib.use's parameter (resolve/live_classes.py)
    assert [[certainty for _, certainty, _ in points] for points in seen] == [[], ["certain"]]


def test_an_edit_keeps_the_texts_of_what_callers_pass_that_it_left_alone(tmp_path, monkeypatch):
    from switchpoint.analysis.callgraph import arguments

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text("def use(thing):\n    thing.run()\n")
    (tmp_path / "things.py").write_text(THINGS)
    app = tmp_path / "app.py"
    app.write_text("import lib\nimport things\n\ndef go():\n    lib.use(things.Thing())\n")
    ws = open_workspace(Options())
    ws.analyze_file(app)
    made = []
    part_text = arguments._part_text
    monkeypatch.setattr(arguments, "_part_text", lambda part, known, texts: made.append(part) or part_text(part, known, texts))
    ws.set_text(app, app.read_text() + "\n_edited = 1\n")  # passes the same Thing from the same module
    assert [p.certainty for p in ws.analyze_file(app).yield_points] == ["certain"]
    assert made == []
