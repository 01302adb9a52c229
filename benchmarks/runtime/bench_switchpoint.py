"""switchpoint.runtime: sleep(0) ping-pong, spawn+join, Channel ping-pong and a `net` echo server.

Usage: python bench_switchpoint.py BENCHMARK SIZE...   (prints {"seconds": s, "ops": n} as JSON)
"""

from __future__ import annotations

import sys
import time

import switchpoint.runtime as rt

from _bench_protocol import report


def _timed(main) -> float:
    """Runs `main` as the main virtual thread; returns the seconds it measured itself."""
    elapsed = []
    rt.run(lambda: elapsed.append(main()))
    return elapsed[0]


def sleep0(n: int):
    def loop():
        for _ in range(n):
            rt.sleep(0)

    def main():
        start = time.perf_counter()
        threads = [rt.spawn(loop), rt.spawn(loop)]
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    return _timed(main), 2 * n


def spawn_join(n: int):
    def task():
        return None

    def main():
        start = time.perf_counter()
        threads = [rt.spawn(task) for _ in range(n)]
        for thread in threads:
            thread.join()
        return time.perf_counter() - start

    return _timed(main), n


def channel(n: int):
    def main():
        there, back = rt.Channel(), rt.Channel()

        def echo():
            for _ in range(n):
                back.send(there.recv())

        start = time.perf_counter()
        echoer = rt.spawn(echo)
        for i in range(n):
            there.send(i)
            back.recv()
        echoer.join()
        return time.perf_counter() - start

    return _timed(main), 2 * n


if __name__ == "__main__":
    report({"sleep0": sleep0, "spawn_join": spawn_join, "channel": channel}, sys.argv[1:])
