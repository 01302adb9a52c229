"""A file report's points and summaries are sorted by flat tuples of their fields (workspace.py's
`_point_order`, `_function_order`), cheaper than the dataclasses' own comparisons: the order and the
duplicates dropped must be the dataclasses' own, field for field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from switchpoint.analysis import workspace
from switchpoint.analysis.api import Options, analyze

EXAMPLE = Path(__file__).parents[2] / "examples" / "iodict.py"


def _flat(value) -> tuple:
    """A dataclass's fields in order, nested dataclasses (a range, its positions) spread in place."""
    flat: list = []
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        flat.extend(_flat(item) if dataclasses.is_dataclass(item) else (item,))
    return tuple(flat)


def _example_report():
    return analyze([str(EXAMPLE)], Options()).files[0]


def test_the_flat_sort_keys_are_every_field_in_order():
    report = _example_report()
    assert report.yield_points and report.functions
    for point in report.yield_points:
        assert workspace._point_order(point) == _flat(point)
    for summary in report.functions:
        assert workspace._function_order(summary) == _flat(summary)


def test_points_are_sorted_and_made_distinct_as_the_dataclass_does():
    report = _example_report()
    points = list(report.yield_points)
    shuffled = points[::-1] + points[::2]  # reversed, with duplicates
    assert workspace._sorted_points(shuffled) == tuple(sorted(set(shuffled)))
