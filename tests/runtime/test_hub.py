"""The hub and virtual threads: run, spawn, join, results, ordering, fairness, sleep, worker reuse."""

from __future__ import annotations

import threading
import time

import pytest
from greenlet import getcurrent

from switchpoint import runtime as rt


def test_run_returns_main_result_and_passes_arguments():
    assert rt.run(lambda a, b=0: a * 10 + b, 4, b=2) == 42


def test_run_raises_mains_exception():
    def main():
        raise KeyError("boom")
    with pytest.raises(KeyError, match="boom"):
        rt.run(main)


def test_spawned_threads_start_in_spawn_order_and_take_turns():
    log = []

    def worker(name):
        for i in range(3):
            log.append((name, i))
            rt.sleep(0)

    def main():
        ts = [rt.spawn(worker, n) for n in "abc"]
        for t in ts:
            t.join()

    rt.run(main)
    assert log == [(n, i) for i in range(3) for n in "abc"]


def test_spawn_does_not_switch():
    log = []

    def main():
        rt.spawn(log.append, "child")
        log.append("parent")
        rt.sleep(0)
        log.append("parent again")

    rt.run(main)
    assert log == ["parent", "child", "parent again"]


def test_fairness_many_busy_threads_each_get_equal_turns():
    counts = {}

    def spinner(i, stop):
        while not stop.is_set():
            counts[i] = counts.get(i, 0) + 1
            rt.sleep(0)

    def main():
        stop = rt.Event()
        ts = [rt.spawn(spinner, i, stop) for i in range(10)]
        for _ in range(200):
            rt.sleep(0)
        stop.set()
        for t in ts:
            t.join()

    rt.run(main)
    assert len(counts) == 10
    assert max(counts.values()) - min(counts.values()) <= 1


def test_sleep_waits_at_least_the_given_time_and_others_run_meanwhile():
    ran = []

    def main():
        rt.spawn(ran.append, "other")
        start = time.monotonic()
        rt.sleep(0.05)
        return time.monotonic() - start

    assert rt.run(main) >= 0.05
    assert ran == ["other"]


def test_sleepers_wake_in_deadline_order():
    order = []

    def sleeper(d):
        rt.sleep(d)
        order.append(d)

    def main():
        ts = [rt.spawn(sleeper, d) for d in (0.03, 0.01, 0.02)]
        for t in ts:
            t.join()

    rt.run(main)
    assert order == [0.01, 0.02, 0.03]


@pytest.mark.parametrize("bad", [-1, float("nan")])
def test_sleep_rejects_negative_and_nan(bad):
    def main():
        rt.sleep(bad)
    with pytest.raises(ValueError, match="non-negative"):
        rt.run(main)


def test_join_timeout_returns_false_and_result_before_done_raises():
    def main():
        t = rt.spawn(rt.sleep, 0.2)
        assert t.join(timeout=0.01) is False
        with pytest.raises(RuntimeError, match="not finished"):
            t.result()
        assert t.join() is True
        return t.result()

    assert rt.run(main) is None


def test_result_reraises_the_threads_exception():
    def fail():
        raise ValueError("in child")

    def main():
        t = rt.spawn(fail)
        t.join()
        with pytest.raises(ValueError, match="in child"):
            t.result()
        return type(t.exception()).__name__

    assert rt.run(main) == "ValueError"


def test_unobserved_failures_are_raised_by_run():
    def fail(i):
        raise OSError(f"lost {i}")

    def main():
        for i in range(2):
            rt.spawn(fail, i)
        rt.sleep(0)

    with pytest.raises(ExceptionGroup) as info:
        rt.run(main)
    assert sorted(str(e) for e in info.value.exceptions) == ["lost 0", "lost 1"]


def test_threads_left_running_are_cancelled_when_main_returns():
    seen = []

    def forever():
        try:
            rt.sleep(100)
        except rt.Cancelled:
            seen.append("cancelled")
            raise

    def main():
        rt.spawn(forever)
        rt.sleep(0)

    rt.run(main)
    assert seen == ["cancelled"]


