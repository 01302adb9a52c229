"""switchpoint.runtime: sleep(0) ping-pong, spawn+join, Channel ping-pong and a `net` echo server.

Usage: python bench_switchpoint.py BENCHMARK SIZE...   (prints one JSON line, see _bench_protocol.py)
"""

from __future__ import annotations

import sys

import switchpoint.runtime as rt

from _bench_protocol import Stopwatch, report


def _timed(main) -> tuple:
    """Runs `main` as the main virtual thread; returns the (wall, cpu) seconds it measured itself."""
    elapsed = []
    rt.run(lambda: elapsed.append(main()))
    return elapsed[0]


def sleep0(n: int):
    def loop():
        for _ in range(n):
            rt.sleep(0)

    def main():
        watch = Stopwatch()
        threads = [rt.spawn(loop), rt.spawn(loop)]
        for thread in threads:
            thread.join()
        return watch.elapsed()

    return _timed(main), 2 * n


def spawn_join(n: int):
    def task():
        return None

    def main():
        watch = Stopwatch()
        threads = [rt.spawn(task) for _ in range(n)]
        for thread in threads:
            thread.join()
        return watch.elapsed()

    return _timed(main), n


def channel(n: int):
    def main():
        there, back = rt.Channel(), rt.Channel()

        def echo():
            for _ in range(n):
                back.send(there.recv())

        watch = Stopwatch()
        echoer = rt.spawn(echo)
        for i in range(n):
            there.send(i)
            back.recv()
        echoer.join()
        return watch.elapsed()

    return _timed(main), 2 * n


def echo(clients: int, messages: int, size: int):
    from switchpoint.runtime import net

    def handle(conn, _address):
        while True:
            data = net.recv(conn, 65536)
            if not data:
                break
            net.sendall(conn, data)

    payload = b"x" * size

    def main():
        server = net.start_server(handle, ("127.0.0.1", 0))

        def client():
            sock = net.connect(server.address)
            with sock:
                for _ in range(messages):
                    net.sendall(sock, payload)
                    net.recv_exactly(sock, size)

        watch = Stopwatch()
        threads = [rt.spawn(client) for _ in range(clients)]
        for thread in threads:
            thread.join()
        seconds = watch.elapsed()
        server.close()
        return seconds

    return _timed(main), clients * messages


if __name__ == "__main__":
    report({"sleep0": sleep0, "spawn_join": spawn_join, "channel": channel, "echo": echo}, sys.argv[1:])
