"""A stand-in `gevent` on switchpoint.runtime, for running engine fixtures on the runtime's hub.

Only the calls the `# RUN ... runtime` fixtures make: `sleep`, `idle`, `spawn`,
`joinall`. The probe puts this folder first on sys.path and runs the fixture
inside `switchpoint.runtime.run`, so the fixture's own lines switch through
the runtime's traps instead of gevent's hub; the engine still analyses the
fixture as gevent code, and the sites must be the same expressions.
"""

from switchpoint import runtime as _rt


def sleep(seconds=0, ref=True):
    _rt.sleep(seconds)


def idle(*priority):
    _rt.sleep(0)


def spawn(function, *args, **kwargs):
    return _rt.spawn(function, *args, **kwargs)


def joinall(greenlets, timeout=None, raise_error=False, count=None):
    return [thread.join() for thread in greenlets]
