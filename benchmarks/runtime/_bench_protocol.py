"""What a contender script prints: one JSON line with the seconds measured and the ops they covered."""

from __future__ import annotations

import json


def report(benchmarks: dict, argv: list[str]) -> None:
    """Runs `benchmarks[argv[0]](*sizes)` and prints {"seconds", "ops"}; exit 3 for a benchmark it lacks."""
    name, sizes = argv[0], [int(arg) for arg in argv[1:]]
    if name not in benchmarks:
        print(json.dumps({"missing": f"no {name} benchmark"}))
        raise SystemExit(3)
    seconds, ops = benchmarks[name](*sizes)
    print(json.dumps({"seconds": seconds, "ops": ops}))
