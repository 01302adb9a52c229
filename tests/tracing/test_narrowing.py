"""`for` and `with` switch through implicit calls; their sites are narrowed to the header on every Python.

CPython 3.11/3.12 put the whole statement's position on FOR_ITER and on the
`__enter__`/`__exit__` calls, 3.13 the iterable or the context expression; the
tracer reports `target in iter` and the with item (`expr as name`) everywhere.
A coroutine in `async for`/`async with` waits at a SEND placed the same way.
"""

from __future__ import annotations

import pytest

from _tracing_support import PROGRAMS, describe, reported_path, site_at, span, trace_in_process

PROGRAM = PROGRAMS / "iterate_and_lock.py"


@pytest.fixture(scope="module")
def sites():
    return trace_in_process(PROGRAM)


def at(sites, where):
    return site_at(sites, reported_path(PROGRAM), where)


def test_for_over_a_switching_generator_is_the_target_in_iter_header(sites):
    # numbers(3) sleeps before each of its 3 items; the 4th step just ends the loop
    site = at(sites, span(PROGRAM, "number in numbers(3)"))
    assert (site["opname"], site["count"]) == ("FOR_ITER", 3)
    # the generator's frame is on the stack too: 3 items for the loop, 2 for the comprehension
    assert at(sites, span(PROGRAM, "gevent.sleep(0)", marker="# in the generator"))["count"] == 5


def test_comprehension_over_a_switching_generator_is_its_header(sites):
    site = at(sites, span(PROGRAM, "square in numbers(2)"))
    assert (site["opname"], site["count"]) == ("FOR_ITER", 2)
    # no site for the comprehension as a whole (3.11 calls it in a frame of its own)
    whole = span(PROGRAM, "[square * square for square in numbers(2)]")
    assert all(s["range"] != whole for s in sites), describe(sites)


def test_contended_with_lock_is_its_context_expression(sites):
    site = at(sites, span(PROGRAM, "lock", marker="# contended"))
    assert (site["opname"], site["count"]) == ("BEFORE_WITH", 1)


def test_switching_exit_is_the_context_expression(sites):
    site = at(sites, span(PROGRAM, "SlowExit()", marker="# slow exit"))
    assert (site["opname"], site["count"]) == ("CALL", 1)
    # and nothing else there: not the whole statement, which on 3.11/3.12 spans the body's lines
    line = site["range"]["start"]["line"]
    assert [s for s in sites if s["range"]["start"]["line"] == line] == [site], describe(sites)


def test_second_item_of_a_multi_item_with(sites):
    # `other` is held by hold_other: entering the second item switches
    entered = at(sites, span(PROGRAM, "other", marker="# two items"))
    assert (entered["opname"], entered["count"]) == ("BEFORE_WITH", 1)
    exited = [s for s in sites if s["opname"] == "CALL" and s["range"]["start"]["line"] == entered["range"]["start"]["line"]]
    # the item is the context expression with its `as` target, as yield-points marks it
    assert [s["range"] for s in exited] == [span(PROGRAM, "SlowExit() as a", marker="# two items")], describe(sites)


def test_yield_from_is_the_whole_expression():
    program = PROGRAMS / "yield_from.py"
    sites = trace_in_process(program)
    path = reported_path(program)
    site = site_at(sites, path, span(program, "yield from numbers(2)"))
    assert (site["opname"], site["count"]) == ("SEND", 2)
    # every frame between the switch and the task's entry: numbers, delegate, the list() call
    assert site_at(sites, path, span(program, "list(delegate())"))["count"] == 2


def test_each_item_of_a_three_item_with_is_its_own_exit_site():
    program = PROGRAMS / "with_exceptions.py"
    sites = trace_in_process(program)
    path = reported_path(program)
    for marker, opname, items in (
        ("# normal exits", "CALL", ("SlowExit() as first", "SlowExit() as second", "SlowExit() as third")),
        ("# exits while unwinding", "WITH_EXCEPT_START",
         ("SlowExit(True) as outer", "SlowExit() as middle", "SlowExit() as inner")),
    ):
        for item in items:
            site = site_at(sites, path, span(program, item, marker=marker))
            assert (site["opname"], site["count"]) == (opname, 1), item


def test_async_with_and_async_for_wait_at_their_item_and_header():
    # the coroutine stands at the SEND awaiting __aenter__/__aexit__/__anext__, placed like BEFORE_WITH and FOR_ITER
    program = PROGRAMS / "async_headers.py"
    sites = trace_in_process(program)
    path = reported_path(program)
    for snippet, marker, count in (
        ("Session() as session", "# one item", 2),  # enter and exit
        ('Session("first")', "# two items", 2),
        ('Session("second") as second', "# two items", 2),
        ("row in Rows(2)", None, 2),
        ("row in Rows(3)", None, 3),  # an async comprehension (its own frame on 3.11)
    ):
        site = site_at(sites, path, span(program, snippet, marker=marker))
        assert (site["opname"], site["count"]) == ("SEND", count), snippet
    assert len([s for s in sites if s["opname"] == "SEND"]) == 5, describe(sites)


def test_for_iter_behind_extended_arg_in_a_long_loop(tmp_path):
    # a loop body over 255 code units puts EXTENDED_ARG in front of FOR_ITER
    body = "\n".join(f"        value{i} = item + {i}" for i in range(200))
    program = tmp_path / "long_loop.py"
    program.write_text(
        "import greenlet\n\ndef numbers():\n    for i in range(2):\n"
        "        greenlet.getcurrent().parent.switch()\n        yield i\n\n"
        f"def task():\n    for item in numbers():\n{body}\n\n"
        "glet = greenlet.greenlet(task)\nfor _ in range(3):\n    glet.switch()\n", encoding="utf-8")
    sites = trace_in_process(program)
    site = site_at(sites, reported_path(program), span(program, "item in numbers()"))
    assert (site["opname"], site["count"]) == ("FOR_ITER", 2)
