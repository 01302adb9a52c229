"""Shared helpers for the runtime tests: a hang guard and a one-line way to run code on a fresh hub."""

from __future__ import annotations

import faulthandler
import sys

import pytest


@pytest.fixture(autouse=True)
def _hang_guard():
    """A safety net, not a timing assertion: a test stuck for 60 s dumps stacks and exits."""
    faulthandler.dump_traceback_later(60, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()
