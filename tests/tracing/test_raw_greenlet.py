"""The tracer on raw greenlet programs: every frame of a deep switch, CACHE offsets, throw, finished greenlets."""

from __future__ import annotations

import dis
import sys
import threading
from pathlib import Path

import greenlet
import pytest

from _tracing_support import PROGRAMS, describe, reported_path, site_at, span, trace_in_process
from switchpoint.runtime.tracing import SwitchTracer

HERE = Path(__file__).resolve().parent
PINGPONG = PROGRAMS / "raw_pingpong.py"
THROW = PROGRAMS / "raw_throw_and_finish.py"
ROUNDS = 5  # raw_pingpong.ROUNDS


@pytest.fixture
def spy():
    """A greenlet trace function installed before the tracer: it must keep receiving events."""
    events = []

    def record(event, args):
        origin, target = args
        stack, frame = [], origin.gr_frame
        while frame is not None:  # frames keep running later: copy (code, f_lasti) now
            stack.append((frame.f_code, frame.f_lasti))
            frame = frame.f_back
        events.append((event, origin, target, stack))

    previous = greenlet.settrace(record)
    yield events
    greenlet.settrace(previous)


def _site_set(sites):
    return {(s["range"]["start"]["line"], s["range"]["start"]["column"],
             s["range"]["end"]["line"], s["range"]["end"]["column"], s["opname"], s["count"]) for s in sites}


def _expected(program, *spans, count, opname="CALL"):
    return {(r["start"]["line"], r["start"]["column"], r["end"]["line"], r["end"]["column"], opname, count)
            for r in spans}


def test_every_frame_of_a_deep_switch_is_a_site_at_its_call():
    sites = trace_in_process(PINGPONG)
    assert {s["path"] for s in sites} == {reported_path(PINGPONG)}
    expected = _expected(
        PINGPONG,
        span(PINGPONG, "other.switch()"),
        span(PINGPONG, "level3(other)", marker="value = level3(other)"),
        span(PINGPONG, "level2(other)", marker="result = level2(other)"),
        span(PINGPONG, "level1(pong_glet)"),
        span(PINGPONG, "ping_glet.switch()", marker="# code points"),
        count=ROUNDS,
    )
    # exactly these: the main greenlet's own `ping_glet.switch()` only starts the
    # tasks (a scheduler switching in), and the finished greenlets have no frame
    assert _site_set(sites) == expected, describe(sites)


def test_columns_count_code_points_not_utf8_bytes():
    sites = trace_in_process(PINGPONG)
    where = span(PINGPONG, "ping_glet.switch()", marker="# code points")
    line = PINGPONG.read_text(encoding="utf-8").splitlines()[where["start"]["line"] - 1]
    byte_column = len(line[: where["start"]["column"] - 1].encode("utf-8")) + 1
    assert byte_column != where["start"]["column"]  # the line really has multi-byte characters first
    assert [s["range"] for s in sites if s["range"]["start"]["line"] == where["start"]["line"]] == [where]


def test_caller_frames_on_cache_entries_resolve_to_their_call(spy):
    with SwitchTracer(roots=[PROGRAMS]) as tracer:
        import runpy
        runpy.run_path(str(PINGPONG), run_name="__main__")
    callers = [stack[1] for _, _, _, stack in spy if stack and stack[0][0].co_name == "level3"]
    assert len(callers) == ROUNDS
    code, lasti = callers[0]
    assert code.co_name == "level2"
    starts = {ins.offset for ins in dis.get_instructions(code)}
    if sys.version_info < (3, 13):
        # the situation under test: f_lasti is inside the CALL's inline cache
        assert lasti not in starts
    where = span(PINGPONG, "level3(other)", marker="value = level3(other)")
    [site] = [s for s in tracer.sites() if s.line == where["start"]["line"]]
    assert (site.column, site.end_line, site.end_column, site.opname, site.count) == (
        where["start"]["column"], where["end"]["line"], where["end"]["column"], "CALL", ROUNDS)


def test_throw_is_recorded_and_finished_greenlets_are_not(spy):
    sites = trace_in_process(THROW)
    expected = _expected(THROW, span(THROW, "thrower_glet.switch()"), span(THROW, "victim_glet.throw(Stop)"), count=1)
    assert _site_set(sites) == expected, describe(sites)
    # the chained spy saw what the tracer deliberately left out
    assert any(event == "throw" for event, *_ in spy)
    finished = [origin for event, origin, _, stack in spy if not stack]
    assert finished and all(origin.dead for origin in finished)


