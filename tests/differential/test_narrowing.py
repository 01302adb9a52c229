"""The containment rule's narrowing for truth tests is needed on CPython 3.11, and enough."""

from __future__ import annotations

import sys

import pytest

from tests.differential import compare as compare_module
from tests.differential.compare import compare
from tests.differential.real_programs import PROGRAMS
from tests.differential.static_run import yield_points
from tests.differential.tracing_run import trace_program

PROGRAM = PROGRAMS / "truth_and_format.py"


@pytest.fixture(scope="module")
def measured():
    observation = trace_program(PROGRAM, roots=[PROGRAMS], keep=[PROGRAM], runs=1)
    return observation, yield_points([str(PROGRAM)])


def test_truth_tests_and_fstrings_are_covered(measured):
    observation, points = measured
    comparison = compare(observation, points)
    assert comparison.observed >= 8, comparison.summary()
    assert not comparison.misses, comparison.failure_report()


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="3.12+ positions the jump on the test itself")
def test_without_the_narrowing_the_whole_statement_sites_would_be_missed(measured, monkeypatch):
    observation, points = measured
    monkeypatch.setattr(compare_module, "NARROWED", {})
    missed = compare(observation, points).misses
    assert {"POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE"} <= {name for m in missed for name in m.site.opnames}
