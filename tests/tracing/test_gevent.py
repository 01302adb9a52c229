"""The tracer on gevent programs (no monkey patching, so nothing leaks into the test process)."""

from __future__ import annotations

from _tracing_support import PROGRAMS, describe, reported_path, site_at, span, trace_in_process

PRIMITIVES = PROGRAMS / "gevent_primitives.py"
ITEMS = 4  # gevent_primitives.ITEMS


def test_sleep_queue_event_and_sockets_are_sites():
    sites = trace_in_process(PRIMITIVES)
    path = reported_path(PRIMITIVES)

    def at(snippet, **kw):
        return site_at(sites, path, span(PRIMITIVES, snippet, **kw))

    # sleep(0) always switches: once per item
    assert at("gevent.sleep(0)")["count"] == ITEMS
    # these must block at least once: the consumer outruns the producer, accept
    # runs before the client exists, and the reply needs the server to run
    for snippet in ("queue.get()", "ready.wait()", "listener.accept()", "client.recv(64)"):
        assert at(snippet)["count"] >= 1, snippet
    # the main greenlet waiting in joinall switches to the hub: a switch point of user code
    assert at("gevent.joinall(tasks, raise_error=True)")["count"] >= 1
    assert {s["opname"] for s in sites} <= {"CALL", "CALL_KW"}
    # nothing anywhere else: the hub switching into tasks is not user code
    allowed = [span(PRIMITIVES, s) for s in (
        "gevent.sleep(0)", "queue.get()", "ready.wait()", "listener.accept()", "client.recv(64)",
        "gevent.joinall(tasks, raise_error=True)", 'socket.create_connection(("127.0.0.1", port))',
        "conn.recv(64)", "conn.sendall(data)", 'client.sendall(b"ping")')]
    assert all(s["range"] in allowed for s in sites), describe(sites)
