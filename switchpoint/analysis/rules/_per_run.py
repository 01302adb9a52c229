"""What the rules compute once per analysis run.

Each run makes its call graph and its summaries anew, so a value kept weakly under one of them
lives exactly as long as the run: no rule sees another run's answer, and none is kept after it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerRun(Generic[T]):
    """A value per run, computed on first use; keyed by the run's graph or summaries (say which where it
    is declared: a rule that asks with the other would compute it twice)."""

    def __init__(self) -> None:
        self._values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, run: object, compute: Callable[[], T]) -> T:
        value = self._values.get(run)
        if value is None:
            value = self._values[run] = compute()
        return value

    def peek(self, run: object) -> T | None:
        """The value if this run computed it already, else None (nothing is computed)."""
        return self._values.get(run)

    def forget(self, run: object) -> None:
        """Drop this run's value: the next `get` computes it again (tests comparing orders of asking)."""
        self._values.pop(run, None)
