"""The reproductions of known misses (tests/differential/misses/): expected to fail until the engine learns them.

Each file is written like an engine fixture, with the `# switch:` markers we
expect and a `# RUN` block. The test asserts what a fixed engine passes: the
traced run has no missed site. It is an xfail, not strict: the day it passes
pytest reports XPASS, the file moves to tests/fixtures/analysis/ (where the
fixture runner then checks its markers exactly) and its KNOWN_MISSES entries go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.differential.compare import compare
from tests.differential.known_misses import KNOWN_MISSES
from tests.differential.static_run import yield_points
from tests.differential.tracing_run import trace_program
from tests.expectations import file_markers

MISSES = Path(__file__).resolve().parent / "misses"


def _reproductions():
    return sorted(MISSES.glob("miss_*.py"))


def test_every_known_miss_has_its_reproduction():
    names = {path.name for path in _reproductions()}
    assert {known.reproduction for known in KNOWN_MISSES} <= names
    assert all("RUN" in file_markers(path) for path in _reproductions())


@pytest.mark.xfail(strict=False, reason="a known miss of the engine: see the reproduction's header")
@pytest.mark.parametrize("reproduction", _reproductions(), ids=lambda p: p.name)
def test_engine_gets_the_reproduction_right(reproduction: Path):
    points = yield_points([str(reproduction)])
    observation = trace_program(reproduction, roots=[MISSES], keep=[reproduction], runs=1)
    assert observation.sites, "the reproduction must switch"
    comparison = compare(observation, points)
    assert not comparison.misses, comparison.failure_report()
