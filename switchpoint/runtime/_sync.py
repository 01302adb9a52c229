"""Locks, semaphores, events, conditions and queues for virtual threads, with the threading/queue interfaces.

Each primitive keeps its state under a small OS lock (`_guard`), so virtual
threads on different hubs (OS threads) can share it. Waiters are served in
FIFO order and ownership is handed over directly on release (no barging), so
a releasing thread cannot starve the others. No method marked "does not switch"
calls anything that reaches a trap.
"""

from __future__ import annotations

import queue as _stdqueue
import threading
from collections import deque
from time import monotonic
from types import TracebackType
from typing import Any, Callable

from . import _waiting
from ._vthread import VThread, current, current_or_none
from ._waiting import block, wake, wake_all


def _check_timeout(blocking: bool, timeout: float | None) -> float | None:
    """threading's convention: -1 or None = wait forever; a timeout with blocking=False is an error."""
    if timeout is None or timeout == -1:
        return None
    if not blocking:
        raise ValueError("can't specify a timeout for a non-blocking call")
    if not timeout >= 0:
        raise ValueError(f"timeout must be a non-negative number, -1 or None, got {timeout!r}")
    return timeout


class _WaitList:
    """A FIFO of blocked virtual threads guarded by an OS lock; the base of every primitive here.

    Several wait lists of one primitive share its guard (pass it in).
    """

    def __init__(self, guard: threading.Lock | None = None) -> None:
        self._guard: threading.Lock = guard if guard is not None else threading.Lock()
        self._waiters: deque[VThread] = deque()

    def _abort_wait(self, vt: VThread) -> bool:
        with self._guard:
            try:
                self._waiters.remove(vt)
            except ValueError:
                return False
            return True

    def _describe_wait(self) -> str:
        return repr(self)


