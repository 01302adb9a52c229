"""Bad input degrades one file, never the run: syntax errors, bad encodings, odd and huge files."""

from __future__ import annotations

import ast
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from switchpoint.analysis.api import analyze
from switchpoint.analysis.workspace import RECURSION_LIMIT

SWITCHING = "import gevent\n\ndef f():\n    gevent.sleep(0)\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.py").write_text(SWITCHING)
    return tmp_path


def _good_points(report):
    return [p for p in report.yield_points if p.path == "good.py"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("broken.py", b"def f(:\n    pass\n", "syntax error"),
        ("half.py", b"def f():\n    gevent.sleep(\n", "syntax error"),
        ("latin.py", b"x = '\xe9'\n", "cannot read"),
        ("nul.py", b"x = 1\x00\n", "null bytes"),
        ("deep.py", b"x = " + b"(" * 300 + b"1" + b")" * 300 + b"\n", "nested"),
    ],
)
def test_a_bad_file_gets_a_message_and_the_rest_is_analysed(project, name, content, message):
    (project / name).write_bytes(content)
    report = analyze([str(project)])
    problems = [p for p in report.problems if p.path == name]
    assert len(problems) == 1 and message in problems[0].message
    assert len(_good_points(report)) == 1


def test_syntax_error_position_is_reported(project):
    (project / "broken.py").write_text("x = 1\ny = (\n")
    problem = next(p for p in analyze([str(project)]).problems if p.path == "broken.py")
    assert problem.range is not None and problem.range.start.line == 2


def test_unreadable_file_is_reported(project):
    path = project / "secret.py"
    path.write_text(SWITCHING)
    os.chmod(path, 0)
    if os.access(path, os.R_OK):  # root reads anything: make it a dangling symlink instead
        path.unlink()
        path.symlink_to(project / "missing-target.py")
    report = analyze([str(project)])
    assert [p.message for p in report.problems if p.path == "secret.py"]
    assert len(_good_points(report)) == 1


def test_missing_path_is_reported(project):
    report = analyze([str(project / "nope.py"), "good.py"])
    assert [p.message for p in report.problems] == ["no such file or directory"]
    assert len(_good_points(report)) == 1


def test_crlf_bom_and_coding_line(project):
    (project / "crlf.py").write_bytes(b"\xef\xbb\xbfimport gevent\r\n\r\ndef f():\r\n    gevent.sleep(0)\r\n")
    (project / "coded.py").write_bytes(b"# -*- coding: latin-1 -*-\nimport gevent\ns = '\xe9'\ndef f():\n    gevent.sleep(0)\n")
    report = analyze([str(project)])
    assert not report.problems
    lines = {p.path: p.range.start.line for p in report.yield_points}
    assert lines == {"good.py": 4, "crlf.py": 4, "coded.py": 5}


def test_columns_count_code_points(project):
    (project / "wide.py").write_text("import gevent\n\ndef f():\n    x = 'é😀'; gevent.sleep(0)\n", encoding="utf-8")
    point = next(p for p in analyze([str(project)]).yield_points if p.path == "wide.py")
    assert (point.range.start.column, point.range.end.column) == (15, 30)


def test_form_feeds_are_no_line_breaks(project):
    # the parser reads a form feed (between sections, GNU style) as a character of its line: lines after one
    # are still those of the tree (a generator whose `yield` is on its last line stays a generator, whose
    # call runs none of its body), and columns on them count from the line's own start
    (project / "paged.py").write_text(
        "import gevent\n\x0c\n\ndef gen():\n    gevent.sleep(0)\n    yield 1\n\n\x0c\ndef use():\n"
        "    x = 'é'; gen()\n    x = 'é'; gevent.sleep(0)\n",
        encoding="utf-8",
    )
    points = [(p.range.start.line, p.range.start.column, p.chain) for p in analyze([str(project)]).yield_points
              if p.path == "paged.py"]
    assert points == [(5, 5, ("paged.gen", "gevent.sleep")), (11, 14, ("paged.use", "gevent.sleep"))]


def test_huge_file(project):
    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(20000))
    (project / "huge.py").write_text("import gevent\n" + body + "def g():\n    gevent.sleep(0)\n")
    report = analyze([str(project)])
    assert [p.range.start.line for p in report.yield_points if p.path == "huge.py"] == [40003]


def _chained(terms: int) -> str:
    """A module whose `total` returns a chain of `terms` additions of calls of a switching function."""
    chain = " + ".join(["tick()"] * terms)
    return ("import gevent\n\ndef tick():\n    gevent.sleep(0)\n    return 1\n\n"
            f"def total():\n    return {chain}\n\ndef caller():\n    return total()\n")


