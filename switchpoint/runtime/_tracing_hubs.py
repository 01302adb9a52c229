"""Recognises the scheduler ("hub") greenlets of gevent, eventlet and switchpoint.runtime.

A hub switching into a task is the scheduler at work, not a switch point of user
code. Nothing is imported: gevent's and switchpoint's hubs are recognised by
their class (looked up by name in the MRO), eventlet's plain-greenlet hub by
identity with the hub eventlet registered for this thread, if the program
imported eventlet at all. This runs twice per switch, so classes are memoised.
"""

from __future__ import annotations

import sys

from greenlet import greenlet

_HUB_CLASSES = frozenset({("gevent.hub", "Hub"), ("switchpoint.runtime._hub", "HubGreenlet")})

# greenlet subclass -> whether it is a hub class
_is_hub_class: dict = {}


def _hub_class(cls) -> bool:
    try:
        return _is_hub_class[cls]
    except KeyError:
        verdict = any((base.__module__, base.__qualname__) in _HUB_CLASSES for base in cls.__mro__)
        _is_hub_class[cls] = verdict
        return verdict


def is_hub(glet) -> bool:
    """True for the hub greenlet of gevent, eventlet or switchpoint.runtime."""
    cls = type(glet)
    if cls is not greenlet:
        return _hub_class(cls)
    eventlet_hubs = sys.modules.get("eventlet.hubs")
    if eventlet_hubs is None:
        return False
    hub = getattr(getattr(eventlet_hubs, "_threadlocal", None), "hub", None)
    return hub is not None and getattr(hub, "greenlet", None) is glet