def test_current_name_and_spawn_stack():
    def child():
        return rt.current()

    def main():
        t = rt.spawn(child)
        t.join()
        assert t.result() is t
        assert "child" in t.name
        t.name = "renamed"
        assert t.name == "renamed"
        assert t.parent is None  # cleared when it finished
        return t.spawn_stack

    stack = rt.run(main)
    assert "test_hub.py" in stack[0] and "in main" in stack[0]


def test_spawn_tree_parent_while_running():
    def main():
        me = rt.current()
        t = rt.spawn(rt.sleep, 0.01)
        assert t.parent is me
        t.join()

    rt.run(main)


def test_finished_worker_greenlets_are_reused():
    def main():
        seen = set()
        for _ in range(20):
            t = rt.spawn(lambda: id(getcurrent()))
            t.join()
            seen.add(t.result())
        return len(seen)

    assert rt.run(main) == 1


def test_outside_a_hub_calls_fail_clearly():
    with pytest.raises(RuntimeError, match="run"):
        rt.spawn(print)
    with pytest.raises(RuntimeError, match="outside a switchpoint virtual thread"):
        rt.sleep(0)
    with pytest.raises(RuntimeError, match="outside a switchpoint virtual thread"):
        rt.checkpoint()
    with pytest.raises(RuntimeError):
        rt.current()


def test_run_cannot_nest_in_one_os_thread():
    def main():
        rt.run(lambda: None)
    with pytest.raises(RuntimeError, match="already running"):
        rt.run(main)


def test_spawn_rejects_non_callables():
    def main():
        rt.spawn(42)
    with pytest.raises(TypeError, match="callable"):
        rt.run(main)


def test_hubs_in_two_os_threads_are_independent():
    results = {}

    def body(tag):
        def main():
            t = rt.spawn(lambda: threading.get_ident())
            t.join()
            rt.sleep(0.01)
            return t.result()
        results[tag] = (rt.run(main), threading.get_ident())

    threads = [threading.Thread(target=body, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(10)
    assert len(results) == 2
    assert all(vt_thread == os_thread for vt_thread, os_thread in results.values())


def test_base_exceptions_of_unobserved_threads_are_raised_too():
    def main():
        rt.spawn(lambda: (_ for _ in ()).throw(SystemExit(3)))
        rt.sleep(0)

    with pytest.raises(BaseExceptionGroup) as info:
        rt.run(main)
    assert [type(e) for e in info.value.exceptions] == [SystemExit]


def test_a_failing_done_callback_neither_kills_the_worker_nor_vanishes():
    def main():
        t = rt.spawn(lambda: 1)
        t.add_done_callback(lambda vt: 1 / 0)
        t.join()
        after = rt.spawn(lambda: "still works")
        after.join()
        return after.result()

    with pytest.raises(ExceptionGroup) as info:
        rt.run(main)
    assert [type(e) for e in info.value.exceptions] == [ZeroDivisionError]


def test_a_ping_pong_pair_cannot_starve_timers_or_other_threads():
    """Direct hand-offs skip the hub, but only a bounded number of times per round."""
    def main():
        ping, pong = rt.Channel(), rt.Channel()
        others = []

        def player(inbox, outbox, first):
            exchanged = 0
            try:
                if first:
                    outbox.send(0)
                while True:  # runs until the channels close: only the hub's timer can stop it
                    outbox.send(inbox.recv() + 1)
                    exchanged += 1
            except rt.ChannelClosed:
                return exchanged

        def bystander():
            rt.sleep(0)
            others.append("ran")

        a = rt.spawn(player, ping, pong, True)
        b = rt.spawn(player, pong, ping, False)
        rt.spawn(bystander)
        rt.sleep(0.01)  # a timer: needs the hub to get its turn
        ping.close()
        pong.close()
        a.join()
        b.join()
        return others, a.result() > 0 and b.result() > 0

    assert rt.run(main) == (["ran"], True)


def test_waiting_senders_are_served_in_arrival_order():
    def main():
        ch = rt.Channel()
        for i in range(5):
            rt.spawn(ch.send, i)
        rt.sleep(0)
        return [ch.recv() for _ in range(5)]

    assert rt.run(main) == [0, 1, 2, 3, 4]
