"""`__exit__` that switches in three-item `with` statements, leaving normally and while an exception unwinds."""
import gevent


class SlowExit:
    """Switches in `__exit__`; swallows the exception if asked to."""

    def __init__(self, swallow=False):
        self.swallow = swallow

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        gevent.sleep(0)
        return self.swallow


def leave():
    with SlowExit() as first, SlowExit() as second, SlowExit() as third:  # normal exits
        pass


def unwind():
    with SlowExit(True) as outer, SlowExit() as middle, SlowExit() as inner:  # exits while unwinding
        raise ValueError("unwinding")


gevent.joinall([gevent.spawn(leave), gevent.spawn(unwind)], raise_error=True)