def test_previous_trace_function_is_chained_then_restored(spy):
    before = greenlet.gettrace()
    with SwitchTracer(roots=[HERE]) as tracer:
        assert greenlet.gettrace() != before
        glet = greenlet.greenlet(lambda: greenlet.getcurrent().parent.switch())  # back to the test
        glet.switch()
        glet.switch()
    assert greenlet.gettrace() == before
    # main -> glet, glet -> main, main -> glet, glet finishes -> main: all reached the spy
    assert [(origin is glet, target is glet) for _, origin, target, _ in spy] == [
        (False, True), (True, False), (False, True), (True, False)]
    # split so that this line does not hold the marker itself
    where = span(Path(__file__), "greenlet.getcurrent().parent.switch()", marker="glet = " + "greenlet.greenlet(lambda")
    [site] = tracer.to_json()["switch_sites"]
    assert (site["range"], site["opname"], site["count"]) == (where, "CALL", 1)


def test_only_files_under_the_roots_are_recorded(tmp_path, spy):
    assert trace_in_process(PINGPONG, roots=[tmp_path]) == []
    assert len(spy) >= 2 * ROUNDS  # the switches did happen
    # the same run with the program's folder as a root
    where = span(PINGPONG, "other.switch()")
    assert [s["range"] for s in trace_in_process(PINGPONG, roots=[tmp_path, PROGRAMS]) if s["range"] == where] == [where]

def test_switches_in_threads_started_while_recording_are_recorded():
    program = PROGRAMS / "raw_threads.py"
    before = threading.getprofile()
    sites = trace_in_process(program)
    assert threading.getprofile() is before
    threads, rounds = 2, 4  # raw_threads: two threads, ROUNDS each
    expected = _expected(program, span(program, "ponger.switch()"), count=threads * rounds)
    # pong's side: switched back into `rounds` times, so it switched out `rounds` times per thread
    expected |= _expected(program, span(program, "pinger.switch()", marker="# pong side"), count=threads * rounds)
    assert _site_set(sites) == expected, describe(sites)


def test_a_tracer_failure_loses_one_frame_and_never_breaks_the_program(monkeypatch):
    import switchpoint.runtime.tracing as tracing

    def broken_for_level2(code, lasti):
        if code.co_name == "level2":
            raise IndexError("no position")
        return resolve(code, lasti)

    resolve = tracing.resolve
    monkeypatch.setattr(tracing, "resolve", broken_for_level2)
    with SwitchTracer(roots=[PROGRAMS]) as tracer:
        import runpy
        namespace = runpy.run_path(str(PINGPONG), run_name="__main__")
    assert namespace["ping_glet"].dead  # the program ran to its end
    sites = tracer.to_json()["switch_sites"]
    assert span(PINGPONG, "level3(other)", marker="value = level3(other)") not in [s["range"] for s in sites]
    assert site_at(sites, reported_path(PINGPONG), span(PINGPONG, "other.switch()"))["count"] == ROUNDS
    assert len(tracer.errors) == 1 and "IndexError('no position')" in tracer.errors[0]
    assert "raw_pingpong.py" in tracer.errors[0]

def test_a_program_edited_between_recordings_is_read_afresh(tmp_path):
    program = tmp_path / "edited.py"
    template = (
        "import greenlet\n{prefix}\n"
        "def numbers():\n    yield greenlet.getcurrent().parent.switch()\n\n"
        "def task():\n    for item in numbers():\n        pass\n\n"
        "glet = greenlet.greenlet(task)\nglet.switch()\nglet.switch(1)\n"
    )
    for prefix in ("", "# ünïcödé and a longer first part\n\n\n"):
        program.write_text(template.format(prefix=prefix), encoding="utf-8")
        sites = trace_in_process(program)
        assert [s["range"] for s in sites if s["opname"] == "FOR_ITER"] == [span(program, "item in numbers()")]


def test_a_site_on_the_stack_several_times_counts_once_per_switch(tmp_path):
    program = tmp_path / "recursive.py"
    program.write_text(
        "import greenlet\n\n"
        "def down(depth):\n"
        "    if depth == 0:\n"
        "        return greenlet.getcurrent().parent.switch()\n"
        "    return down(depth - 1)  # recursion\n\n"
        "glet = greenlet.greenlet(down)\n"
        "glet.switch(3)\n"
        "glet.switch()\n", encoding="utf-8")
    sites = trace_in_process(program)
    path = reported_path(program)
    # three frames stand at the recursive call during the one switch
    assert site_at(sites, path, span(program, "down(depth - 1)"))["count"] == 1
    assert site_at(sites, path, span(program, "greenlet.getcurrent().parent.switch()"))["count"] == 1
