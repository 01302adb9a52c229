"""Random edits of real code, each analysis of an editor's long-lived workspace compared with a cold one.

An editor's workspace reuses collected operations, the evaluator's results, the rules' facts and
(across processes) the operation store. Whatever an edit did, its report must be the one a fresh
workspace gives for the same texts: points with their chains, findings, summaries, blocking calls
and problems. The edits are the kind typing makes (a line deleted, duplicated, commented out, a
name swapped for another of the file's, a statement or a small function inserted, a file reverted),
applied to unsaved texts only (overlays: nothing is written to the files) and now and then another
open file is analysed in between, as an editor re-checks it.

The default run makes forty edits of the runtime's modules; `SWITCHPOINT_SLOW=1` makes a thousand
more, there and in the rules' fixtures (marker `slow`). Every mismatch names the seed and the step, so
`_explore(...)` replays it. Checked to fail when the call graph reuses an entry whose modules changed
(in memory) and when the store restores one whose other modules' texts changed (across processes);
the rules' facts of one module reading another are covered by `tests/rules/test_incremental_rules.py`,
which random line edits of these programs do not reach.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, open_workspace
from tests.random_edits import ROOT, RUNTIME, RUNTIME_MODULES, RUNTIME_TARGETS, edited, names_in

RUNTIME_FILES = [RUNTIME / f"{name}.py" for name in RUNTIME_MODULES]
RUNTIME_TARGET_FILES = [RUNTIME / f"{name}.py" for name in RUNTIME_TARGETS]
# single-module programs that spawn and share: what the rules find (and stop finding) changes with edits
RULES_FILES = sorted((ROOT / "tests" / "rules" / "fixtures").glob("*/*.py"))


def _report(report) -> tuple:
    return report.yield_points, report.findings, report.functions, report.blocking_calls, report.problems


def _explore(seed: int, steps: int, files: list[Path], targets: list[Path], mode: str, store: Path) -> dict:
    """Edit and compare `steps` times; returns the editor side's stats summed. `mode` is "kept" (one
    workspace all along) or "processes" (a new workspace for each analysis, sharing the on-disk store)."""
    rng = random.Random(seed)
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    names = names_in(originals.values())
    current = dict(originals)
    editor_options = Options(cache_dir=str(store), whole_results=False) if mode == "processes" else Options()
    editor = open_workspace(editor_options)
    totals = {"reused": 0, "from_disk": 0}
    for step in range(steps):
        changed = rng.choice(files)
        current[changed] = originals[changed] if rng.random() < 0.15 else edited(rng, current[changed], names)
        target = rng.choice(targets)
        if mode == "processes":
            editor = open_workspace(editor_options)
            for path, text in current.items():
                if text != originals[path]:
                    editor.set_text(path, text)
        else:
            editor.set_text(changed, current[changed])
        found = _report(editor.analyze_file(target))
        for key in totals:
            totals[key] += editor.stats.get(key, 0)
        fresh = open_workspace(Options())
        for path, text in current.items():
            if text != originals[path]:
                fresh.set_text(path, text)
        assert found == _report(fresh.analyze_file(target)), (
            f"seed {seed}, step {step}: after editing {changed.name}, {target.name} differs from a cold analysis")
        if mode == "kept" and rng.random() < 0.3:
            editor.analyze_file(rng.choice(targets))  # another open file, re-checked in between
    return totals


@pytest.mark.parametrize(("seed", "steps", "mode"), [(1, 30, "kept"), (2, 10, "processes")])
def test_edits_report_as_a_cold_analysis(tmp_path, seed, steps, mode):
    totals = _explore(seed, steps, RUNTIME_FILES, RUNTIME_TARGET_FILES, mode, tmp_path / "store")
    # the editor side did reuse: otherwise the comparison proves nothing about the caches
    assert totals["from_disk" if mode == "processes" else "reused"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["runtime", "rules"])
@pytest.mark.parametrize("mode", ["kept", "processes"])
def test_many_edits_report_as_a_cold_analysis(tmp_path, corpus, mode):
    files, targets = (RUNTIME_FILES, RUNTIME_TARGET_FILES) if corpus == "runtime" else (RULES_FILES, RULES_FILES)
    for seed in range(100, 112):
        totals = _explore(seed, 40, files, targets, mode, tmp_path / f"store{seed}")
        assert totals["from_disk" if mode == "processes" else "reused"] > 0
