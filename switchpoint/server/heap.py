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
"""

from __future__ import annotations

import gc
from collections.abc import Callable

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
