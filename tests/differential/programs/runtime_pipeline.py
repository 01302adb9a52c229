"""A small service on switchpoint.runtime: a TCP echo front, a channel pipeline, shared state under locks.

Written against the runtime's documented API only (its `__init__` tour and
`net`), so the engine's model of the runtime (read from its `_traps.py`) is
checked against the runtime's real switches. Bounded: 127.0.0.1, port 0.
"""

from switchpoint import runtime as rt
from switchpoint.runtime import net

CLIENTS = 4
MESSAGES = 5


class Tally:
    """Counts per key; the lock makes `add` atomic across its switch."""

    def __init__(self):
        self.lock = rt.Lock()
        self.counts = {}

    def add(self, key):
        with self.lock:
            current = self.counts.get(key, 0)
            rt.sleep(0)
            self.counts[key] = current + 1


def handle(conn, _address):
    with conn:
        while True:
            data = net.recv(conn, 64)
            if not data:
                return
            net.sendall(conn, data)


def client(address, number, tally):
    sock = net.connect(address, timeout=5)
    with sock:
        for n in range(MESSAGES):
            message = b"%d:%d;" % (number, n)
            net.sendall(sock, message)
            assert net.recv_exactly(sock, len(message)) == message
            tally.add("echoed")


def produce(channel):
    for item in range(20):
        channel.send(item)
    channel.close()


def consume(channel, results, tally, ready):
    ready.wait()
    for item in channel:
        results.put(item * item)
        tally.add("consumed")


def main():
    tally = Tally()
    ready = rt.Event()
    results = rt.Queue()
    channel = rt.Channel(capacity=2)
    server = net.start_server(handle)
    with rt.TaskGroup() as group:
        group.spawn(produce, channel)
        for _ in range(3):
            group.spawn(consume, channel, results, tally, ready)
        for number in range(CLIENTS):
            group.spawn(client, server.address, number, tally)
        rt.sleep(0.01)
        ready.set()
    server.close()
    squares = sorted(results.get() for _ in range(20))
    try:
        with rt.timeout(0.01):
            rt.Event().wait()
    except rt.Timeout:
        pass
    assert squares == sorted(n * n for n in range(20)), squares
    assert tally.counts == {"echoed": CLIENTS * MESSAGES, "consumed": 20}, tally.counts
    return tally.counts


if __name__ == "__main__":
    rt.run(main)
