"""Raw greenlet: the floor any greenlet runtime sits on (no scheduler, no I/O).

Usage: python bench_greenlet.py BENCHMARK SIZE...   (prints one JSON line, see _bench_protocol.py)
"""

from __future__ import annotations

import sys

from greenlet import getcurrent, greenlet

from _bench_protocol import Stopwatch, report


def sleep0(n: int):
    """Two greenlets switching straight to each other: one switch per op."""
    main = getcurrent()

    def left():
        other = right_glet
        for _ in range(n):
            other.switch()
        main.switch()

    def right():
        other = left_glet
        while True:
            other.switch()

    left_glet, right_glet = greenlet(left), greenlet(right)
    watch = Stopwatch()
    left_glet.switch()
    return watch.elapsed(), 2 * n


def spawn_join(n: int):
    """Create a greenlet and run it to completion."""
    def task():
        return None

    watch = Stopwatch()
    for _ in range(n):
        greenlet(task).switch()
    return watch.elapsed(), n


def channel(n: int):
    """Pass a value back and forth through switch(value): one handoff per op."""
    def echo(value):
        parent = ponger.parent
        while True:
            value = parent.switch(value)

    ponger = greenlet(echo)
    watch = Stopwatch()
    value = 0
    for _ in range(n):
        value = ponger.switch(value + 1)
    return watch.elapsed(), 2 * n


if __name__ == "__main__":
    report({"sleep0": sleep0, "spawn_join": spawn_join, "channel": channel}, sys.argv[1:])
