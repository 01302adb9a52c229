"""Tests the target decides before running (resolve/static_conditions.py): the truth of each understood form,
names other modules bind to such tests (resolve/imported_conditions.py), and the target's version taken from the
interpreter the analysis is given, caches included."""

import ast
import glob
import os
import subprocess
import sys
import textwrap

import pytest

from switchpoint.analysis.api import Options, analyze, open_workspace
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model
from switchpoint.analysis.resolve.imported_conditions import ImportedConditions
from switchpoint.analysis.resolve.static_conditions import Decider, ModuleRef, TargetFacts, top_level_bindings

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
        ("sys.version_info[0:2] >= (3, 4)", True),  # six's PY34
        ("sys.version_info[1:2] >= (3, 4)", None),
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
        ("_version >= (3, 8)", True),  # an alias of the version itself
        ("sys.maxsize > 2**32", None),
        ("platform == 'win32'", None),  # not `sys.platform`
        ("LINUX", True),  # `from _common import LINUX`: what the other module binds
        ("not PY312 and compat.py310", True),  # `import compat`
        ("compat.win32 or osp.sep == '/'", None),
        ("compat.DEBUG", None),  # a constant: code may assign over it
        ("compat.twice", None),
        ("_common.missing", None),
        ("sys.version_info >= (3, 12) if LINUX else True", None),  # a conditional expression: not a test here
    ],
)
def test_truth_of_each_form(test, truth):
    imported = {("_common", "LINUX"): True, ("compat", "py312"): False, ("compat", "py310"): True}
    decider = Decider(LINUX_311, type_checking=False, imported=lambda module, name: imported.get((module, name)))
    for name in ("sys", "os", "compat", "_common"):
        decider.note_import(name, name)
    decider.note_import("osp", "os.path")
    decider.note_from_import("LINUX", "_common", "LINUX")
    decider.note_from_import("PY312", "compat", "py312")
    decider.note_alias("_win", ast.parse("sys.platform == 'win32'", mode="eval").body)
    decider.note_alias("_version", ast.parse("sys.version_info[:2]", mode="eval").body)
    assert decider.truth(ast.parse(test, mode="eval").body) is truth


def test_a_name_the_module_binds_twice_stands_for_nothing():
    tree = ast.parse(textwrap.dedent("""\
        import sys
        from _common import LINUX
        WIN = sys.platform == 'win32'
        if sys.platform == 'win32':
            LINUX = False
    """))
    bindings = top_level_bindings(tree, "")
    decider = Decider(LINUX_311, type_checking=False, imported=lambda module, name: True,
                      single=lambda name, how: bindings.get(name) == how)
    decider.note_import("sys", "sys")
    decider.note_from_import("LINUX", "_common", "LINUX")
    decider.note_alias("WIN", tree.body[2].value)
    assert decider.truth(ast.parse("WIN", mode="eval").body) is False
    assert decider.truth(ast.parse("LINUX", mode="eval").body) is None


def test_a_name_bound_in_the_tests_own_scope_is_not_the_modules():
    decider = Decider(LINUX_311, type_checking=False)
    decider.note_import("sys", "sys")
    decider.note_alias("_win", ast.parse("sys.platform == 'win32'", mode="eval").body)
    test = ast.parse("_win or sys.platform == 'linux'", mode="eval").body
    assert decider.truth(test) is True
    assert decider.truth(test, local=lambda name: name == "sys") is None  # a parameter `sys`


def test_type_checking_is_undecided_for_binding():
    decider = Decider(LINUX_311, type_checking=None)
    assert decider.truth(ast.parse("TYPE_CHECKING", mode="eval").body) is None


def test_an_alias_bound_twice_stands_for_nothing():
    tree = ast.parse(textwrap.dedent("""\
        import sys
        import sys
        from ._common import LINUX
        WIN = sys.platform == 'win32'
        if x:
            WIN = True
        OTHER = 1
        try:
            import compat
        except ImportError:
            compat = None
    """))
    bindings = top_level_bindings(tree, "pkg")
    assert bindings["WIN"] is None and bindings["compat"] is None
    assert bindings["OTHER"][0] == "assign" and bindings["OTHER"][1].value == 1
    assert bindings["sys"] == ("module", "sys")  # imported twice: the same module
    assert bindings["LINUX"] == ("from", "pkg._common", "LINUX")
    assert "*" not in bindings


def _conditions(sources: dict[str, str], packages=()):
    """ImportedConditions over modules given as text; `asked` lists the modules read, in order."""
    asked = []

    def source(name):
        asked.append(name)
        text = sources.get(name)
        return None if text is None else (ast.parse(textwrap.dedent(text)), name in packages)

    return ImportedConditions(LINUX_311, source), asked


