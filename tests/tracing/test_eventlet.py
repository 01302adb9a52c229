"""The tracer on an eventlet program, in a fresh interpreter (eventlet installs a global hub)."""

from __future__ import annotations

from _tracing_support import PROGRAMS, describe, reported_path, site_at, span, trace_in_subprocess

PROGRAM = PROGRAMS / "eventlet_tasks.py"
ROUNDS = 3  # eventlet_tasks.ROUNDS


def test_eventlet_sleep_queue_and_wait_are_sites():
    sites = trace_in_subprocess(PROGRAM)
    path = reported_path(PROGRAM)
    assert site_at(sites, path, span(PROGRAM, "eventlet.sleep(0)"))["count"] == ROUNDS
    assert site_at(sites, path, span(PROGRAM, "queue.get()"))["count"] >= 1
    # the main greenlet waiting for a green thread switches to eventlet's hub
    assert site_at(sites, path, span(PROGRAM, "thread.wait()"))["count"] >= 1
    allowed = [span(PROGRAM, s) for s in ("eventlet.sleep(0)", "queue.get()", "thread.wait()", "queue.put(i)")]
    assert all(s["range"] in allowed for s in sites), describe(sites)


def test_main_greenlet_killing_a_green_thread_is_a_site():
    # the main greenlet switching into one of the hub's green threads (eventlet's kill throws into it)
    # is the program's own switch, unlike a main greenlet starting raw greenlets
    program = PROGRAMS / "eventlet_kill.py"
    sites = trace_in_subprocess(program)
    path = reported_path(program)
    for snippet in ("victim.kill()", "eventlet.kill(eventlet.spawn(forever))"):
        assert site_at(sites, path, span(program, snippet))["count"] == 1, describe(sites)
