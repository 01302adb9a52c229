"""The motivating program: a dict-like object whose item access talks to the network.

Two greenlets each run `t[key] += 1` five times. `__getitem__` and `__setitem__`
both switch (here through `gevent.sleep`, standing in for real I/O), so between the
read and the write another greenlet runs, and updates are lost: the final count is
5, not 10. `switchpoint yield-points examples/iodict.py` marks both halves of
`t[key] += 1`.
"""

import gevent


class IODict:
    def __init__(self):
        self._data = {}

    def __getitem__(self, key):
        gevent.sleep(0.001)  # e.g. a round trip to a cache server
        return self._data.get(key, 0)

    def __setitem__(self, key, value):
        gevent.sleep(0.001)
        self._data[key] = value


def incrementer(t, key):
    for _ in range(5):
        t[key] += 1


def main():
    t = IODict()
    gevent.joinall([gevent.spawn(incrementer, t, "hits"), gevent.spawn(incrementer, t, "hits")])
    print("hits:", t["hits"], "(10 without lost updates)")


if __name__ == "__main__":
    main()
