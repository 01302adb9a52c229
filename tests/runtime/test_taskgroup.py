"""TaskGroup: waits for its children, a failure cancels siblings and body, errors come out grouped."""

from __future__ import annotations

import pytest

from switchpoint import runtime as rt



def _sleeper_noting_cancel(cancelled: list):
    """A child that sleeps until cancelled, and notes that it was."""
    def child():
        try:
            rt.sleep(10)
        except rt.Cancelled:
            cancelled.append(True)
            raise

    return child

def test_waits_for_all_children_and_returns_normally():
    def main():
        done = []
        with rt.TaskGroup() as tg:
            for d in (0.02, 0.01, 0):
                tg.spawn(lambda d=d: (rt.sleep(d), done.append(d)))
        return sorted(done)

    assert rt.run(main) == [0, 0.01, 0.02]


def test_a_failing_child_cancels_siblings_and_the_body():
    log = []

    def sibling():
        try:
            rt.sleep(10)
        except rt.Cancelled:
            log.append("sibling cancelled")
            raise

    def failing():
        rt.sleep(0.01)
        raise ValueError("child failed")

    def main():
        with pytest.raises(ExceptionGroup) as info:
            with rt.TaskGroup() as tg:
                tg.spawn(sibling)
                tg.spawn(failing)
                try:
                    rt.sleep(10)
                except rt.Cancelled:
                    log.append("body cancelled")
                    raise
                log.append("body finished")  # never
        assert [type(e) for e in info.value.exceptions] == [ValueError]
        rt.sleep(0)  # the body's cancellation does not leak out of the group
        return "after"

    assert rt.run(main) == "after"
    assert sorted(log) == ["body cancelled", "sibling cancelled"]


def test_all_failures_are_collected_including_ones_raised_while_cancelled():
    def fail():
        rt.sleep(0)
        raise KeyError("first")

    def messy_cleanup():
        try:
            rt.sleep(10)
        except rt.Cancelled:
            raise OSError("cleanup failed")

    def main():
        with pytest.raises(ExceptionGroup) as info:
            with rt.TaskGroup() as tg:
                tg.spawn(messy_cleanup)
                tg.spawn(fail)
        return sorted(type(e).__name__ for e in info.value.exceptions)

    assert rt.run(main) == ["KeyError", "OSError"]


def test_a_failing_body_cancels_the_children_and_is_grouped():
    cancelled = []
    child = _sleeper_noting_cancel(cancelled)

    def main():
        with pytest.raises(ExceptionGroup) as info:
            with rt.TaskGroup() as tg:
                tg.spawn(child)
                rt.sleep(0)
                raise RuntimeError("body")
        assert [str(e) for e in info.value.exceptions] == ["body"]

    rt.run(main)
    assert cancelled == [True]


def test_cancelling_the_owner_cancels_the_children_and_propagates():
    cancelled = []
    child = _sleeper_noting_cancel(cancelled)

    def owner():
        with rt.TaskGroup() as tg:
            tg.spawn(child)
            tg.spawn(child)

    def main():
        t = rt.spawn(owner)
        rt.sleep(0.01)
        t.cancel()
        t.join()
        assert t.cancelled()

    rt.run(main)
    assert cancelled == [True, True]


def test_spawn_outside_the_block_is_refused():
    def main():
        tg = rt.TaskGroup()
        with pytest.raises(RuntimeError):
            tg.spawn(print)
        with tg:
            pass
        with pytest.raises(RuntimeError):
            tg.spawn(print)

    rt.run(main)


def test_a_timeout_around_the_group_stops_the_children_before_leaving():
    cancelled = []
    child = _sleeper_noting_cancel(cancelled)

    def main():
        with pytest.raises(rt.Timeout):  # no child failed: the Timeout itself, as asyncio does
            with rt.timeout(0.01):
                with rt.TaskGroup() as tg:
                    tg.spawn(child)
                    tg.spawn(child)
        return cancelled

    assert rt.run(main) == [True, True]
