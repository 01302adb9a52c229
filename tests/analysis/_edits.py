"""Checking a long-lived workspace against fresh ones over a sequence of edits."""

from __future__ import annotations

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, header_node


def points(report) -> list[tuple]:
    return [(p.range.start.line, p.certainty, p.chain) for p in report.yield_points]


def whole(report) -> tuple:
    """All a file report says: points, findings, function summaries, blocking calls, problems."""
    return report.yield_points, report.findings, report.functions, report.blocking_calls, report.problems


LIBRARY = "site-packages"  # files named under it are an installed library's (on the search path), not the project's


def check_edits(tmp_path, files: dict[str, str], edits: list[tuple[str, str]], analysed: str = "app.py",
                stats: list | None = None, graphs: bool = False) -> list:
    """Analyse `analysed` after each edit (path, text) with one workspace kept all along, and
    with a fresh one; both must agree. Returns the kept workspace's points after each edit (and appends the
    kept workspace's stats after each to `stats`, when given). With `graphs`, the whole reports must agree and so
    must the two runs' call graphs, function by function (`described_graph`): an entry the kept workspace
    reused where a fresh run collects something else shows there even where no point moves.
    Every other file beside `analysed` is the project's (resolve/project.py); name one `site-packages/x.py`
    for a library module."""
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    options = Options(extra_paths=[str(tmp_path / LIBRARY)] if (tmp_path / LIBRARY).is_dir() else [])
    kept = open_workspace(options)
    kept_runs = _runs_of(kept)
    target = tmp_path / analysed
    kept.analyze_file(target)
    seen = []
    for name, text in edits:
        kept.set_text(tmp_path / name, text)
        fresh = open_workspace(options)
        fresh_runs = _runs_of(fresh)
        for edited, current in kept.overlays.items():
            fresh.set_text(edited, current)
        report, fresh_report = kept.analyze_file(target), fresh.analyze_file(target)
        found = points(report)
        assert found == points(fresh_report), (name, text)
        if graphs:
            assert whole(report) == whole(fresh_report), (name, text)
            # (the last run's graph when the workspace answered with its last report: made from the same inputs)
            assert described_graph(kept_runs[-1]) == described_graph(fresh_runs[-1]), (name, text)
        seen.append(found)
        if stats is not None:
            stats.append(dict(kept.stats))
    return seen


def _runs_of(workspace) -> list:
    """The runs `workspace` makes from now on (what analyze_file derives before its report), in order."""
    runs = []
    run = workspace._run

    def kept_run(*args, **kwargs):
        runs.append(run(*args, **kwargs))
        return runs[-1]

    workspace._run = kept_run
    return runs


def described_graph(run) -> dict:
    """The run's call graph as plain data: per function (module, qualname, line and column of its def), its
    operations in order, each as its kind, its range and its targets (sorted, definitions by module and qualname)."""
    described = {}
    for func, ops in run.graph.ops.items():
        node = header_node(func)
        source = func.module.source
        key = (func.module.name, func.qualname, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        described[key] = [(op.kind, source.span(*op.anchors()), tuple(sorted(map(repr, map(_plain, op.targets)))))
                          for op in ops]
    return described


def _plain(value):
    """A target (or a part of one) with definitions named by module and qualname, not by identity."""
    if isinstance(value, (FunctionInfo, ClassInfo)):
        return type(value).__name__, value.module.name if value.module is not None else None, value.qualname
    if isinstance(value, tuple):
        return tuple(map(_plain, value))
    return value
