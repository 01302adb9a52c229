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
import re
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, open_workspace

ROOT = Path(__file__).parent.parent.parent
RUNTIME = ROOT / "switchpoint" / "runtime"
# switching code spread over modules that import each other: traps, hub, waiting, the primitives
RUNTIME_FILES = [RUNTIME / f"{name}.py" for name in
                 ("_sync", "_hub", "_waiting", "_channels", "_traps", "_vthread", "_timeouts", "_taskgroup")]
RUNTIME_TARGETS = [RUNTIME / f"{name}.py" for name in ("_sync", "_channels", "_taskgroup")]
# single-module programs that spawn and share: what the rules find (and stop finding) changes with edits
RULES_FILES = sorted((ROOT / "tests" / "rules" / "fixtures").glob("*/*.py"))

STATEMENTS = [
    "time.sleep(0)", "gevent.sleep(0)", "sleep(0)", "pass", "x = 1", "self.count += 1", "self.data[key] = value",
    "yield", "return None", "raise RuntimeError()", "import time", "from gevent import sleep",
    "with self._lock:\n{indent}    pass", "for item in self.items:\n{indent}    item.close()",
]


def _edited(rng: random.Random, text: str, names: list[str]) -> str:
    """`text` after one random edit of one of its lines."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    indent = line[: len(line) - len(line.lstrip())]
    kind = rng.randrange(6)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, line)
    elif kind == 2:
        lines.insert(i, indent + rng.choice(STATEMENTS).replace("{indent}", indent))
    elif kind == 3:
        words = re.findall(r"\b[A-Za-z_]\w*\b", line)
        if words:
            lines[i] = re.sub(rf"\b{re.escape(rng.choice(words))}\b", rng.choice(names), line, count=1)
    elif kind == 4:
        lines[i] = indent + "# " + line.lstrip()
    else:
        lines.insert(i, f"{indent}def helper_{rng.randrange(3)}(self=None):\n{indent}    return {rng.choice(names)}")
    return "\n".join(lines)


def _report(report) -> tuple:
    return report.yield_points, report.findings, report.functions, report.blocking_calls, report.problems


def _explore(seed: int, steps: int, files: list[Path], targets: list[Path], mode: str, store: Path) -> dict:
    """Edit and compare `steps` times; returns the editor side's stats summed. `mode` is "kept" (one
    workspace all along) or "processes" (a new workspace for each analysis, sharing the on-disk store)."""
    rng = random.Random(seed)
    originals = {path: path.read_text() for path in files}
    names = sorted({w for text in originals.values() for w in re.findall(r"\b[a-z_]\w{3,}\b", text)})
    current = dict(originals)
    editor_options = Options(cache_dir=str(store), whole_results=False) if mode == "processes" else Options()
    editor = open_workspace(editor_options)
    totals = {"reused": 0, "from_disk": 0}
    for step in range(steps):
        edited = rng.choice(files)
        current[edited] = originals[edited] if rng.random() < 0.15 else _edited(rng, current[edited], names)
        target = rng.choice(targets)
        if mode == "processes":
            editor = open_workspace(editor_options)
            for path, text in current.items():
                if text != originals[path]:
                    editor.set_text(path, text)
        else:
            editor.set_text(edited, current[edited])
        found = _report(editor.analyze_file(target))
        for key in totals:
            totals[key] += editor.stats.get(key, 0)
        fresh = open_workspace(Options())
        for path, text in current.items():
            if text != originals[path]:
                fresh.set_text(path, text)
        assert found == _report(fresh.analyze_file(target)), (
            f"seed {seed}, step {step}: after editing {edited.name}, {target.name} differs from a cold analysis")
        if mode == "kept" and rng.random() < 0.3:
            editor.analyze_file(rng.choice(targets))  # another open file, re-checked in between
    return totals


@pytest.mark.parametrize(("seed", "steps", "mode"), [(1, 30, "kept"), (2, 10, "processes")])
def test_edits_report_as_a_cold_analysis(tmp_path, seed, steps, mode):
    totals = _explore(seed, steps, RUNTIME_FILES, RUNTIME_TARGETS, mode, tmp_path / "store")
    # the editor side did reuse: otherwise the comparison proves nothing about the caches
    assert totals["from_disk" if mode == "processes" else "reused"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["runtime", "rules"])
@pytest.mark.parametrize("mode", ["kept", "processes"])
def test_many_edits_report_as_a_cold_analysis(tmp_path, corpus, mode):
    files, targets = (RUNTIME_FILES, RUNTIME_TARGETS) if corpus == "runtime" else (RULES_FILES, RULES_FILES)
    for seed in range(100, 112):
        totals = _explore(seed, 40, files, targets, mode, tmp_path / f"store{seed}")
        assert totals["from_disk" if mode == "processes" else "reused"] > 0
