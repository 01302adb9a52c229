"""A hub's I/O poller: parks virtual threads until a socket is readable or writable, on `selectors`.

Registrations outlive a wait, so a busy socket costs no epoll_ctl per wait;
they are dropped lazily (readiness nobody waits for while the hub is about to
block, or an fd number that turns up on a different socket object).
"""

from __future__ import annotations

import errno
import selectors
import socket
import weakref
from typing import TYPE_CHECKING, Any

from . import _traps
from ._vthread import VThread, current

if TYPE_CHECKING:
    from ._hub import Hub


class _IOWait:
    """One file descriptor in the hub's selector and the virtual threads waiting to read / write it.

    The registration outlives a wait (a busy socket then costs no epoll_ctl per
    wait); it is dropped lazily, when an event nobody waits for arrives or the
    fd turns out to belong to a different socket object.
    """

    __slots__ = ("fd", "owner", "reader", "writer", "poller", "mask")

    def __init__(self, fd: int, owner: weakref.ref | None, poller: Poller) -> None:
        self.fd: int = fd
        self.owner: weakref.ref | None = owner  # the socket the fd belonged to when registered
        self.reader: VThread | None = None
        self.writer: VThread | None = None
        self.poller: Poller = poller
        self.mask: int = 0  # events registered with the selector

    def _abort_wait(self, vt: VThread) -> bool:
        if self.reader is vt:
            self.reader = None
        elif self.writer is vt:
            self.writer = None
        else:
            return False
        self.poller.waiters -= 1
        return True

    def _describe_wait(self) -> str:
        return f"I/O on fd {self.fd}"


class Poller:
    """A hub's `selectors` I/O: who waits on which fd, plus a socket other threads poke to wake select()."""

    def __init__(self, hub: Hub) -> None:
        self.hub: Hub = hub
        self._selector: selectors.BaseSelector = selectors.DefaultSelector()
        self._fds: dict[int, _IOWait] = {}
        self.waiters: int = 0  # blocked virtual threads; registrations alone keep nothing alive
        pair = socket.socketpair()
        self._wake_r: socket.socket = pair[0]
        self._wake_w: socket.socket = pair[1]
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)

    def poke(self) -> None:
        """Wake a poll() blocked in another thread (thread-safe, never blocks)."""
        try:
            self._wake_w.send(b"\0")
        except (BlockingIOError, OSError):
            pass  # the buffer is full (a wake-up is pending anyway) or the hub has closed

    def close(self) -> None:
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def wait(self, fileobj: Any, writable: bool) -> None:
        """Block the current virtual thread until fileobj (a socket or an fd) is readable (or writable)."""
        vt = current()
        if isinstance(fileobj, int):
            fd, owner = fileobj, None
        else:
            fd = fileobj.fileno()
            owner = fileobj
        if fd < 0:
            raise OSError(errno.EBADF, "cannot wait for I/O on a closed file")
        io = self._fds.get(fd)
        if io is None or owner is None or io.owner is None or io.owner() is not owner:
            if io is not None:
                self._forget(io)  # the fd number now belongs to another file
            io = self._fds[fd] = _IOWait(fd, weakref.ref(owner) if owner is not None else None, self)
        if writable:
            if io.writer is not None:
                raise RuntimeError(f"{io.writer.name} is already waiting to write fd {fd}")
            io.writer = vt
            want = selectors.EVENT_WRITE
        else:
            if io.reader is not None:
                raise RuntimeError(f"{io.reader.name} is already waiting to read fd {fd}")
            io.reader = vt
            want = selectors.EVENT_READ
        self.waiters += 1
        if not io.mask & want:
            self._set_mask(io, io.mask | want)
        _traps.park(io)

    def _set_mask(self, io: _IOWait, mask: int) -> None:
        sel = self._selector
        try:
            if mask == 0:
                del self._fds[io.fd]
                sel.unregister(io.fd)
            elif io.mask == 0:
                sel.register(io.fd, mask, io)
            else:
                sel.modify(io.fd, mask, io)
        except (KeyError, ValueError, OSError):
            # The kernel forgot a closed fd: start over with a fresh registration.
            try:
                sel.unregister(io.fd)
            except (KeyError, ValueError):
                pass
            if mask:
                sel.register(io.fd, mask, io)
        io.mask = mask

    def _forget(self, io: _IOWait) -> None:
        for vt in (io.reader, io.writer):
            if vt is not None:  # its socket was closed under it
                self.hub.interrupt(vt, OSError(errno.EBADF, f"fd {io.fd} was closed while {vt.name} waited on it"))
        if io.mask:
            self._set_mask(io, 0)
        else:
            self._fds.pop(io.fd, None)

    def poll(self, timeout: float | None) -> None:
        """Wait up to timeout (None = until something happens) and queue the threads whose I/O is ready."""
        hub = self.hub
        hub.polling = True  # the blocking monitor: idle in select() is not blocked
        try:
            events = self._selector.select(timeout)
        finally:
            hub.polling = False
        ready = hub.ready
        for key, mask in events:
            io = key.data
            if io is None:
                self._drain_wakeups()
                continue
            if mask & selectors.EVENT_READ and io.reader is not None:
                ready.append(io.reader._worker)
                io.reader = None
                self.waiters -= 1
                mask &= ~selectors.EVENT_READ
            if mask & selectors.EVENT_WRITE and io.writer is not None:
                ready.append(io.writer._worker)
                io.writer = None
                self.waiters -= 1
                mask &= ~selectors.EVENT_WRITE
            if mask and timeout != 0:
                # Readiness nobody waits for: stop watching that direction, but only when
                # about to block (else it would spin). A quick poll between rounds ignores
                # it: the thread just woken for it has usually not read yet.
                self._set_mask(io, io.mask & ~mask)
            elif io.owner is None and io.reader is None and io.writer is None:
                self._set_mask(io, 0)  # a bare fd: no way to tell if it gets reused, so no lazy keeping

    def _drain_wakeups(self) -> None:
        try:
            while self._wake_r.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
