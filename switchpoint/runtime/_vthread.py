"""`VThread`, the handle of a virtual thread: identity, state, result, join, cancel, stacks; and `current()`.

A VThread is created by its hub (`Hub.spawn`) and runs on one of the hub's
worker greenlets; user code holds it to join, cancel or read the result.
"""

from __future__ import annotations

import itertools
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable

from greenlet import getcurrent

from . import _traps
from ._errors import Cancelled
from ._waiting import block

if TYPE_CHECKING:
    from ._hub import Hub, Worker

_get_ident = threading.get_ident
_ids = itertools.count(1)

NEW, READY, RUNNING, WAITING, DONE = "new", "ready", "running", "waiting", "done"


def _line_of(code: Any, lasti: int) -> int | None:
    """The source line of the instruction at byte offset lasti (what frame.f_lineno would have said)."""
    for start, end, line in code.co_lines():
        if start <= lasti < end:
            return line
    return None


class VThread:
    """A virtual thread: a function running on a hub, with a result, a name and where it was spawned."""

    __slots__ = (
        "_fn", "_args", "_kwargs", "_hub", "_worker", "_name", "id", "parent",
        "_spawn_frames", "_state", "_result", "_exc", "_joiners", "_on_done",
        "waiting_on", "_observed", "wake_value", "_cancel_requested", "handed_off", "__weakref__",
    )

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, hub: Hub,
                 parent: VThread | None, spawn_frames: tuple[Any, ...] | None) -> None:
        if not callable(fn):
            raise TypeError(f"spawn() needs a callable, got {fn!r}")
        self._fn: Callable[..., Any] | None = fn
        self._args: tuple = args
        self._kwargs: dict = kwargs
        self._hub: Hub = hub
        self._worker: Worker | None = None
        self._name: str | None = None
        self.id: int = next(_ids)
        self.parent: VThread | None = parent
        self._spawn_frames: tuple[Any, ...] | None = spawn_frames  # code, f_lasti, code, f_lasti, ... innermost first
        self._state: str = NEW
        self._result: Any = None
        self._exc: BaseException | None = None
        self._joiners: list[VThread | threading.Event] | None = None  # created on first join (fewer objects)
        self._on_done: list[Callable[[VThread], None]] | None = None
        self.waiting_on: object = None
        self._observed: bool = False
        self.wake_value: Any = None
        self._cancel_requested: bool = False
        self.handed_off: int = 0  # wake-ups by direct hand-off (for assert_switches)

    # -- identity -------------------------------------------------------
    @property
    def name(self) -> str:
        if self._name is None:
            fn = self._fn
            label = getattr(fn, "__qualname__", None) or type(fn).__name__ if fn is not None else "?"
            self._name = f"vthread-{self.id}:{label}"
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = str(value)

    @property
    def spawn_stack(self) -> list[str]:
        """Where spawn() was called: 'file:line in function' lines, innermost first."""
        flat = self._spawn_frames or ()
        return [f"{code.co_filename}:{_line_of(code, lasti)} in {code.co_name}"
                for code, lasti in zip(flat[::2], flat[1::2])]

    @property
    def hub(self) -> Hub:
        return self._hub

    def __repr__(self) -> str:
        return f"<VThread {self.name} {self.state}>"

    # -- state ----------------------------------------------------------
    @property
    def state(self) -> str:
        """'new', 'ready', 'running', 'waiting' or 'done'."""
        if self._state == DONE:
            return DONE
        w = self._worker
        if w is not None and getcurrent() is w:
            return RUNNING
        if self.waiting_on is not None:
            return WAITING
        return self._state

    def done(self) -> bool:
        return self._state == DONE

    def cancelled(self) -> bool:
        return self._state == DONE and isinstance(self._exc, Cancelled)

    def result(self) -> Any:
        """The return value; re-raises the thread's exception. Raises RuntimeError if not finished (use join)."""
        if self._state != DONE:
            raise RuntimeError(f"{self.name} has not finished; join() it first")
        self._observed = True
        if self._exc is not None:
            raise self._exc
        return self._result

    def exception(self) -> BaseException | None:
        """The exception the thread ended with (None on success); counts as observing it."""
        if self._state != DONE:
            raise RuntimeError(f"{self.name} has not finished; join() it first")
        self._observed = True
        return self._exc

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the thread has finished (or `timeout` seconds passed); returns done().

        Works from a virtual thread on any hub and from a plain OS thread. Does not
        raise the thread's exception: call result() for that.
        """
        if self._state == DONE:
            return True
        if timeout is not None and timeout <= 0:
            return False
        me = current_or_none()
        if me is self:
            raise RuntimeError(f"{self.name} cannot join itself")
        if me is None:
            if self._hub.thread_id == _get_ident():
                raise RuntimeError(f"join({self.name}) from its hub's own loop would block that hub forever")
            return self._join_from_os_thread(timeout)
        with self._hub.lock:
            if self._state == DONE:
                return True
            if self._joiners is None:
                self._joiners = []
            self._joiners.append(me)
        if self._hub is me._hub:
            return self._wait_joined(timeout)
        # another hub wakes us: until it does, ours must not take the wait for a deadlock
        me._hub.external += 1
        try:
            return self._wait_joined(timeout)
        finally:
            me._hub.external -= 1

    def _wait_joined(self, timeout: float | None) -> bool:
        if timeout is None:
            _traps.park(self)
            return True
        return block(self, timeout)

    def _join_from_os_thread(self, timeout: float | None) -> bool:
        event = threading.Event()
        with self._hub.lock:
            if self._state == DONE:
                return True
            if self._joiners is None:
                self._joiners = []
            self._joiners.append(event)
        event.wait(timeout)
        with self._hub.lock:
            if self._joiners and event in self._joiners:
                self._joiners.remove(event)
        return self._state == DONE

    def _abort_wait(self, waiter: VThread) -> bool:
        with self._hub.lock:
            try:
                self._joiners.remove(waiter)
            except (ValueError, AttributeError):  # not (or no longer) joining
                return False
            return True

    def _describe_wait(self) -> str:
        return f"join({self.name})"

    def add_done_callback(self, fn: Callable[[VThread], None]) -> None:
        """Call fn(vt) (in the hub, must not block) when the thread finishes; at once if finished."""
        with self._hub.lock:
            if self._state != DONE:
                if self._on_done is None:
                    self._on_done = []
                self._on_done.append(fn)
                return
        fn(self)

    def cancel(self) -> None:
        """Ask the thread to stop: `Cancelled` is raised in it at its next switch point.

        Thread-safe. No effect on a finished thread; a thread not started yet never runs.
        """
        if self._state == DONE:
            return
        self._cancel_requested = True
        hub = self._hub
        if hub.thread_id == _get_ident():
            hub.interrupt(self, Cancelled(f"{self.name} was cancelled"))
        else:
            hub.call_soon_threadsafe(hub.interrupt, self, Cancelled(f"{self.name} was cancelled"))

    @property
    def stack(self) -> list[str]:
        """The thread's current stack, 'file:line in function' lines, innermost first (empty if not started)."""
        w = self._worker
        if w is None or self._state == DONE:
            return []
        frame = sys._getframe() if getcurrent() is w else w.gr_frame
        lines = []
        while frame is not None:
            lines.append(f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
            frame = frame.f_back
        return lines


def current() -> VThread:
    """The virtual thread that is running now."""
    vt = getattr(getcurrent(), "vt", None)
    if vt is None:
        raise RuntimeError("current() was called outside a switchpoint virtual thread")
    return vt


def current_or_none() -> VThread | None:
    return getattr(getcurrent(), "vt", None)
