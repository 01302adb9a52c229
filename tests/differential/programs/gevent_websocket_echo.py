"""gevent-websocket's WebSocketHandler serving an echo app, driven by websocket-client connections.

The server is geventwebsocket on gevent.pywsgi; the clients are websocket-client
(`websocket`) sockets made cooperative by monkey patching, several at once,
sending text and binary frames, a ping, a long message and a close.
"""

import gevent.monkey

gevent.monkey.patch_all()

import gevent  # noqa: E402
import websocket  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402
from geventwebsocket.handler import WebSocketHandler  # noqa: E402


def echo_app(environ, start_response):
    ws = environ.get("wsgi.websocket")
    if ws is None:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"websocket only"]
    while True:
        message = ws.receive()
        if message is None:
            break
        ws.send(message, binary=isinstance(message, (bytes, bytearray)))
    return []


def client(url: str, number: int) -> int:
    ws = websocket.create_connection(url, timeout=5)
    try:
        ws.send(f"hello {number}")
        assert ws.recv() == f"hello {number}"
        ws.send_binary(bytes([number]) * 100)
        assert ws.recv() == bytes([number]) * 100
        ws.ping(b"are you there")
        ws.send("z" * 70000)
        assert ws.recv() == "z" * 70000
        return number
    finally:
        ws.close()


def main() -> None:
    server = WSGIServer(("127.0.0.1", 0), echo_app, handler_class=WebSocketHandler, log=None, error_log=None)
    server.start()
    try:
        url = f"ws://127.0.0.1:{server.server_port}/echo"
        jobs = [gevent.spawn(client, url, n) for n in range(6)]
        # under the tracer's line coverage on a loaded machine a run takes several seconds (the server unmasks
        # each frame byte by byte in Python): the bound is the harness's, not this one
        gevent.joinall(jobs, timeout=60, raise_error=True)
        unfinished = [n for n, job in enumerate(jobs) if not job.ready()]
        assert not unfinished, f"clients {unfinished} still running after 60 s"
        assert sorted(job.value for job in jobs) == list(range(6))
    finally:
        server.stop(timeout=1)


if __name__ == "__main__":
    main()
