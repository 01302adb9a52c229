"""Rule findings of a file do not depend on the order the files of one analysis are checked in.

The workspace builds the call graph and the summaries once per run, then runs the rules once per
analysed file (`Workspace._file_report`). Rules share caches within the run (flow walks, accessor
summaries, whole-program facts), and evaluating names may load modules into the run's world; none of
that may change what another file reports. Each program is analysed twice, each time in a fresh
workspace (so no cache is shared between the two), its files reported in sorted and in reversed order.

`order_programs/` holds programs that showed such a dependence (see each file's docstring; their
`# error:` markers say what both orders must report); the other folders guard the property on the
engine's and the rules' fixtures, the differential programs and the examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options
from switchpoint.analysis.workspace import Workspace
from tests.expectations import match, parse_expectations

ROOT = Path(__file__).resolve().parents[2]
ORDER_PROGRAMS = Path(__file__).resolve().parent / "order_programs"
RULE_FIXTURES = ROOT / "tests" / "rules" / "fixtures"


def _folders() -> list[Path]:
    found = sorted(p for p in ORDER_PROGRAMS.iterdir() if p.is_dir())
    found += [ROOT / "tests" / "fixtures" / "analysis", ROOT / "tests" / "differential" / "programs", ROOT / "examples"]
    found.append(RULE_FIXTURES)  # every rule fixture in one program: many files, many rules
    found += sorted(p for rule in RULE_FIXTURES.iterdir() if rule.is_dir() for p in rule.iterdir() if p.is_dir())
    return found


def findings_in_order(target: str, reverse: bool) -> dict[str, tuple]:
    """Findings per file of one fresh analysis of `target`, its files' rules run in sorted or reversed order."""
    workspace = Workspace(Options())
    run = workspace.derive([target])
    modules = sorted(run.modules, key=lambda m: m.path, reverse=reverse)
    reports = [workspace._file_report(module, run) for module in modules]
    return {report.path: tuple(sorted(report.findings)) for report in reports}


def _differences(first: dict, second: dict) -> list[str]:
    lines = []
    for path in sorted(set(first) | set(second)):
        a, b = set(first.get(path, ())), set(second.get(path, ()))
        for finding in sorted(a - b):
            lines.append(f"only when checked in sorted order: {path}:{finding.range.start.line} {finding.code} {finding.message}")
        for finding in sorted(b - a):
            lines.append(f"only when checked in reversed order: {path}:{finding.range.start.line} {finding.code} {finding.message}")
    return lines


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: str(p.relative_to(ROOT)))
def test_findings_do_not_depend_on_file_order(folder: Path, monkeypatch):
    monkeypatch.chdir(folder)
    forward = findings_in_order(".", reverse=False)
    backward = findings_in_order(".", reverse=True)
    differences = _differences(forward, backward)
    assert not differences, "\n".join(differences)
    if folder.parent == ORDER_PROGRAMS:  # and what both orders report is what the markers say
        expectations = []
        for file in sorted(folder.glob("*.py")):
            expectations += [e for e in parse_expectations(file, os.path.relpath(file)) if e.marker == "error"]
        items = [
            {"path": path, "line": f.range.start.line, "column": f.range.start.column, "kind": f.code,
             "certainty": None, "text": f.message}
            for path, found in forward.items() for f in found
        ]
        unmet, unexpected = match(expectations, items)
        problems = [f"missed alarm: expected {e.describe()}" for e in unmet]
        problems += [f"false alarm: {i['path']}:{i['line']} {i['kind']} {i['text']}" for i in unexpected]
        assert not problems, "\n".join(problems)
