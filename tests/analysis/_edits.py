"""Checking a long-lived workspace against fresh ones over a sequence of edits."""

from __future__ import annotations

from switchpoint.analysis.api import Options, open_workspace


def points(report) -> list[tuple]:
    return [(p.range.start.line, p.certainty, p.chain) for p in report.yield_points]


LIBRARY = "site-packages"  # files named under it are an installed library's (on the search path), not the project's


def check_edits(tmp_path, files: dict[str, str], edits: list[tuple[str, str]], analysed: str = "app.py",
                stats: list | None = None) -> list:
    """Analyse `analysed` after each edit (path, text) with one workspace kept all along, and
    with a fresh one; both must agree. Returns the kept workspace's points after each edit (and appends the
    kept workspace's stats after each to `stats`, when given).
    Every other file beside `analysed` is the project's (resolve/project.py); name one `site-packages/x.py`
    for a library module."""
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    options = Options(extra_paths=[str(tmp_path / LIBRARY)] if (tmp_path / LIBRARY).is_dir() else [])
    kept = open_workspace(options)
    target = tmp_path / analysed
    kept.analyze_file(target)
    seen = []
    for name, text in edits:
        kept.set_text(tmp_path / name, text)
        fresh = open_workspace(options)
        for edited, current in kept.overlays.items():
            fresh.set_text(edited, current)
        found = points(kept.analyze_file(target))
        assert found == points(fresh.analyze_file(target)), (name, text)
        seen.append(found)
        if stats is not None:
            stats.append(dict(kept.stats))
    return seen
