"""Walked first, `deep` reaches `get3` three accessors down, where summaries stop following calls."""
from b_bump import get1


def deep(box):
    return get1(box)
