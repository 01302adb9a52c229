"""Recognises the scheduler ("hub") greenlets of gevent, eventlet and switchpoint.runtime.

A hub switching into a task is the scheduler at work, not a switch point of user
code. Libraries are looked up in `sys.modules` only: a library the traced
program never imported cannot own the greenlet, and the tracer imports none of them.
"""

from __future__ import annotations

import sys


def is_hub(glet) -> bool:
    """True for the hub greenlet of a library the program uses."""
    own_hub = sys.modules.get("switchpoint.runtime._hub")
    hub_class = getattr(own_hub, "HubGreenlet", None)
    if hub_class is not None and isinstance(glet, hub_class):
        return True
    gevent_hub = sys.modules.get("gevent.hub")
    if gevent_hub is not None and isinstance(glet, gevent_hub.Hub):
        return True
    eventlet_hubs = sys.modules.get("eventlet.hubs")
    if eventlet_hubs is not None:
        hub = getattr(getattr(eventlet_hubs, "_threadlocal", None), "hub", None)
        if hub is not None and getattr(hub, "greenlet", None) is glet:
            return True
    return False
