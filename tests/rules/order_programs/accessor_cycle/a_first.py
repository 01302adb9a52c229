"""Walked first, `first` enters the cycle current <-> fallback at `current`."""
from b_second import current


def first(box):
    return current(box)
