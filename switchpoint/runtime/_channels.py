"""Go-style channels between virtual threads, and `select` over several of them.

`Channel(0)` is a rendezvous: send() returns once a receiver has taken the
item. `Channel(n)` buffers up to n items. Items are delivered exactly once and
in order; waiting senders and receivers are served FIFO. A blocked operation
that is cancelled or times out leaves the channel as if it had never started.
State lives under an OS lock, so channels work between hubs on different threads.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from typing import Any, Iterator

from greenlet import getcurrent

from . import _traps
from ._errors import ChannelClosed, WouldBlock
from ._vthread import VThread, current
from ._waiting import wake

_CLOSED = object()  # wake_value of a waiter released by close()
_TAKEN = object()  # wake_value of a sender whose item a receiver took


class _Select:
    """One select() call: whichever channel claims it first completes it."""

    __slots__ = ("vt", "claim", "index", "value", "channels")

    def __init__(self, vt: VThread) -> None:
        self.vt: VThread = vt
        self.claim: threading.Lock = threading.Lock()  # acquire(False) is the atomic test-and-set
        self.index: int = -1
        self.value: Any = None
        self.channels: list[Channel] = []

    def try_claim(self) -> bool:
        """Win the right to complete this select (exactly one caller ever gets True; never blocks)."""
        return self.claim.acquire(False)

    def _abort_wait(self, vt: VThread) -> bool:
        return self.try_claim()

    def _describe_wait(self) -> str:
        return f"select over {len(self.channels)} channels"


class _Case:
    """A select() waiting in one channel's queue; `item` is what it would send."""

    __slots__ = ("sel", "index", "item")

    def __init__(self, sel: _Select, index: int, item: Any) -> None:
        self.sel: _Select = sel
        self.index: int = index
        self.item: Any = item


