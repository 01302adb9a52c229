"""The on-disk store of collected operations: a later process re-collects only what changed, and
its results are exactly those of a cold run."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.callgraph.op_store import OpStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "analysis"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"

CALLEE = "def helper():\n    return 1\n"
SWITCHING_CALLEE = "import gevent\n\ndef helper():\n    gevent.sleep(0)\n"
CALLER = "from lib import helper\n\ndef caller():\n    helper()\n    return [x for x in (lambda: 1,)]\n"
UNRELATED = "def other():\n    return 2\n"


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path, monkeypatch):
    """Library entries go to the per-user cache: keep this test's away from the real one."""
    monkeypatch.setenv("SWITCHPOINT_CACHE_HOME", str(tmp_path / "user-cache"))


def _fresh_process_run(project: Path, paths):
    """A new workspace (nothing in memory) that keeps a disk cache under `project`; whole-result
    cache entries are removed first, so the per-module store is what is exercised."""
    for entry in (project / ".switchpoint_cache").glob("*.pickle"):
        entry.unlink()
    workspace = open_workspace(Options(cache_dir=str(project)))
    return workspace, workspace.analyze_paths(paths)


def test_results_from_the_store_equal_a_cold_run(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project / "fixtures")
    shutil.copy(EXAMPLES / "iodict.py", project / "iodict_example.py")
    (project / "pyproject.toml").write_text("")
    paths = [project]
    cold = open_workspace(Options()).analyze_paths(paths)

    first, filled = _fresh_process_run(project, paths)
    second, reused = _fresh_process_run(project, paths)

    assert first.stats["from_disk"] == 0 and first.stats["collected"] > 100
    assert second.stats["from_disk"] > 0.9 * first.stats["collected"]
    assert filled == cold
    assert reused == cold
    assert any(p.chain for f in reused.files for p in f.yield_points)
    assert list((project / ".switchpoint_cache" / "ops").iterdir())  # project modules stay in the project
    assert (project / ".switchpoint_cache" / ".gitignore").read_text() == "*\n"


def _project(tmp_path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "lib.py").write_text(CALLEE)
    (project / "app.py").write_text(CALLER)
    (project / "other.py").write_text(UNRELATED)
    (project / "pyproject.toml").write_text("")
    return project


def _lines(report, name):
    return [p.range.start.line for f in report.files if f.path.endswith(name) for p in f.yield_points]


def test_editing_a_callee_in_another_module_changes_the_callers_points(tmp_path):
    project = _project(tmp_path)
    _, report = _fresh_process_run(project, [project])
    assert _lines(report, "app.py") == []

    (project / "lib.py").write_text(SWITCHING_CALLEE)
    workspace, report = _fresh_process_run(project, [project])
    assert _lines(report, "app.py") == [4]
    point = next(p for f in report.files for p in f.yield_points if f.path.endswith("app.py"))
    assert point.chain == ("app.caller", "lib.helper", "gevent.sleep")
    # collected afresh: lib's module code and lib.helper (changed), app.caller (read lib); from disk:
    # other's module code, other.other, app's module code and the lambda in app.caller (never read lib)
    assert (workspace.stats["collected"], workspace.stats["from_disk"]) == (3, 4)


def test_an_edit_undone_finds_its_entries_again(tmp_path):
    # a revert, a branch switched back: the texts before the edit and the entries that read them are kept
    project = _project(tmp_path)
    _fresh_process_run(project, [project])
    (project / "lib.py").write_text(SWITCHING_CALLEE)
    edited, _ = _fresh_process_run(project, [project])
    assert edited.stats["collected"] == 3  # lib's module code, lib.helper and app.caller (read lib)
    (project / "lib.py").write_text(CALLEE)
    undone, report = _fresh_process_run(project, [project])
    assert undone.stats["collected"] == 0 and undone.stats["from_disk"] == undone.stats["functions"]
    assert report == open_workspace(Options()).analyze_paths([project])
    (project / "lib.py").write_text(SWITCHING_CALLEE)
    again, report = _fresh_process_run(project, [project])
    assert again.stats["collected"] == 0 and _lines(report, "app.py") == [4]
    (project / "lib.py").write_text(CALLEE + "\n# a third text\n")
    third, _ = _fresh_process_run(project, [project])
    assert third.stats["collected"] == 3
    assert len(list((project / ".switchpoint_cache" / "ops").glob("*/lib.*.pickle"))) == 2  # the two newest texts


