"""switchpoint.runtime: virtual threads that sleep, talk over a Channel and echo over TCP on 127.0.0.1."""
from switchpoint import runtime as rt
from switchpoint.runtime import net

ROUNDS = 3


def pinger(channel):
    for i in range(ROUNDS):
        channel.send(i)  # rendezvous: waits for the receiver
        rt.sleep(0)


def receiver(channel):
    return [channel.recv() for _ in range(ROUNDS)]


def handle(conn, _address):
    net.sendall(conn, net.recv(conn, 64))


def main():
    channel = rt.Channel()
    threads = [rt.spawn(pinger, channel), rt.spawn(receiver, channel)]
    server = net.start_server(handle)
    sock = net.connect(server.address)
    with sock:
        net.sendall(sock, b"hello")
        reply = net.recv_exactly(sock, 5)
    server.close()
    results = [thread.join() for thread in threads]
    assert reply == b"hello", reply
    return threads[1].result()


assert rt.run(main) == list(range(ROUNDS))
