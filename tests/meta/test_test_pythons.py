"""`tools/test-pythons` ends with one line per CPython saying whether its suite passed, so the version
that failed is named at the end of a long run, and exits 1 if any did.

The script runs here in a copy of the tools folder, on stand-in interpreters: a `python3.X` on PATH and
its `.venv-3.X` already installed, whose `-m pytest` exits with the status the test chooses."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _stand_in(path: Path, version: str, pytest_exit: int):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/bin/sh\n"
        f'case "$1" in -V) echo "Python {version}.0" ;; -m) [ "$2" = pytest ] && exit {pytest_exit} ;; esac\n'
        "exit 0\n"
    )
    path.chmod(0o755)


def _run(tmp_path: Path, versions: dict[str, int], missing: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    (tmp_path / "tools").mkdir()
    shutil.copy(REPO / "tools" / "test-pythons", tmp_path / "tools" / "test-pythons")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'stand-in'\n")
    digest = hashlib.sha256((tmp_path / "pyproject.toml").read_bytes()).hexdigest()
    bin_folder = tmp_path / "bin"
    for version, pytest_exit in versions.items():
        _stand_in(bin_folder / f"python{version}", version, 0)
        _stand_in(tmp_path / f".venv-{version}" / "bin" / "python", version, pytest_exit)
        (tmp_path / f".venv-{version}" / ".switchpoint-installed").write_text(digest + "\n")
    environment = {**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}",
                   "SWITCHPOINT_PYTHONS": " ".join([*versions, *missing])}
    return subprocess.run(["bash", str(tmp_path / "tools" / "test-pythons"), "-q"], capture_output=True, text=True,
                          env=environment, timeout=60)


def test_the_summary_names_each_version_and_which_failed(tmp_path):
    done = _run(tmp_path, {"3.98": 1, "3.99": 0}, missing=("3.90",))
    assert done.returncode == 1, done.stderr
    summary = done.stdout.split("== tools/test-pythons\n", 1)[1].splitlines()
    assert summary[0].startswith("CPython 3.98 (Python 3.98.0): FAILED (pytest exit 1) in "), summary
    assert summary[1].startswith("CPython 3.99 (Python 3.99.0): passed in "), summary
    assert summary[2] == "CPython 3.90: FAILED (no interpreter found)", summary


def test_it_passes_when_every_version_passed(tmp_path):
    done = _run(tmp_path, {"3.98": 0, "3.99": 0})
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": passed in ") == 2, done.stdout
