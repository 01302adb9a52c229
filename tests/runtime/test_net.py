"""Sockets on the hub: an echo server with many clients, large writes, errors and timeouts."""

from __future__ import annotations

import socket

import pytest

from switchpoint import runtime as rt
from switchpoint.runtime import net


def _echo(conn, addr):
    while data := net.recv(conn, 65536):
        net.sendall(conn, data)


def test_echo_server_serves_many_clients_concurrently():
    clients, rounds = 20, 50

    def client(address, i):
        sock = net.connect(address)
        with sock:
            for r in range(rounds):
                msg = f"{i}:{r}".encode().ljust(64, b".")
                net.sendall(sock, msg)
                assert net.recv_exactly(sock, len(msg)) == msg
        return i

    def main():
        server = net.start_server(_echo)
        with server:
            assert server.address[0] == "127.0.0.1" and server.address[1] > 0
            with rt.TaskGroup() as tg:
                ts = [tg.spawn(client, server.address, i) for i in range(clients)]
        assert server.connections == clients
        return sorted(t.result() for t in ts)

    assert rt.run(main) == list(range(clients))


def test_sendall_of_a_large_payload_interleaves_with_the_reader():
    payload = bytes(range(256)) * 16384  # 4 MiB: more than the socket buffers hold

    def main():
        left, right = socket.socketpair()
        left.setblocking(False)
        right.setblocking(False)
        with left, right:
            writer = rt.spawn(net.sendall, left, payload)
            got = net.recv_exactly(right, len(payload))
            writer.join()
            writer.result()
        return got == payload

    assert rt.run(main) is True


def test_connect_refused_raises_and_closed_sockets_are_rejected():
    def main():
        listener = net.listen()
        address = listener.getsockname()
        listener.close()  # nothing listens there any more
        with pytest.raises(OSError):
            net.connect(address)
        sock = socket.socket()
        sock.close()
        with pytest.raises(OSError):
            net.recv(sock, 1)

    rt.run(main)


def test_recv_under_timeout_and_one_reader_per_socket():
    def main():
        left, right = socket.socketpair()
        left.setblocking(False)
        with left, right:
            with pytest.raises(rt.Timeout):
                with rt.timeout(0.01):
                    net.recv(left, 1)
            first = rt.spawn(net.recv, left, 1)
            rt.sleep(0)
            with pytest.raises(RuntimeError, match="already waiting"):
                net.recv(left, 1)
            right.send(b"!")
            first.join()
            assert first.result() == b"!"

    rt.run(main)


def test_other_threads_run_while_one_waits_for_io():
    def main():
        left, right = socket.socketpair()
        left.setblocking(False)
        ticks = []
        with left, right:
            reader = rt.spawn(net.recv, left, 10)

            def ticker():
                for i in range(5):
                    ticks.append(i)
                    rt.sleep(0.001)
                right.send(b"done")

            rt.spawn(ticker).join()
            reader.join()
            return ticks, reader.result()

    assert rt.run(main) == ([0, 1, 2, 3, 4], b"done")


def test_a_reused_fd_number_is_watched_afresh():
    """Registrations outlive waits; a new socket that gets a closed one's fd must still wake its reader."""
    def main():
        a, b = socket.socketpair()
        a.setblocking(False)
        first = rt.spawn(net.recv, a, 10)
        rt.sleep(0)
        b.send(b"1")
        first.join()
        assert first.result() == b"1"  # a's fd stays registered after this wait
        old_fd = a.fileno()
        a.close()
        b.close()
        c, d = socket.socketpair()
        reuser, other = (c, d) if c.fileno() == old_fd else (d, c)
        assert reuser.fileno() == old_fd, "the kernel did not reuse the fd; the test needs it"
        reuser.setblocking(False)
        with reuser, other:
            reader = rt.spawn(net.recv, reuser, 10)
            rt.sleep(0.01)
            other.send(b"2")
            with rt.timeout(5):  # a safety net: a stale registration would hang here
                reader.join()
            return reader.result()

    assert rt.run(main) == b"2"
