"""Seeing what the runtime does: the blocking monitor, dump(), assert_switches() and atomic().

* `BlockingMonitor` -- an OS thread that samples every hub and reports one whose
  current greenlet has not switched for longer than a threshold (default 100 ms),
  with the offending stack (the idea of gevent's monitor thread).
* `dump()` -- every live virtual thread: state, what it waits on, stack, spawn tree.
* `assert_switches()` -- fails if its body never reached a switch point.
* `atomic()` -- fails the moment its body reaches one.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from time import monotonic
from types import TracebackType
from typing import Callable

from greenlet import getcurrent

from ._errors import AtomicViolation, NoSwitch
from ._hub import Hub, all_hubs, current_hub
from ._vthread import VThread, current


_RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))


@dataclass
class BlockingReport:
    """One episode of a hub blocked by code that does not switch."""

    hub: str
    vthread: str | None
    seconds: float
    stack: list[str] = field(default_factory=list)  # outermost first, like a traceback

    def __str__(self) -> str:
        who = self.vthread or "the hub loop itself"
        lines = "\n".join(f"    {line}" for line in self.stack)
        return f"{self.hub} blocked for {self.seconds * 1000:.0f} ms by {who}, stack:\n{lines}"


def _frame_lines(frame: object) -> list[str]:
    lines = []
    while frame is not None:
        lines.append(f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
        frame = frame.f_back
    lines.reverse()
    return lines


def _running_vthread(frame: object) -> str | None:
    """Name of the virtual thread whose worker greenlet owns this frame chain (read from another thread)."""
    bottom = frame
    while bottom.f_back is not None:
        bottom = bottom.f_back
    if bottom.f_code.co_name != "_worker_main":
        return None
    try:
        vt = bottom.f_locals.get("vt")
    except Exception:  # the frame may change under us; a name is only a nicety
        return None
    return vt.name if isinstance(vt, VThread) else None


class BlockingMonitor:
    """Watches every hub from an OS thread and reports a hub stuck in one greenlet for over `threshold` s.

    `with BlockingMonitor() as monitor: run(main)`; reports go to `on_report`
    (default: printed to stderr) and are kept in `monitor.reports`.
    """

    def __init__(self, threshold: float = 0.1, on_report: Callable[[BlockingReport], None] | None = None,
                 interval: float | None = None) -> None:
        if not threshold > 0:
            raise ValueError(f"threshold must be a positive number of seconds, got {threshold!r}")
        self.threshold: float = threshold
        self.interval: float = interval if interval is not None else max(0.002, threshold / 5)
        self.on_report: Callable[[BlockingReport], None] = on_report or self._print
        self.reports: list[BlockingReport] = []
        self._stop: threading.Event = threading.Event()
        self._thread: threading.Thread | None = None
        # hub -> (last sample, when it was first seen, reported already)
        self._seen: dict[int, tuple[tuple[int, int], float, bool]] = {}

    @staticmethod
    def _print(report: BlockingReport) -> None:
        print(f"switchpoint: {report}", file=sys.stderr)

    def start(self) -> BlockingMonitor:
        if self._thread is not None:
            raise RuntimeError("BlockingMonitor already started")
        self._thread = threading.Thread(target=self._watch, name="switchpoint-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> BlockingMonitor:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def check(self) -> None:
        """Take one sample of every hub (the monitor thread calls this every `interval`)."""
        now = monotonic()
        frames = sys._current_frames()
        for hub in all_hubs():
            top = frames.get(hub.thread_id)
            if top is None or hub.polling:  # idle in select() is not blocking
                self._seen.pop(id(hub), None)
                continue
            bottom = top
            while bottom.f_back is not None:
                bottom = bottom.f_back
            sample = (hub.rounds, id(bottom))  # same round and same greenlet: no switch since
            last = self._seen.get(id(hub))
            if last is None or last[0] != sample:
                self._seen[id(hub)] = (sample, now, False)
                continue
            _, since, reported = last
            if not reported and now - since >= self.threshold:
                self._seen[id(hub)] = (sample, since, True)
                report = BlockingReport(hub.name, _running_vthread(top), now - since, _frame_lines(top))
                self.reports.append(report)
                self.on_report(report)


def dump() -> str:
    """Every live virtual thread of every hub: spawn tree, state, what it waits on, stack."""
    out: list[str] = []
    for hub in all_hubs():
        out.append(f"{hub.name} (OS thread {hub.thread_id}, {len(hub.live)} virtual threads)")
        live = list(hub.live)
        children: dict[int, list[VThread]] = {}
        roots = []
        for vt in live:
            parent = vt.parent
            if parent is not None and parent in hub.live:
                children.setdefault(parent.id, []).append(vt)
            else:
                roots.append(vt)

        def show(vt: VThread, depth: int) -> None:
            pad = "  " * (depth + 1)
            what = vt.waiting_on
            waits = ""
            if what is not None:
                desc = what._describe_wait() if hasattr(what, "_describe_wait") else repr(what)
                waits = f", waits on {desc}"
            out.append(f"{pad}{vt.name} [{vt.state}{waits}]")
            if vt.spawn_stack:
                out.append(f"{pad}  spawned at {vt.spawn_stack[0]}")
            for line in reversed(vt.stack):
                if not line.startswith(_RUNTIME_DIR):  # the user's frames, not the scheduler's
                    out.append(f"{pad}    {line}")
            for child in children.get(vt.id, ()):
                show(child, depth + 1)

        for vt in roots:
            show(vt, 0)
    return "\n".join(out)


class assert_switches:
    """`with assert_switches(): ...` raises NoSwitch if the body never switched to another greenlet."""

    def __init__(self) -> None:
        self._hub: Hub | None = None
        self._vt: VThread | None = None
        self._before: tuple[int, int] = (0, 0)

    def __enter__(self) -> assert_switches:
        self._hub = current_hub()
        self._vt = current()
        self._before = (self._hub.rounds, self._vt.handed_off)
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        # A virtual thread that switched resumed either in a later hub round or by a
        # direct hand-off from its waker (see wake()); both are counted.
        if et is None and (self._hub.rounds, self._vt.handed_off) == self._before:
            frame = sys._getframe(1)
            raise NoSwitch(f"the block ending at {frame.f_code.co_filename}:{frame.f_lineno} never switched")


class _NoSwitchQueue:
    """Stands in for the run queue inside atomic(): the traps touch it exactly when they would switch."""

    def __init__(self, where: str) -> None:
        self.where: str = where

    def _fail(self) -> AtomicViolation:
        return AtomicViolation(f"a switch point was reached inside the atomic() block at {self.where}")

    def append(self, greenlet: object) -> None:
        raise self._fail()

    def popleft(self) -> None:
        raise self._fail()


class atomic:
    """`with atomic(): ...` raises AtomicViolation at the first switch point inside the body.

    Costs nothing elsewhere: the current worker's run-queue slot is swapped for
    a stand-in that fails when a trap touches it.
    """

    def __init__(self) -> None:
        self._saved: object = None
        self._greenlet: object = None

    def __enter__(self) -> atomic:
        g = getcurrent()
        if not hasattr(g, "ready") or getattr(g, "vt", None) is None:
            raise RuntimeError("atomic() must be used inside a switchpoint virtual thread")
        frame = sys._getframe(1)
        self._greenlet = g
        self._saved = g.ready
        g.ready = _NoSwitchQueue(f"{frame.f_code.co_filename}:{frame.f_lineno}")
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self._greenlet.ready = self._saved
