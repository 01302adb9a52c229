"""The containment rule and the two measures, on hand-made sites and points (no program runs)."""

from __future__ import annotations

from tests.differential.compare import compare, covers
from tests.differential.static_run import ReportedPoint
from tests.differential.tracing_run import Observation, ObservedSite, Span

FILE = "/src/app.py"


def point(line, column, end_line, end_column, kind="call", path=FILE):
    return ReportedPoint(Span(path, line, column, end_line, end_column), kind, "certain", ("app.f", "gevent.sleep"))


def site(line, column, end_line, end_column, opname="CALL", path=FILE):
    return ObservedSite(Span(path, line, column, end_line, end_column), {opname}, 1)


def test_a_site_inside_a_point_is_covered_including_equal_bounds():
    assert covers(point(3, 5, 3, 20), site(3, 5, 3, 20))
    assert covers(point(3, 5, 4, 2), site(3, 9, 3, 30))


def test_overlap_or_same_line_is_not_enough():
    assert not covers(point(3, 5, 3, 20), site(3, 4, 3, 20))  # starts before the point
    assert not covers(point(3, 5, 3, 20), site(3, 10, 3, 21))  # ends after it
    assert not covers(point(3, 5, 3, 20), site(3, 21, 3, 30))  # same line, elsewhere
    assert not covers(point(3, 5, 3, 20, path="/src/other.py"), site(3, 5, 3, 20))


def test_a_whole_fstring_site_is_covered_by_the_format_point_of_its_value():
    fstring = site(7, 5, 7, 14, opname="FORMAT_VALUE")
    assert covers(point(7, 8, 7, 9, kind="format"), fstring)
    assert not covers(point(7, 8, 7, 9, kind="call"), fstring)
    assert not covers(point(8, 1, 8, 2, kind="format"), site(7, 5, 8, 14, opname="FORMAT_VALUE"))


def test_a_whole_statement_truth_test_is_covered_by_the_bool_point_of_its_test():
    if_statement = site(9, 5, 10, 13, opname="POP_JUMP_FORWARD_IF_FALSE")
    assert covers(point(9, 8, 9, 9, kind="bool"), if_statement)
    assert not covers(point(9, 8, 9, 9, kind="compare"), if_statement)
    assert not covers(point(9, 8, 9, 9, kind="bool"), site(9, 5, 10, 13, opname="CALL"))


def test_recall_counts_misses_and_precision_counts_executed_points_only():
    observation = Observation()
    for observed in (site(3, 5, 3, 20), site(12, 1, 12, 4)):
        observation.sites[observed.span] = observed
    observation.lines[FILE] = {3, 5}
    points = [point(3, 5, 3, 20), point(5, 1, 5, 9), point(40, 1, 40, 9)]  # switched, executed only, never ran
    comparison = compare(observation, points)
    assert [miss.site.span.line for miss in comparison.misses] == [12]
    assert comparison.recall == 0.5
    assert (comparison.executed_points, comparison.switched_points) == (2, 1)
    assert comparison.precision_lower_bound == 0.5


def test_a_point_does_not_cover_the_body_of_a_function_defined_inside_it(tmp_path):
    source = tmp_path / "server.py"
    source.write_text(
        "class Arbiter:\n"  # 1: the class statement, a point over the whole class
        "    size = make()\n"  # 2: runs at the class statement
        "    def start(self):\n"  # 3
        "        self.cfg.when_ready(self)\n"  # 4: runs when start() is called
        "    key = sorted(keys, key=lambda k: k.wait())\n",  # 5: the lambda's body runs inside sorted()
        encoding="utf-8",
    )
    path = str(source)
    whole_class = point(1, 1, 5, 47, path=path)
    assert covers(whole_class, site(2, 12, 2, 18, path=path))
    assert not covers(whole_class, site(4, 9, 4, 34, path=path))
    assert not covers(whole_class, site(5, 38, 5, 46, path=path))
    assert covers(point(4, 9, 4, 34, path=path), site(4, 9, 4, 34, path=path))
    assert covers(point(5, 38, 5, 46, path=path), site(5, 38, 5, 46, path=path))
