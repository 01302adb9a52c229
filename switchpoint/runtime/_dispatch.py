"""Dispatchers: the three ways to run existing, unconverted code on hubs in other OS threads.

* `ThreadConfined` -- one hub pinned to one OS thread, for code that must stay
  on its thread (a GUI main loop, a C library with thread affinity).
* `Serial` -- a view over any dispatcher that runs its tasks one at a time, in
  submission order (like a serial queue over a concurrent pool).
* `HubPool` -- N hubs on N OS threads; `spawn` spreads virtual threads over them.

A virtual thread never leaves the hub it started on; everything that crosses
threads (spawning, waking, cancelling, joining) goes through the target hub's
thread-safe call queue.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from types import TracebackType
from typing import Any, Callable

from ._hub import Hub
from ._vthread import VThread, current_or_none


class ThreadConfined:
    """A hub confined to one OS thread; spawn() onto it from any thread or virtual thread.

    By default it starts its own thread. With `own_thread=False` it hosts no
    thread of its own: the thread that must run the code (the main thread of a
    GUI program, say) calls `run_forever()`, which returns after `close()`.
    """

    def __init__(self, name: str | None = None, *, own_thread: bool = True) -> None:
        self.hub: Hub = Hub(name, keepalive=True)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if own_thread:
            started = threading.Event()
            self._thread = threading.Thread(
                target=self._thread_main, args=(started,), name=f"switchpoint-{self.hub.name}", daemon=True)
            self._thread.start()
            started.wait()

    def _thread_main(self, started: threading.Event) -> None:
        self.hub.call_soon_threadsafe(started.set)
        try:
            self.hub.run_forever()
        except BaseException as exc:  # kept for close() to re-raise
            self._error = exc
            started.set()

    def run_forever(self) -> None:
        """Run the hub in the calling OS thread until close() is called (only with own_thread=False)."""
        if self._thread is not None:
            raise RuntimeError("this ThreadConfined runs on its own thread; run_forever() is for own_thread=False")
        self.hub.run_forever()

    @property
    def thread(self) -> threading.Thread | None:
        """The OS thread it started (None with own_thread=False)."""
        return self._thread

    def spawn(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> VThread:
        """Start fn(*args, **kwargs) on this dispatcher's thread (does not switch)."""
        return self.hub.spawn_threadsafe(fn, args, kwargs, sys._getframe(1), current_or_none())

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run fn on this dispatcher's thread and wait for its result (blocks the caller)."""
        vt = self.spawn(fn, *args, **kwargs)
        vt.join()
        return vt.result()

    def close(self) -> None:
        """Let the hub finish its virtual threads, then end the OS thread."""
        self.hub.stop()
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> ThreadConfined:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class Serial:
    """Runs its tasks one at a time, in the order spawn() was called, on any dispatcher.

    Each task starts only after the previous one finished (successfully or not),
    wherever the target dispatcher runs them.
    """

    def __init__(self, target: ThreadConfined | HubPool) -> None:
        self._target: ThreadConfined | HubPool = target
        self._lock: threading.Lock = threading.Lock()
        self._last: VThread | None = None

    def spawn(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> VThread:
        """Queue fn(*args, **kwargs) behind every task spawned before it (does not switch)."""
        with self._lock:
            vt = self._target.spawn(_run_after, self._last, fn, args, kwargs)
            vt.name = f"serial-{vt.id}:{getattr(fn, '__qualname__', type(fn).__name__)}"
            self._last = vt
        return vt


def _run_after(previous: VThread | None, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    if previous is not None:
        previous.join()
    del previous  # do not keep the chain of finished tasks alive
    return fn(*args, **kwargs)


class HubPool:
    """N hubs on N OS threads. spawn() puts each virtual thread on the least busy hub.

    Under free-threaded CPython the hubs run in parallel; on a GIL build they
    take turns, and everything stays correct either way.
    """

    def __init__(self, size: int | None = None, name: str = "pool") -> None:
        size = (os.cpu_count() or 1) if size is None else size
        if not isinstance(size, int) or size < 1:
            raise ValueError(f"HubPool size must be a positive int, got {size!r}")
        self.members: list[ThreadConfined] = [ThreadConfined(f"{name}-{i}") for i in range(size)]
        self._turn: itertools.count = itertools.count()

    def spawn(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> VThread:
        """Start fn(*args, **kwargs) on one of the pool's hubs (does not switch)."""
        members = self.members
        first = next(self._turn) % len(members)
        rotated = members[first:] + members[:first]  # ties go round-robin
        target = min(rotated, key=lambda m: len(m.hub.live) + len(m.hub._incoming))
        return target.hub.spawn_threadsafe(fn, args, kwargs, sys._getframe(1), current_or_none())

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        vt = self.spawn(fn, *args, **kwargs)
        vt.join()
        return vt.result()

    def close(self) -> None:
        """Let every hub finish its virtual threads, then end the OS threads."""
        for member in self.members:
            member.hub.stop()  # all at once, so they wind down in parallel
        errors = []
        for member in self.members:
            try:
                member.close()
            except BaseException as exc:
                errors.append(exc)
        if errors:
            raise BaseExceptionGroup("HubPool members failed", errors)

    def __enter__(self) -> HubPool:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
