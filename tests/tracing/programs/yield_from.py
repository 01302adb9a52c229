"""A generator delegating with `yield from` to one that switches: the SEND is a site as CPython places it."""
import gevent


def numbers(n):
    for i in range(n):
        gevent.sleep(0)
        yield i


def delegate():
    yield from numbers(2)


def consume():
    return list(delegate())


assert gevent.spawn(consume).get() == [0, 1]