class Channel:
    """A typed-by-convention pipe between virtual threads with capacity `capacity` (0 = rendezvous)."""

    def __init__(self, capacity: int = 0) -> None:
        if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 0:
            raise ValueError(f"Channel capacity must be an int >= 0, got {capacity!r}")
        self.capacity: int = capacity
        self._guard: threading.Lock = threading.Lock()
        self._buffer: deque[Any] = deque()
        self._receivers: deque[VThread | _Case] = deque()
        self._senders: deque[VThread | _Case] = deque()
        self._closed: bool = False

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Channel capacity={self.capacity} buffered={len(self._buffer)} {state} at {id(self):#x}>"

    @property
    def closed(self) -> bool:
        return self._closed

    def __len__(self) -> int:
        return len(self._buffer)

    # -- matching (always under _guard) -----------------------------------
    def _pop_receiver(self) -> VThread | _Case | None:
        return _pop_live(self._receivers)

    def _pop_sender(self) -> VThread | _Case | None:
        return _pop_live(self._senders)

    def _try_send(self, item: Any) -> bool:
        if self._closed:
            raise ChannelClosed("send on a closed channel")
        r = self._pop_receiver()
        if r is not None:
            if type(r) is VThread:
                r.wake_value = item
                wake(r)
            else:
                r.sel.index = r.index
                r.sel.value = item
                wake(r.sel.vt)
            return True
        if len(self._buffer) < self.capacity:
            self._buffer.append(item)
            return True
        return False

    def _try_recv(self) -> tuple[bool, Any]:
        if self._buffer:
            item = self._buffer.popleft()
            s = self._pop_sender()
            if s is not None:  # a slot just freed up: move the longest-waiting sender's item in
                self._buffer.append(self._take_from(s))
            return True, item
        s = self._pop_sender()
        if s is not None:
            return True, self._take_from(s)
        if self._closed:
            raise ChannelClosed("recv on a closed, empty channel")
        return False, None

    @staticmethod
    def _take_from(s: VThread | _Case) -> Any:
        if type(s) is VThread:
            item = s.wake_value
            s.wake_value = _TAKEN
            wake(s)
            return item
        s.sel.index = s.index
        s.sel.value = None
        wake(s.sel.vt)
        return s.item

    # -- public -------------------------------------------------------------
    def send_nowait(self, item: Any) -> None:
        """Send without blocking; WouldBlock if no receiver waits and the buffer is full (does not switch)."""
        with self._guard:
            if not self._try_send(item):
                raise WouldBlock("channel full and no receiver waiting")

    def recv_nowait(self) -> Any:
        """Receive without blocking; WouldBlock if nothing is there (does not switch)."""
        with self._guard:
            ok, item = self._try_recv()
        if not ok:
            raise WouldBlock("nothing to receive")
        return item

    # send() and recv() are the hot path of every ping-pong: the common cases are
    # inlined and the guard is taken with acquire/release rather than `with`.
    def send(self, item: Any) -> None:
        """Send item, blocking until a receiver takes it or buffer space frees up."""
        guard = self._guard
        guard.acquire()
        try:
            if self._closed:
                raise ChannelClosed("send on a closed channel")
            receivers = self._receivers
            while receivers:
                r = receivers.popleft()
                if type(r) is VThread:
                    r.wake_value = item
                    wake(r)
                    return
                if r.sel.try_claim():
                    r.sel.index = r.index
                    r.sel.value = item
                    wake(r.sel.vt)
                    return
            if len(self._buffer) < self.capacity:
                self._buffer.append(item)
                return
            me = getattr(getcurrent(), "vt", None)
            if me is None:
                raise RuntimeError("a blocking send() needs a switchpoint virtual thread")
            me.wake_value = item
            self._senders.append(me)
        finally:
            guard.release()
        _traps.park(self)
        outcome, me.wake_value = me.wake_value, None
        if outcome is _CLOSED:
            raise ChannelClosed("channel closed while sending; the item was not delivered")

    def recv(self) -> Any:
        """Receive the next item, blocking until one is sent; ChannelClosed once closed and drained."""
        guard = self._guard
        guard.acquire()
        try:
            if not self._buffer and self._senders:  # a sender waits on a rendezvous: take its item
                s = self._senders.popleft()
                if type(s) is VThread:
                    item = s.wake_value
                    s.wake_value = _TAKEN
                    wake(s)
                    return item
                self._senders.appendleft(s)
            if self._buffer or self._senders or self._closed:
                ok, item = self._try_recv()
                if ok:
                    return item
            me = getattr(getcurrent(), "vt", None)
            if me is None:
                raise RuntimeError("a blocking recv() needs a switchpoint virtual thread")
            self._receivers.append(me)
        finally:
            guard.release()
        _traps.park(self)
        item, me.wake_value = me.wake_value, None
        if item is _CLOSED:
            raise ChannelClosed("channel closed while receiving")
        return item

    def close(self) -> None:
        """Refuse further sends; blocked senders get ChannelClosed, receivers drain the buffer then get it."""
        with self._guard:
            if self._closed:
                return
            self._closed = True
            for waiters in (self._receivers, self._senders):
                while True:
                    w = self._pop_receiver() if waiters is self._receivers else self._pop_sender()
                    if w is None:
                        break
                    if type(w) is VThread:
                        w.wake_value = _CLOSED
                        wake(w)
                    else:
                        w.sel.index = w.index
                        w.sel.value = _CLOSED
                        wake(w.sel.vt)

    def __iter__(self) -> Iterator[Any]:
        """Receive items until the channel is closed and drained."""
        while True:
            try:
                yield self.recv()
            except ChannelClosed:
                return

    def _abort_wait(self, vt: VThread) -> bool:
        with self._guard:
            for waiters in (self._receivers, self._senders):
                try:
                    waiters.remove(vt)
                except ValueError:
                    continue
                return True
            return False

    def _describe_wait(self) -> str:
        return repr(self)


def _parse_case(case: object) -> tuple[Channel, bool, Any]:
    if isinstance(case, Channel):
        return case, False, None
    if isinstance(case, tuple) and len(case) == 2 and isinstance(case[0], Channel):
        return case[0], True, case[1]
    raise TypeError(f"a select case is a Channel (receive) or a (Channel, item) pair (send), got {case!r}")


def select(*cases: Channel | tuple[Channel, Any]) -> tuple[int, Any]:
    """Wait until one of several channel operations can complete, do exactly that one.

    A case is a Channel (receive from it) or a (channel, item) pair (send item).
    Returns (index of the case, the received item or None for a send). When
    several are ready, one is picked at random (no case starves). A receive on a
    closed, drained channel (or a send on a closed one) raises ChannelClosed.
    """
    if not cases:
        raise ValueError("select() needs at least one case")
    parsed = [_parse_case(c) for c in cases]
    start = random.randrange(len(parsed))
    order = list(range(start, len(parsed))) + list(range(start))
    # Hold every involved channel's guard (in a global order, as Go does) while
    # looking for a ready case and, failing that, registering on all of them:
    # nobody can complete this select before it is fully registered.
    guards = sorted({id(ch): ch._guard for ch, _, _ in parsed}.items())
    for _, guard in guards:
        guard.acquire()
    try:
        for i in order:
            ch, is_send, item = parsed[i]
            if is_send:
                if ch._try_send(item):
                    return i, None
            else:
                ok, value = ch._try_recv()
                if ok:
                    return i, value
        sel = _Select(current())
        registered: list[tuple[Channel, _Case, bool]] = []
        for i in order:
            ch, is_send, item = parsed[i]
            case = _Case(sel, i, item)
            (ch._senders if is_send else ch._receivers).append(case)
            sel.channels.append(ch)
            registered.append((ch, case, is_send))
    finally:
        for _, guard in reversed(guards):
            guard.release()
    try:
        _traps.park(sel)
    finally:
        for ch, case, is_send in registered:
            with ch._guard:
                try:
                    (ch._senders if is_send else ch._receivers).remove(case)
                except ValueError:
                    pass
    if sel.value is _CLOSED:
        raise ChannelClosed(f"select case {sel.index}: channel closed")
    return sel.index, sel.value


def _pop_live(waiters) -> VThread | _Case | None:
    """The first waiter still waiting: a thread, or a select case whose select this claims.

    A stale select case (its select completed on another channel) is dropped on the way."""
    while waiters:
        w = waiters.popleft()
        if type(w) is VThread or w.sel.try_claim():
            return w
    return None
