"""The one data-driven runner for engine fixtures: every switch point must be marked, every mark found.

A fixture is a `.py` file or a folder (a multi-file project) under
tests/fixtures/analysis/. Each is analysed through `switchpoint.analysis.api`
and its yield points are diffed against the inline `# switch:` markers. A file written
for newer Pythons (`# PYTHON >= 3.12`) is, on older ones, a syntax problem with no point.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, analyze
from switchpoint.analysis.resolve import lazy_bodies, world
from tests.expectations import match, parse_expectations, written_for_this_python

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "analysis"


def _fixtures():
    return sorted(p for p in FIXTURES.iterdir() if p.suffix == ".py" or (p.is_dir() and not p.name.startswith(("_", "."))))


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: p.name)
def test_fixture(fixture: Path, monkeypatch):
    _check(fixture, monkeypatch)


@pytest.mark.parametrize("fixture", [f for f in _fixtures() if (f / "site-packages").is_dir()], ids=lambda p: p.name)
def test_fixture_with_library_bodies_dropped_as_they_load(fixture: Path, monkeypatch):
    """The same points when every library body that may be dropped is dropped at once and parsed again when
    read (a run drops only those its call graph's first growth did not read: resolve/lazy_bodies.py)."""
    def watch_and_drop(module):
        lazy_bodies.watch(module)
        lazy_bodies.drop_unread([module])

    monkeypatch.setattr(world, "watch", watch_and_drop)
    _check(fixture, monkeypatch)


def _check(fixture: Path, monkeypatch):
    monkeypatch.chdir(fixture.parent if fixture.is_file() else fixture)
    files = [fixture] if fixture.is_file() else sorted(f for f in fixture.rglob("*.py") if "site-packages" not in f.parts)
    expectations = []
    for file in files:
        display = os.path.relpath(file, os.getcwd())
        expectations += [e for e in parse_expectations(file, display) if e.marker == "switch"]
    report = analyze([str(fixture)], Options(extra_paths=_extra_paths(fixture)))
    unparsable = sorted(os.path.relpath(f, os.getcwd()) for f in files if not written_for_this_python(f))
    assert sorted(p.path for p in report.problems if "syntax" in p.message) == unparsable, report.problems
    items = [
        {
            "path": p.path, "line": p.range.start.line, "column": p.range.start.column, "kind": p.kind,
            "certainty": p.certainty, "text": " -> ".join(p.chain),
        }
        for p in report.yield_points
    ]
    unmet, unexpected = match(expectations, items)
    message = []
    for expectation in unmet:
        message.append(f"missed alarm: expected {expectation.describe()}")
    for item in unexpected:
        message.append(
            f"false alarm: {item['path']}:{item['line']}:{item['column']} [{item['kind']}] {item['certainty']} {item['text']!r}"
        )
    assert not message, "\n".join(message)


def _extra_paths(fixture: Path) -> list[str]:
    """A fixture folder may carry `site-packages/`, a fake installed environment on the search path."""
    site = fixture / "site-packages" if fixture.is_dir() else None
    return [str(site)] if site and site.is_dir() else []
