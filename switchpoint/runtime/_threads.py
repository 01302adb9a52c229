"""Bridges to the world outside the hub: `to_thread` (blocking calls on a thread pool) and `await_` (asyncio).

The calling virtual thread blocks; the hub keeps running the others. When the
caller is cancelled it stops waiting at once: the OS thread's call cannot be
interrupted and its result is dropped, an asyncio coroutine is cancelled.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import os
import threading
from typing import Any, Awaitable, Callable

from ._hub import Hub, current_hub
from ._vthread import VThread, current
from ._waiting import block

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_asyncio_loop: asyncio.AbstractEventLoop | None = None
_start_lock = threading.Lock()


def _thread_pool() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    with _start_lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=min(32, (os.cpu_count() or 1) + 4), thread_name_prefix="switchpoint-to_thread")
        return _executor


def _loop_for_await() -> asyncio.AbstractEventLoop:
    """One asyncio loop on a daemon thread, shared by every await_() call."""
    global _asyncio_loop
    with _start_lock:
        if _asyncio_loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="switchpoint-asyncio", daemon=True).start()
            _asyncio_loop = loop
        return _asyncio_loop


class _FutureWait:
    """A virtual thread waiting for a concurrent.futures.Future completed by another OS thread."""

    def __init__(self, future: concurrent.futures.Future, hub: Hub, vt: VThread, what: str) -> None:
        self.future: concurrent.futures.Future = future
        self.hub: Hub = hub
        self.vt: VThread = vt
        self.what: str = what
        self.waiting: bool = True  # only touched on the hub's thread

    def _done_any_thread(self, future: concurrent.futures.Future) -> None:
        self.hub.call_soon_threadsafe(self._done_in_hub)

    def _done_in_hub(self) -> None:
        self.hub.external -= 1
        if self.waiting:
            self.waiting = False
            self.hub.ready.append(self.vt._worker)

    def _abort_wait(self, vt: VThread) -> bool:
        if not self.waiting:
            return False
        self.waiting = False
        self.future.cancel()
        return True

    def _describe_wait(self) -> str:
        return self.what


def _wait_for_future(future: concurrent.futures.Future, what: str) -> Any:
    hub = current_hub()
    wait = _FutureWait(future, hub, current(), what)
    hub.external += 1  # the hub must not declare a deadlock while the other thread works
    future.add_done_callback(wait._done_any_thread)
    block(wait)
    return future.result()


def to_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking fn(*args, **kwargs) on a pool OS thread; this virtual thread waits, the hub does not."""
    if not callable(fn):
        raise TypeError(f"to_thread() needs a callable, got {fn!r}")
    future = _thread_pool().submit(fn, *args, **kwargs)
    return _wait_for_future(future, f"to_thread({getattr(fn, '__qualname__', fn)!s})")


async def _await(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def await_(awaitable: Awaitable[Any]) -> Any:
    """Run an asyncio coroutine (or other awaitable) to completion from a virtual thread and return its result."""
    if not inspect.isawaitable(awaitable):
        raise TypeError(f"await_() needs a coroutine or other awaitable, got {awaitable!r}")
    coro = awaitable if inspect.iscoroutine(awaitable) else _await(awaitable)
    future = asyncio.run_coroutine_threadsafe(coro, _loop_for_await())
    return _wait_for_future(future, f"await_({getattr(coro, '__qualname__', coro)!s})")
