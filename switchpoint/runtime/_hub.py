"""The per-OS-thread scheduler: run queue, timer heap, selector I/O, virtual threads and their worker greenlets.

One `Hub` per OS thread. Its loop runs in its own greenlet and, once per round,
drains cross-thread calls, fires due timers, polls I/O (`_io.Poller`), then
hands the run queue to `_traps.run_round`. Virtual threads (`_vthread.VThread`)
run on pooled worker greenlets, so spawning does not pay for a fresh greenlet
each time.

Cancellation and timeouts go through `Hub.interrupt`: it first asks the waitable
a blocked thread is registered with to `_abort_wait(vt)` (see `_waiting`); only
if that succeeds is the thread woken with the exception, so a grant (a lock
handed over, a message delivered) is never lost.
"""

from __future__ import annotations

import heapq
import itertools
import os
import sys
import threading
import weakref
from collections import deque
from time import monotonic
from typing import Any, Callable

from greenlet import greenlet, getcurrent

from . import _traps
from ._errors import Cancelled, Deadlock, WaitTimedOut
from ._io import Poller
from ._vthread import DONE, READY, RUNNING, VThread
from ._waiting import wake

_get_ident = threading.get_ident
_ids = itertools.count(1)
_timer_seq = itertools.count()

# How many caller frames spawn() records for `VThread.spawn_stack`: 0 (off), 1 or 2.
SPAWN_STACK_DEPTH = 2
# Direct hand-offs (see wake()) allowed per hub round before woken threads queue up behind the hub.
HANDOFFS_PER_ROUND = 64
# Fresh worker greenlets a hub creates per round while spawned threads wait to start.
FRESH_WORKERS_PER_ROUND = 64
# Started, idle worker greenlets a hub keeps ready, so spawn() can queue one at once.
MIN_IDLE_WORKERS = 8
# Finished worker greenlets kept for reuse per hub.
MAX_IDLE_WORKERS = 256

# Every live hub, for dump() and the blocking monitor.
_hubs: weakref.WeakSet[Hub] = weakref.WeakSet()
_hubs_lock = threading.Lock()


class Worker(greenlet):
    """A greenlet that runs virtual threads one after another (reused, never migrates)."""

    __slots__ = ("ready", "hub", "vt", "pending", "aborted")
    ready: deque[greenlet]  # the hub's run queue (atomic() swaps in a stand-in)
    hub: Hub
    vt: VThread | None  # the virtual thread it runs now
    pending: BaseException | None  # delivered at the next switch point
    aborted: bool  # woken by interrupt(), not by a waker

    def deliver(self) -> None:
        """Raise the pending cancellation or timeout in this (the current) greenlet."""
        exc = self.pending
        self.pending = None
        raise exc


class HubGreenlet(greenlet):
    """The greenlet the hub loop runs in; `hub` lets spawn() find the hub from timer callbacks."""

    __slots__ = ("hub",)
    hub: Hub


class Timer:
    """A callback the hub calls once at a deadline, unless cancelled first."""

    __slots__ = ("deadline", "callback", "arg", "cancelled", "hub")

    def __init__(self, deadline: float, callback: Callable[[Any], None], arg: Any, hub: Hub) -> None:
        self.deadline: float = deadline
        self.callback: Callable[[Any], None] | None = callback
        self.arg: Any = arg
        self.cancelled: bool = False
        self.hub: Hub = hub

    def cancel(self) -> None:
        if not self.cancelled:
            self.cancelled = True
            self.callback = self.arg = None
            self.hub._timer_cancelled()

    # A sleeping thread waits on its timer: aborting the sleep cancels it.
    def _abort_wait(self, vt: VThread) -> bool:
        if self.cancelled or self.callback is None:
            return False
        self.cancel()
        return True

    def _describe_wait(self) -> str:
        return f"sleep until {self.deadline - monotonic():+.3f}s from now"


