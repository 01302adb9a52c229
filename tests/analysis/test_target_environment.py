"""The target interpreter is asked once for what a run needs of it (`resolve/environment.py`): its `sys.path`
and its version come from one jedi environment, whose making runs that interpreter in a subprocess."""

from __future__ import annotations

import jedi
import pytest

from switchpoint.analysis.resolve import environment
from switchpoint.analysis.resolve.environment import EnvironmentError_, target_facts, target_sys_path


class _FakeEnvironment:
    version_info = (3, 9, 18)

    def __init__(self, folder: str):
        self._folder = folder

    def get_sys_path(self):
        return [self._folder, ""]


@pytest.fixture
def made(monkeypatch, tmp_path):
    """The environments made, each of another (fake) interpreter; no cache of an earlier test answers."""
    calls = []

    def create_environment(python, safe=True):
        calls.append(python)
        if "broken" in python:
            raise jedi.InvalidPythonEnvironment(f"{python} is no interpreter")
        return _FakeEnvironment(str(tmp_path))

    monkeypatch.setattr(jedi, "create_environment", create_environment)
    for cached in (target_sys_path, target_facts, environment._asked):
        cached.cache_clear()
    yield calls
    for cached in (target_sys_path, target_facts, environment._asked):
        cached.cache_clear()


def test_sys_path_and_version_come_from_one_environment(made, tmp_path):
    python = str(tmp_path / "bin" / "python")
    assert target_sys_path(python) == (str(tmp_path),)
    assert target_facts(python).version == (3, 9, 18)
    assert made == [python]


def test_an_interpreter_that_cannot_be_used_is_said_by_both_questions(made, tmp_path):
    python = str(tmp_path / "broken" / "python")
    with pytest.raises(EnvironmentError_):
        target_sys_path(python)
    with pytest.raises(EnvironmentError_):
        target_facts(python)
    assert made == [python, python]
