"""A monkey-patched gevent program whose switches happen in forked children too.

A `ForkingTCPServer` handles one request in a forked child (which ends with `os._exit`,
socketserver's way), and a child forked by hand ends with `sys.exit`, so returns
through the tracer; that child forks a grandchild, which switches and `os._exit`s.
Prints the server's reply and the first child's exit status.
"""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import socket  # noqa: E402
import socketserver  # noqa: E402
import sys  # noqa: E402

import gevent  # noqa: E402


class Shout(socketserver.BaseRequestHandler):
    def handle(self):
        word = self.request.recv(64)
        gevent.sleep(0.001)  # in the server's child
        self.request.sendall(word.upper())


def ask(port):
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"ping")
        return client.recv(64)


def forked_by_hand():
    pid = os.fork()
    if pid == 0:
        grandchild = os.fork()
        if grandchild == 0:
            gevent.sleep(0.001)  # in the grandchild
            os._exit(0)
        os.waitpid(grandchild, 0)
        gevent.sleep(0.001)  # in the child
        sys.exit(7)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


server = socketserver.ForkingTCPServer(("127.0.0.1", 0), Shout)
asking = gevent.spawn(ask, server.server_address[1])
server.handle_request()
reply = asking.get()
server.server_close()
print(reply.decode(), forked_by_hand())