def test_a_restored_record_does_not_stay_in_memory(tmp_path, monkeypatch):
    """A large program's tables are a hundred MB unpickled: each record restored (once a run) leaves the
    table held in memory, and storing a module reads its file again (the undo test above fails otherwise)."""
    project = _project(tmp_path)
    _fresh_process_run(project, [project])
    stores = []
    restore = OpStore.restore
    monkeypatch.setattr(OpStore, "restore", lambda store, *args: stores.append(store) or restore(store, *args))
    workspace, _ = _fresh_process_run(project, [project])
    assert workspace.stats["from_disk"] == workspace.stats["functions"] > 0
    tables = stores[0]._tables
    assert len(tables) == 3 and not any(tables.values())  # lib, app and other: read, then emptied


def test_editing_an_unrelated_module_recomputes_nothing_else(tmp_path):
    project = _project(tmp_path)
    first, _ = _fresh_process_run(project, [project])
    (project / "other.py").write_text(UNRELATED + "\ndef more():\n    return other()\n")
    workspace, report = _fresh_process_run(project, [project])
    assert workspace.stats["functions"] == first.stats["functions"] + 1
    assert workspace.stats["collected"] == 3  # other.py's module code, other.other, other.more
    assert workspace.stats["from_disk"] == first.stats["functions"] - 2
    assert report == open_workspace(Options()).analyze_paths([project])


def test_a_damaged_store_is_ignored_and_rewritten(tmp_path):
    project = _project(tmp_path)
    _fresh_process_run(project, [project])
    stored = list((project / ".switchpoint_cache" / "ops").rglob("*.pickle"))
    assert stored
    for path in stored:
        path.write_bytes(b"not a pickle")
    workspace, report = _fresh_process_run(project, [project])
    assert workspace.stats["from_disk"] == 0
    assert report == open_workspace(Options()).analyze_paths([project])
    again, _ = _fresh_process_run(project, [project])
    assert again.stats["from_disk"] == again.stats["functions"]


@pytest.mark.parametrize("junk", [42, (), ("a",), ((1, 2),), (("ops", "lambdas", "marks", "signature"),)])
def test_a_table_whose_records_are_not_records_is_a_miss(tmp_path, junk):
    # a pickle that loads but holds something else where records belong (another writer, a bug)
    import pickle

    project = _project(tmp_path)
    _fresh_process_run(project, [project])
    for path in (project / ".switchpoint_cache" / "ops").rglob("*.pickle"):
        table = pickle.loads(path.read_bytes())
        path.write_bytes(pickle.dumps({key: junk for key in table}))
    workspace, report = _fresh_process_run(project, [project])
    assert workspace.stats["from_disk"] == 0
    assert report == open_workspace(Options()).analyze_paths([project])
    again, _ = _fresh_process_run(project, [project])
    assert again.stats["from_disk"] == again.stats["functions"]


def test_unsaved_editor_text_is_never_stored(tmp_path):
    project = _project(tmp_path)
    workspace = open_workspace(Options(cache_dir=str(project)))
    workspace.set_text(project / "lib.py", SWITCHING_CALLEE)
    assert _lines(workspace.analyze_paths([project]), "app.py") == [4]
    names = {p.name.split(".")[0] for p in (project / ".switchpoint_cache" / "ops").rglob("*.pickle")}
    assert names == {"app", "other"}  # app's module code and lambda: app.caller read the unsaved lib
    _, report = _fresh_process_run(project, [project])
    assert _lines(report, "app.py") == []  # the file on disk does not switch


