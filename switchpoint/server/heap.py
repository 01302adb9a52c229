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

`analysing()` keeps the collector off across an analysis and decides on freezing before
turning it back on: otherwise the first young-generation collection after the analysis
traverses every object it made (measured: 0.3-0.5 s of a 2.5 s first open of sqlalchemy's
decl_api.py), just before the freeze would have hidden them.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

GROWTH = 1.2  # freeze again once the loaded modules are 20 % more than at the last freeze


class HeapFreezer:
    def __init__(self, freeze: Callable[[], None] = gc.freeze):
        self._freeze = freeze
        self._frozen_at = 0  # modules loaded at the last freeze

    def after_analysis(self, modules_loaded: int) -> bool:
        """Freeze if the world grew enough since the last freeze; True if it did."""
        if modules_loaded <= 0 or modules_loaded < self._frozen_at * GROWTH:
            return False
        self._freeze()
        self._frozen_at = modules_loaded
        return True

    @contextmanager
    def analysing(self, modules_loaded: Callable[[], int]) -> Iterator[None]:
        """Around one analysis: the cyclic collector stays off until `after_analysis` has run
        (the engine leaves it as it found it), so a freeze comes before any collection."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            try:
                self.after_analysis(modules_loaded())
            finally:
                if collecting:
                    gc.enable()