def test_a_name_another_module_binds_through_reexports_and_submodules():
    service, asked = _conditions({
        "pkg": """\
            from ._common import LINUX as LINUX
            from . import compat
        """,
        "starred": """\
            from pkg._common import LINUX
            from pkg.util import *
        """,
        "pkg._common": """\
            import sys
            LINUX = sys.platform.startswith("linux")
            AIX = sys.platform.startswith("aix")
            POSIX = LINUX or AIX
            TWICE = LINUX
            TWICE = AIX
        """,
        "user": """\
            from pkg._common import LINUX
            from pkg import util
            import pkg._common as common
            WIN = not LINUX
        """,
        "pkg.util": """\
            import sys as _sys
            py312 = _sys.version_info >= (3, 12)
            DEBUG = False
            from pkg.util import py312 as again
        """,
    }, packages=("pkg",))
    reads = set()
    assert service.value("user", "WIN", reads) is False
    assert reads == {"user", "pkg._common"}
    assert service.value("pkg._common", "POSIX", set()) is True
    assert service.value("pkg._common", "TWICE", set()) is None
    assert service.value("user", "common", set()) == ModuleRef("pkg._common")
    assert service.value("user", "util", set()) == ModuleRef("pkg.util")  # not bound by `pkg`: its submodule
    assert service.value("pkg.util", "py312", set()) is False
    assert service.value("pkg.util", "again", set()) is False
    assert service.value("pkg.util", "DEBUG", set()) is None
    assert service.value("pkg", "LINUX", set()) is True
    assert service.value("pkg", "compat", set()) is None  # `from . import compat`: no such submodule
    assert service.value("starred", "LINUX", set()) is None  # a star import may bind it over
    assert asked.count("pkg._common") == 1  # each module's tree is asked for once


def test_a_cycle_is_undecided_whichever_name_is_asked_first():
    sources = {
        "a": "import sys\nfrom b import Y\nX = Y or sys.platform == 'linux'\nZ = Y\n",
        "b": "from a import X\nY = X\n",
    }
    answers = []
    for first, second in ((("a", "X"), ("b", "Y")), (("b", "Y"), ("a", "X"))):
        service, _ = _conditions(sources)
        answers.append({first: service.value(*first, set()), second: service.value(*second, set())})
    assert answers[0] == answers[1]
    assert answers[0][("a", "X")] is True  # decided by its own test whatever `Y` is


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


COMMON = "import sys\n\nLINUX = sys.platform.startswith({platform!r})\n"


def _platform_package(root):
    """psutil's shape: `plat` picks its implementation by a name `plat._common` binds to a test of the target."""
    package = root / "plat"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent("""\
        from ._common import LINUX

        if LINUX:
            from . import _a as _impl
        else:
            from . import _b as _impl
    """))
    (package / "_common.py").write_text(COMMON.format(platform=sys.platform))
    (package / "_a.py").write_text("def wait():\n    return None\n")
    (package / "_b.py").write_text("import gevent\n\n\ndef wait():\n    gevent.sleep(0)\n")
    (root / "app.py").write_text("import plat\n\n\ndef go():\n    plat._impl.wait()\n")
    (root / "pyproject.toml").write_text("")
    return root / "app.py", package / "_common.py"


def _lines(report):
    return [p.range.start.line for p in report.yield_points]


def test_editing_the_module_a_decision_read_changes_the_importers_points(tmp_path):
    app, common = _platform_package(tmp_path)
    ws = open_workspace(Options())
    assert _lines(ws.analyze_file(app)) == []
    # the decision in plat/__init__.py read a name of plat/_common.py, which no name of the analysis resolved into
    package = ws._last_world.modules["plat"]
    assert package.condition_deps == ((("plat._common", "LINUX"), True),)
    assert [file[0] for file in package.condition_files] == [str(common)]
    ws.set_text(common, COMMON.format(platform=sys.platform) + "OTHER = 1\n")  # the value read is the same
    assert _lines(ws.analyze_file(app)) == []
    assert ws._last_world.modules["plat"] is package  # not bound again
    ws.set_text(common, COMMON.format(platform="nonesuch"))  # unsaved editor text
    assert _lines(ws.analyze_file(app)) == [5]
    ws.forget_text(common)
    assert _lines(ws.analyze_file(app)) == []
    common.write_text(COMMON.format(platform="nonesuch"))  # changed on disk
    ws.invalidate(common)
    assert _lines(ws.analyze_file(app)) == [5]


@pytest.mark.parametrize("whole_results", [True, False])
def test_a_decision_kept_on_disk_holds_while_the_names_it_read_keep_their_values(tmp_path, whole_results):
    app, common = _platform_package(tmp_path)
    options = Options(cache_dir=str(tmp_path), whole_results=whole_results)
    assert _lines(analyze([app], options)) == []
    common.write_text(COMMON.format(platform="nonesuch"))
    assert _lines(analyze([app], options)) == [5]
    assert _lines(analyze([app], options)) == [5]


def test_a_decision_does_not_depend_on_the_order_modules_load(tmp_path):
    _platform_package(tmp_path)
    (tmp_path / "plat" / "_common.py").write_text(COMMON.format(platform=sys.platform) + "POSIX = LINUX or (os.name == 'posix')\nimport os\n")
    (tmp_path / "plat" / "__init__.py").write_text("from ._common import POSIX\n\nif POSIX:\n    pass\n")
    decisions = []
    for order in (["plat", "plat._common"], ["plat._common", "plat"]):
        world = World(ModuleFinder([str(tmp_path)]), load_model())
        for name in order:
            world.module(name)
        package = world.modules["plat"]
        decisions.append(sorted((node.lineno, taken) for node, taken in package.decided.items()))
    assert decisions[0] == decisions[1] == [(3, True)]