def test_an_unwritable_cache_folder_still_analyses(tmp_path):
    project = _project(tmp_path)
    (project / ".switchpoint_cache").write_text("a file where the folder would go")
    workspace = open_workspace(Options(cache_dir=str(project)))
    report = workspace.analyze_paths([project])
    assert report == open_workspace(Options()).analyze_paths([project])
    assert os.path.isfile(project / ".switchpoint_cache")


def test_each_formatted_value_of_an_f_string_is_found_again(tmp_path):
    # before 3.12 both `{...}` of f'{a}{b}' span the whole string: their stored keys name the expressions inside
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    (project / "fmt.py").write_text(
        "import gevent\n\nclass Slow:\n    def __format__(self, spec):\n        gevent.sleep(0)\n        return ''\n\n"
        "def show(a: Slow, b: Slow):\n    return f'{a}{b}'\n"
    )
    cold = open_workspace(Options()).analyze_paths([project])
    assert [p.kind for f in cold.files for p in f.yield_points].count("format") >= 1
    _fresh_process_run(project, [project])
    second, reused = _fresh_process_run(project, [project])
    assert reused == cold
    assert second.stats["collected"] == 0 and second.stats["from_disk"] == second.stats["functions"]
    show = next(f for f in second._last_world.modules["fmt"].functions if f.name == "show")
    anchors = [op.first for op in second._ops.first[show].ops if op.kind == "format"]
    assert [type(n).__name__ for n in anchors] == ["FormattedValue", "FormattedValue"]
    assert [n.value.id for n in anchors] == ["a", "b"]  # each its own node, as a cold run has them


def _project_of(tmp_path, files: dict[str, str]) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("")
    for name, text in files.items():
        (project / name).write_text(text)
    return project


def _assert_alone_as_after_its_folder(project: Path, name: str) -> None:
    """`name` analysed alone, cold, equals `name` analysed after the whole folder: in the same
    workspace (in memory) and in a new one that has only the disk store."""
    cold_workspace = open_workspace(Options())
    cold = cold_workspace.analyze_file(project / name)
    for options in (Options(), Options(cache_dir=str(project), whole_results=False)):
        workspace = open_workspace(options)
        workspace.analyze_paths([project])
        if options.cache_dir:  # from disk: a new workspace that only has the store
            workspace = open_workspace(options)
        assert workspace.analyze_file(project / name) == cold
        assert workspace.stats["modules"] == cold_workspace.stats["modules"]
        assert workspace.stats["functions"] == cold_workspace.stats["functions"]


def test_a_file_analysed_after_its_whole_folder_gets_the_cold_result(tmp_path):
    # `use` is refined with what its callers pass: an A from a.py, and an A from b.py too when the
    # whole folder is analysed. Reused for a.py alone, that entry must not bring b.py along
    project = _project_of(tmp_path, {
        "lib.py": "import gevent\n\nclass A:\n    def run(self):\n        gevent.sleep(0)\n\ndef use(x):\n    x.run()\n",
        "a.py": "from lib import A, use\n\ndef main():\n    use(A())\n",
        "b.py": "import gevent\nfrom lib import A, use\n\nclass B:\n    def stop(self):\n        gevent.sleep(0)\n\n"
                "def other():\n    use(A())\n\ndef anything(o):\n    o.stop()\n",
    })
    _assert_alone_as_after_its_folder(project, "a.py")


def test_decorations_noted_by_an_earlier_collection_are_noted_on_reuse_too(tmp_path):
    # in a whole-folder run x() (a.py) resolves `job` first, and y() (b.py) reuses that memoised value;
    # alone, b.py's y() resolves it itself and notes that `task` is applied to `job`, so `run`'s
    # fn() may run job. Reused for b.py alone, y's entry must say so too
    project = _project_of(tmp_path, {
        "lib.py": "import gevent\n\ndef task(fn):\n    def run():\n        return fn()\n    return run\n\n"
                  "@task\ndef job():\n    gevent.sleep(0)\n\ndef keep(f):\n    return None\n",
        "a.py": "from lib import job, keep\n\ndef x():\n    keep(job)\n",
        "b.py": "from lib import job, keep, task\n\ndef helper():\n    pass\n\n"
                "def y():\n    keep(job)\n    return task(helper)()\n",
    })
    _assert_alone_as_after_its_folder(project, "b.py")


