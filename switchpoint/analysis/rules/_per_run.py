"""What the rules compute once per analysis run.

Each run makes its call graph and its summaries anew, so a value kept weakly under one of them
lives exactly as long as the run: no rule sees another run's answer, and none is kept after it. A run that
takes the last run's graph and summaries as its own (analysis/kept_run.py: an edit that changed no call) has
their values forgotten first (`forget_run`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_EVERY: list[PerRun] = []  # every table (module-level ones, made once), for forget_run


class PerRun(Generic[T]):
    """A value per run, computed on first use; keyed by the run's graph or summaries (say which where it
    is declared: a rule that asks with the other would compute it twice)."""

    def __init__(self) -> None:
        self._values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        _EVERY.append(self)

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


def forget_run(*runs: object) -> None:
    """Drop every table's value kept under `runs` (graphs, summaries): their next run computes them again."""
    for table in _EVERY:
        for run in runs:
            table.forget(run)
