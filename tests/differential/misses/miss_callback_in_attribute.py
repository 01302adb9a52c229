# A bound method passed to a constructor, stored in an attribute, called later through `self`.
import gevent


class FrameBuffer:
    def __init__(self, recv_fn):
        self.recv = recv_fn

    def recv_strict(self, size):
        return self.recv(size)  # switch: [call] possible "FrameBuffer.recv_strict -> miss_callback_in_attribute.Connection._recv -> gevent.sleep"


class Connection:
    def __init__(self):
        self.frames = FrameBuffer(self._recv)

    def _recv(self, size):
        gevent.sleep(0)  # switch: [call] "miss_callback_in_attribute.Connection._recv -> gevent.sleep"
        return b"x" * size

    def recv(self):
        return self.frames.recv_strict(2)  # switch: [call] possible "Connection.recv -> miss_callback_in_attribute.FrameBuffer.recv_strict"


def main():
    return Connection().recv()  # switch: [call] possible "main -> miss_callback_in_attribute.Connection.recv"


# RUN gevent
if __name__ == "__main__":
    gevent.spawn(main).join()  # switch: [call] "gevent.Greenlet.join"
