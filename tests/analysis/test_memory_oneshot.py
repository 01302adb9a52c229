"""A one-shot analysis (`api.analyze`, the CLI) keeps only what its own run reads, which lowers its peak memory:
what only a next run would reuse is dropped once the operations are stored, collected entries share their
(module name, module) marks, and whole results are written to disk one file at a time.

Each test fails if its lever is undone; the reports stay those of an editor's workspace.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, analyze, open_workspace
from switchpoint.analysis.callgraph.graph import CallGraph
from switchpoint.analysis.result_cache import ResultCache
from switchpoint.analysis.rules import _facts
from switchpoint.analysis.workspace import Workspace

FIXTURES = Path(__file__).parent.parent / "fixtures" / "analysis"
RULE_FIXTURES = Path(__file__).parent.parent / "rules" / "fixtures"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path, monkeypatch):
    """Library entries go to the per-user cache: keep this test's away from the real one."""
    monkeypatch.setenv("SWITCHPOINT_CACHE_HOME", str(tmp_path / "user-cache"))


def _project(folder: Path) -> Path:
    """A project whose analysis refines some functions with what their callers pass (iodict.py)."""
    shutil.copytree(FIXTURES, folder / "fixtures")
    shutil.copy(EXAMPLES / "iodict.py", folder / "iodict_example.py")
    (folder / "pyproject.toml").write_text("")
    return folder


def _rules_project(folder: Path) -> Path:
    """The rules' fixtures: every rule finds something there."""
    shutil.copytree(RULE_FIXTURES, folder / "rule_fixtures")
    (folder / "pyproject.toml").write_text("")
    return folder


def _graph(workspace: Workspace, paths) -> CallGraph:
    return workspace.derive(paths).graph


def test_a_one_shot_workspace_keeps_nothing_for_a_next_run_and_reports_as_an_editor_one(tmp_path):
    paths = [_project(tmp_path / "project")]
    editor, one_shot = Workspace(Options()), Workspace(Options(), one_shot=True)
    assert one_shot.analyze_paths(paths) == editor.analyze_paths(paths)
    assert editor._ops.first and editor._ops.refined
    assert not one_shot._ops.first and not one_shot._ops.refined

    kept, graph = _graph(editor, paths).cache, _graph(one_shot, paths).cache
    assert set(kept.refined) & set(kept.first) and kept.members
    assert sorted(f.qualname for f in graph.refined) == sorted(f.qualname for f in kept.refined)
    assert not set(graph.first) & set(graph.refined)
    assert not graph.members and not graph.value_texts


def test_a_one_shot_run_stores_both_phases_of_operations(tmp_path, monkeypatch):
    """What the next process restores from the store does not depend on whether the one that filled it was one-shot."""
    restored = []
    for name, one_shot in (("editor", False), ("one-shot", True)):
        project = _project(tmp_path / name)
        monkeypatch.setenv("SWITCHPOINT_CACHE_HOME", str(tmp_path / f"{name}-user-cache"))
        Workspace(Options(cache_dir=str(project), whole_results=False), one_shot=one_shot).analyze_paths([project])
        later = open_workspace(Options(cache_dir=str(project)))
        later.analyze_paths([project])
        restored.append(later.stats["from_disk"])
    assert restored[0] > 100 and restored[1] == restored[0]


def test_collected_entries_share_their_marks(tmp_path):
    cache = _graph(Workspace(Options()), [_project(tmp_path / "project")]).cache
    pairs: dict[tuple, set[int]] = {}  # (name, id(module)) -> ids of the pairs marking it
    for entries in (cache.first, cache.refined):
        for entry in entries.values():
            for pair in entry.marks:
                pairs.setdefault((pair[0], id(pair[1])), set()).add(id(pair))
    assert len(pairs) > 10
    assert all(len(found) == 1 for found in pairs.values())


APP = "import gevent\n\n\ndef nap():\n    gevent.sleep(0)\n\n\ndef work():\n    nap()\n"


def test_a_one_shot_run_drops_the_graph_s_growth_indexes_once_solved_and_reports_as_an_editor_run(tmp_path):
    """What only growing the graph reads goes before the reports and rules (`CallGraph.drop_growth_tables`, and
    the evaluator's pools of memo entries): a reader left among those would raise (a table is None), and the
    report would carry its failure as a problem."""
    paths = [_project(tmp_path / "project"), _rules_project(tmp_path / "rules")]
    editor, one_shot = Workspace(Options()), Workspace(Options(), one_shot=True)
    report = one_shot.analyze_paths(paths)
    assert report == editor.analyze_paths(paths)
    assert not [p for p in report.problems if not p.message.startswith("syntax error")]  # the fixtures' own
    findings = [finding for file in report.files for finding in file.findings]
    assert len(report.yield_points) > 100 and len(findings) > 40 and len({f.code for f in findings}) >= 5
    kept_run, dropped_run = editor.derive(paths), one_shot.derive(paths)
    kept, dropped = kept_run.graph, dropped_run.graph
    assert kept_run.evaluator._pairs and not dropped_run.evaluator._pairs  # Evaluator.drop_pools
    made = ("_live_masked", "_live_function_words")  # World.forget_made_words
    assert any(key in m.__dict__ for m in kept_run.world.loaded() for key in made)
    assert not any(key in m.__dict__ for m in dropped_run.world.loaded() for key in made)
    assert all(getattr(kept, name) is not None for name in CallGraph._GROWTH_TABLES)
    assert all(getattr(dropped, name) is None for name in CallGraph._GROWTH_TABLES)
    assert kept._reverse_index.parts and dropped._reverse_index.parts is None
    with pytest.raises(RuntimeError):  # unsolved: building the reverse edges needs the scans
        CallGraph(kept.collector).drop_growth_tables()


