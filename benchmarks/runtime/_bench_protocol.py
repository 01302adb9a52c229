"""What a contender script prints: one JSON line with the seconds measured and the ops they covered.

Both clocks are kept: wall time is what users wait, CPU time (of this process)
is what survives a busy shared machine, where waiting for a core inflates wall
time unevenly across contenders.
"""

from __future__ import annotations

import json
import time


class Stopwatch:
    """Started on creation; `elapsed()` is (wall seconds, CPU seconds of this process)."""

    def __init__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def elapsed(self) -> tuple:
        return time.perf_counter() - self._wall, time.process_time() - self._cpu


def report(benchmarks: dict, argv: list[str]) -> None:
    """Runs `benchmarks[argv[0]](*sizes)` and prints {"seconds", "cpu_seconds", "ops"}; exit 3 for one it lacks."""
    name, sizes = argv[0], [int(arg) for arg in argv[1:]]
    if name not in benchmarks:
        print(json.dumps({"missing": f"no {name} benchmark"}))
        raise SystemExit(3)
    (seconds, cpu_seconds), ops = benchmarks[name](*sizes)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "ops": ops}))
