"""A greenlet that throws into another, and greenlets that finish (a finished origin has no frame)."""
import greenlet


class Stop(Exception):
    pass


def victim():
    try:
        thrower_glet.switch()
    except Stop:
        return "stopped"


def thrower():
    victim_glet.throw(Stop)


def quick():
    return 42


victim_glet = greenlet.greenlet(victim)
thrower_glet = greenlet.greenlet(thrower)
victim_glet.switch()
greenlet.greenlet(quick).switch()
