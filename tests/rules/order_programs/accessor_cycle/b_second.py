"""`bump` reads `box.n` through fallback -> current: SP101 whichever end of the cycle was summarised first."""
import gevent


class Box:
    def __init__(self):
        self.n = 0
        self.ready = False


def current(box):
    if box.ready:
        return box.n
    return fallback(box)


def fallback(box):
    return current(box)


def bump(box):
    value = fallback(box)
    gevent.sleep(0)
    box.n = value + 1  # error: [SP101]


BOX = Box()
gevent.joinall([gevent.spawn(bump, BOX), gevent.spawn(bump, BOX)])
