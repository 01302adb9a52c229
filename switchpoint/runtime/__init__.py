"""switchpoint's virtual-thread runtime: greenlet virtual threads with one hub per OS thread.

A short tour::

    from switchpoint import runtime as rt

    def worker(ch: rt.Channel) -> None:
        for item in ch:                  # recv() until the channel is closed
            rt.sleep(0.01)               # a switch point: other virtual threads run here

    def main() -> int:
        ch = rt.Channel(capacity=8)
        t = rt.spawn(worker, ch)         # a VThread; spawn never switches
        for i in range(10):
            ch.send(i)
        ch.close()
        t.join()
        with rt.timeout(1.0):            # raises rt.Timeout at a switch point after 1 s
            with rt.TaskGroup() as tg:   # a failing child cancels the others -> ExceptionGroup
                tg.spawn(rt.sleep, 0.1)
        return 0

    rt.run(main)                         # one hub in this OS thread, until main is done

What is where:

* Virtual threads: `run`, `spawn` -> `VThread` (`join`, `result`, `cancel`, `done`,
  `name`, `spawn_stack`), `current`, `sleep`, `checkpoint`, `TaskGroup`.
* Interruption: `Cancelled` (a BaseException) arrives at the next switch point
  after `VThread.cancel()`; `timeout(seconds)` raises `Timeout` the same way.
* Synchronisation, with the `threading` / `queue` interfaces: `Lock`, `RLock`,
  `Semaphore`, `BoundedSemaphore`, `Event`, `Condition`, `Queue`.
* Channels: `Channel(capacity=0)` (`send`, `recv`, `*_nowait`, `close`,
  iteration) and `select(*cases)`.
* I/O and the outside world: `switchpoint.runtime.net` (sockets),
  `to_thread(fn, *args)` (blocking calls on a thread pool), `await_(coroutine)`
  (asyncio code).
* Existing code on several OS threads: `ThreadConfined`, `Serial`, `HubPool`.
* Diagnostics: `Deadlock` (raised instead of hanging), `BlockingMonitor` (a hub
  that did not switch for 100 ms), `dump()`, `assert_switches()`, `atomic()`.

Every switch happens in `switchpoint.runtime._traps` (its `TRAPS` tuple lists
the switching functions); see docs/runtime.md for the design.
"""

import importlib
from typing import TYPE_CHECKING

# The public names are imported on first use (PEP 562), so importing this package
# (or switchpoint.runtime.tracing, which `switchpoint trace` loads before the
# traced program patches the stdlib with gevent) imports neither the runtime nor
# socket, ssl, selectors or threading. Static tools, and switchpoint's own
# analysis, read where each name comes from in this block.
if TYPE_CHECKING:
    from ._channels import Channel, select
    from ._diagnostics import BlockingMonitor, BlockingReport, assert_switches, atomic, dump
    from ._dispatch import HubPool, Serial, ThreadConfined
    from ._errors import AtomicViolation, Cancelled, ChannelClosed, Deadlock, NoSwitch, Timeout, WouldBlock
    from ._hub import Hub, run, spawn
    from ._sync import BoundedSemaphore, Condition, Event, Lock, Queue, RLock, Semaphore
    from ._taskgroup import TaskGroup
    from ._threads import await_, to_thread
    from ._timeouts import timeout
    from ._traps import checkpoint, sleep
    from ._vthread import VThread, current

# submodule -> the public names it defines; the same pairs as the block above
_EXPORTS = {
    "_channels": ("Channel", "select"),
    "_diagnostics": ("BlockingMonitor", "BlockingReport", "assert_switches", "atomic", "dump"),
    "_dispatch": ("HubPool", "Serial", "ThreadConfined"),
    "_errors": ("AtomicViolation", "Cancelled", "ChannelClosed", "Deadlock", "NoSwitch", "Timeout", "WouldBlock"),
    "_hub": ("Hub", "run", "spawn"),
    "_sync": ("BoundedSemaphore", "Condition", "Event", "Lock", "Queue", "RLock", "Semaphore"),
    "_taskgroup": ("TaskGroup",),
    "_threads": ("await_", "to_thread"),
    "_timeouts": ("timeout",),
    "_traps": ("checkpoint", "sleep"),
    "_vthread": ("VThread", "current"),
}
_SUBMODULE_OF = {name: submodule for submodule, names in _EXPORTS.items() for name in names}

__all__ = [
    "AtomicViolation", "BlockingMonitor", "BlockingReport", "BoundedSemaphore", "Cancelled", "Channel",
    "ChannelClosed", "Condition", "Deadlock", "Event", "Hub", "HubPool", "Lock", "NoSwitch", "Queue", "RLock",
    "Semaphore", "Serial", "TaskGroup", "ThreadConfined", "Timeout", "VThread", "WouldBlock", "assert_switches",
    "atomic", "await_", "checkpoint", "current", "dump", "run", "select", "sleep", "spawn", "timeout",
    "to_thread",
]


def __getattr__(name: str):
    """Imports the submodule defining public `name` on first access, then keeps the name here."""
    submodule = _SUBMODULE_OF.get(name)
    if submodule is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