def test_store_folders_of_other_keys_left_alone_for_a_month_are_removed(tmp_path):
    project = _project(tmp_path)
    ops = project / ".switchpoint_cache" / "ops"
    old, recent = ops / "0123456789abcdef-py311-f1", ops / "fedcba9876543210-py311-f1"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "lib.00.pickle").write_bytes(b"")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    _fresh_process_run(project, [project])
    assert not old.exists() and recent.exists()  # another key written to recently stays
    assert len(list(ops.iterdir())) == 2  # this run's folder and the recent one


def test_a_modules_older_texts_are_told_from_its_submodules_files(tmp_path):
    from switchpoint.analysis.callgraph.op_store import _versions

    for name in ("pkg.01.pickle", "pkg.mod.02.pickle", "pkg.03.pickle", "pkg.04.tmp", "other.05.pickle"):
        (tmp_path / name).write_bytes(b"")
    found = {module: sorted(os.path.basename(p) for p in paths) for module, paths in _versions(str(tmp_path)).items()}
    assert found == {"pkg": ["pkg.01.pickle", "pkg.03.pickle"], "pkg.mod": ["pkg.mod.02.pickle"], "other": ["other.05.pickle"]}


def test_callables_made_by_c_code_are_stored_and_restored(tmp_path):
    # operator's accessors and functools' wrappers passed to a function with source are among the
    # arguments its call sites record: every entry is stored, and read back it gives the cold result
    project = _project_of(tmp_path, {"app.py": (
        "import functools\nimport operator\nimport gevent\n\n"
        "class C:\n    @property\n    def slow(self):\n        gevent.sleep(0)\n        return 1\n\n"
        "def compare(a, b):\n    gevent.sleep(0)\n    return 0\n\n"
        "def call_with(function, argument):\n    return function(argument)\n\n"
        "def caller():\n    call_with(operator.attrgetter('slow', 'a.b'), C())\n"
        "    call_with(operator.methodcaller('slow'), C())\n    call_with(functools.cmp_to_key(compare), C())\n"
    )})
    first, filled = _fresh_process_run(project, [project])
    second, reused = _fresh_process_run(project, [project])
    assert second.stats["collected"] == 0 and second.stats["from_disk"] == first.stats["collected"]
    assert filled == reused == open_workspace(Options()).analyze_paths([project])
    assert [p.chain[-3:] for f in reused.files for p in f.yield_points if p.chain[0] == "app.caller"]


def test_a_lambda_in_a_comprehension_restored_sees_the_comprehensions_targets(tmp_path):
    # `caller` reads nothing of lib: its entry is reused after lib changes, while its lambda, which reads
    # lib through the comprehension's target, is collected again, from the lambda the store names
    project = _project_of(tmp_path, {
        "lib.py": "class Source:\n    def read(self):\n        return 1\n",
        "app.py": "from lib import Source\n\nshared = Source()\n\n\n"
                  "def caller():\n    return [lambda: s.read() for s in (shared,)]\n",
    })
    _fresh_process_run(project, [project])
    (project / "lib.py").write_text("import gevent\n\n\nclass Source:\n    def read(self):\n        gevent.sleep(0)\n")
    second, reused = _fresh_process_run(project, [project])
    assert second.stats["from_disk"] > 0 and second.stats["collected"] > 0
    assert reused == open_workspace(Options()).analyze_paths([project])
    points = [(p.chain, p.certainty) for f in reused.files if f.path.endswith("app.py") for p in f.yield_points]
    assert points == [(("app.caller.<lambda>", "lib.Source.read", "gevent.sleep"), "certain")]
