"""The tracer on switchpoint.runtime: virtual threads, Channel, net, and its hub left out."""

from __future__ import annotations

import os

import greenlet

import switchpoint.runtime
from _tracing_support import PROGRAMS, describe, reported_path, site_at, span, trace_in_process

PROGRAM = PROGRAMS / "runtime_tasks.py"
RUNTIME = os.path.dirname(switchpoint.runtime.__file__)
ROUNDS = 3  # runtime_tasks.ROUNDS


def test_runtime_switch_points_are_sites():
    sites = trace_in_process(PROGRAM)
    path = reported_path(PROGRAM)

    def at(snippet):
        return site_at(sites, path, span(PROGRAM, snippet))

    assert at("rt.sleep(0)")["count"] == ROUNDS
    assert at("channel.recv()")["count"] >= 1  # the receiver waits for the first send
    assert at("net.recv_exactly(sock, 5)")["count"] >= 1  # the reply needs the handler to run
    assert at("rt.run(main)")["count"] >= 1  # the main greenlet handing over to the hub
    allowed = [span(PROGRAM, s) for s in (
        "rt.sleep(0)", "channel.recv()", "channel.send(i)", "net.recv_exactly(sock, 5)", "net.connect(server.address)",
        "net.sendall(sock, b\"hello\")", "net.sendall(conn, net.recv(conn, 64))", "net.recv(conn, 64)",
        "thread.join()", "rt.run(main)")]
    assert all(s["range"] in allowed for s in sites), describe(sites)


def test_the_hub_scheduling_tasks_is_not_a_site():
    hub_positions = set()

    def spy(event, args):
        origin, _ = args
        if type(origin).__name__ == "HubGreenlet":
            frame = origin.gr_frame
            while frame is not None:
                hub_positions.add((os.path.realpath(frame.f_code.co_filename), frame.f_lineno))
                frame = frame.f_back

    previous = greenlet.settrace(spy)
    try:
        # with the runtime's own files under a root, the hub's frames would show up if it were recorded
        sites = trace_in_process(PROGRAM, roots=[PROGRAMS, RUNTIME])
    finally:
        greenlet.settrace(previous)
    assert hub_positions, "the hub never switched: nothing was tested"
    recorded = {(os.path.realpath(s["path"]), s["range"]["start"]["line"]) for s in sites}
    # the virtual threads' stacks inside the runtime are recorded ...
    assert any(path.startswith(RUNTIME + os.sep) for path, _ in recorded), describe(sites)
    # ... the hub's are not
    assert hub_positions.isdisjoint(recorded), sorted(hub_positions & recorded)
    # and the program's own sites are unchanged by the extra root
    assert site_at(sites, reported_path(PROGRAM), span(PROGRAM, "rt.sleep(0)"))["count"] == ROUNDS
