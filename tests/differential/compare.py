"""Static against dynamic: recall over observed switch sites, and a lower bound on precision.

Containment rule. A site is covered by a reported point of the same file when
the point's range contains it: point start <= site start and site end <= point
end, comparing (line, column) pairs. Two CPython 3.11 positions are wider than
the expression the engine marks (both are documented narrowings, nothing else
is loosened):

- FORMAT_VALUE (an f-string's `{value}` calling `__format__`/`__repr__`)
  carries the whole f-string's position on 3.11. The engine marks the whole
  f-string there too (its ast gives the value that position), so they agree
  today; should the engine mark the `{value}` alone, a `format` point inside
  the site starting on the site's line covers it.
- A truth test (`if x:`, `while not x:`, `x and y`) calls `__bool__` from a
  conditional jump, which 3.11 positions on the whole statement or BoolOp
  (3.12+ on the test); the engine marks the test. 3.13 calls `__bool__` from
  its own TO_BOOL instruction, which in `x and y` carries the whole BoolOp. A
  `bool` point that lies inside the site and starts on its line covers it
  (`programs/truth_and_format.py`, `test_narrowing.py`).

A point never covers a site in the body of a function or lambda defined inside
the point's range: that body does not run where the point is. A class statement
is a point wherever its body has one, and its range is the whole class; without
this it would cover every switch in the class's methods (gunicorn's
`class Arbiter:` hid `self.cfg.when_ready(self)`, unmarked before).

Precision lower bound: of the reported points that have at least one executed
line (line coverage of the runs), the share that covers at least one observed
site. Points that never ran are left out: nothing is known about them.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field

from tests.differential.static_run import ReportedPoint
from tests.differential.tracing_run import Observation, ObservedSite, Span

# opname -> the point kind whose narrower range may stand for the site (see the module docstring)
NARROWED = {
    "FORMAT_VALUE": "format",
    "POP_JUMP_FORWARD_IF_FALSE": "bool",
    "POP_JUMP_FORWARD_IF_TRUE": "bool",
    "POP_JUMP_BACKWARD_IF_FALSE": "bool",
    "POP_JUMP_BACKWARD_IF_TRUE": "bool",
    "POP_JUMP_IF_FALSE": "bool",
    "POP_JUMP_IF_TRUE": "bool",
    "JUMP_IF_FALSE_OR_POP": "bool",
    "JUMP_IF_TRUE_OR_POP": "bool",
    "TO_BOOL": "bool",  # 3.13
}


def _inside(inner: Span, outer: Span) -> bool:
    return (
        inner.path == outer.path
        and (outer.line, outer.column) <= (inner.line, inner.column)
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)
    )


@functools.lru_cache(maxsize=256)
def _bodies(path: str) -> tuple[Span, ...]:
    """The bodies of the functions and lambdas of a file, as spans (code-point columns); none if unreadable."""
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        tree = ast.parse(text)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return ()
    lines = text.splitlines()

    def column(line: int, offset: int) -> int:  # ast's UTF-8 byte offset -> a code-point column, 1-based
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(source.encode("utf-8")[:offset].decode("utf-8", errors="ignore")) + 1

    bodies = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0]
        elif isinstance(node, ast.Lambda):
            first = node.body
        else:
            continue
        bodies.append(Span(path, first.lineno, column(first.lineno, first.col_offset),
                           node.end_lineno, column(node.end_lineno, node.end_col_offset)))
    return tuple(bodies)


def _in_nested_body(site: Span, point: Span) -> bool:
    """Whether the site lies in the body of a function or lambda defined inside the point's range."""
    return any(_inside(body, point) and not _inside(point, body) and _inside(site, body) for body in _bodies(site.path))


def covers(point: ReportedPoint, site: ObservedSite) -> bool:
    """Whether `point` accounts for the switches observed at `site` (the containment rule above)."""
    if _inside(site.span, point.span):
        return not _in_nested_body(site.span, point.span)
    narrowed_kinds = {NARROWED[name] for name in site.opnames if name in NARROWED}
    return (
        point.kind in narrowed_kinds
        and point.span.line == site.span.line
        and _inside(point.span, site.span)
    )


@dataclass
class Miss:
    site: ObservedSite
    stack: list[str] | None

    def describe(self) -> str:
        site = self.site
        text = f"missed switch site {site.span.describe()} {'/'.join(sorted(site.opnames))} x{site.count}"
        if self.stack:
            text += "\n    stack at a switch through it (innermost first):\n" + "\n".join(
                f"      {frame}" for frame in self.stack
            )
        return text


@dataclass
class Comparison:
    observed: int
    misses: list[Miss] = field(default_factory=list)
    executed_points: int = 0  # reported points with an executed line
    switched_points: int = 0  # of those, points that cover an observed site
    files: int = 0

    @property
    def recall(self) -> float:
        return 1.0 if not self.observed else (self.observed - len(self.misses)) / self.observed

    @property
    def precision_lower_bound(self) -> float | None:
        return None if not self.executed_points else self.switched_points / self.executed_points

    def summary(self) -> str:
        precision = self.precision_lower_bound
        return (
            f"observed sites {self.observed}, missed {len(self.misses)}, recall {self.recall:.1%}, "
            f"reported points on executed lines {self.executed_points}, switched {self.switched_points}, "
            f"precision lower bound {'n/a' if precision is None else f'{precision:.1%}'}"
        )

    def failure_report(self) -> str:
        return self.summary() + "\n" + "\n".join(miss.describe() for miss in self.misses)


def compare(observation: Observation, points: list[ReportedPoint]) -> Comparison:
    by_file: dict[str, list[ReportedPoint]] = {}
    for point in points:
        by_file.setdefault(point.span.path, []).append(point)
    comparison = Comparison(observed=len(observation.sites), files=len(observation.files()))
    switched: set[ReportedPoint] = set()
    for span, site in sorted(observation.sites.items()):
        covering = [point for point in by_file.get(span.path, ()) if covers(point, site)]
        if not covering:
            comparison.misses.append(Miss(site, observation.stack_for(span)))
        switched.update(covering)
    for point in points:
        executed = observation.lines.get(point.span.path, ())
        if any(line in executed for line in range(point.span.line, point.span.end_line + 1)):
            comparison.executed_points += 1
            comparison.switched_points += point in switched
    return comparison
