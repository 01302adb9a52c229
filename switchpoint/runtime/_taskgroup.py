"""`TaskGroup`: structured concurrency -- children finish before the block ends, and failures are never lost.

As in asyncio and trio: the first child that fails (with anything but
`Cancelled`) cancels its siblings and the body of the `with` block; once every
child has finished, all failures come out together as an ExceptionGroup.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Callable

from ._errors import Cancelled
from ._hub import Hub, current_hub
from ._vthread import VThread, current
from ._sync import Event


class TaskGroup:
    """`with TaskGroup() as tg: tg.spawn(fn, ...)` waits for all children on exit."""

    def __init__(self) -> None:
        self._owner: VThread | None = None
        self._hub: Hub | None = None
        self._children: list[VThread] = []
        self._running: int = 0
        self._errors: list[BaseException] = []
        self._failed: bool = False
        self._in_body: bool = False
        self._closed: bool = False
        self._body_cancel: Cancelled | None = None
        self._all_done: Event = Event()

    def __enter__(self) -> TaskGroup:
        if self._owner is not None:
            raise RuntimeError("a TaskGroup can only be entered once")
        self._owner = current()
        self._hub = current_hub()
        self._in_body = True
        self._all_done.set()
        return self

    def spawn(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> VThread:
        """Start fn(*args, **kwargs) as a child of this group (does not switch)."""
        if self._owner is None or self._closed:
            raise RuntimeError("TaskGroup.spawn() needs an active `with TaskGroup() as tg:` block")
        vt: VThread = self._hub.spawn(fn, args, kwargs, sys._getframe(1), self._owner)
        self._children.append(vt)
        self._running += 1
        self._all_done.clear()
        if self._failed:
            vt.cancel()
        vt.add_done_callback(self._child_done)
        return vt

    @property
    def children(self) -> list[VThread]:
        return list(self._children)

    def cancel(self) -> None:
        """Cancel every child that is still running (does not switch)."""
        for vt in self._children:
            if not vt.done():
                vt.cancel()

    def _child_done(self, vt: VThread) -> None:
        self._running -= 1
        exc = vt._exc
        if exc is not None and not isinstance(exc, Cancelled):
            vt._observed = True
            self._errors.append(exc)
            if not self._failed:
                self._failed = True
                self.cancel()
                if self._in_body:
                    self._body_cancel = Cancelled(f"TaskGroup child {vt.name} failed")
                    self._hub.interrupt(self._owner, self._body_cancel)
        if self._running == 0:
            self._all_done.set()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> bool:
        self._in_body = False
        worker = self._owner._worker
        if self._body_cancel is not None and worker.pending is self._body_cancel:
            worker.pending = None  # the body ended before our cancellation reached it
        body_error = e if e is not None and e is not self._body_cancel else None
        if body_error is not None:
            self.cancel()
            if not isinstance(body_error, Cancelled):
                self._errors.insert(0, body_error)
        outer: BaseException | None = body_error if isinstance(body_error, Cancelled) else None
        while self._running:
            try:
                self._all_done.wait()
            except BaseException as exc:  # cancelled or timed out from outside while waiting:
                outer = exc               # stop the children, but never leave them behind
                self.cancel()
        self._closed = True
        if self._errors:
            if outer is not None and not isinstance(outer, Cancelled) and outer is not e:
                self._errors.append(outer)  # e.g. a Timeout of an enclosing timeout() scope
            raise BaseExceptionGroup(f"{len(self._errors)} failure(s) in a TaskGroup", self._errors)
        if outer is not None:
            if outer is e:
                return False
            raise outer
        return e is self._body_cancel and e is not None  # swallow only our own cancellation