class Lock(_WaitList):
    """A mutual-exclusion lock for virtual threads (threading.Lock's interface)."""

    def __init__(self) -> None:
        super().__init__()
        self._locked: bool = False
        self._owner: VThread | None = None  # for diagnostics only: any thread may release

    def __repr__(self) -> str:
        owner = f" by {self._owner.name}" if self._owner is not None else ""
        return f"<Lock {'locked' + owner if self._locked else 'unlocked'} at {id(self):#x}>"

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the lock; blocks (a switch point) while another virtual thread holds it."""
        timeout = _check_timeout(blocking, timeout)
        with self._guard:
            if not self._locked:
                self._locked = True
                self._owner = current_or_none()
                return True
            if not blocking:
                return False
            self._waiters.append(current())
        return block(self, timeout)  # on success release() has handed the lock to us

    def release(self) -> None:
        """Release the lock, handing it to the longest waiter (does not switch)."""
        with self._guard:
            if not self._locked:
                raise RuntimeError("release of an unlocked Lock")
            if self._waiters:
                nxt = self._waiters.popleft()
                self._owner = nxt
                wake(nxt)
            else:
                self._locked = False
                self._owner = None

    def locked(self) -> bool:
        return self._locked

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    # Condition support
    def _release_save(self) -> object:
        self.release()
        return None

    def _acquire_restore(self, state: object) -> None:
        self.acquire()

    def _is_owned(self) -> bool:
        return self._locked and self._owner is current_or_none()


class RLock(_WaitList):
    """A reentrant lock owned by one virtual thread (threading.RLock's interface)."""

    def __init__(self) -> None:
        super().__init__()
        self._owner: VThread | None = None
        self._count: int = 0

    def __repr__(self) -> str:
        owner = self._owner.name if self._owner is not None else None
        return f"<RLock owner={owner} count={self._count} at {id(self):#x}>"

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        timeout = _check_timeout(blocking, timeout)
        me = current()
        with self._guard:
            if self._owner is None:
                self._owner = me
                self._count = 1
                return True
            if self._owner is me:
                self._count += 1
                return True
            if not blocking:
                return False
            self._waiters.append(me)
        return block(self, timeout)

    def release(self) -> None:
        """Release once; the last release hands the lock to the longest waiter (does not switch)."""
        me = current_or_none()
        with self._guard:
            if self._owner is not me or me is None:
                raise RuntimeError("cannot release an RLock this virtual thread does not own")
            self._count -= 1
            if self._count == 0:
                self._hand_over()

    def _hand_over(self) -> None:
        if self._waiters:
            nxt = self._waiters.popleft()
            self._owner = nxt
            self._count = 1
            wake(nxt)
        else:
            self._owner = None

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.release()

    def _release_save(self) -> object:
        with self._guard:
            if self._owner is not current_or_none():
                raise RuntimeError("cannot release an RLock this virtual thread does not own")
            count = self._count
            self._count = 0
            self._hand_over()
        return count

    def _acquire_restore(self, state: object) -> None:
        self.acquire()
        self._count = state

    def _is_owned(self) -> bool:
        return self._owner is not None and self._owner is current_or_none()


class Semaphore(_WaitList):
    """A counter of permits (threading.Semaphore's interface); acquire blocks at zero."""

    def __init__(self, value: int = 1) -> None:
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"semaphore initial value must be an int >= 0, got {value!r}")
        super().__init__()
        self._value: int = value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} value={self._value} waiters={len(self._waiters)} at {id(self):#x}>"

    def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
        timeout = _check_timeout(blocking, timeout)
        with self._guard:
            if self._value > 0:
                self._value -= 1
                return True
            if not blocking:
                return False
            self._waiters.append(current())
        return block(self, timeout)  # release() gave its permit straight to us

    def release(self, n: int = 1) -> None:
        """Give back n permits, waking up to n waiters (does not switch)."""
        if n < 1:
            raise ValueError(f"n must be one or more, got {n!r}")
        with self._guard:
            self._check_release(n)
            woken = []
            while n and self._waiters:
                woken.append(self._waiters.popleft())
                n -= 1
            self._value += n
            wake_all(woken)

    def _check_release(self, n: int) -> None:
        pass

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


class BoundedSemaphore(Semaphore):
    """A Semaphore whose release() raises ValueError if it would exceed the initial value."""

    def __init__(self, value: int = 1) -> None:
        super().__init__(value)
        self._initial: int = value

    def _check_release(self, n: int) -> None:
        if self._value + n > self._initial:
            raise ValueError("BoundedSemaphore released too many times")


class Event(_WaitList):
    """A flag virtual threads can wait for (threading.Event's interface)."""

    def __init__(self) -> None:
        super().__init__()
        self._flag: bool = False

    def __repr__(self) -> str:
        return f"<Event {'set' if self._flag else 'unset'} at {id(self):#x}>"

    def is_set(self) -> bool:
        return self._flag

    def set(self) -> None:
        """Set the flag and wake every waiter (does not switch)."""
        with self._guard:
            self._flag = True
            waiters, self._waiters = self._waiters, deque()
        wake_all(waiters)

    def clear(self) -> None:
        self._flag = False

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the flag is set; returns the flag (False after a timeout)."""
        with self._guard:
            if self._flag:
                return True
            self._waiters.append(current())
        if block(self, timeout):
            return True
        return self._flag


class Condition(_WaitList):
    """A condition variable over a Lock or RLock (threading.Condition's interface)."""

    def __init__(self, lock: Lock | RLock | None = None) -> None:
        super().__init__()
        self._lock: Lock | RLock = RLock() if lock is None else lock

    def __repr__(self) -> str:
        return f"<Condition {self._lock!r} waiters={len(self._waiters)}>"

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self._lock.release()

    def wait(self, timeout: float | None = None) -> bool:
        """Release the lock, block until notified (or timeout), re-acquire; False on timeout."""
        if not self._lock._is_owned():
            raise RuntimeError("cannot wait on a Condition without holding its lock")
        me = current()
        with self._guard:
            self._waiters.append(me)  # before releasing the lock, so no notify is missed
        state = self._lock._release_save()
        try:
            return block(self, timeout)
        finally:
            self._lock._acquire_restore(state)

    def wait_for(self, predicate: Callable[[], Any], timeout: float | None = None) -> Any:
        """Wait until predicate() is true (checked with the lock held); returns its last value."""
        deadline = None if timeout is None else monotonic() + timeout
        result = predicate()
        while not result:
            remaining = None
            if deadline is not None:
                remaining = deadline - monotonic()
                if remaining <= 0:
                    break
            self.wait(remaining)
            result = predicate()
        return result

    def notify(self, n: int = 1) -> None:
        """Wake up to n waiters (does not switch); the caller must hold the lock."""
        if not self._lock._is_owned():
            raise RuntimeError("cannot notify a Condition without holding its lock")
        with self._guard:
            woken = []
            while n > 0 and self._waiters:
                woken.append(self._waiters.popleft())
                n -= 1
            wake_all(woken)

    def notify_all(self) -> None:
        self.notify(len(self._waiters))


class Queue:
    """A FIFO queue for virtual threads with the interface of the standard library's queue.Queue.

    Raises queue.Empty / queue.Full, so code written for threads runs unchanged.
    put_nowait, get_nowait and task_done never switch. An item put while a getter
    waits goes straight to that getter; a getter that frees a slot moves the
    longest-waiting putter's item in.
    """

    def __init__(self, maxsize: int = 0) -> None:
        self.maxsize: int = maxsize
        self._guard: threading.Lock = threading.Lock()
        self._items: deque[Any] = deque()
        self._getters: _WaitList = _WaitList(self._guard)
        self._putters: _WaitList = _WaitList(self._guard)  # each waiting putter's item is its wake_value
        self._joiners: _WaitList = _WaitList(self._guard)
        self.unfinished_tasks: int = 0

    def __repr__(self) -> str:
        return f"<Queue size={len(self._items)} maxsize={self.maxsize} at {id(self):#x}>"

    def qsize(self) -> int:
        return len(self._items)

    def empty(self) -> bool:
        return not self._items

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._items)

    def _offer(self, item: Any) -> bool:
        """Under the guard: hand item to a waiting getter or store it; False if full."""
        self_getters = self._getters._waiters
        if self_getters:
            getter = self_getters.popleft()
            getter.wake_value = item
            self.unfinished_tasks += 1
            wake(getter)
            return True
        if self.maxsize <= 0 or len(self._items) < self.maxsize:
            self._items.append(item)
            self.unfinished_tasks += 1
            return True
        return False

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        """Add item; when full, block (or raise queue.Full if not block / after timeout)."""
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        with self._guard:
            if self._offer(item):
                return
            if not block:
                raise _stdqueue.Full
            me = current()
            me.wake_value = item
            self._putters._waiters.append(me)
        try:
            if not _waiting.block(self._putters, timeout):
                raise _stdqueue.Full
        finally:
            me.wake_value = None

    def put_nowait(self, item: Any) -> None:
        """Add item or raise queue.Full (does not switch)."""
        with self._guard:
            if not self._offer(item):
                raise _stdqueue.Full

    def _take(self) -> tuple[bool, Any]:
        """Under the guard: the oldest item (moving a waiting putter's item in), if any."""
        if not self._items:
            return False, None
        item = self._items.popleft()
        putters = self._putters._waiters
        if putters:
            putter = putters.popleft()
            self._items.append(putter.wake_value)
            self.unfinished_tasks += 1
            wake(putter)
        return True, item

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """Remove and return the oldest item; when empty, block (or raise queue.Empty)."""
        if timeout is not None and timeout < 0:
            raise ValueError("'timeout' must be a non-negative number")
        with self._guard:
            ok, item = self._take()
            if ok:
                return item
            if not block:
                raise _stdqueue.Empty
            me = current()
            self._getters._waiters.append(me)
        if not _waiting.block(self._getters, timeout):
            raise _stdqueue.Empty
        item, me.wake_value = me.wake_value, None
        return item

    def get_nowait(self) -> Any:
        """Remove and return the oldest item or raise queue.Empty (does not switch)."""
        with self._guard:
            ok, item = self._take()
        if not ok:
            raise _stdqueue.Empty
        return item

    def task_done(self) -> None:
        """Mark one item processed; the last one wakes join() (does not switch)."""
        with self._guard:
            if self.unfinished_tasks <= 0:
                raise ValueError("task_done() called too many times")
            self.unfinished_tasks -= 1
            if self.unfinished_tasks == 0:
                joiners, self._joiners._waiters = self._joiners._waiters, deque()
                wake_all(joiners)

    def join(self) -> None:
        """Block until every item put has been marked task_done()."""
        with self._guard:
            if self.unfinished_tasks == 0:
                return
            self._joiners._waiters.append(current())
        _waiting.block(self._joiners)
