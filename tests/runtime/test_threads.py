"""to_thread and await_: the hub keeps running while an OS thread or asyncio works, results and errors return."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from switchpoint import runtime as rt


def test_to_thread_runs_elsewhere_while_the_hub_keeps_going():
    def main():
        ticks = []

        def ticker():
            while len(ticks) < 5:
                ticks.append(1)
                rt.sleep(0.005)

        t = rt.spawn(ticker)
        ident = rt.to_thread(lambda: (time.sleep(0.05), threading.get_ident())[1])
        t.join()
        return ident != threading.get_ident(), len(ticks)

    assert rt.run(main) == (True, 5)


def test_to_thread_propagates_exceptions():
    def boom():
        raise ZeroDivisionError("in a pool thread")

    def main():
        with pytest.raises(ZeroDivisionError, match="pool thread"):
            rt.to_thread(boom)
        with pytest.raises(TypeError):
            rt.to_thread(42)

    rt.run(main)


def test_await_runs_a_coroutine_and_returns_or_raises():
    async def add(a, b):
        await asyncio.sleep(0.001)
        return a + b

    async def fail():
        raise LookupError("async")

    def main():
        assert rt.await_(add(2, 3)) == 5
        with pytest.raises(LookupError):
            rt.await_(fail())
        with pytest.raises(TypeError):
            rt.await_(42)

    rt.run(main)


def test_a_cancelled_await_cancels_the_coroutine():
    seen = []

    async def slow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            seen.append("coroutine cancelled")
            raise

    def main():
        t = rt.spawn(rt.await_, slow())
        rt.sleep(0.01)
        t.cancel()
        t.join()
        assert t.cancelled()
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            rt.sleep(0.001)

    rt.run(main)
    assert seen == ["coroutine cancelled"]
