"""`bump` reads `box.n` through get3 -> get4: SP101 whether or not a_deep.py was checked first."""
import gevent


class Box:
    def __init__(self):
        self.n = 0


def get4(box):
    return box.n


def get3(box):
    return get4(box)


def get2(box):
    return get3(box)


def get1(box):
    return get2(box)


def bump(box):
    value = get3(box)
    gevent.sleep(0)
    box.n = value + 1  # error: [SP101]


BOX = Box()
gevent.joinall([gevent.spawn(bump, BOX), gevent.spawn(bump, BOX)])
