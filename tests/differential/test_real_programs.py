"""Real programs nobody here wrote, run under a bounded local load: static marks must cover every real switch.

Each program runs twice under `switchpoint trace` (the union counts); its
installed packages and driver are analysed with `switchpoint yield-points`
from the program's own interpreter. Recall must be 100% apart from the known
misses of `known_misses.py` (each with a reproduction); the precision lower
bound is printed, never asserted (benchmarks/accuracy.py writes the table).
With SWITCHPOINT_SLOW=1 each program also runs 8 times, to catch timing-dependent sites.
"""

from __future__ import annotations

import pytest

from tests.differential.known_misses import unexplained, warn_if_now_covered
from tests.differential.real_programs import REAL_PROGRAMS, RealProgram, measure

MIN_OBSERVED = 5  # every program switches in its own analysed code many times: fewer means the run went wrong


def _check(program: RealProgram, runs: int) -> None:
    measurement = measure(program, runs=runs)
    comparison = measurement.comparison
    print(f"{program.name}: {comparison.summary()}")
    assert comparison.observed >= MIN_OBSERVED, f"{program.name} hardly switched: {comparison.summary()}"
    assert comparison.executed_points > 0, "no line coverage of the analysed packages"
    missed = unexplained(comparison)
    if missed:
        pytest.fail(
            f"{program.name}: {comparison.summary()}\n" + "\n".join(miss.describe() for miss in missed), pytrace=False
        )
    warn_if_now_covered(measurement.observation, comparison)


@pytest.mark.parametrize("program", REAL_PROGRAMS, ids=lambda p: p.name)
def test_marks_cover_every_real_switch(program: RealProgram):
    _check(program, runs=2)


@pytest.mark.slow
@pytest.mark.parametrize("program", REAL_PROGRAMS, ids=lambda p: p.name)
def test_marks_cover_every_real_switch_over_many_runs(program: RealProgram):
    _check(program, runs=8)
