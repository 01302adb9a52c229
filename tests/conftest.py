"""Settings every test shares: the per-user cache of libraries' collected operations goes to a
temporary folder, never the real `~/.cache/switchpoint` (subprocesses inherit it); long explorations
(marker `slow`) run only with SWITCHPOINT_SLOW=1."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_user_cache(tmp_path_factory):
    previous = os.environ.get("SWITCHPOINT_CACHE_HOME")
    os.environ["SWITCHPOINT_CACHE_HOME"] = str(tmp_path_factory.mktemp("switchpoint-user-cache"))
    yield
    if previous is None:
        os.environ.pop("SWITCHPOINT_CACHE_HOME", None)
    else:
        os.environ["SWITCHPOINT_CACHE_HOME"] = previous


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SWITCHPOINT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow exploration: set SWITCHPOINT_SLOW=1 to run it")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
