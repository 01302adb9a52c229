"""Recall and precision lower bound of `switchpoint yield-points` on real programs, written to benchmarks/accuracy.md.

    .venv/bin/python benchmarks/accuracy.py            # 3 runs per program, rewrites accuracy.md
    .venv/bin/python benchmarks/accuracy.py --runs 8 --no-write

Uses the differential harness of tests/differential/ (same programs, same
containment rule, same cached venv). Recall counts every missed site, known
misses included; the precision lower bound is the share of reported points on
executed lines that switched at least once in the runs.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.differential.compare import compare  # noqa: E402
from tests.differential.known_misses import known_miss  # noqa: E402
from tests.differential.real_programs import PROGRAMS, REAL_PROGRAMS, measure  # noqa: E402
from tests.differential.static_run import yield_points  # noqa: E402
from tests.differential.test_fixture_runs import FIXTURES, _runnable  # noqa: E402
from tests.differential.tracing_run import trace_program  # noqa: E402

HEADER = """# Accuracy: static marks against real switches

Written by `benchmarks/accuracy.py` (harness and programs: `tests/differential/`, see its README).
Each program ran {runs} times under `switchpoint trace` on a bounded load on 127.0.0.1; the union
of observed sites is compared with `switchpoint yield-points` on the program's installed packages
(the stdlib program: the stdlib modules it lists) and its driver. A site is covered when a reported
point (certain or possible) of the same file contains it (two documented CPython 3.11 narrowings
aside, see `tests/differential/compare.py`).

- **recall** = covered observed sites / observed sites (every miss counts, known ones too);
- **precision lower bound** = reported points with an executed line that switched at least once /
  reported points with an executed line. A point that did not switch in these runs may still
  switch under another load, so this is a lower bound, reported and never asserted.

"""


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    return result.stdout.strip() or "unknown (not a git checkout)"


def _row(name: str, comparison, known: int, seconds: float) -> str:
    precision = comparison.precision_lower_bound
    return (
        f"| {name} | {comparison.observed} | {len(comparison.misses)} ({known} known) | {comparison.recall:.1%} "
        f"| {comparison.executed_points} | {comparison.switched_points} "
        f"| {'n/a' if precision is None else f'{precision:.1%}'} | {seconds:.0f} s |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args()

    rows, miss_lines = [], []
    for program in REAL_PROGRAMS:
        started = time.monotonic()
        measurement = measure(program, runs=args.runs)
        comparison = measurement.comparison
        known = sum(known_miss(miss.site.span) is not None for miss in comparison.misses)
        rows.append(_row(f"{program.name} ({program.what})", comparison, known, time.monotonic() - started))
        for miss in comparison.misses:
            cause = known_miss(miss.site.span)
            where = miss.site.span.describe().split("site-packages/")[-1]
            miss_lines.append(f"- {program.name}: `{where}` — {cause.cause + f' (`misses/{cause.reproduction}`)' if cause else 'NOT KNOWN'}")
        print(rows[-1], flush=True)

    started = time.monotonic()
    runtime_program = PROGRAMS / "runtime_pipeline.py"
    observation = trace_program(runtime_program, roots=[PROGRAMS], keep=[runtime_program], runs=args.runs)
    comparison = compare(observation, yield_points([str(runtime_program)]))
    rows.append(_row("switchpoint.runtime pipeline (ours: channels, locks, queue, net, task group)", comparison,
                     sum(known_miss(m.site.span) is not None for m in comparison.misses), time.monotonic() - started))
    print(rows[-1], flush=True)

    started = time.monotonic()
    total = None
    for fixture in _runnable():
        observation = trace_program(fixture, roots=[FIXTURES], keep=[fixture], runs=args.runs)
        comparison = compare(observation, yield_points([str(fixture)]))
        if total is None:
            total = comparison
        else:
            total.observed += comparison.observed
            total.misses += comparison.misses
            total.executed_points += comparison.executed_points
            total.switched_points += comparison.switched_points
    known = sum(known_miss(miss.site.span) is not None for miss in total.misses)
    rows.append(_row(f"engine fixtures with `# RUN` ({len(_runnable())} files)", total, known, time.monotonic() - started))
    for miss in total.misses:
        cause = known_miss(miss.site.span)
        miss_lines.append(f"- fixtures: `{miss.site.span.describe().split('tests/')[-1]}` — {cause.cause + f' (`misses/{cause.reproduction}`)' if cause else 'NOT KNOWN'}")
    print(rows[-1])

    table = [
        "| program | observed sites | missed | recall | points on executed lines | switched | precision lower bound | time |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    text = (
        HEADER.format(runs=args.runs)
        + f"Measured {datetime.date.today()} on CPython {platform.python_version()}, engine at commit {_commit()}.\n\n"
        + "\n".join(table)
        + "\n\n## Missed sites\n\n"
        + ("\n".join(miss_lines) if miss_lines else "None.")
        + "\n"
    )
    if not args.no_write:
        (REPO / "benchmarks" / "accuracy.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
