"""Every engine fixture with a `# RUN` marker is executed under the tracer: its marks must cover every real switch.

A fixture opts in with a comment line `# RUN` (optionally naming the library it
runs on, e.g. `# RUN gevent`) and an `if __name__ == "__main__":` block at its
end. `# RUN gevent runtime` also runs it on switchpoint.runtime's hub, through
the stand-in `runtime_shim/gevent` (for fixtures calling only gevent's
sleep/spawn/joinall): the same expressions must switch, and be marked. Each is run twice (the union of sites counts). An observed site must lie in
(or be a known miss of `known_misses.py`, with its reproduction) a point `switchpoint yield-points` reports (the containment rule of
`compare.py`), and that point must carry an inline `# switch:` marker of its
kind on its line, so the fixture's own expectations are what cover the switch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.differential.compare import compare, covers
from tests.differential.known_misses import unexplained, warn_if_now_covered
from tests.differential.static_run import yield_points
from tests.differential.tracing_run import trace_program
from tests.expectations import file_markers, parse_expectations, written_for_this_python

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "analysis"
RUNS = 2


def _runnable():
    # a fixture in syntax this interpreter cannot parse (`# PYTHON >= 3.12`) cannot run on it either
    return sorted(path for path in FIXTURES.glob("*.py") if "RUN" in file_markers(path) and written_for_this_python(path))


def _runs():
    """(fixture, hub): every runnable fixture natively; those marked `# RUN ... runtime` also on switchpoint.runtime."""
    pairs = []
    for path in _runnable():
        pairs.append((path, "native"))
        if "runtime" in file_markers(path)["RUN"].split():
            pairs.append((path, "runtime"))
    return pairs


def test_some_fixtures_run():
    # the markers are the opt-in: losing them all would silently test nothing
    assert len(_runnable()) >= 10, _runnable()


@pytest.mark.parametrize(("fixture", "hub"), _runs(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_marks_cover_every_observed_switch(fixture: Path, hub: str):
    observation = trace_program(fixture, roots=[FIXTURES], keep=[fixture], runs=RUNS, timeout=60, hub=hub)
    assert observation.sites or fixture.name == "plain_code.py", f"{fixture.name} did not switch on {hub}"
    points = yield_points([str(fixture)])
    comparison = compare(observation, points)
    print(f"{fixture.name}: {comparison.summary()}")
    if unexplained(comparison):
        pytest.fail(comparison.failure_report(), pytrace=False)
    warn_if_now_covered(observation, comparison)

    marked = {(e.line, e.kind) for e in parse_expectations(fixture, fixture.name) if e.marker == "switch"}
    unmarked = [
        point.describe()
        for site in observation.sites.values()
        for point in points
        if covers(point, site) and (point.span.line, point.kind) not in marked
    ]
    if unmarked:
        pytest.fail("points that switched but carry no `# switch:` marker:\n" + "\n".join(unmarked), pytrace=False)


def test_a_fixture_that_switches_is_observed_switching():
    # guards the harness itself: a run that saw nothing would make every fixture pass
    observation = trace_program(FIXTURES / "iodict.py", roots=[FIXTURES], keep=[FIXTURES / "iodict.py"], runs=1)
    lines = {span.line for span in observation.sites}
    getitem_sleep = next(n for n, text in enumerate((FIXTURES / "iodict.py").read_text().splitlines(), 1) if "def __getitem__" in text) + 1
    assert getitem_sleep in lines, observation.sites
    assert observation.lines[str((FIXTURES / "iodict.py").resolve())], "no line coverage recorded"
