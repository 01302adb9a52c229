"""Cancellation and timeouts at every blocking call: each one raises, and leaves the primitive as it was."""

from __future__ import annotations

import asyncio
import queue
import socket
import time

import pytest

from switchpoint import runtime as rt
from switchpoint.runtime import net


# Each scenario builds a blocking call and a check that the primitive still works
# (no stale waiter swallowing the next message, no leaked ownership).
def _sleep():
    return (lambda: rt.sleep(10)), (lambda: None)


def _lock():
    lock = rt.Lock()
    lock.acquire()

    def after():
        lock.release()
        assert lock.acquire(blocking=False), "a cancelled waiter kept the lock"
    return lock.acquire, after


def _rlock():
    lock = rt.RLock()
    holder_done = rt.Event()

    def holder():
        with lock:
            holder_done.wait()
    rt.spawn(holder)
    rt.sleep(0)

    def after():
        holder_done.set()
        rt.sleep(0.001)
        assert lock.acquire(blocking=False)
        lock.release()
    return lock.acquire, after


def _semaphore():
    sem = rt.Semaphore(0)

    def after():
        sem.release()
        assert sem.acquire(blocking=False), "a cancelled waiter took the permit"
    return sem.acquire, after


def _event():
    ev = rt.Event()

    def after():
        ev.set()
        assert ev.wait(0)
    return ev.wait, after


def _condition():
    cond = rt.Condition()

    def block():
        with cond:
            cond.wait()

    def after():
        woke = []

        def waiter():
            with cond:
                woke.append(cond.wait(1))
        t = rt.spawn(waiter)
        rt.sleep(0)
        with cond:
            cond.notify()
        t.join()
        assert woke == [True], "notify went to the cancelled waiter"
    return block, after


def _queue_get():
    q = rt.Queue()

    def after():
        q.put_nowait(1)
        assert q.get_nowait() == 1
    return q.get, after


def _queue_put():
    q = rt.Queue(maxsize=1)
    q.put("first")

    def after():
        assert q.get_nowait() == "first"
        with pytest.raises(queue.Empty):
            q.get_nowait()
    return (lambda: q.put("second")), after


def _queue_join():
    q = rt.Queue()
    q.put(1)

    def after():
        q.get()
        q.task_done()
        q.join()  # returns at once: the interrupted joiner left nothing behind
    return q.join, after


def _net_sendall():
    left, right = socket.socketpair()
    left.setblocking(False)

    def after():
        left.close()
        right.close()
    return (lambda: net.sendall(left, b"x" * (64 << 20))), after  # nobody reads: fills the buffers


def _channel_recv():
    ch = rt.Channel()

    def after():
        with pytest.raises(rt.WouldBlock):
            ch.send_nowait("lost?")  # a stale receiver would swallow this
    return ch.recv, after


def _channel_send():
    ch = rt.Channel()

    def after():
        with pytest.raises(rt.WouldBlock):
            ch.recv_nowait()  # the interrupted send must not have delivered
    return (lambda: ch.send("x")), after


def _select():
    a, b = rt.Channel(), rt.Channel(1)
    b.send("fill")

    def after():
        with pytest.raises(rt.WouldBlock):
            a.send_nowait("lost?")
        assert b.recv_nowait() == "fill"
    return (lambda: rt.select(a, (b, "more"))), after


def _join():
    target = rt.spawn(rt.sleep, 10)

    def after():
        assert not target.done()
        target.cancel()
        target.join()
    return target.join, after


def _net_recv():
    left, right = socket.socketpair()
    left.setblocking(False)

    def after():
        right.sendall(b"hi")
        assert net.recv(left, 10) == b"hi"
        left.close()
        right.close()
    return (lambda: net.recv(left, 10)), after


def _net_accept():
    listener = net.listen()

    def after():
        client = net.connect(listener.getsockname())
        conn, _ = net.accept(listener)
        conn.close()
        client.close()
        listener.close()
    return (lambda: net.accept(listener)), after


def _to_thread():
    return (lambda: rt.to_thread(time.sleep, 0.1)), (lambda: None)


def _await():
    return (lambda: rt.await_(asyncio.sleep(10))), (lambda: None)


SCENARIOS = [_sleep, _lock, _rlock, _semaphore, _event, _condition, _queue_get, _queue_put, _queue_join,
             _channel_recv, _channel_send, _select, _join, _net_recv, _net_accept, _net_sendall, _to_thread, _await]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__.strip("_"))
def test_cancel_interrupts_the_blocking_call(scenario):
    def main():
        block, after = scenario()
        reached = []

        def victim():
            reached.append("blocking")
            block()
            reached.append("returned")

        t = rt.spawn(victim)
        rt.sleep(0.005)
        assert t.state == "waiting", t.state
        t.cancel()
        t.join()
        assert t.cancelled()
        assert reached == ["blocking"]
        after()

    rt.run(main)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__.strip("_"))
