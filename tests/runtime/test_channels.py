"""Channels and select: rendezvous, buffering, closing, exactly-once delivery, fairness."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from switchpoint import runtime as rt


def test_unbuffered_send_returns_only_after_a_receiver_took_it():
    log = []

    def main():
        ch = rt.Channel()

        def sender():
            ch.send("x")
            log.append("sent")

        rt.spawn(sender)
        rt.sleep(0.01)
        assert log == []  # still waiting for a receiver
        log.append(ch.recv())
        rt.sleep(0)

    rt.run(main)
    assert log == ["x", "sent"]


def test_buffered_channel_holds_capacity_items_then_blocks():
    def main():
        ch = rt.Channel(2)
        ch.send(1)
        ch.send(2)
        with pytest.raises(rt.WouldBlock):
            ch.send_nowait(3)
        assert len(ch) == 2
        t = rt.spawn(ch.send, 3)
        rt.sleep(0)
        assert not t.done()
        assert [ch.recv(), ch.recv(), ch.recv()] == [1, 2, 3]
        t.join()
        t.result()

    rt.run(main)


def test_close_drains_then_stops_iteration_and_refuses_sends():
    def main():
        ch = rt.Channel(3)
        for i in range(3):
            ch.send(i)
        ch.close()
        ch.close()  # idempotent
        assert ch.closed
        with pytest.raises(rt.ChannelClosed):
            ch.send(9)
        assert list(ch) == [0, 1, 2]
        with pytest.raises(rt.ChannelClosed):
            ch.recv()

    rt.run(main)


def test_close_wakes_blocked_receivers_and_senders():
    def main():
        rx, tx = rt.Channel(), rt.Channel()
        r = rt.spawn(rx.recv)
        s = rt.spawn(tx.send, "never delivered")
        rt.sleep(0)
        rx.close()
        tx.close()
        for t in (r, s):
            t.join()
            with pytest.raises(rt.ChannelClosed):
                t.result()

    rt.run(main)


def test_bad_capacity_is_rejected():
    with pytest.raises(ValueError):
        rt.Channel(-1)
    with pytest.raises(ValueError):
        rt.Channel(1.5)


@settings(max_examples=25, deadline=None, database=None)
@given(capacity=st.integers(0, 4), producers=st.integers(1, 4), consumers=st.integers(1, 4),
       per_producer=st.integers(0, 30), seed=st.integers(0, 2**16))
def test_every_message_arrives_exactly_once_in_per_sender_order(capacity, producers, consumers, per_producer, seed):
    rng = random.Random(seed)

    def main():
        ch = rt.Channel(capacity)

        def producer(p):
            for i in range(per_producer):
                ch.send((p, i))
                if rng.random() < 0.3:
                    rt.sleep(0)

        def consumer():
            mine = []
            for item in ch:
                mine.append(item)
                if rng.random() < 0.3:
                    rt.sleep(0)
            return mine

        ps = [rt.spawn(producer, p) for p in range(producers)]
        cs = [rt.spawn(consumer) for _ in range(consumers)]
        for t in ps:
            t.join()
            t.result()
        ch.close()
        for t in cs:
            t.join()
        return [t.result() for t in cs]

    per_consumer = rt.run(main)
    received = [item for mine in per_consumer for item in mine]
    assert Counter(received) == Counter((p, i) for p in range(producers) for i in range(per_producer))
    for mine in per_consumer:  # each consumer sees each producer's items in sending order
        for p in range(producers):
            seq = [i for q, i in mine if q == p]
            assert seq == sorted(seq)


def test_select_takes_a_ready_case_and_leaves_the_others_alone():
    def main():
        a, b = rt.Channel(1), rt.Channel(1)
        b.send("from b")
        assert rt.select(a, b) == (1, "from b")
        assert rt.select((a, "to a"), b) == (0, None)
        assert a.recv_nowait() == "to a"

    rt.run(main)


def test_select_blocks_until_one_case_completes_then_unregisters():
    def main():
        a, b, c = rt.Channel(), rt.Channel(), rt.Channel()
        t = rt.spawn(rt.select, a, b, (c, "out"))
        rt.sleep(0)
        assert not t.done()
        b.send("hello")
        t.join()
        assert t.result() == (1, "hello")
        for ch in (a, c):  # no stale select case may absorb these
            with pytest.raises(rt.WouldBlock):
                ch.send_nowait("x") if ch is a else ch.recv_nowait()

    rt.run(main)


def test_two_selects_can_meet_each_other():
    def main():
        ch = rt.Channel()
        other = rt.Channel()
        r = rt.spawn(rt.select, ch, other)
        rt.sleep(0)
        assert rt.select((ch, 5), (other, 6)) in ((0, None), (1, None))
        r.join()
        assert r.result() in ((0, 5), (1, 6))

    rt.run(main)


def test_select_is_fair_between_always_ready_cases():
    def main():
        a, b = rt.Channel(100), rt.Channel(100)
        for i in range(100):
            a.send(i)
            b.send(i)
        picks = Counter(rt.select(a, b)[0] for _ in range(100))
        return picks

    picks = rt.run(main)
    assert picks[0] > 20 and picks[1] > 20


def test_select_on_closed_channel_raises_and_bad_cases_are_rejected():
    def main():
        a = rt.Channel()
        a.close()
        with pytest.raises(rt.ChannelClosed):
            rt.select(a)
        with pytest.raises(TypeError):
            rt.select("not a channel")
        with pytest.raises(ValueError):
            rt.select()
        b = rt.Channel()
        t = rt.spawn(rt.select, b)
        rt.sleep(0)
        b.close()
        t.join()
        with pytest.raises(rt.ChannelClosed):
            t.result()

    rt.run(main)
