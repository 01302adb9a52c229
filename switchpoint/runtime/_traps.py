"""The only functions that ever switch greenlets: every switch point of the runtime is a call to one of these.

Like trio's `_core/_traps.py`, this module is the whole interface between the
scheduler and the greenlet machinery. Nothing else in switchpoint.runtime calls
`greenlet.switch` or `greenlet.throw`. The static analysis reads the `TRAPS`
tuple below with `ast` (never importing this module) and treats every function
named there as a switch point; everything else in the runtime switches only by
calling one of them.

User code reaches only `checkpoint`, `sleep` and `park` (through blocking
calls); the other traps are the hub's own moves (running a round, starting and
parking worker greenlets).

Scheduling model (see `_hub.py`): every virtual thread runs on a worker
greenlet (`_hub.Worker`) whose slots the traps read -- `ready` (its hub's run
queue), `hub`, `vt` (the virtual thread it runs), `pending` (an exception to
deliver at the next switch point) and `aborted` (woken by an interruption
rather than by a waker). The hub's own greenlet sits in the run queue once per
round, so a switching task hands control straight to the next ready greenlet
(one `switch()` per switch point) and the queue is never empty while tasks run.
"""

from __future__ import annotations

from greenlet import getcurrent

# Read by the static analysis: exactly the module-level functions below that switch.
TRAPS = (
    "checkpoint", "sleep", "park", "park_worker", "run_round", "enter_hub", "start_worker", "worker_started",
    "retire_worker",
)


def _outside(what: str) -> RuntimeError:
    return RuntimeError(
        f"{what} was called outside a switchpoint virtual thread; "
        "start one with switchpoint.runtime.run(main) or spawn()"
    )


def checkpoint() -> None:
    """Let every other ready virtual thread run once, then continue (a pure switch point)."""
    g = getcurrent()
    try:
        ready = g.ready
    except AttributeError:
        raise _outside("checkpoint()") from None
    ready.append(g)
    ready.popleft().switch()
    if g.pending is not None:
        g.deliver()


def sleep(seconds: float) -> None:
    """Suspend the current virtual thread for `seconds` (0 = a checkpoint)."""
    g = getcurrent()
    try:
        ready = g.ready
    except AttributeError:
        raise _outside("sleep()") from None
    if seconds == 0:
        ready.append(g)
        ready.popleft().switch()
        if g.pending is not None:
            g.deliver()
        return
    if not seconds > 0:  # also rejects NaN
        raise ValueError(f"sleep() needs a non-negative number of seconds, got {seconds!r}")
    park(g.hub.call_later(seconds, g.hub.wake_sleeper, g.vt))


def park(waiting_on: object) -> None:
    """Block the current virtual thread until a waker puts it back on its run queue.

    The caller has already registered the thread with `waiting_on`, which must
    offer `_abort_wait(vt) -> bool` (remove the waiter; False if a waker got there
    first). Returns normally only when a waker woke it. When it raises (a
    pending cancellation or timeout, before blocking or instead of the wake-up),
    the thread is no longer registered: callers need no clean-up of their own.
    """
    g = getcurrent()
    try:
        ready = g.ready
    except AttributeError:
        raise _outside("a blocking call") from None
    vt = g.vt
    if g.pending is not None and waiting_on._abort_wait(vt):
        g.deliver()  # otherwise a waker (on another OS thread) already woke us: consume that wake-up
    try:
        nxt = ready.popleft()  # raises inside atomic(): see _diagnostics.atomic
    except BaseException:
        waiting_on._abort_wait(vt)
        raise
    vt.waiting_on = waiting_on
    nxt.switch()
    vt.waiting_on = None
    if g.aborted:
        g.aborted = False
        g.deliver()


def park_worker(g: object) -> None:
    """A worker greenlet with no task waits here until it is given the next one."""
    g.ready.popleft().switch()


def run_round(ready: object, hub_greenlet: object) -> None:
    """Run every greenlet that is ready now; returns when the hub's own turn comes round."""
    ready.append(hub_greenlet)
    ready.popleft().switch()


def enter_hub(hub_greenlet: object) -> None:
    """Start (or resume) the hub loop from the thread's calling greenlet; returns when it ends."""
    hub_greenlet.switch()


def start_worker(worker: object) -> None:
    """Start a fresh worker greenlet from the hub; returns once it is parked, ready for its task.

    Fresh greenlets must start from the hub's shallow stack: a greenlet started by
    a direct transfer from another worker inherits that worker's recursion depth,
    and thousands of them chained would hit the recursion limit.
    """
    worker.switch()


def worker_started() -> None:
    """A fresh worker's first act: hand control back to the hub that started it."""
    getcurrent().parent.switch()


def retire_worker(worker: object) -> None:
    """Let an idle worker greenlet return so it ends cleanly (hub shutdown)."""
    worker.switch()
