"""TCP sockets for virtual threads: connect, listen/accept, recv, send, sendall and start_server.

Works on ordinary non-blocking `socket.socket` objects: every call first tries
the operation and only when the kernel says "would block" parks the virtual
thread on the hub's selector, so a busy connection costs no extra syscalls.
One virtual thread at a time may wait to read (and one to write) a socket.
Blocking calls honour `timeout()` scopes and cancellation.
"""

from __future__ import annotations

import errno
import socket
from types import TracebackType
from typing import Any, Callable

from ._errors import Timeout
from ._hub import current_hub, spawn
from ._vthread import VThread
from ._timeouts import timeout as _timeout_scope

_IN_PROGRESS = {errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, errno.EALREADY}


def wait_readable(sock: socket.socket) -> None:
    """Block this virtual thread until sock has data (or a connection) to read."""
    current_hub().io.wait(sock, False)


def wait_writable(sock: socket.socket) -> None:
    """Block this virtual thread until sock can take more data."""
    current_hub().io.wait(sock, True)


def connect(address: tuple[str, int], timeout: float | None = None) -> socket.socket:
    """Open a TCP connection (TCP_NODELAY set) and return the non-blocking socket."""
    host: str = str(address[0])
    port: int = int(address[1])
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        err = sock.connect_ex((host, port))
        if err in _IN_PROGRESS:
            try:
                with _timeout_scope(timeout):
                    wait_writable(sock)
            except Timeout:
                raise TimeoutError(f"connect to {address} timed out after {timeout} s") from None
            err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            raise OSError(err, f"connect to {address}: {errno.errorcode.get(err, err)}")
    except BaseException:
        sock.close()
        raise
    return sock


def listen(address: tuple[str, int] = ("127.0.0.1", 0), backlog: int = 128) -> socket.socket:
    """A non-blocking listening TCP socket; port 0 picks a free port (see .getsockname())."""
    host: str = str(address[0])
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def accept(listener: socket.socket) -> tuple[socket.socket, Any]:
    """Wait for and return the next (connection, address); the connection is non-blocking."""
    while True:
        try:
            conn, addr = listener.accept()
        except BlockingIOError:
            wait_readable(listener)
            continue
        conn.setblocking(False)
        if conn.family in (socket.AF_INET, socket.AF_INET6):
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, addr


def recv(sock: socket.socket, size: int) -> bytes:
    """Up to `size` bytes, waiting until some arrive; b"" means the peer closed."""
    while True:
        try:
            return sock.recv(size)
        except BlockingIOError:
            wait_readable(sock)


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    """Exactly `size` bytes; EOFError if the peer closes first."""
    chunks = []
    while size:
        chunk = recv(sock, size)
        if not chunk:
            raise EOFError("peer closed the connection before sending everything")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def send(sock: socket.socket, data: bytes) -> int:
    """Send some of data, waiting until the socket can take any; returns how many bytes went."""
    while True:
        try:
            return sock.send(data)
        except BlockingIOError:
            wait_writable(sock)


def sendall(sock: socket.socket, data: bytes) -> None:
    """Send all of data, waiting whenever the socket buffer is full."""
    view = memoryview(data)
    while view:
        try:
            sent = sock.send(view)
        except BlockingIOError:
            wait_writable(sock)
            continue
        view = view[sent:]


class Server:
    """A listening socket plus the virtual thread that accepts and spawns one handler per connection."""

    def __init__(self, listener: socket.socket, handler: Callable[[socket.socket, Any], Any]) -> None:
        self.listener: socket.socket = listener
        self.address: tuple[str, int] = listener.getsockname()
        self.handler: Callable[[socket.socket, Any], Any] = handler
        self.connections: int = 0
        self.acceptor: VThread = spawn(self._accept_loop)
        self.acceptor.name = f"server {self.address[0]}:{self.address[1]} acceptor"

    def _accept_loop(self) -> None:
        while True:
            conn, addr = accept(self.listener)
            self.connections += 1
            spawn(_serve_one, self.handler, conn, addr)

    def close(self) -> None:
        """Stop accepting (does not switch); connections already handed out keep running."""
        self.acceptor.cancel()
        self.listener.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _serve_one(handler: Callable[[socket.socket, Any], Any], conn: socket.socket, addr: Any) -> Any:
    with conn:
        return handler(conn, addr)


def start_server(handler: Callable[[socket.socket, Any], Any],
                 address: tuple[str, int] = ("127.0.0.1", 0), backlog: int = 128) -> Server:
    """Listen on address and run handler(conn, addr) in a new virtual thread per connection (does not switch).

    The connection is closed when the handler returns. Stop with server.close().
    """
    return Server(listen(address, backlog), handler)
