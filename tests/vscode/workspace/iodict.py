"""Two greenlets add 1 to the same key five times each: the total should be 10.

IODict's item access does I/O (here: gevent.sleep), so every `t[key]` read and write
is a switch point, and `t[key] += 1` is a read-modify-write that another greenlet can
interleave with: updates are lost.
"""

import gevent


class IODict:
    def __init__(self):
        self._data = {}

    def __getitem__(self, key):
        gevent.sleep()
        return self._data.get(key, 0)

    def __setitem__(self, key, value):
        gevent.sleep()
        self._data[key] = value


def worker(t, key):
    for _ in range(5):
        t[key] += 1


def main():
    t = IODict()
    gevent.joinall([gevent.spawn(worker, t, "n"), gevent.spawn(worker, t, "n")])
    print(t["n"])  # prints 5 or so, not 10


if __name__ == "__main__":
    main()
