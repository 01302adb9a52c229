"""Misses found by the differential tests that the engine cannot avoid yet, each with its minimal reproduction.

A known miss is matched by the file it is in (a path ending) and the text of
the site's first line, so line shifts between versions do not matter. A
differential test fails on any miss not listed here. A listed miss that was
observed and is now covered means the engine has learned the construct: the
tests then warn (KnownMissNowCovered, in pytest's summary) rather than fail, so
an engine fix lands without waiting for this list; the entry should then go and
its reproduction move to tests/fixtures/analysis/.
Every entry names its reproduction in tests/differential/misses/.
"""

from __future__ import annotations

import linecache
import os
import warnings
from dataclasses import dataclass

from tests.differential.compare import Comparison
from tests.differential.tracing_run import Observation, Span


class KnownMissNowCovered(UserWarning):
    """A known miss whose sites were observed and are all covered: drop the entry."""


@dataclass(frozen=True)
class KnownMiss:
    file: str  # path ending, with "/" separators: "urllib3/connectionpool.py"
    code: str  # text the site's first line contains
    reproduction: str  # file name in tests/differential/misses/
    cause: str

    def matches(self, span: Span) -> bool:
        return span.path.replace(os.sep, "/").endswith("/" + self.file) and self.code in linecache.getline(span.path, span.line)


# Every other miss found so far was fixed in the engine, and its reproduction is an engine fixture now
# (tests/fixtures/analysis/miss_*.py). Add entries here only with a reproduction.
KNOWN_MISSES: tuple[KnownMiss, ...] = ()


def known_miss(span: Span) -> KnownMiss | None:
    return next((known for known in KNOWN_MISSES if known.matches(span)), None)


def unexplained(comparison: Comparison) -> list:
    """The misses of a comparison that no known miss explains."""
    return [miss for miss in comparison.misses if known_miss(miss.site.span) is None]


def now_covered(observation: Observation, comparison: Comparison) -> list[KnownMiss]:
    """Known misses whose sites were observed in this run and are all covered now."""
    missed = {miss.site.span for miss in comparison.misses}
    stale = []
    for known in KNOWN_MISSES:
        spans = [span for span in observation.sites if known.matches(span)]
        if spans and not any(span in missed for span in spans):
            stale.append(known)
    return stale


def warn_if_now_covered(observation: Observation, comparison: Comparison) -> None:
    for known in now_covered(observation, comparison):
        warnings.warn(
            KnownMissNowCovered(
                f"known miss now covered: {known.file}: {known.code!r} -- drop it from known_misses.py "
                f"and move misses/{known.reproduction} to tests/fixtures/analysis/ once all its entries went"
            ),
            stacklevel=2,
        )
