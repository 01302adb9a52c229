"""Locks, semaphores, events, conditions and queues: semantics of their threading/queue counterparts."""

from __future__ import annotations

import queue
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from switchpoint import runtime as rt


def test_lock_excludes_and_serves_waiters_in_fifo_order():
    order = []
    inside = []

    def worker(i, lock):
        with lock:
            inside.append(i)
            assert len(inside) == 1, "two threads inside the lock"
            rt.sleep(0)
            order.append(i)
            inside.remove(i)

    def main():
        lock = rt.Lock()
        ts = [rt.spawn(worker, i, lock) for i in range(5)]
        for t in ts:
            t.join()
            t.result()

    rt.run(main)
    assert order == [0, 1, 2, 3, 4]


def test_lock_release_unlocked_raises_and_nonblocking_acquire():
    def main():
        lock = rt.Lock()
        with pytest.raises(RuntimeError):
            lock.release()
        assert lock.acquire(blocking=False)
        assert not lock.acquire(blocking=False)
        assert lock.locked()
        lock.release()
        assert not lock.locked()

    rt.run(main)


def test_rlock_reenters_and_only_owner_releases():
    def main():
        lock = rt.RLock()
        with lock:
            with lock:
                pass
            t = rt.spawn(lock.release)
            t.join()
            with pytest.raises(RuntimeError, match="does not own"):
                t.result()
            other = rt.spawn(lock.acquire, True, 0.01)
            other.join()
            assert other.result() is False
        other = rt.spawn(lock.acquire, True, 0.01)
        other.join()
        assert other.result() is True

    rt.run(main)


def test_semaphore_limits_concurrency():
    peak = []
    active = []

    def worker(sem):
        with sem:
            active.append(1)
            peak.append(len(active))
            rt.sleep(0.001)
            active.pop()

    def main():
        sem = rt.Semaphore(3)
        ts = [rt.spawn(worker, sem) for _ in range(10)]
        for t in ts:
            t.join()

    rt.run(main)
    assert max(peak) == 3 and len(peak) == 10


def test_bounded_semaphore_rejects_extra_release_and_bad_values():
    def main():
        sem = rt.BoundedSemaphore(1)
        sem.acquire()
        sem.release()
        with pytest.raises(ValueError):
            sem.release()
        with pytest.raises(ValueError):
            rt.Semaphore(-1)
        plain = rt.Semaphore(0)
        plain.release(2)
        assert plain.acquire(False) and plain.acquire(False) and not plain.acquire(False)

    rt.run(main)


def test_event_wakes_every_waiter_in_order():
    woke = []

    def waiter(i, ev):
        assert ev.wait() is True
        woke.append(i)

    def main():
        ev = rt.Event()
        ts = [rt.spawn(waiter, i, ev) for i in range(4)]
        rt.sleep(0)
        assert woke == []
        ev.set()
        assert ev.is_set()
        for t in ts:
            t.join()
        ev.clear()
        assert not ev.is_set() and ev.wait(0.001) is False

    rt.run(main)
    assert woke == [0, 1, 2, 3]


def test_condition_notify_one_and_all_and_wait_for():
    def main():
        cond = rt.Condition(rt.Lock())
        items = []
        got = []

        def consumer():
            with cond:
                cond.wait_for(lambda: items)
                got.append(items.pop(0))

        ts = [rt.spawn(consumer) for _ in range(3)]
        rt.sleep(0)
        with cond:
            items.append("a")
            cond.notify()
        rt.sleep(0)
        assert got == ["a"]
        with cond:
            items.extend("bc")
            cond.notify_all()
        for t in ts:
            t.join()
            t.result()
        assert sorted(got) == ["a", "b", "c"]
        with pytest.raises(RuntimeError):
            cond.notify()
        with pytest.raises(RuntimeError):
            cond.wait()

    rt.run(main)


def test_queue_is_fifo_blocks_when_full_and_counts_tasks():
    def main():
        q = rt.Queue(maxsize=2)
        out = []

        def producer():
            for i in range(6):
                q.put(i)
            q.put(None)

        def consumer():
            while (item := q.get()) is not None:
                out.append(item)
                q.task_done()
            q.task_done()

        p, c = rt.spawn(producer), rt.spawn(consumer)
        q.join()
        p.join()
        c.join()
        assert out == list(range(6))
        assert q.empty() and not q.full() and q.qsize() == 0
        with pytest.raises(ValueError):
            q.task_done()
        with pytest.raises(queue.Empty):
            q.get_nowait()
        q.put_nowait(1)
        q.put_nowait(2)
        with pytest.raises(queue.Full):
            q.put_nowait(3)

    rt.run(main)


def test_queue_hands_items_to_waiting_getters_and_moves_waiting_putters_in_order():
    def main():
        q = rt.Queue(maxsize=1)
        got = []
        getter = rt.spawn(lambda: got.append(q.get()))
        rt.sleep(0)
        q.put("direct")  # straight to the waiting getter
        getter.join()
        q.put("a")
        putters = [rt.spawn(q.put, x) for x in "bc"]
        rt.sleep(0)
        assert all(not p.done() for p in putters)
        assert [q.get(), q.get(), q.get()] == ["a", "b", "c"]
        for p in putters:
            p.join()
            p.result()
        assert got == ["direct"] and q.unfinished_tasks == 4

    rt.run(main)


def test_queue_nowait_calls_and_task_done_never_switch():
    def main():
        q = rt.Queue()
        joiner = rt.spawn(q.join)
        q.put_nowait(1)
        rt.sleep(0)
        assert not joiner.done()
        with rt.atomic():
            q.put_nowait(2)
            assert q.get_nowait() == 1 and q.get_nowait() == 2
            q.task_done()
            q.task_done()
        joiner.join()
        assert joiner.done()

    rt.run(main)


@settings(max_examples=25, deadline=None, database=None)
@given(maxsize=st.integers(0, 3), producers=st.integers(1, 3), consumers=st.integers(1, 3),
       per_producer=st.integers(0, 25), permits=st.integers(1, 3), seed=st.integers(0, 2**16))
def test_queue_and_semaphore_under_random_interleavings(maxsize, producers, consumers, per_producer, permits, seed):
    """Every item arrives exactly once, per-producer order holds, and the semaphore is never over-taken."""
    rng = random.Random(seed)
    stop = object()

    def main():
        q = rt.Queue(maxsize)
        sem = rt.Semaphore(permits)
        holders = []
        peak = [0]

        def maybe_switch():
            if rng.random() < 0.4:
                rt.sleep(0)

        def producer(p):
            for i in range(per_producer):
                with sem:
                    holders.append(p)
                    peak[0] = max(peak[0], len(holders))
                    maybe_switch()
                    holders.remove(p)
                q.put((p, i))
                maybe_switch()

        def consumer():
            got = []
            while (item := q.get()) is not stop:
                got.append(item)
                q.task_done()
                maybe_switch()
            q.task_done()
            return got

        ps = [rt.spawn(producer, p) for p in range(producers)]
        cs = [rt.spawn(consumer) for _ in range(consumers)]
        for t in ps:
            t.join()
            t.result()
        for _ in cs:
            q.put(stop)
        q.join()
        for t in cs:
            t.join()
        return [t.result() for t in cs], peak[0]

    per_consumer, peak = rt.run(main)
    assert peak <= permits
    everything = [item for got in per_consumer for item in got]
    assert sorted(everything) == sorted((p, i) for p in range(producers) for i in range(per_producer))
    for got in per_consumer:
        for p in range(producers):
            seq = [i for q, i in got if q == p]
            assert seq == sorted(seq)
