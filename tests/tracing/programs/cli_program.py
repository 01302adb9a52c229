"""A monkey-patched gevent program for the CLI: argv, stdlib sockets and an exit status."""
from gevent import monkey

monkey.patch_all()

import socket  # noqa: E402  (patched by gevent)
import sys  # noqa: E402

import gevent  # noqa: E402


def serve(listener):
    conn, _ = listener.accept()
    with conn:
        conn.sendall(conn.recv(64).upper())


def ask(port, word):
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(word.encode())
        return client.recv(64).decode()


listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
server = gevent.spawn(serve, listener)
answer = ask(listener.getsockname()[1], sys.argv[1])
server.join()
listener.close()
sys.exit(int(sys.argv[2]) if answer == sys.argv[1].upper() else 99)