def test_timeout_interrupts_the_blocking_call(scenario):
    def main():
        block, after = scenario()
        with pytest.raises(rt.Timeout):
            with rt.timeout(0.01):
                block()
        after()

    rt.run(main)


def test_cancel_before_start_means_it_never_runs():
    ran = []

    def main():
        t = rt.spawn(ran.append, 1)
        t.cancel()
        t.join()
        assert t.cancelled()

    rt.run(main)
    assert ran == []


def test_cancel_of_a_ready_thread_arrives_at_its_next_switch_point():
    log = []

    def worker():
        log.append("running")
        x = sum(range(100))  # no switch point: cannot be interrupted
        log.append(x)
        rt.sleep(0)
        log.append("never")

    def main():
        t = rt.spawn(worker)
        t.cancel()  # not started yet is covered elsewhere; let it start first
        t.join()

    def main2():
        t = rt.spawn(worker)
        rt.checkpoint()  # worker runs up to its sleep(0) and is ready again
        t.cancel()
        t.join()
        assert t.cancelled()

    rt.run(main)
    assert log == []
    rt.run(main2)
    assert log == ["running", 4950]


def test_cancelled_is_not_swallowed_by_except_exception():
    def worker():
        try:
            rt.sleep(10)
        except Exception:
            return "swallowed"

    def main():
        t = rt.spawn(worker)
        rt.sleep(0)
        t.cancel()
        t.join()
        return t.cancelled()

    assert rt.run(main) is True


def test_a_lock_handed_over_before_the_cancel_is_not_leaked():
    def main():
        lock = rt.Lock()
        lock.acquire()
        got = []

        def waiter():
            with lock:
                got.append("got it")
                rt.sleep(0)  # the pending cancellation arrives here, inside the with
                got.append("never")

        t = rt.spawn(waiter)
        rt.sleep(0)
        lock.release()  # hands the lock to the waiter...
        t.cancel()      # ...which is cancelled before it runs
        t.join()
        assert got == ["got it"]
        assert t.cancelled()
        assert not lock.locked()

    rt.run(main)


def test_a_message_delivered_before_the_cancel_is_not_lost():
    def main():
        ch = rt.Channel()
        received = []

        def receiver():
            received.append(ch.recv())
            rt.sleep(0)

        t = rt.spawn(receiver)
        rt.sleep(0)
        ch.send("precious")  # handed straight to the waiting receiver
        t.cancel()
        t.join()
        assert received == ["precious"]
        assert t.cancelled()

    rt.run(main)


def test_timeout_that_expires_without_a_switch_point_does_not_leak_out():
    def main():
        with rt.timeout(0.001):
            time.sleep(0.01)  # blocks the hub; no switch point inside
        rt.sleep(0)  # must not raise the stale Timeout
        return "ok"

    assert rt.run(main) == "ok"


def test_nested_timeouts_raise_the_inner_ones_own_timeout():
    def main():
        outer = rt.timeout(1)
        with outer:
            inner = rt.timeout(0.01)
            with pytest.raises(rt.Timeout) as info:
                with inner:
                    rt.sleep(0.5)
            assert info.value.scope is inner and inner.expired and not outer.expired
        with pytest.raises(rt.Timeout) as info:
            with rt.timeout(0.01) as outer2:
                with rt.timeout(1):
                    rt.sleep(0.5)
        assert info.value.scope is outer2

    rt.run(main)


def test_timeout_none_never_expires_and_bad_values_are_rejected():
    def main():
        with rt.timeout(None):
            rt.sleep(0.01)
        with pytest.raises(ValueError):
            rt.timeout(-1)

    rt.run(main)


def test_per_call_timeouts_return_false_or_raise_the_stdlib_error():
    def main():
        lock = rt.Lock()
        lock.acquire()
        assert lock.acquire(timeout=0.01) is False
        assert rt.Event().wait(0.01) is False
        assert rt.Semaphore(0).acquire(timeout=0.01) is False
        cond = rt.Condition()
        with cond:
            assert cond.wait(0.01) is False
        with pytest.raises(queue.Empty):
            rt.Queue().get(timeout=0.01)
        q = rt.Queue(1)
        q.put(1)
        with pytest.raises(queue.Full):
            q.put(2, timeout=0.01)
        with pytest.raises(ValueError):
            lock.acquire(blocking=False, timeout=1)
        # the per-call timeout must not fire later, outside its call
        rt.sleep(0.03)
        return "ok"

    assert rt.run(main) == "ok"


def test_a_zero_timeout_gives_up_without_switching():
    def main():
        lock = rt.Lock()
        lock.acquire()
        q = rt.Queue()
        with rt.atomic():  # none of these may switch
            assert lock.acquire(timeout=0) is False
            assert rt.Event().wait(0) is False
            assert rt.Semaphore(0).acquire(timeout=0) is False
            with pytest.raises(queue.Empty):
                q.get(timeout=0)
        lock.release()
        assert lock.acquire(timeout=0) is True  # and the aborted waits left nothing behind

    rt.run(main)
