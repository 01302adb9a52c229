"""Fixtures for the VS Code extension's tests: its build, code-server, a packaged .vsix."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .harness import EXTENSION, run_setup


@pytest.fixture(scope="session")
def extension_build() -> Path:
    """The extension's npm dependencies installed and its TypeScript compiled into out/."""
    run_setup("build")
    return EXTENSION


@pytest.fixture(scope="session")
def code_server_entry(extension_build) -> Path:
    """code-server's launcher script, installed with Chromium and the rest by setup-e2e.sh."""
    return Path(run_setup("all"))


@pytest.fixture(scope="session")
def vsix(extension_build, tmp_path_factory) -> Path:
    """The extension packaged the way it is published (`vsce package`), without bundled libs."""
    out = tmp_path_factory.mktemp("vsix") / "switchpoint.vsix"
    done = subprocess.run(
        ["npx", "--no-install", "vsce", "package", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", str(out)],
        cwd=EXTENSION, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"vsce package failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return out


