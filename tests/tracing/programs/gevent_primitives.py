"""gevent without monkey patching: sleep, Queue, Event and a socket echo on 127.0.0.1."""
import gevent
from gevent import socket
from gevent.event import Event
from gevent.queue import Queue

ITEMS = 4
queue = Queue()
ready = Event()


def producer():
    for i in range(ITEMS):
        queue.put(i)
        gevent.sleep(0)  # yield to the consumer
    ready.set()


def consumer():
    got = [queue.get() for _ in range(ITEMS)]
    ready.wait()
    return got


def echo_server(listener):
    conn, _ = listener.accept()
    with conn:
        data = conn.recv(64)
        conn.sendall(data)


def echo_client(port):
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"ping")
        return client.recv(64)


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
tasks = [gevent.spawn(producer), gevent.spawn(consumer), gevent.spawn(echo_server, listener),
         gevent.spawn(echo_client, listener.getsockname()[1])]
gevent.joinall(tasks, raise_error=True)
assert tasks[1].value == list(range(ITEMS)), tasks[1].value
assert tasks[3].value == b"ping", tasks[3].value
listener.close()
