"""A program on switchpoint.runtime (channels, locks, queues, events, task groups, timeouts, TCP): marks cover its switches.

The engine knows the runtime only by reading its source (`_traps.TRAPS`); this
checks that knowledge against the runtime's real switches, twice (union).
"""

from __future__ import annotations

import pytest

from tests.differential.compare import compare
from tests.differential.known_misses import unexplained
from tests.differential.real_programs import PROGRAMS
from tests.differential.static_run import yield_points
from tests.differential.tracing_run import trace_program

PROGRAM = PROGRAMS / "runtime_pipeline.py"


def test_marks_cover_every_switch_of_a_runtime_program():
    observation = trace_program(PROGRAM, roots=[PROGRAMS], keep=[PROGRAM], runs=2)
    comparison = compare(observation, yield_points([str(PROGRAM)]))
    print(f"runtime_pipeline.py: {comparison.summary()}")
    # channel send/recv, lock, sleep, event, queue, net and the task group's exit all switch here
    assert comparison.observed >= 8, comparison.summary()
    if unexplained(comparison):
        pytest.fail(comparison.failure_report(), pytrace=False)
