"""Settings every test shares: the per-user cache of libraries' collected operations goes to a
temporary folder, never the real `~/.cache/switchpoint` (subprocesses inherit it); long explorations
(marker `slow`) run only with SWITCHPOINT_SLOW=1; the process ends without the interpreter's teardown.
`tools/test` runs the suite on two pytest-xdist workers: each test file is one unit of work, so its module
fixtures are built once, and the VS Code tests are one unit (they share the extension's build folder, which
`npm ci` and `tsc` rewrite)."""

from __future__ import annotations

import os

import pytest

from switchpoint.cli.main import exit_without_teardown

_EXIT_STATUS = pytest.StashKey[int]()


@pytest.fixture(autouse=True, scope="session")
def _private_user_cache(tmp_path_factory):
    previous = os.environ.get("SWITCHPOINT_CACHE_HOME")
    os.environ["SWITCHPOINT_CACHE_HOME"] = str(tmp_path_factory.mktemp("switchpoint-user-cache"))
    yield
    if previous is None:
        os.environ.pop("SWITCHPOINT_CACHE_HOME", None)
    else:
        os.environ["SWITCHPOINT_CACHE_HOME"] = previous


# tests under these folders run in one worker: they share files outside their temporary folders
_SHARED_FOLDERS = ("tests/vscode/",)


def unit_of_work(nodeid: str) -> str:
    """What xdist sends to one worker whole: the test's file, or the shared folder it lies in."""
    path = nodeid.partition("::")[0]
    return next((folder for folder in _SHARED_FOLDERS if path.startswith(folder)), path)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, called only when it distributes (-n 1 or more)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByUnitOfWork(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of_work(nodeid)

    return ByUnitOfWork(config, log)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SWITCHPOINT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow exploration: set SWITCHPOINT_SLOW=1 to run it")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    # the modules the suite's in-process analyses loaded stay cached to the end (millions of objects):
    # the interpreter's teardown freed them one by one for minutes after the summary was printed (CI: the
    # run took 11 min, pytest's own part 8). End as the CLI does after an analysis, once every other
    # plugin has unconfigured; SWITCHPOINT_TEST_TEARDOWN=1 keeps the teardown (to debug an exit hook).
    status = config.stash.get(_EXIT_STATUS, None)
    if status is not None and not os.environ.get("SWITCHPOINT_TEST_TEARDOWN"):
        exit_without_teardown(status)
