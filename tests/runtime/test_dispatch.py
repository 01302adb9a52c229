"""Dispatchers on real OS threads: thread confinement, serial order, a pool of hubs, cross-hub wake-ups."""

from __future__ import annotations

import threading

import pytest
from greenlet import getcurrent

from switchpoint import runtime as rt


def _where():
    return threading.get_ident(), id(getcurrent())


def test_thread_confined_runs_everything_on_its_one_thread():
    with rt.ThreadConfined("gui") as confined:
        vts = [confined.spawn(threading.get_ident) for _ in range(5)]
        for vt in vts:
            assert vt.join(timeout=10)
        idents = {vt.result() for vt in vts}
        assert idents == {confined.thread.ident}
        assert confined.thread.ident != threading.get_ident()
        assert confined.call(lambda a, b: a + b, 2, 3) == 5


def test_a_virtual_thread_never_leaves_its_os_thread():
    def hop():
        seen = {_where()}
        for i in range(20):
            rt.sleep(0 if i % 2 else 0.0005)
            seen.add(_where())
        return seen

    with rt.HubPool(3) as pool:
        vts = [pool.spawn(hop) for _ in range(12)]
        for vt in vts:
            assert vt.join(timeout=10)
        results = [vt.result() for vt in vts]
    assert all(len(seen) == 1 for seen in results)
    threads = {next(iter(seen))[0] for seen in results}
    assert len(threads) == 3, "spawn should spread work over every hub of the pool"


def test_cross_hub_lock_keeps_a_shared_counter_exact():
    lock = rt.Lock()
    counter = [0]

    def bump():
        for _ in range(50):
            with lock:
                value = counter[0]
                rt.sleep(0)  # another virtual thread on another OS thread may try to enter here
                counter[0] = value + 1

    with rt.HubPool(3) as pool:
        vts = [pool.spawn(bump) for _ in range(6)]
        for vt in vts:
            assert vt.join(timeout=20)
            vt.result()
    assert counter[0] == 300


def test_cross_hub_channel_delivers_every_message_once():
    ch = rt.Channel(4)
    n = 500

    def produce(offset):
        for i in range(n):
            ch.send(offset + i)

    def consume():
        return list(ch)

    with rt.HubPool(2) as pool:
        producers = [pool.spawn(produce, k * n) for k in range(2)]
        consumers = [pool.spawn(consume) for _ in range(2)]
        for vt in producers:
            assert vt.join(timeout=20)
            vt.result()
        ch.close()
        got = []
        for vt in consumers:
            assert vt.join(timeout=20)
            got.extend(vt.result())
    assert sorted(got) == list(range(2 * n))


def test_join_and_cancel_across_hubs():
    with rt.ThreadConfined() as confined:
        sleeper = confined.spawn(rt.sleep, 30)

        def main():
            waiter = confined.spawn(rt.sleep, 0.01)
            assert waiter.join(timeout=10)  # a virtual thread here joins one over there
            sleeper.cancel()                # and cancels one over there
            assert sleeper.join(timeout=10)
            return sleeper.cancelled()

        assert rt.run(main) is True


def test_call_and_join_from_a_virtual_thread_wait_for_the_other_hub():
    # nothing on main's hub can wake it while it joins a thread over there: not a deadlock
    def double(x):
        rt.sleep(0.01)
        return 2 * x

    with rt.ThreadConfined() as confined, rt.HubPool(2) as pool:
        def main():
            there = confined.spawn(double, 4)
            there.join()
            return confined.call(double, 1), pool.call(double, 2), there.result()

        assert rt.run(main) == (2, 4, 8)


def test_serial_runs_one_at_a_time_in_submission_order():
    active = []
    started = []

    def task(i):
        active.append(i)
        assert len(active) == 1, f"tasks overlapped: {active}"
        started.append(i)
        rt.sleep(0.001)
        rt.sleep(0)
        active.remove(i)
        return i

    with rt.HubPool(2) as pool:
        serial = rt.Serial(pool)
        vts = [serial.spawn(task, i) for i in range(10)]
        for vt in vts:
            assert vt.join(timeout=20)
        assert [vt.result() for vt in vts] == list(range(10))
        assert "task" in vts[0].name
    assert started == list(range(10))


def test_serial_keeps_going_after_a_failed_task():
    with rt.ThreadConfined() as confined:
        serial = rt.Serial(confined)
        first = serial.spawn(lambda: 1 / 0)
        second = serial.spawn(lambda: "ok")
        assert second.join(timeout=10)
        assert second.result() == "ok"
        with pytest.raises(ZeroDivisionError):
            first.result()


def test_close_reports_failures_nobody_looked_at():
    confined = rt.ThreadConfined()
    vt = confined.spawn(lambda: {}["missing"])
    assert vt.join(timeout=10)
    with pytest.raises(ExceptionGroup) as info:
        confined.close()
    assert isinstance(info.value.exceptions[0], KeyError)


def test_pool_size_is_validated():
    with pytest.raises(ValueError):
        rt.HubPool(0)


def test_select_across_hubs_delivers_every_message_exactly_once():
    a, b = rt.Channel(), rt.Channel(2)
    n = 300

    def produce(ch, tag):
        for i in range(n):
            ch.send((tag, i))

    def consume():
        got = []
        while True:
            try:
                got.append(rt.select(a, b)[1])
            except rt.ChannelClosed:
                return got

    with rt.HubPool(3) as pool:
        consumers = [pool.spawn(consume) for _ in range(3)]
        producers = [pool.spawn(produce, a, "a"), pool.spawn(produce, b, "b")]
        for vt in producers:
            assert vt.join(timeout=30)
            vt.result()
        a.close()  # a consumer blocked in select on a closed channel gets ChannelClosed
        for vt in consumers:
            assert vt.join(timeout=30)
        b.close()
        leftovers = list(b)  # whatever was still buffered when a closed
        got = [item for vt in consumers for item in vt.result()] + leftovers
    assert sorted(got) == sorted([("a", i) for i in range(n)] + [("b", i) for i in range(n)])


def test_the_blocking_monitor_watches_every_hub_of_a_pool():
    import time

    reports = []
    with rt.BlockingMonitor(threshold=0.1, on_report=reports.append):
        with rt.HubPool(2) as pool:
            vt = pool.spawn(time.sleep, 0.3)  # blocks whichever hub it lands on
            vt.name = "pool-offender"
            assert vt.join(timeout=10)
    assert any(r.vthread == "pool-offender" and r.hub.startswith("pool-") for r in reports)


def test_thread_confined_can_be_hosted_by_a_thread_you_already_have():
    """own_thread=False: the main thread (a GUI's, say) runs the hub; other threads hand it work."""
    confined = rt.ThreadConfined("main-thread-hub", own_thread=False)
    outcome = {}

    def other_thread():
        vts = [confined.spawn(threading.get_ident) for _ in range(3)]
        outcome["joined"] = all(vt.join(timeout=10) for vt in vts)
        outcome["idents"] = {vt.result() for vt in vts}
        confined.close()  # lets run_forever() below return

    helper = threading.Thread(target=other_thread)
    helper.start()
    confined.run_forever()
    helper.join(10)
    assert outcome == {"joined": True, "idents": {threading.get_ident()}}
    assert confined.thread is None
    with rt.ThreadConfined() as threaded:
        with pytest.raises(RuntimeError, match="own thread"):
            threaded.run_forever()