def test_a_one_shot_run_keeps_no_rule_facts_for_a_next_run(tmp_path):
    """The rules' function facts are marked with what computing them read, for a later run to check them by
    (rules/_facts.py); a one-shot run has none, so it marks nothing and keeps nothing, and reports the same."""
    paths = [_rules_project(tmp_path / "rules")]
    editor, one_shot = Workspace(Options()), Workspace(Options(), one_shot=True)
    assert one_shot.analyze_paths(paths) == editor.analyze_paths(paths)
    kept = _facts._STORES[editor.module_cache][1]
    assert len(kept) > 50 and any(facts.marks for facts in kept.values())
    assert not _facts._STORES[one_shot.module_cache][1]


@pytest.fixture
def stored(tmp_path):
    """(result cache, key, report, the analysed file): a report of two files stored under `key`."""
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "other.py").write_text("from app import work\n\n\ndef main():\n    work()\n")
    report = analyze([tmp_path], Options(absolute_paths=True))
    assert len(report.files) == 2 and report.yield_points
    cache = ResultCache(str(tmp_path))
    cache.store("key", [str(tmp_path / "app.py"), str(tmp_path / "other.py")], report)
    return cache, "key", report, tmp_path / "app.py"


def test_whole_results_are_written_and_read_back_one_file_at_a_time(stored):
    cache, key, report, _ = stored
    assert cache.load(key) == report
    with open(cache._file(key), "rb") as handle:
        marks, count = pickle.load(handle), pickle.load(handle)
        files = tuple(pickle.load(handle) for _ in range(count))  # each a pickle of its own
        assert handle.read() == b""
    assert [path for path, _ in marks] == sorted(path for path, _ in marks) and files == report.files


def test_a_changed_file_truncated_or_older_format_result_file_is_a_miss(stored):
    cache, key, report, app = stored
    path = Path(cache._file(key))
    data = path.read_bytes()
    for cut in (1, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        assert cache.load(key) is None
    marks = [(str(app), None)]
    path.write_bytes(pickle.dumps((marks, report)))  # FORMAT 1: one pickle of (marks, report)
    assert cache.load(key) is None
    path.write_bytes(b"not a pickle at all")
    assert cache.load(key) is None
    path.write_bytes(data)
    assert cache.load(key) == report
    app.write_text(APP + "\n")
    assert cache.load(key) is None
    assert cache.load("absent") is None


def test_analyze_runs_a_one_shot_workspace_and_editors_get_a_lasting_one(tmp_path, monkeypatch):
    made = []
    init = Workspace.__init__
    monkeypatch.setattr(Workspace, "__init__", lambda ws, options, one_shot=False: made.append(one_shot) or init(ws, options, one_shot))
    (tmp_path / "app.py").write_text(APP)
    analyze([tmp_path / "app.py"], Options())
    open_workspace(Options())
    assert made == [True, False]


def test_the_report_s_many_small_objects_carry_no_instance_dict(tmp_path):
    """A run makes points, ranges and positions by the ten thousand: an instance dict each would more than
    double them (api.py's __slots__)."""
    report = analyze([_project(tmp_path / "project")], Options())
    points = report.yield_points
    summaries = [s for f in report.files for s in f.functions]
    findings = [x for f in report.files for x in f.findings]
    assert len(points) > 100 and summaries and findings
    made = [*report.files, *points, *summaries, *findings, *(r for x in findings for r in x.related)]
    made += [x.range for x in made if hasattr(x, "range")]
    made += [p for r in made if hasattr(r, "start") for p in (r.start, r.end)]
    assert not [type(x).__name__ for x in made if hasattr(x, "__dict__")]


def test_a_module_keeps_its_masked_text_only_until_its_words_are_all_taken(tmp_path):
    """The text live_classes masks to take a module's words is as big as the module's text: once its words and
    every function's are kept, it goes (a project module's functions all count, so the project's all go)."""
    workspace = Workspace(Options())
    workspace.analyze_paths([_project(tmp_path / "project")])
    world = workspace._last_world
    project = [m for m in world.loaded() if m.path in world.project_paths and m.functions]
    worded = [m for m in project if "_live_words" in m.__dict__ and "_live_function_words" in m.__dict__]
    assert len(worded) > 10 and len(worded) == len(project)
    assert not [m.name for m in worded if "_live_masked" in m.__dict__]