def _deepest_parsable_chain(most: int) -> int:
    """The longest chain (at most `most` terms) this interpreter's parser takes in `_chained` under the analysis's
    recursion limit: 3.11 all 20,000, 3.12 ~3,000 and 3.13 ~10,000 (their tree building refuses deeper)."""
    low, high = 1, most
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        while low < high:
            middle = (low + high + 1) // 2
            try:
                ast.parse(_chained(middle))
                low = middle
            except (RecursionError, MemoryError):
                high = middle - 1
    finally:
        sys.setrecursionlimit(limit)
    return low


def test_a_function_too_deep_to_collect_is_a_possible_point_with_a_problem_saying_why(project):
    # a chain of additions the parser takes but every recursive walk of it overflows: 20,000 terms on 3.11, as
    # many as the parser takes on 3.13 (on 3.12, too few to overflow a walk: the deepest it takes is analysed)
    (project / "chained.py").write_text(_chained(_deepest_parsable_chain(20000)))
    report = analyze([str(project)])
    problems = [p for p in report.problems if p.path == "chained.py"]
    points = {p.range.start.line: (p.certainty, p.chain) for p in report.yield_points if p.path == "chained.py"}
    if sys.version_info[:2] == (3, 12):  # its parser refuses a chain before a walk overflows: analysed whole
        assert not problems and points[11] == ("certain", ("chained.caller", "chained.total", "chained.tick", "gevent.sleep"))
        return
    [problem] = problems
    assert "`chained.total` is nested too deeply" in problem.message and problem.range.start.line == 7
    assert points[11] == ("possible", ("chained.caller", "chained.total", "<too deeply nested to analyse>", "<unknown callable>"))
    assert points[4][0] == "certain"  # the rest of the file is analysed as ever


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("def f(x):\n  return x[0] + y.z() if a else b\nclass C:\n with for in  ()[]{}:=.,'\"#@*-")), max_size=300))
def test_arbitrary_text_never_crashes(tmp_path, text):
    path = tmp_path / "fuzz.py"
    path.write_text(text, encoding="utf-8")
    report = analyze([str(path)])
    assert len(report.files) == 1


def test_half_typed_code_keeps_the_rest_of_the_file(project):
    (project / "typing_now.py").write_text(
        "import gevent\n\ndef f():\n    gevent.sleep(0)\n\ndef g():\n    x = gevent.\n\ndef h():\n    gevent.sleep(1)\n"
    )
    report = analyze([str(project)])
    [problem] = [p for p in report.problems if p.path == "typing_now.py"]
    assert problem.message.startswith("syntax error") and problem.range.start.line == 7
    assert [p.range.start.line for p in report.yield_points if p.path == "typing_now.py"] == [4, 10]


def test_calls_with_fewer_arguments_than_the_function_takes(project):
    # half-typed calls of functions whose arguments the engine reads by position (lazy iterators)
    (project / "short.py").write_text(
        "import itertools\n\ndef f(g):\n    for x in filter(g):\n        pass\n"
        "    for y in itertools.compress([1]):\n        pass\n    return map()\n"
    )
    report = analyze([str(project)])
    assert not [p for p in report.problems if p.path == "short.py"]
    assert [p.range.start.line for p in _good_points(report)] == [4]



def test_operator_accessors_half_typed(project):
    # accessors made with no name, a name that is no string or names not written out, and called with no
    # object, several or unpacked ones: nothing crashes, and only the method of a name nothing shows is
    # called (an unknown callable)
    (project / "getters.py").write_text(
        "import functools\nfrom operator import attrgetter, itemgetter, methodcaller\n\n"
        "def f(name, row):\n    names, rows = ('a', 'b'), [row]\n    itemgetter()(row)\n    attrgetter(1)(row)\n"
        "    methodcaller()(row)\n    attrgetter()(row, row)\n    itemgetter(*names)(*rows)\n    attrgetter(*names)(row)\n"
        "    methodcaller(name)(**row)\n    attrgetter('a')()\n    attrgetter('')(row)\n"
        "    sorted(rows, key=itemgetter())\n    functools.cmp_to_key()\n    list(map(methodcaller('x')))\n"
    )
    report = analyze([str(project)])
    assert not [p for p in report.problems if p.path == "getters.py"]
    [point] = [p for p in report.yield_points if p.path == "getters.py"]
    assert point.range.start.line == 12 and point.chain[-2:] == ("operator.methodcaller", "<unknown callable>")
