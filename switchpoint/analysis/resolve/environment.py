"""The target environment: the `sys.path` of the interpreter the analysed project runs on.

jedi asks that interpreter in a subprocess, so nothing of the project is imported.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

from switchpoint.analysis.resolve.static_conditions import RUNNING, TargetFacts


class EnvironmentError_(Exception):
    """The interpreter given with --python cannot be used."""


@lru_cache(maxsize=8)
def target_sys_path(python: str | None) -> tuple[str, ...]:
    """Search path of `python` (default: the running interpreter), without the current folder."""
    # a venv's interpreter is a symlink to its base: compare the given path, not what it resolves to
    if python is None or os.path.abspath(python) == os.path.abspath(sys.executable):
        paths = list(sys.path)
    else:
        try:
            paths = list(_asked(python)[0])
        except Exception as error:  # jedi raises InvalidPythonEnvironment and friends
            raise EnvironmentError_(f"cannot use interpreter {python!r}: {error}") from None
    return tuple(p for p in paths if p and os.path.isdir(p) and p != os.getcwd())


@lru_cache(maxsize=8)
def target_facts(python: str | None) -> TargetFacts:
    """What `python` decides before running code (resolve/static_conditions.py): its version, asked through
    jedi; its platform and `os.name` are this machine's, where it runs."""
    if python is None or os.path.abspath(python) == os.path.abspath(sys.executable):
        return RUNNING
    try:
        version = _asked(python)[1]
    except Exception as error:  # jedi raises InvalidPythonEnvironment and friends
        raise EnvironmentError_(f"cannot use interpreter {python!r}: {error}") from None
    return TargetFacts(RUNNING.platform, RUNNING.os_name, version)


@lru_cache(maxsize=8)
def _asked(python: str) -> tuple[tuple[str, ...], tuple]:
    """`python`'s `sys.path` and version, asked of one jedi environment: making one runs the interpreter in a
    subprocess (~0.1 s CPU, 0.2 s wall), which ends with it here. An error is not cached: each question
    raises it afresh."""
    import jedi

    environment = jedi.create_environment(python, safe=False)
    return tuple(environment.get_sys_path()), tuple(environment.version_info)
