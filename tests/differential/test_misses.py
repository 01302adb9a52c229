"""The reproductions of known misses (tests/differential/misses/) and the list that names them stay in step.

A miss the differential tests find gets a minimal reproduction in misses/ (written like an
engine fixture, with the correct markers and a `# RUN` block) and a KNOWN_MISSES entry.
Once the engine learns the construct the file moves to tests/fixtures/analysis/, where the
fixture runner checks its markers exactly, and the entry goes.
"""

from __future__ import annotations

from pathlib import Path

from tests.differential.known_misses import KNOWN_MISSES
from tests.expectations import file_markers

MISSES = Path(__file__).resolve().parent / "misses"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "analysis"


def _reproductions():
    return sorted(MISSES.glob("miss_*.py"))


def test_every_known_miss_has_its_reproduction():
    names = {path.name for path in _reproductions()}
    assert {known.reproduction for known in KNOWN_MISSES} <= names
    assert all("RUN" in file_markers(path) for path in _reproductions())


def test_learned_misses_stay_runnable_fixtures():
    """A reproduction that moved to the engine fixtures keeps its run mode, so the tracer still checks it."""
    learned = sorted(FIXTURES.glob("miss_*.py"))
    assert learned, "the fixed misses' reproductions live on as engine fixtures"
    assert all("RUN" in file_markers(path) for path in learned)
    assert not {path.name for path in learned} & {path.name for path in _reproductions()}
