"""The tracer and the static analysis speak the same coordinates: every real switch site is a yield point.

Each program is traced for real, then `switchpoint yield-points --format json`
analyses it; every traced (file, range) must be a mark with exactly that range.
A failure here is either a tracer range off by a column or a missed alarm of
the analysis: the message names the site either way.
"""

from __future__ import annotations

import json
import os

import pytest

from _tracing_support import PROGRAMS, describe, run_cli, trace_in_process, trace_in_subprocess

IN_PROCESS = ["raw_pingpong.py", "raw_throw_and_finish.py", "raw_threads.py", "gevent_primitives.py",
              "iterate_and_lock.py", "yield_from.py", "with_exceptions.py", "runtime_tasks.py", "async_headers.py"]
IN_SUBPROCESS = ["eventlet_tasks.py"]  # eventlet installs a global hub


def _key(path, site_range):
    start, end = site_range["start"], site_range["end"]
    return (os.path.realpath(path), start["line"], start["column"], end["line"], end["column"])


@pytest.fixture(scope="module")
def marks():
    """Every yield point of the programs, from one analysis run over all of them."""
    result = run_cli("yield-points", "--format", "json", *IN_PROCESS, *IN_SUBPROCESS, cwd=PROGRAMS)
    assert result.returncode in (0, 1), result.stderr
    return {_key(PROGRAMS / y["path"], y["range"]) for y in json.loads(result.stdout)["yield_points"]}


@pytest.mark.parametrize("name", IN_PROCESS + IN_SUBPROCESS)
def test_every_traced_site_is_a_yield_point_with_the_same_range(name, marks):
    program = PROGRAMS / name
    sites = trace_in_subprocess(program) if name in IN_SUBPROCESS else trace_in_process(program)
    assert sites, "nothing switched: nothing was compared"
    unmarked = [s for s in sites if _key(s["path"], s["range"]) not in marks]
    assert not unmarked, f"real switches with no yield point at exactly their range:\n{describe(unmarked)}"