class Hub:
    """A greenlet scheduler bound to one OS thread: ready queue, timers, I/O, virtual threads."""

    def __init__(self, name: str | None = None, *, keepalive: bool = False) -> None:
        self.name: str = name or f"hub-{next(_ids)}"
        self.ready: deque[greenlet] = deque()
        self.thread_id: int = 0
        self.lock: threading.Lock = threading.Lock()
        self.greenlet: HubGreenlet | None = None
        self.rounds: int = 0
        self.handoffs: int = HANDOFFS_PER_ROUND  # see wake()
        self.polling: bool = False
        self.live: dict[VThread, None] = {}
        self._idle: list[Worker] = []
        # Spawned, not started: a worker that is free picks the next one up, so a burst of
        # short tasks needs few greenlets (creating one costs several microseconds).
        self._starts: deque[VThread] = deque()
        self._launchers: int = 0  # workers queued to pick from _starts
        self._need_workers: bool = True
        self._timers: list[tuple[float, int, Timer]] = []
        self._cancelled_timers: int = 0
        self._incoming: deque[tuple[Callable[..., Any], tuple]] = deque()
        self.io: Poller = Poller(self)
        # Reasons to keep waiting with nothing ready (threads in flight, dispatcher owners).
        self.external: int = 1 if keepalive else 0
        self._keepalive: bool = keepalive
        self._stopping: bool = False
        self._main: VThread | None = None
        self._closed: bool = False
        self.unobserved: list[VThread] = []
        self.callback_errors: list[BaseException] = []
        with _hubs_lock:
            _hubs.add(self)

    def __repr__(self) -> str:
        return f"<Hub {self.name} live={len(self.live)}>"

    # -- spawning -------------------------------------------------------
    def spawn(self, fn: Callable[..., Any], args: tuple, kwargs: dict,
              frame: Any = None, parent: VThread | None = None) -> VThread:
        """Create a VThread on this hub and make it ready (call on the hub's thread)."""
        frames = None
        if frame is not None and SPAWN_STACK_DEPTH:
            # Unrolled, into a tuple: a loop over f_back with f_lineno cost a third of spawn().
            # f_lasti, not f_lineno: the line is looked up only when someone asks.
            back = frame.f_back
            if back is None or SPAWN_STACK_DEPTH == 1:
                frames = (frame.f_code, frame.f_lasti)
            else:
                frames = (frame.f_code, frame.f_lasti, back.f_code, back.f_lasti)
        vt = VThread(fn, args, kwargs, self, parent, frames)
        self.adopt(vt)
        return vt

    def spawn_threadsafe(self, fn: Callable[..., Any], args: tuple, kwargs: dict,
                         frame: Any = None, parent: VThread | None = None) -> VThread:
        """Create a VThread for this hub from any OS thread; it starts at the hub's next round."""
        if self.thread_id == _get_ident():
            return self.spawn(fn, args, kwargs, frame, parent)
        if self._closed:
            raise RuntimeError(f"{self.name} has shut down; cannot spawn on it")
        frames = None
        if frame is not None and SPAWN_STACK_DEPTH:
            frames = (frame.f_code, frame.f_lasti)
        vt = VThread(fn, args, kwargs, self, parent, frames)
        self.call_soon_threadsafe(self.adopt, vt)
        return vt

    def adopt(self, vt: VThread) -> None:
        """Queue a new VThread to start on this hub (on the hub's own thread only; does not switch)."""
        if self._closed:
            raise RuntimeError(f"{self.name} has shut down; cannot start {vt.name}")
        self.live[vt] = None
        vt._state = READY
        self._starts.append(vt)
        idle = self._idle
        if idle and self._launchers < len(self._starts):
            self._launchers += 1
            self.ready.append(idle.pop())  # keeps spawn order among everything that is ready
            if len(idle) < MIN_IDLE_WORKERS:
                self._need_workers = True
        else:
            self._need_workers = True

    def _launch_workers(self) -> None:
        """Send workers for queued starts (idle ones first, then a few fresh ones), and refill the idle pool.

        Fresh greenlets start here, from the hub's shallow stack (see
        _traps.start_worker), a capped number per round: a worker that finishes
        picks up the next queued start itself, so bursts of short tasks need few.
        """
        need = len(self._starts) - self._launchers
        while need > 0 and self._idle:
            self._launchers += 1
            self.ready.append(self._idle.pop())
            need -= 1
        fresh = min(need, FRESH_WORKERS_PER_ROUND)
        for i in range(fresh + max(0, MIN_IDLE_WORKERS - len(self._idle))):
            w = Worker(_worker_main, self.greenlet)
            w.ready = self.ready
            w.hub = self
            w.vt = None
            w.pending = None
            w.aborted = False
            _traps.start_worker(w)
            if i < fresh:
                self._launchers += 1
                self.ready.append(w)
            else:
                self._idle.append(w)
        self._need_workers = len(self._starts) > self._launchers

    def _finish(self, vt: VThread, result: Any, exc: BaseException | None) -> None:
        with self.lock:
            vt._result = result
            vt._exc = exc
            vt._state = DONE
            joiners, vt._joiners = vt._joiners, None
            callbacks, vt._on_done = vt._on_done, None
        vt._args = vt._kwargs = None
        vt.parent = None  # no chains of dead ancestors
        del self.live[vt]
        if joiners is not None:
            for j in joiners:
                if isinstance(j, VThread):
                    wake(j)  # usually one joiner: hand straight over to it
                else:
                    j.set()
        if callbacks is not None:
            for cb in callbacks:
                try:
                    cb(vt)
                except BaseException as cb_exc:  # must not kill the worker; run() raises it at the end
                    cb_exc.add_note(f"raised by a done-callback of {vt.name}")
                    self.callback_errors.append(cb_exc)
        if exc is not None and not isinstance(exc, (Cancelled, Deadlock)) and vt is not self._main:
            self.unobserved.append(vt)
            if len(self.unobserved) > 1024:  # a long-running hub: forget failures observed since
                self.unobserved = [other for other in self.unobserved if not other._observed]
        if vt is self._main:
            self._begin_shutdown()

    def _begin_shutdown(self) -> None:
        self._stopping = True
        for other in list(self.live):
            other.cancel()

    # -- waking ---------------------------------------------------------
    def wake_sleeper(self, vt: VThread) -> None:
        self.ready.append(vt._worker)

    def _expire_wait(self, arg: tuple[VThread, object]) -> None:
        vt, waitable = arg
        self.interrupt(vt, WaitTimedOut(), only_if_waiting_on=waitable)

    def interrupt(self, vt: VThread, exc: BaseException, only_if_waiting_on: object = None) -> None:
        """Deliver `exc` to vt at its next switch point (on the hub's thread). A blocked vt is woken now.

        With `only_if_waiting_on`, do nothing unless vt is blocked on exactly that waitable
        (per-call timeouts must not leak out of the call they belong to).
        """
        w = vt._worker
        if vt._state == DONE or w is None:
            return  # finished, or not adopted yet (adopt() sees _cancel_requested)
        waiting_on = vt.waiting_on
        if only_if_waiting_on is not None and waiting_on is not only_if_waiting_on:
            return
        if waiting_on is not None and waiting_on._abort_wait(vt):
            pending = w.pending
            if pending is None or isinstance(pending, WaitTimedOut) or (
                    isinstance(exc, Cancelled) and not isinstance(pending, Cancelled)):
                w.pending = exc
            w.aborted = True  # the abort succeeded, so the pending exception is why it wakes
            self.ready.append(w)
        elif only_if_waiting_on is None:
            pending = w.pending
            if pending is None or (isinstance(exc, Cancelled) and not isinstance(pending, Cancelled)):
                w.pending = exc  # cancellation outranks a timeout that has not been delivered yet

    def call_soon_threadsafe(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run fn(*args) in this hub's loop, from any OS thread."""
        self._incoming.append((fn, args))
        self.io.poke()

    # -- timers ---------------------------------------------------------
    def call_later(self, delay: float, callback: Callable[[Any], None], arg: Any) -> Timer:
        deadline = monotonic() + delay
        timer = Timer(deadline, callback, arg, self)
        heapq.heappush(self._timers, (deadline, next(_timer_seq), timer))
        return timer

    def _timer_cancelled(self) -> None:
        self._cancelled_timers += 1
        if self._cancelled_timers > 256 and self._cancelled_timers * 2 > len(self._timers):
            self._timers[:] = [t for t in self._timers if not t[2].cancelled]  # in place: _loop holds it
            heapq.heapify(self._timers)
            self._cancelled_timers = 0

    def _fire_timers(self) -> None:
        timers = self._timers
        now = monotonic()
        while timers and timers[0][0] <= now:
            timer = heapq.heappop(timers)[2]
            if timer.cancelled:
                self._cancelled_timers -= 1
                continue
            callback, arg = timer.callback, timer.arg
            timer.callback = timer.arg = None
            timer.cancelled = True
            callback(arg)

    def wait_io(self, fileobj: Any, writable: bool) -> None:
        """Block the current virtual thread until fileobj (a socket or an fd) is readable (or writable)."""
        self.io.wait(fileobj, writable)

    # -- the loop -------------------------------------------------------
    def run(self, main: Callable[..., Any], args: tuple = (), kwargs: dict | None = None, frame: Any = None) -> Any:
        """Run main(*args, **kwargs) as a virtual thread until it and everything it left behind finish."""
        self._enter()
        try:
            self._main = self.spawn(main, args, kwargs or {}, frame or sys._getframe(1))
            self._main.name = f"main:{getattr(main, '__qualname__', type(main).__name__)}"
            _traps.enter_hub(self.greenlet)
        finally:
            self._exit()
        main_vt = self._main
        failures = [vt._exc for vt in self.unobserved if not vt._observed] + self.callback_errors
        if main_vt._exc is not None:
            for exc in failures:
                main_vt._exc.add_note(f"also failed, never observed: {exc!r}")
            raise main_vt._exc
        if failures:
            raise BaseExceptionGroup("virtual threads failed and nobody called result() on them", failures)
        return main_vt._result

    def _enter(self) -> None:
        if getattr(_local, "hub", None) is not None:
            raise RuntimeError("a switchpoint hub is already running in this OS thread")
        if self._closed:
            raise RuntimeError(f"{self.name} has already run")
        _local.hub = self
        self.thread_id = _get_ident()
        self.greenlet = HubGreenlet(self._loop)
        self.greenlet.hub = self

    def _exit(self) -> None:
        _local.hub = None
        self._closed = True
        for w in self._idle:
            _traps.retire_worker(w)
        self._idle.clear()
        self.io.close()

    def run_forever(self) -> None:
        """Run the loop until stop() (a dispatcher's thread body); needs keepalive=True."""
        self._enter()
        try:
            _traps.enter_hub(self.greenlet)
        finally:
            self._exit()
        failures = [vt._exc for vt in self.unobserved if not vt._observed] + self.callback_errors
        if failures:
            raise BaseExceptionGroup(
                f"virtual threads on {self.name} failed and nobody called result() on them", failures)

    def stop(self) -> None:
        """Thread-safe: drop the keepalive; the loop ends once its virtual threads finish."""
        self.call_soon_threadsafe(self._release_keepalive)

    def _release_keepalive(self) -> None:
        if self._keepalive:
            self._keepalive = False
            self.external -= 1

    def _loop(self) -> None:
        ready = self.ready
        incoming = self._incoming
        timers = self._timers
        io = self.io
        me = self.greenlet
        deadlocks = 0
        while True:
            while incoming:
                fn, args = incoming.popleft()
                fn(*args)
            if timers:
                self._fire_timers()
            if self._need_workers:
                self._launch_workers()
            if ready:
                if io.waiters:
                    io.poll(0)
                self.rounds += 1
                self.handoffs = HANDOFFS_PER_ROUND
                _traps.run_round(ready, me)
                continue
            while timers and timers[0][2].cancelled:  # a cancelled timer must not keep the hub waiting
                heapq.heappop(timers)
                self._cancelled_timers -= 1
            if timers:
                io.poll(max(0.0, timers[0][0] - monotonic()))
                continue
            if io.waiters or self.external or incoming:
                io.poll(None)
                continue
            if not self.live:
                return
            # Nothing can ever wake the blocked threads: report them, then unwind them.
            deadlocks += 1
            report = self.describe_blocked()
            if deadlocks > 1:
                raise Deadlock("still deadlocked after delivering Deadlock:\n" + report)
            for vt in list(self.live):
                self.interrupt(vt, Deadlock("deadlock: nothing can wake any virtual thread\n" + report))

    def describe_blocked(self) -> str:
        """One line per live virtual thread: who waits on what, and where."""
        lines = []
        for vt in self.live:
            what = vt.waiting_on
            desc = what._describe_wait() if hasattr(what, "_describe_wait") else repr(what)
            where = _user_frame(vt)
            lines.append(f"  {vt.name} waits on {desc}" + (f" at {where}" if where else ""))
        return "\n".join(lines)


def _user_frame(vt: VThread) -> str:
    """The innermost stack line outside switchpoint.runtime: where user code blocked."""
    here = os.path.dirname(__file__)
    for line in vt.stack:
        if not line.startswith(here):
            return line
    return ""


def _worker_main() -> None:
    """Body of every worker greenlet: start queued VThreads one after another, park when none is left."""
    _traps.worker_started()
    g = getcurrent()
    hub = g.hub
    starts = hub._starts
    while True:
        if hub._closed:
            return  # retired at hub shutdown
        hub._launchers -= 1  # whoever queued this worker counted it as coming for a start
        while starts:
            vt = starts.popleft()
            g.vt = vt
            vt._worker = g
            vt._state = RUNNING
            result = exc = None
            try:
                if vt._cancel_requested:
                    raise Cancelled(f"{vt.name} was cancelled before it started")
                result = vt._fn(*vt._args, **vt._kwargs)
            except BaseException as e:  # reported through result()/join, never swallowed
                exc = e
            g.vt = None
            g.pending = None
            g.aborted = False
            vt._worker = None
            hub._finish(vt, result, exc)
            del vt, result, exc
        if hub._closed:
            return  # killed (GreenletExit) after its hub ended abnormally: nothing left to switch to
        if len(hub._idle) < MAX_IDLE_WORKERS and not hub._stopping:
            hub._idle.append(g)
            _traps.park_worker(g)
        else:
            _traps.park_worker(g)  # to the next ready greenlet; this one is dropped
            return


_local = threading.local()


def current_hub() -> Hub:
    """The hub running in this OS thread; RuntimeError outside one."""
    hub = getattr(getcurrent(), "hub", None)
    if hub is None:
        raise RuntimeError("no switchpoint hub runs in this OS thread; start one with switchpoint.runtime.run(main)")
    return hub


def spawn(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> VThread:
    """Start fn(*args, **kwargs) as a new virtual thread on the current hub; does not switch."""
    g = getcurrent()
    hub: Hub | None = getattr(g, "hub", None)
    if hub is None:
        raise RuntimeError("spawn() needs a running hub; start one with switchpoint.runtime.run(main)")
    return hub.spawn(fn, args, kwargs, sys._getframe(1), getattr(g, "vt", None))


def run(main: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run main(*args, **kwargs) on a new hub in this OS thread and return its result.

    When main returns, the virtual threads it left running are cancelled and
    waited for. Raises main's exception; raises `Deadlock` if every virtual thread
    is blocked and nothing can wake them; raises an ExceptionGroup of failures of
    other virtual threads that nobody observed with result().
    """
    return Hub().run(main, args, kwargs, sys._getframe(1))


def all_hubs() -> list[Hub]:
    with _hubs_lock:
        return [h for h in _hubs if not h._closed and h.greenlet is not None]
