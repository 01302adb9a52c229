"""Primitive calls that a flag argument tells not to wait: `sem.acquire(False)`, `os.waitpid(pid, os.WNOHANG)`.

A switching primitive is a point wherever it may switch; some take an argument under which their code
never reaches a switch (a non-blocking acquire returns False, a kill that does not block only schedules
the exception). This table lists them, one entry per such parameter, each read from the library's code
(gevent 26.9, eventlet 0.41, switchpoint.runtime, CPython's os), not from its documentation, and each shown
by a traced fixture (`literal_flags_*.py`) not to switch with the flag, and to switch without it.

Only a constant the call surely passes counts (resolve/constants.py): a literal (`False`, `0`), a C module's
constant (`os.WNOHANG`), a name bound only to such, or a parameter of the calling function every caller leaves
to such a default (callgraph/defaults.py); an expression, a `*x` or a `**m` that may carry the parameter keeps
the call the point it is. A positional argument counts only where the call's receiver is surely an instance
(`sem.acquire(False)`, not `Semaphore.acquire(sem, False)`, whose positions are shifted by one), or the
callable is a function.

Left out on purpose, each read from the code:
- gevent's `threading.Lock().acquire(False)` after `patch_all()` (gevent/thread.py `LockType.acquire`): a
  non-blocking acquire of a held lock calls `gevent.sleep()`, so spin locks let others run: it switches.
  Eventlet's patched lock does not, but the model names both `_thread.lock.acquire` (models/patches.py);
  unpatched, the same call neither switches nor blocks the hub (`unpatched_only`).
- `Event.wait(timeout=0)`, `Greenlet.join(timeout=0)` and the runtime's `timeout=0` waits: they park on
  the hub with a zero timer (the runtime's, when granted from another OS thread, takes the wake-up).
- gevent's `Channel.get/put(block=False)` (they wait on the hub with a zero timeout), eventlet's
  `put(block=False)` (as `put_nowait`: hands the item to a waiting getter and waits for it) and
  `CappedSemaphore.acquire(False)` (its lower bound's blocking acquire switches while others wait for it).
- a kill given its exception: killing a greenlet that has not started reports the error there and then,
  and a system error (`SystemExit`, `KeyboardInterrupt`) is thrown into the main greenlet (gevent's
  `Hub.handle_system_error`): those entries want the exception left to its default, `GreenletExit`.
Not told apart (as for `get_nowait`, which the model says never switches): the same calls made in the
hub itself (a callback the loop runs), where a non-blocking get or put on a full queue hands items over
to waiting greenlets by switching to them. Nor the greenlets a group kills: `Group.kill(block=False)`
calls each one's `kill(..., block=False)`, a subclass's override included, as `gevent.kill` does.
"""

from __future__ import annotations

import os
from typing import NamedTuple


class Quiet(NamedTuple):
    """A call of `callable` cannot switch when its parameter `parameter` is given one of `values`, written out."""
    callable: str  # the qualified name the model gives the primitive (SWITCHING), or a function with source
    parameter: str  # the parameter's name, as a keyword argument
    position: int  # its index among the arguments of a call through an instance (methods) or of a plain call
    values: tuple  # the literal constants that make the call never switch (compared with their type)
    left_out: tuple = ()  # (name, position) of parameters the call must leave to their defaults
    function: bool = False  # a plain function: its positional arguments count whatever the call looks like
    # only where the callable blocks the hub rather than switches: the stdlib's own lock, never gevent's (patched)
    unpatched_only: bool = False


_OFF = (False, 0)
_KILL_EXCEPTION = ("exception", 0)
_WNOHANG = getattr(os, "WNOHANG", 1)  # as the engine reads C constants: this interpreter's (Windows has none)

