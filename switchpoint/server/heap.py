"""When the server moves the engine's long-lived heap out of the cyclic collector's sight.

The engine keeps every module it loaded (trees, scopes, collected operations) for the
whole session: a million objects that never become garbage. Each full collection of the
cyclic GC traverses them all again, a ~1 s pause every few edits (measured on django's
compiler.py: one edit in ten took 1.4 s instead of 0.4 s). `gc.freeze()` after an
analysis moves everything alive then into the permanent generation, which collections
skip; objects created later are collected as usual. The price is that whatever was alive
at a freeze and later becomes cyclic garbage is never reclaimed, so the server freezes
only when the loaded world grew markedly (the first analysis, a file of another package
opened), not after every edit.

`analysing()` keeps the collector off across an analysis and decides on freezing first:
otherwise the first young-generation collection after the analysis traverses every object
it made (measured: 0.3-0.5 s of a 2.5 s first open of sqlalchemy's decl_api.py), just
before the freeze would have hidden them. The collector then stays off until the session
is idle (`collect_owed`, once the answers are out and no edit waits): the young collection
an analysis owes (its survivors, 5-20 ms per keystroke on a 1,500-line module, now and then
a full one of ~80 ms) would otherwise run at the next allocation, between a keystroke and its
hints. A session that is never idle collects after `MAX_OWED` analyses anyway.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

GROWTH = 1.2  # freeze again once the loaded modules are 20 % more than at the last freeze
MAX_OWED = 8  # analyses in a row without an idle moment before the owed collection runs anyway


class HeapFreezer:
    def __init__(self, freeze: Callable[[], None] = gc.freeze):
        self._freeze = freeze
        self._frozen_at = 0  # modules loaded at the last freeze
        self._owed = 0  # analyses run since the collector was last turned off for one (0: not off)

    def after_analysis(self, modules_loaded: int) -> bool:
        """Freeze if the world grew enough since the last freeze; True if it did."""
        if modules_loaded <= 0 or modules_loaded < self._frozen_at * GROWTH:
            return False
        self._freeze()
        self._frozen_at = modules_loaded
        return True

    @contextmanager
    def analysing(self, modules_loaded: Callable[[], int]) -> Iterator[None]:
        """Around one analysis: the cyclic collector is off (the engine leaves it as it found it),
        so a freeze comes before any collection, and it stays off until `collect_owed`."""
        if gc.isenabled():
            gc.disable()
            self._owed = 1
        elif self._owed:
            self._owed += 1
        try:
            yield
        finally:
            try:
                self.after_analysis(modules_loaded())
            finally:
                if self._owed > MAX_OWED:
                    self.collect_owed()

    def collect_owed(self) -> None:
        """The server is idle: the collection the automatic collector would run next, then the collector back on."""
        if not self._owed:
            return
        self._owed = 0
        generation = _due_generation()  # before enabling: its allocations would set off a collection of their own
        gc.enable()
        gc.collect(generation)


def _due_generation() -> int:
    """The oldest generation whose count passed its threshold (0 at least), as the automatic collector picks it."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    return next((g for g in (2, 1) if thresholds[g] and counts[g] >= thresholds[g]), 0)
