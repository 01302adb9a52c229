"""A tiny WSGI app on gevent.pywsgi at 127.0.0.1, port 0: the other end for the client programs.

Not analysed (gevent's own server, outside the roots): it only gives the real
clients something to talk to. Routes: `/slow` answers after a short sleep (so
requests overlap), `/echo` returns the request body, `/stream` sends a chunked
body in pieces, anything else a short text.
"""

from __future__ import annotations

import gevent
from gevent.pywsgi import WSGIServer


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/slow":
        gevent.sleep(0.005)
        body = [b"slow"]
    elif path == "/echo":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = [environ["wsgi.input"].read(length)]
    elif path == "/stream":
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return _pieces()
    else:
        body = [b"hello from " + path.encode()]
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(sum(map(len, body))))])
    return body


def _pieces():
    for number in range(5):
        gevent.sleep(0.001)
        yield b"piece %d " % number * 200


def start_server() -> WSGIServer:
    server = WSGIServer(("127.0.0.1", 0), app, log=None, error_log=None)
    server.start()
    return server
