"""The runtime's exception types, in one place so every module raises the same ones."""

from __future__ import annotations


class Cancelled(BaseException):
    """Raised inside a virtual thread at its next switch point after cancel().

    A BaseException (like asyncio.CancelledError) so `except Exception` does not swallow it.
    """


class Timeout(TimeoutError):
    """Raised at a switch point inside `with timeout(seconds):` once the deadline passes."""

    def __init__(self, message: str = "timed out", scope: object = None) -> None:
        super().__init__(message)
        self.scope = scope


class Deadlock(RuntimeError):
    """Every virtual thread of a hub is blocked and nothing (timer, I/O, other thread) can wake one.

    The message names each blocked thread, what it waits on and where.
    """


class WaitTimedOut(Exception):
    """Internal: a per-call timeout (lock.acquire(timeout=...)) ended the wait; never escapes the call."""


class ChannelClosed(Exception):
    """send() on a closed channel, or recv() on a closed channel with nothing left to receive."""


class WouldBlock(Exception):
    """A *_nowait operation could not complete at once."""


class AtomicViolation(AssertionError):
    """A switch point was reached inside `with atomic():`."""


class NoSwitch(AssertionError):
    """The body of `with assert_switches():` finished without ever switching."""