QUIET = (
    # gevent/greenlet.py Greenlet.kill: without block, it schedules `_kill` on the loop and returns (unstarted:
    # it reports GreenletExit, which runs no handler, and schedules the links)
    Quiet("gevent.Greenlet.kill", "block", 1, _OFF, (_KILL_EXCEPTION,)),
    # Greenlet.get: not ready and not block, it raises Timeout at once
    Quiet("gevent.Greenlet.get", "block", 0, _OFF),
    # gevent/greenlet.py killall: without block, it cancels the unstarted and schedules `_killall`
    Quiet("gevent.killall", "block", 2, _OFF, (("exception", 1),), function=True),
    # gevent/pool.py Group.kill: kills each with block=False and leaves the loop (a raw greenlet: gevent.kill,
    # which schedules the throw); killone: the same for one greenlet, without the join
    Quiet("gevent.pool.Group.kill", "block", 1, _OFF, (_KILL_EXCEPTION,)),
    Quiet("gevent.pool.Group.killone", "block", 2, _OFF, (("exception", 1),)),
    # gevent/pool.py Pool.add (and start, which passes its arguments on): acquire(blocking=False) on the pool's
    # semaphore, PoolFull when it is full
    Quiet("gevent.pool.Pool.add", "blocking", 1, _OFF),
    Quiet("gevent.pool.Pool.start", "blocking", 1, _OFF),
    # gevent/_semaphore.py Semaphore.acquire: takes a free count or returns False; from another OS thread it
    # coordinates with the owning hub only `if not self.counter and blocking`. RLock's goes to its Semaphore
    *(Quiet(f"gevent.lock.{cls}.acquire", "blocking", 0, _OFF) for cls in ("Semaphore", "BoundedSemaphore", "RLock")),
    # gevent/event.py AsyncResult.get: not ready and not block, it raises Timeout at once
    Quiet("gevent.event.AsyncResult.get", "block", 0, _OFF),
    # gevent/queue.py SimpleQueue.get, peek and put (every queue but Channel): an item there or a free slot, or
    # Empty / Full at once, as get_nowait and put_nowait (which call them so) do
    *(Quiet(f"gevent.queue.{cls}.{method}", "block", position, _OFF)
      for cls in ("SimpleQueue", "Queue", "LifoQueue", "PriorityQueue", "JoinableQueue")
      for method, position in (("get", 0), ("peek", 0), ("put", 1))),
    # eventlet/semaphore.py Semaphore.acquire (BoundedSemaphore's, eventlet.lock.Lock's): locked and not
    # blocking, it returns False; free, it takes the count with a zero timeout, never entering its wait loop
    *(Quiet(f"eventlet.semaphore.{cls}.acquire", "blocking", 0, _OFF) for cls in ("Semaphore", "BoundedSemaphore")),
    # eventlet/queue.py LightQueue.get: an item there, or Empty at once (as get_nowait)
    *(Quiet(f"eventlet.queue.{cls}.get", "block", 0, _OFF) for cls in ("LightQueue", "Queue", "LifoQueue", "PriorityQueue")),
    # switchpoint/runtime/_sync.py: a non-blocking acquire takes the lock or returns False under the guard; a
    # non-blocking get or put takes or offers an item (waking a waiter, never switching) or raises Empty / Full
    *(Quiet(f"switchpoint.runtime._sync.{cls}.acquire", "blocking", 0, _OFF) for cls in ("Lock", "RLock", "Semaphore")),
    Quiet("switchpoint.runtime._sync.Queue.get", "block", 0, _OFF),
    Quiet("switchpoint.runtime._sync.Queue.put", "block", 1, _OFF),
    # os.waitpid with WNOHANG: the C function returns (0, 0) at once for a child still running. Patched, gevent's
    # (gevent/os.py waitpid) answers a watched child's from its watcher without waiting (`options & _WNOHANG`) and
    # passes anything else to the C function, waiting on the hub only for `pid == -1 and options == 0` or a watched
    # child without the flag; eventlet's (eventlet/green/os.py) calls the C function when the flag is set. None
    # (subprocess.py binds `_WNOHANG = None` where it cannot fork) raises TypeError in all three before any wait
    Quiet("os.waitpid", "options", 1, (_WNOHANG, None), function=True),
    # os.wait3 and os.wait4 with WNOHANG: the C functions return (0, 0, rusage) at once for children still
    # running, as waitpid's does; neither gevent (gevent/os.py: fork, waitpid) nor eventlet (green/os.py: wait,
    # waitpid) replaces them, so the C function is what runs, patched or not. None raises TypeError first
    Quiet("os.wait3", "options", 0, (_WNOHANG, None), function=True),
    Quiet("os.wait4", "options", 1, (_WNOHANG, None), function=True),
    # the stdlib's own locks (C: _thread's), unpatched: a non-blocking acquire returns at once, never blocking
    # the hub (SP201). Patched by gevent, the same name is its LockType, which sleeps when the lock is held
    *(Quiet(f"_thread.{cls}.{method}", "blocking", 0, _OFF, unpatched_only=True)
      for cls, method in (("lock", "acquire"), ("lock", "acquire_lock"), ("RLock", "acquire"))),
)
