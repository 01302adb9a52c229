"""`.pre-commit-hooks.yaml` with the real pre-commit from PyPI, in a temporary git repository (`pre-commit try-repo`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.ci.test_formats import RACY
from tests.ci.tools import tools_cache

ROOT = Path(__file__).resolve().parents[2]


def test_hook_definition():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "switchpoint" and hook["entry"] == "switchpoint check" and hook["types"] == ["python"]


def test_pre_commit_hook_blocks_a_commit_with_a_race(tmp_path):
    """`pre-commit install` with the one-entry config the docs show; the hook runs on `git commit`."""
    repo = tmp_path / "project"
    repo.mkdir()
    # the committed state of this checkout (a fresh clone in CI); the environment is cached per revision
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tools_cache() / "pre-commit"), PIP_DISABLE_PIP_VERSION_CHECK="1", PRE_COMMIT_COLOR="never")
    env.pop("GIT_DIR", None)

    def run(*args, check=True):
        completed = subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=600)
        if check:
            assert completed.returncode == 0, completed.stdout + completed.stderr
        return completed

    run("git", "init", "-q", "-b", "main")
    run("git", "config", "user.email", "t@example.com")
    run("git", "config", "user.name", "t")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: switchpoint\n"
    )
    run(sys.executable, "-m", "pre_commit", "install")
    (repo / "clean.py").write_text("def add(a, b):\n    return a + b\n")
    (repo / "notes.txt").write_text("not python\n")
    run("git", "add", ".pre-commit-config.yaml", "clean.py", "notes.txt")
    clean = run("git", "commit", "-qm", "clean")
    assert "switchpoint" in clean.stdout + clean.stderr and "Passed" in clean.stdout + clean.stderr
    (repo / "racy.py").write_text(RACY)
    run("git", "add", "racy.py")
    racy = run("git", "commit", "-qm", "racy", check=False)
    output = racy.stdout + racy.stderr
    assert racy.returncode != 0, output
    assert "Failed" in output and "racy.py:9:9: SP101 lost update of `self.n`" in output
    assert run("git", "log", "--format=%s").stdout.split() == ["clean"]  # the racy commit was refused
