"""The data-driven rule runner: each fixture under tests/rules/fixtures/<rule name>/ must produce exactly
the findings its inline `# error: [SPnnn]` markers expect (grammar: tests/expectations.py).

A fixture is a `.py` file or a folder (a multi-file project), analysed alone with
every registered rule on, so a fixture for one rule also proves the others stay
quiet on it: missed alarms and false alarms both fail. A marker's quoted text must
occur in the finding's message or its witness chain (`a -> b -> c`). A folder may
carry `site-packages/`, a fake installed library on the search path: not part of
the project, so its calls are what the project's calls lead into.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, analyze
from tests.expectations import match, parse_expectations

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixtures() -> list[Path]:
    found = []
    for rule_folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        found += sorted(p for p in rule_folder.iterdir() if p.suffix == ".py" or (p.is_dir() and not p.name.startswith(("_", "."))))
    return found


def check_fixture(fixture: Path) -> list[str]:
    files = [fixture] if fixture.is_file() else sorted(f for f in fixture.rglob("*.py") if "site-packages" not in f.relative_to(fixture).parts)
    expectations = []
    for file in files:
        display = os.path.relpath(file, os.getcwd())
        expectations += [e for e in parse_expectations(file, display) if e.marker == "error"]
    site = fixture / "site-packages"
    extra = [str(site)] if fixture.is_dir() and site.is_dir() else []
    report = analyze([os.path.relpath(fixture, os.getcwd())], Options(extra_paths=extra))
    items = [
        {"path": f.path, "line": f.range.start.line, "column": f.range.start.column, "kind": f.code,
         "certainty": None, "text": f"{f.message}\n{' -> '.join(f.chain)}"}
        for file in report.files for f in file.findings
    ]
    unmet, unexpected = match(expectations, items)
    return [f"missed alarm: expected {e.describe()}" for e in unmet] + [
        f"false alarm: {i['path']}:{i['line']}:{i['column']} {i['kind']} {i['text']}" for i in unexpected
    ]


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture(fixture: Path, monkeypatch):
    monkeypatch.chdir(fixture.parent if fixture.is_file() else fixture)
    problems = check_fixture(fixture)
    assert not problems, "\n".join(problems)
