"""Long explorations in this folder are marked `slow` and run only with SWITCHPOINT_SLOW=1."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SWITCHPOINT_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow exploration: set SWITCHPOINT_SLOW=1 to run it")
    for item in items:
        if "slow" in item.keywords and "differential" in str(item.fspath):
            item.add_marker(skip)
