"""The probe's line coverage (the precision lower bound's executed lines), as `_probe.py` records it.

On 3.12+ it comes from sys.monitoring, each line's event turned off once seen, so a program's
hot loop is not slowed down line by line and the program keeps sys.settrace to itself; it must
record what settrace recorded (`SWITCHPOINT_DIFF_SETTRACE=1` forces that path). These tests run
their 3.12+ half where the suite runs on 3.12 or 3.13 (`tools/test-pythons`).
"""

from __future__ import annotations

import sys
import textwrap

import pytest

from tests.differential.test_fixture_runs import FIXTURES
from tests.differential.tracing_run import trace_program

PROGRAM = textwrap.dedent(
    """\
    import sys


    def spin(n):
        total = 0
        for i in range(n):
            total += i
        return total


    if __name__ == "__main__":
        spin(100_000)
        if sys.version_info >= (3, 12):
            # the probe's coverage is no settrace function the program could see, replace or pay for per line
            assert sys.gettrace() is None, sys.gettrace()
    """
)


def test_lines_of_a_hot_loop_are_recorded_without_taking_settrace(tmp_path):
    program = tmp_path / "hot_loop.py"
    program.write_text(PROGRAM)
    observation = trace_program(program, roots=[tmp_path], keep=[program], runs=1)
    lines = observation.lines[str(program.resolve())]
    ran = {1, 4, 5, 6, 7, 8, 11, 12, 13} | ({15} if sys.version_info >= (3, 12) else set())
    assert ran <= lines, sorted(lines)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sys.monitoring is 3.12+: 3.11 has the settrace path only")
def test_monitoring_records_the_lines_settrace_records():
    fixture = FIXTURES / "iodict.py"
    by_monitoring = trace_program(fixture, roots=[FIXTURES], keep=[fixture], runs=1)
    by_settrace = trace_program(fixture, roots=[FIXTURES], keep=[fixture], runs=1, env={"SWITCHPOINT_DIFF_SETTRACE": "1"})
    path = str(fixture.resolve())
    assert by_monitoring.lines[path] == by_settrace.lines[path]
