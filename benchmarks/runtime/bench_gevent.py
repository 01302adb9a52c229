"""gevent: sleep(0) ping-pong, spawn+join, Queue ping-pong and a StreamServer echo, without monkey patching.

Usage: python bench_gevent.py BENCHMARK SIZE...   (prints one JSON line, see _bench_protocol.py)
"""

from __future__ import annotations

import sys

import gevent
from gevent import socket
from gevent.queue import Queue
from gevent.server import StreamServer

from _bench_protocol import Stopwatch, report


def sleep0(n: int):
    def loop():
        for _ in range(n):
            gevent.sleep(0)

    watch = Stopwatch()
    gevent.joinall([gevent.spawn(loop), gevent.spawn(loop)])
    return watch.elapsed(), 2 * n


def spawn_join(n: int):
    def task():
        return None

    watch = Stopwatch()
    gevent.joinall([gevent.spawn(task) for _ in range(n)])
    return watch.elapsed(), n


def channel(n: int):
    there, back = Queue(), Queue()

    def echo():
        for _ in range(n):
            back.put(there.get())

    def drive():
        for i in range(n):
            there.put(i)
            back.get()

    watch = Stopwatch()
    gevent.joinall([gevent.spawn(echo), gevent.spawn(drive)])
    return watch.elapsed(), 2 * n


def echo(clients: int, messages: int, size: int):
    def handle(sock, _address):
        while True:
            data = sock.recv(65536)
            if not data:
                break
            sock.sendall(data)

    server = StreamServer(("127.0.0.1", 0), handle)
    server.start()
    payload = b"x" * size

    def client():
        with socket.create_connection(("127.0.0.1", server.server_port)) as sock:
            for _ in range(messages):
                sock.sendall(payload)
                got = 0
                while got < size:
                    got += len(sock.recv(size - got))

    watch = Stopwatch()
    gevent.joinall([gevent.spawn(client) for _ in range(clients)], raise_error=True)
    seconds = watch.elapsed()
    server.stop()
    return seconds, clients * messages


if __name__ == "__main__":
    report({"sleep0": sleep0, "spawn_join": spawn_join, "channel": channel, "echo": echo}, sys.argv[1:])
