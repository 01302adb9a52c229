"""Where a real program's points that never switched come from: grouped by the last hops of their chains.

    .venv/bin/python benchmarks/false_points.py sqlalchemy-asyncio            # 2 runs, groups by the last 2 hops
    .venv/bin/python benchmarks/false_points.py gunicorn --hops 3 --top 40 --runs 3

Uses the differential harness of tests/differential/ (same programs, same containment rule) as
benchmarks/accuracy.py does, and counts what its precision lower bound counts against: reported points
on a line the runs executed that no observed switch lies in. Their chains mostly end in a few switching
methods reached through values of unknown class (a server-side cursor's `__iter__`, a stash table's
`__len__`); the hop before such a method is the function where the value is dispatched. Prints the groups,
largest first, each with one point as an example; nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.differential.compare import covers  # noqa: E402
from tests.differential.real_programs import REAL_PROGRAMS, measure  # noqa: E402


def never_switched(measurement) -> list:
    """The reported points with an executed line that cover no observed switch site."""
    observation = measurement.observation
    by_file: dict[str, list] = {}
    for span, site in observation.sites.items():
        by_file.setdefault(span.path, []).append(site)
    found = []
    for point in measurement.points:
        executed = observation.lines.get(point.span.path, ())
        if not any(line in executed for line in range(point.span.line, point.span.end_line + 1)):
            continue
        if not any(covers(point, site) for site in by_file.get(point.span.path, ())):
            found.append(point)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", choices=[p.name for p in REAL_PROGRAMS])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--hops", type=int, default=2, help="how many of each chain's last names make its group")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    program = next(p for p in REAL_PROGRAMS if p.name == args.program)
    measurement = measure(program, runs=args.runs)
    points = never_switched(measurement)
    groups = Counter(" -> ".join(point.chain[-args.hops:]) for point in points)
    examples = {}
    for point in sorted(points, key=lambda p: (p.span.path, p.span.line, p.span.column)):
        examples.setdefault(" -> ".join(point.chain[-args.hops:]), point)
    print(f"{program.name}: {measurement.comparison.summary()}")
    print(f"{len(points)} points on executed lines never switched, in {len(groups)} groups")
    for group, count in sorted(groups.items(), key=lambda item: (-item[1], item[0]))[: args.top]:
        print(f"{count:6d}  {group}\n        e.g. {examples[group].describe().split('site-packages/')[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
