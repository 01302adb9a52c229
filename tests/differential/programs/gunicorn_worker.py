"""gunicorn's gevent or eventlet worker serving a tiny WSGI app to a bounded local load.

    gunicorn_worker.py gevent|eventlet      # the worker_class

The arbiter runs here; the worker is forked and monkey patched, as in
production. A thread of the arbiter sends the load once the worker answers,
then SIGTERM: the arbiter stops the worker gracefully and exits. Bound to
127.0.0.1, port 0. The gevent worker patches itself after the fork, so the
arbiter's load threads are OS threads on blocking sockets; the eventlet worker's
module calls `eventlet.monkey_patch()` as it is imported (first thing here), so
there the whole arbiter is patched and the load threads are green threads
switching on the arbiter's hub.
"""

import os
import signal
import socket
import sys
import tempfile
import threading
import time

from gunicorn.app.base import BaseApplication

WORKER_CLASS = sys.argv[1]  # "gevent" or "eventlet"
if WORKER_CLASS == "eventlet":
    # the worker's module calls eventlet.monkey_patch() as it is imported: here, before the arbiter makes its
    # signal queue, as the module's own comment asks (loaded by the arbiter, after, that queue is C's
    # SimpleQueue, whose get blocks the arbiter's hub, and the load's green threads with it)
    import gunicorn.workers.geventlet  # noqa: F401

REQUESTS = 40
CLIENTS = 4
ARBITER_PID = os.getpid()
LOAD = {"done": False, "failures": []}  # filled by the arbiter's load thread
FILE_SIZE = 1 << 23  # large enough to fill the socket buffers: sending it waits for the client
FILE_FD, FILE_PATH = tempfile.mkstemp(prefix="gunicorn-worker-")


def app(environ, start_response):
    body = environ["wsgi.input"].read()
    if environ["PATH_INFO"] == "/file":  # through the socket's sendfile (on eventlet gunicorn's own, over send)
        start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(FILE_SIZE))])
        return environ["wsgi.file_wrapper"](open(FILE_PATH, "rb"))
    if environ["PATH_INFO"] == "/slow":
        time.sleep(0.005)  # patched in the worker: a gevent or eventlet sleep
    payload = body or b"hello " + environ["PATH_INFO"].encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(payload)))])
    return [payload]


def _exchange(sock: socket.socket, request: bytes) -> bytes:
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int([line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")][0])
    received = len(rest)
    while received < length:
        received += len(sock.recv(65536))
    return head.split(b"\r\n")[0]


def _client(port: int, number: int, failures: list) -> None:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as keep_alive:
            for n in range(REQUESTS // CLIENTS):
                path = b"/slow" if n % 3 == 0 else b"/item/%d" % n
                if n % 4 == 1:
                    request = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + b"p" * 2000
                else:
                    request = b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n"
                status = _exchange(keep_alive, request)
                assert status.endswith(b"200 OK"), status
            assert _exchange(keep_alive, b"GET /file HTTP/1.1\r\nHost: x\r\n\r\n").endswith(b"200 OK")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as once:
            assert _exchange(once, b"GET /bye HTTP/1.0\r\n\r\n").endswith(b"200 OK")
    except Exception as exc:  # noqa: BLE001 -- reported by the arbiter's exit status
        failures.append(f"client {number}: {exc!r}")


def _load_then_stop(server) -> None:
    port = server.LISTENERS[0].sock.getsockname()[1]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the worker boots after when_ready
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                _exchange(probe, b"GET /ready HTTP/1.0\r\n\r\n")
            break
        except OSError:
            time.sleep(0.05)
    failures: list = []
    clients = [threading.Thread(target=_client, args=(port, n, failures)) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(30)
    LOAD["failures"] = failures
    LOAD["done"] = not any(client.is_alive() for client in clients)
    # a keep-alive connection left idle across the SIGTERM: the worker's graceful stop waits for its
    # handler, which gives up after `keepalive` seconds (closed as the arbiter exits)
    LOAD["idle"] = socket.create_connection(("127.0.0.1", port), timeout=5)
    _exchange(LOAD["idle"], b"GET /idle HTTP/1.1\r\nHost: x\r\n\r\n")
    os.kill(os.getpid(), signal.SIGTERM)


class SmallServer(BaseApplication):
    def load_config(self):
        settings = {
            "bind": "127.0.0.1:0",
            "workers": 1,
            "worker_class": WORKER_CLASS,
            "worker_connections": 50,
            "graceful_timeout": 5,
            "timeout": 30,
            "keepalive": 1,
            "loglevel": "warning",
            "when_ready": lambda server: threading.Thread(target=_load_then_stop, args=(server,), daemon=True).start(),
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self):
        return app


if __name__ == "__main__":
    with os.fdopen(FILE_FD, "wb") as file:
        file.write(b"f" * FILE_SIZE)
    try:
        SmallServer().run()
    except SystemExit:
        # the forked worker leaves through here too: only the arbiter judges the load
        if os.getpid() == ARBITER_PID and (LOAD["failures"] or not LOAD["done"]):
            raise SystemExit(f"the load did not complete: {LOAD}")
        raise
    finally:
        if os.getpid() == ARBITER_PID:
            os.unlink(FILE_PATH)
