"""Diagnostics: Deadlock instead of a hang, the blocking monitor, dump(), assert_switches() and atomic()."""

from __future__ import annotations

import time

import pytest

from switchpoint import runtime as rt


def test_deadlock_names_who_waits_on_what_and_where():
    def take_both(first, second, ready):
        with first:
            ready.wait()
            with second:
                pass

    def main():
        a, b = rt.Lock(), rt.Lock()
        ready = rt.Event()
        x = rt.spawn(take_both, a, b, ready)
        y = rt.spawn(take_both, b, a, ready)
        x.name, y.name = "first-a", "first-b"
        rt.sleep(0)
        ready.set()
        x.join()

    with pytest.raises(rt.Deadlock) as info:
        rt.run(main)
    message = str(info.value)
    assert "first-a waits on <Lock locked by first-b" in message
    assert "first-b waits on <Lock locked by first-a" in message
    assert "main" in message and "join(first-a)" in message
    assert "test_diagnostics.py" in message and "in take_both" in message


def test_channel_nobody_sends_on_is_a_deadlock_not_a_hang():
    def main():
        rt.Channel().recv()

    with pytest.raises(rt.Deadlock, match="Channel"):
        rt.run(main)


def test_waiting_for_a_timer_or_a_thread_is_not_a_deadlock():
    def main():
        rt.sleep(0.01)
        return rt.to_thread(time.sleep, 0.01)

    assert rt.run(main) is None


def test_blocking_monitor_reports_the_offending_stack():
    def offender():
        time.sleep(0.25)  # blocks the whole hub: no switch point

    def main():
        rt.sleep(0.15)  # waiting idle in select() longer than the threshold is not blocking
        t = rt.spawn(offender)
        t.name = "the-offender"
        t.join()

    reports = []
    with rt.BlockingMonitor(threshold=0.1, on_report=reports.append):
        rt.run(main)
    mine = [r for r in reports if r.vthread == "the-offender"]  # a loaded machine may add stalls of its own
    assert len(mine) == 1, [str(r) for r in reports]
    report = mine[0]
    assert not any(r.vthread is None for r in reports), "an idle hub was reported"
    assert report.vthread == "the-offender"
    assert report.seconds >= 0.1
    assert any("in offender" in line for line in report.stack)
    assert "blocked for" in str(report)


def test_blocking_monitor_stays_quiet_for_a_busy_but_switching_hub():
    def spinner(stop):
        while not stop.is_set():
            time.sleep(0.001)  # short blocking pieces...
            rt.sleep(0)        # ...between switch points

    def main():
        stop = rt.Event()
        ts = [rt.spawn(spinner, stop) for _ in range(3)]
        rt.sleep(0.3)
        stop.set()
        for t in ts:
            t.join()

    reports = []
    with rt.BlockingMonitor(threshold=0.25, interval=0.01, on_report=reports.append):
        rt.run(main)
    assert reports == [], [str(r) for r in reports]


def test_blocking_monitor_rejects_a_bad_threshold():
    with pytest.raises(ValueError):
        rt.BlockingMonitor(threshold=0)


def test_dump_shows_states_waits_stacks_and_the_spawn_tree():
    def grandchild(ev):
        ev.wait()

    def child(ev):
        rt.spawn(grandchild, ev).name = "grandchild"
        rt.sleep(1)

    def main():
        ev = rt.Event()
        c = rt.spawn(child, ev)
        c.name = "child"
        rt.sleep(0)
        rt.sleep(0)
        text = rt.dump()
        c.cancel()
        ev.set()
        return text

    text = rt.run(main)
    lines = text.splitlines()
    main_line = next(i for i, l in enumerate(lines) if "main:" in l and "[running]" in l)
    child_line = next(i for i, l in enumerate(lines) if "child [waiting, waits on sleep" in l)
    grand_line = next(i for i, l in enumerate(lines) if "grandchild [waiting, waits on <Event unset" in l)
    assert main_line < child_line < grand_line
    indent = [len(lines[i]) - len(lines[i].lstrip()) for i in (main_line, child_line, grand_line)]
    assert indent[0] < indent[1] < indent[2]
    assert "in grandchild" in text and "test_diagnostics.py" in text
    assert "_traps.py" not in text  # the scheduler's own frames are left out


def test_assert_switches_passes_when_the_body_switches_and_fails_when_not():
    def main():
        with rt.assert_switches():
            rt.sleep(0)
        lock = rt.Lock()
        with rt.assert_switches():
            t = rt.spawn(lambda: None)
            t.join()
        with pytest.raises(rt.NoSwitch):
            with rt.assert_switches():
                with lock:  # uncontended: no switch
                    pass
        ch = rt.Channel()
        echo = rt.spawn(lambda: ch.send(ch.recv()))
        rt.sleep(0)
        with rt.assert_switches():  # woken by a direct hand-off within one hub round
            ch.send(1)
            ch.recv()
        echo.join()
        lock.acquire()
        waiter = rt.spawn(lock.acquire)
        rt.sleep(0)
        with pytest.raises(rt.NoSwitch):
            with rt.assert_switches():
                lock.release()  # hands the lock over (a hand-off for *it*), but we never switch
        waiter.join()

    rt.run(main)


def test_atomic_fails_at_the_first_switch_point_and_not_before():
    log = []

    def main():
        with rt.atomic():
            log.append("before")
            rt.spawn(log.append, "spawned")  # spawn does not switch
            rt.Event().set()
        with pytest.raises(rt.AtomicViolation, match="atomic"):
            with rt.atomic():
                log.append("inside")
                rt.sleep(0)
                log.append("never")
        ch = rt.Channel()
        with pytest.raises(rt.AtomicViolation):
            with rt.atomic():
                ch.recv()
        with pytest.raises(rt.WouldBlock):
            ch.send_nowait(1)  # the failed recv left no waiter behind
        rt.sleep(0)  # switching works again after the block

    rt.run(main)
    assert log == ["before", "inside", "spawned"]
