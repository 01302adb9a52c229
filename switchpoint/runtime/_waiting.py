"""The wake-up protocol every blocking call follows: `block` (park with an optional timeout), `wake`, `wake_all`.

A blocking call registers the current VThread with a *waitable* (an object
with `_abort_wait(vt) -> bool`), then blocks. A waker removes it from the
waitable under the waitable's guard and wakes it; both work from any OS thread.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

from greenlet import getcurrent

from . import _traps
from ._errors import WaitTimedOut

if TYPE_CHECKING:
    from ._vthread import VThread

_get_ident = threading.get_ident


def wake(vt: VThread) -> None:
    """Put a blocked virtual thread back on its hub's run queue; callable from any OS thread.

    On the hub's own thread the woken thread goes to the front of the queue, so it
    runs as soon as the waker switches (a direct hand-off: ping-pong between two
    virtual threads costs no trip through the hub). A per-round budget keeps such
    pairs from starving the others and the hub's timers and I/O.
    """
    hub = vt._hub
    if hub.thread_id == _get_ident():
        if hub.handoffs:
            hub.handoffs -= 1
            vt.handed_off += 1
            hub.ready.appendleft(vt._worker)
        else:
            hub.ready.append(vt._worker)
    else:
        hub.call_soon_threadsafe(hub.ready.append, vt._worker)


def wake_all(vts: list[VThread] | deque[VThread]) -> None:
    """Wake several virtual threads in order (first woken runs first); callable from any OS thread."""
    for vt in vts:
        hub = vt._hub
        if hub.thread_id == _get_ident():
            hub.ready.append(vt._worker)
        else:
            hub.call_soon_threadsafe(hub.ready.append, vt._worker)


def block(waitable: object, timeout: float | None = None) -> bool:
    """Park on `waitable` (already registered): True once woken, False if `timeout` seconds passed first.

    On False or an exception the thread is no longer registered with `waitable`.
    """
    if timeout is None:
        _traps.park(waitable)
        return True
    g = getcurrent()
    hub = getattr(g, "hub", None)
    if hub is None:
        raise RuntimeError("a blocking call with a timeout was made outside a switchpoint virtual thread")
    if timeout <= 0:  # "don't wait": give up at once, without a switch, unless already granted
        if waitable._abort_wait(g.vt):
            return False
        _traps.park(waitable)  # granted from another OS thread: take the wake-up that is on its way
        return True
    timer = hub.call_later(timeout, hub._expire_wait, (g.vt, waitable))
    try:
        _traps.park(waitable)
    except WaitTimedOut:
        return False
    finally:
        timer.cancel()
    return True
