"""Switches inside a generator driven by `for`, and inside `__enter__`/`__exit__` of `with`."""
import gevent
from gevent.lock import Semaphore

lock = Semaphore()
other = Semaphore()


def numbers(n):
    for i in range(n):
        gevent.sleep(0)  # in the generator
        yield i


class SlowExit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        gevent.sleep(0)  # in __exit__


def iterate():
    total = 0
    for number in numbers(3):
        total += number
    squares = [square * square for square in numbers(2)]
    return total, squares


def hold():
    with lock:
        gevent.sleep(0.001)  # holding lock


def contend():
    with lock:  # contended
        pass
    with SlowExit():  # slow exit
        x = 1
        y = 2
    return x + y


def hold_other():
    with other:
        gevent.sleep(0.001)  # holding other


def contend_multi():
    with SlowExit() as a, other:  # two items
        pass


gevent.joinall([gevent.spawn(iterate), gevent.spawn(hold), gevent.spawn(contend),
                gevent.spawn(hold_other), gevent.spawn(contend_multi)], raise_error=True)
