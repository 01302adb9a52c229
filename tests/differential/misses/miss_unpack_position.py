# Unpacking a switching iterator: CPython positions UNPACK_SEQUENCE (where __next__ runs) on the
# targets `first, second`; the engine marks the value `Pair()`, so the two ranges do not meet.
import gevent


class Pair:
    def __init__(self):
        self.left = 2

    def __iter__(self):
        return self

    def __next__(self):
        gevent.sleep(0)  # switch: [call] "miss_unpack_position.Pair.__next__ -> gevent.sleep"
        if not self.left:
            raise StopIteration
        self.left -= 1
        return self.left


def main():
    first, second = Pair()  # switch: 5 [unpack] "miss_unpack_position.main -> miss_unpack_position.Pair.__next__"
    return first + second


# RUN gevent
if __name__ == "__main__":
    main()  # switch: [call] "miss_unpack_position -> miss_unpack_position.main"
