"""`timeout(seconds)`: a deadline for a block of code, raising `Timeout` at its next switch point."""

from __future__ import annotations

from types import TracebackType

from ._errors import Timeout
from ._hub import Hub, Timer, current_hub
from ._vthread import VThread, current


class timeout:
    """`with timeout(2.5): ...` raises `Timeout` in the body once 2.5 s have passed.

    Like every interruption it arrives at a switch point: a body that never
    switches is never interrupted. `seconds=None` means no deadline. Nested
    scopes work; each raises its own `Timeout` (its `.scope` is the scope).
    """

    def __init__(self, seconds: float | None) -> None:
        if seconds is not None and not seconds >= 0:
            raise ValueError(f"timeout() needs a non-negative number of seconds or None, got {seconds!r}")
        self.seconds: float | None = seconds
        self.expired: bool = False
        self._vt: VThread | None = None
        self._hub: Hub | None = None
        self._timer: Timer | None = None
        self._exc: Timeout | None = None

    def __enter__(self) -> timeout:
        if self._vt is not None:
            raise RuntimeError("a timeout() scope cannot be entered twice")
        self._vt = current()
        self._hub = current_hub()
        if self.seconds is not None:
            self._timer = self._hub.call_later(self.seconds, self._expire, None)
        return self

    def _expire(self, _: object) -> None:
        self.expired = True
        self._exc = Timeout(f"timed out after {self.seconds} s", self)
        self._hub.interrupt(self._vt, self._exc)

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> bool:
        if self._timer is not None:
            self._timer.cancel()
        worker = self._vt._worker
        if self._exc is not None and worker is not None and worker.pending is self._exc:
            worker.pending = None  # expired but never reached a switch point inside the scope
        return False
