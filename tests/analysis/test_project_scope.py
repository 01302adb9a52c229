"""The project is the source under its roots, so a file opened alone in an editor sees the classes the CLI sees.

Every class of the project may have instances (resolve/live_classes.py); the project is the analysed files'
roots and `Options.project_roots`, but for installed-packages, virtualenv and hidden folders (resolve/project.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, analyze, open_workspace
from switchpoint.analysis.resolve.project import ProjectScope
from tests.analysis._edits import points

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "analysis" / "project_classes"
SITE = str(FIXTURE / "site-packages")


@pytest.mark.parametrize("name", ["app.py", "jobs.py"])
def test_a_file_opened_alone_has_the_points_of_its_folder_analysed_whole(name):
    options = Options(extra_paths=[SITE], absolute_paths=True)
    workspace = open_workspace(options)
    alone = workspace.analyze_file(FIXTURE / name)
    whole = next(f for f in analyze([FIXTURE], options).files if f.path == str(FIXTURE / name))
    assert points(alone) == points(whole)
    assert points(alone), "each file has a point, reached through jobs.Job"


def test_a_library_under_the_root_is_loaded_and_left_out():
    workspace = open_workspace(Options(extra_paths=[SITE]))
    found = points(workspace.analyze_file(FIXTURE / "app.py"))
    assert workspace.definition("vendored.tools.Tool") is not None  # app.py's tools.helper() loaded it
    assert [chain for _, _, chain in found] == [
        ("app.use", "jobs.Job.job_wait", "gevent.sleep"),
        ("app.use", "vendored.tools.Named.named_wait", "gevent.sleep"),  # jobs.make_named names it
    ]


MAKES_NOTHING = "import gevent\n\ndef helper():\n    return 1\n\nclass Lib:\n    def lib_wait(self):\n        gevent.sleep(0)\n"
USES = "import lib\n\ndef start():\n    return lib.helper()\n\ndef use(value):\n    value.lib_wait()\n"

# (where lib.py is put under the project's root, a marker file beside it, whether Lib is the project's)
LAYOUTS = [
    ("vendor", None, True),  # a plain folder on the search path: the project's own code
    ("venv/lib/python3.12/site-packages", None, False),
    ("dist/dist-packages", None, False),
    (".venv/lib", None, False),  # hidden
    ("node_modules/py", None, False),
    ("env/lib", "env/pyvenv.cfg", False),  # a virtualenv, whatever its folders are called
    ("env", "env/pyvenv.cfg", False),
]


@pytest.mark.parametrize(("folder", "marker", "project"), LAYOUTS)
def test_a_library_folder_under_the_root_is_not_the_project(tmp_path, folder, marker, project):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "app.py").write_text(USES)
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / "lib.py").write_text(MAKES_NOTHING)
    if marker:
        (tmp_path / marker).write_text("home = /usr/bin\n")
    workspace = open_workspace(Options(extra_paths=[str(tmp_path / folder)]))
    found = points(workspace.analyze_file(tmp_path / "app.py"))
    assert workspace.definition("lib.Lib") is not None  # loaded either way: left out only when a library's
    assert [chain for _, _, chain in found] == ([("app.use", "lib.Lib.lib_wait", "gevent.sleep")] if project else [])


def test_project_roots_make_a_folder_outside_the_files_root_the_projects(tmp_path):
    # scripts/run.py imports jobs from src/ (installed in development mode, say): the file's root is scripts/,
    # the editor's workspace folder holds both, as `switchpoint yield-points .` run there analyses both
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "scripts" / "run.py").write_text(USES.replace("import lib", "import jobs").replace("lib.helper", "jobs.helper"))
    (tmp_path / "src" / "jobs.py").write_text(MAKES_NOTHING)
    search = [str(tmp_path / "src")]
    run = tmp_path / "scripts" / "run.py"
    alone = points(open_workspace(Options(extra_paths=search)).analyze_file(run))
    opened = points(open_workspace(Options(extra_paths=search, project_roots=[str(tmp_path)])).analyze_file(run))
    whole = analyze([tmp_path], Options(extra_paths=search, absolute_paths=True))
    assert alone == []
    assert opened == points(next(f for f in whole.files if f.path == str(run)))
    assert [chain for _, _, chain in opened] == [("run.use", "jobs.Lib.lib_wait", "gevent.sleep")]


def test_which_paths_are_the_projects(tmp_path):
    scope = ProjectScope([str(tmp_path / "proj"), str(tmp_path / "venv/lib/python3.12/site-packages")])
    assert scope.roots == (str(tmp_path / "proj"),)  # a root in a library folder is no project root
    assert scope.holds(str(tmp_path / "proj/pkg/mod.py"))
    assert scope.holds(str(tmp_path / "proj/top.py"))
    assert not scope.holds(str(tmp_path / "project2/mod.py"))  # a prefix of the name is not a folder above
    assert not scope.holds(str(tmp_path / "venv/lib/python3.12/site-packages/x.py"))
    assert not scope.holds(str(tmp_path / "proj/.tox/py312/lib/x.py"))
    assert not scope.holds(None)
    everything = ProjectScope([str(tmp_path)])  # a script at the top of the file system, say
    assert not everything.holds(str(tmp_path / "usr/lib/python3.12/asyncio/events.py"))
    assert everything.holds(str(tmp_path / "usr/lib/tool/mod.py"))
    assert not ProjectScope([]).holds(str(tmp_path / "proj/top.py"))
