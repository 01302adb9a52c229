"""The motivating program: `t[key] += 1` across a switch inside __getitem__/__setitem__ loses updates."""

from __future__ import annotations

from switchpoint import runtime as rt


class IODict:
    """A dict whose reads and writes do (simulated) I/O, i.e. switch."""

    def __init__(self) -> None:
        self.data: dict[str, int] = {"key": 0}

    def __getitem__(self, key: str) -> int:
        rt.sleep(0)
        return self.data[key]

    def __setitem__(self, key: str, value: int) -> None:
        rt.sleep(0)
        self.data[key] = value


def _increment(t: IODict, lock: rt.Lock | None) -> None:
    for _ in range(5):
        if lock is None:
            t["key"] += 1
        else:
            with lock:
                t["key"] += 1


def _program(lock: rt.Lock | None) -> int:
    t = IODict()
    a = rt.spawn(_increment, t, lock)
    b = rt.spawn(_increment, t, lock)
    a.join()
    b.join()
    a.result()
    b.result()
    return t.data["key"]


def test_two_virtual_threads_lose_updates():
    assert rt.run(_program, None) < 10


def test_the_same_program_with_a_lock_loses_none():
    assert rt.run(lambda: _program(rt.Lock())) == 10
