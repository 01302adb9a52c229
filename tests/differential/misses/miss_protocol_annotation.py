# A parameter annotated with a typing.Protocol: the real argument's class does not inherit it.
import typing

import gevent


class Connection(typing.Protocol):
    def request(self) -> None: ...


class SocketConnection:
    def request(self) -> None:
        gevent.sleep(0)  # switch: [call] "miss_protocol_annotation.SocketConnection.request -> gevent.sleep"


def send(conn: Connection):
    conn.request()  # switch: [call] possible "SocketConnection.request -> gevent.sleep"


def main():
    send(SocketConnection())  # switch: [call] "send"


# RUN gevent
if __name__ == "__main__":
    gevent.spawn(main).join()  # switch: [call] "gevent.Greenlet.join"
