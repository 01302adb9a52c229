"""Tests the target decides before running (resolve/static_conditions.py): the truth of each understood form,
and the target's version taken from the interpreter the analysis is given, caches included."""

import ast
import glob
import os
import subprocess
import sys
import textwrap

import pytest

from switchpoint.analysis.api import Options, analyze
from switchpoint.analysis.resolve.static_conditions import Decider, TargetFacts, top_level_assignment_counts

LINUX_311 = TargetFacts("linux", "posix", (3, 11, 7))


@pytest.mark.parametrize(
    "test, truth",
    [
        ("sys.platform == 'win32'", False),
        ("sys.platform != 'win32'", True),
        ("sys.platform.startswith('linux')", True),
        ("sys.platform.startswith(('win', 'cygwin'))", False),
        ("sys.platform in ('linux', 'darwin')", True),
        ("sys.platform not in ['linux']", None),  # a list display is not understood: undecided
        ("os.name == 'nt'", False),
        ("sys.version_info >= (3, 12)", False),
        ("sys.version_info < (3, 12)", True),
        ("sys.version_info[:2] == (3, 11)", True),
        ("sys.version_info[0] == 3", True),
        ("sys.version_info.minor >= 11", True),
        ("sys.version_info >= '3'", None),  # a comparison that raises is left undecided
        ("sys.version_info >= (3, 'x')", None),
        ("sys.version_info >= (3, 14, 0, 'beta', 1)", False),  # decided by the first three numbers
        ("sys.version_info >= (3, 11, 7, 'beta', 1)", None),  # the release level is not known
        ("TYPE_CHECKING", False),
        ("typing.TYPE_CHECKING", False),
        ("not TYPE_CHECKING and sys.platform == 'linux'", True),
        ("flag and sys.platform == 'win32'", False),  # `and` decided by its False
        ("flag or sys.platform == 'win32'", None),
        ("flag or os.name == 'posix'", True),
        ("_win", False),  # an alias bound once at the top level
        ("sys.maxsize > 2**32", None),
        ("platform == 'win32'", None),  # not `sys.platform`
    ],
)
def test_truth_of_each_form(test, truth):
    decider = Decider(LINUX_311, {"sys": "sys", "os": "os"}, type_checking=False)
    decider.note_alias("_win", ast.parse("sys.platform == 'win32'", mode="eval").body, once=True)
    assert decider.truth(ast.parse(test, mode="eval").body) is truth


def test_type_checking_is_undecided_for_binding():
    decider = Decider(LINUX_311, {}, type_checking=None)
    assert decider.truth(ast.parse("TYPE_CHECKING", mode="eval").body) is None


def test_an_alias_bound_twice_stands_for_nothing():
    tree = ast.parse("import sys\nWIN = sys.platform == 'win32'\nif x:\n    WIN = True\nOTHER = 1\n")
    counts = top_level_assignment_counts(tree)
    assert counts["WIN"] == 2 and counts["OTHER"] == 1


def _another_interpreter() -> str | None:
    """A CPython of another minor version than this one (pyenv's, on these machines)."""
    candidates = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-9]*/bin/python3")))
    for python in candidates:
        out = subprocess.run([python, "-c", "import sys; print(sys.version_info[1])"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() != str(sys.version_info[1]) and int(out.stdout) >= 8:
            return python
    return None


def test_the_target_interpreters_version_decides(tmp_path):
    other = _another_interpreter()
    if other is None:
        pytest.skip("no CPython of another minor version here")
    version = subprocess.run([other, "-c", "import sys; print(sys.version_info[1])"], capture_output=True, text=True)
    minor = int(version.stdout)
    path = tmp_path / "versions.py"
    path.write_text(textwrap.dedent(f"""\
        import sys
        import gevent

        if sys.version_info[:2] == (3, {minor}):
            gevent.sleep(0)
        else:
            gevent.sleep(1)
    """))

    def lines(options):
        return [p.range.start.line for p in analyze([path], options).yield_points]

    cache = str(tmp_path)
    assert lines(Options(cache_dir=cache)) == [7]  # the running interpreter takes the else branch
    # the same file, another target, the same caches: the operations kept for the first target are not reused
    assert lines(Options(cache_dir=cache, python=other)) == [5]
    assert lines(Options(cache_dir=cache)) == [7]
