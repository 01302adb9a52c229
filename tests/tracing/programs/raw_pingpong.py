"""Two raw greenlets hand control back and forth; the main greenlet only starts them.

The switch happens four Python frames deep, so every caller frame is suspended
inside an inlined Python-to-Python call (its f_lasti on a CACHE entry on 3.11/3.12).
"""
import greenlet

ROUNDS = 5


def level3(other):
    return other.switch()  # deepest


def level2(other):
    value = level3(other)
    return value


def level1(other):
    result = level2(other)
    return result


def ping():
    for _ in range(ROUNDS):
        level1(pong_glet)


def pong():
    for _ in range(ROUNDS):
        café = "é"; ping_glet.switch()  # code points, not bytes, before the call


ping_glet = greenlet.greenlet(ping)
pong_glet = greenlet.greenlet(pong)
ping_glet.switch()
