"""bundled/tool/lsp_server.py, the `useBundled` launcher: the bundled copy wins over the
environment's, arguments pass through, and a copy built for another Python is refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .harness import EXTENSION
from .lsp_truth import yield_points

SHIM = EXTENSION / "bundled" / "tool" / "lsp_server.py"

# Stands in for switchpoint in bundled/libs: says where it was imported from and with what.
FAKE_MAIN = """
import sys, switchpoint
print("bundled switchpoint from", switchpoint.__file__, "argv", sys.argv[1:])
"""


@pytest.fixture
def bundle(tmp_path) -> Path:
    tool = tmp_path / "bundled" / "tool"
    tool.mkdir(parents=True)
    shutil.copy(SHIM, tool / "lsp_server.py")
    package = tmp_path / "bundled" / "libs" / "switchpoint"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(FAKE_MAIN)
    return tmp_path / "bundled"


def run(bundle: Path, *args: str):
    # sys.executable has the real switchpoint installed: the bundled one must still win.
    return subprocess.run([sys.executable, str(bundle / "tool" / "lsp_server.py"), *args], capture_output=True, text=True, timeout=60)


def test_runs_the_bundled_copy_first_on_sys_path_with_the_arguments(bundle):
    done = run(bundle, "server", "--stdio")
    assert done.returncode == 0, done.stderr
    assert f"from {bundle / 'libs' / 'switchpoint' / '__init__.py'}" in done.stdout
    assert "argv ['server', '--stdio']" in done.stdout


def test_runs_a_copy_built_for_this_python(bundle):
    (bundle / "libs" / ".python-version").write_text(f"{sys.version_info.major}.{sys.version_info.minor}\n")
    done = run(bundle, "server", "--stdio")
    assert done.returncode == 0, done.stderr


def test_refuses_a_copy_built_for_another_python_and_says_why(bundle):
    (bundle / "libs" / ".python-version").write_text("2.7\n")
    done = run(bundle, "server", "--stdio")
    assert done.returncode != 0
    assert "built for Python 2.7" in done.stderr
    assert "fromEnvironment" in done.stderr
    assert "bundled switchpoint from" not in done.stdout


def test_says_so_when_nothing_is_bundled(bundle):
    shutil.rmtree(bundle / "libs")
    done = run(bundle, "server", "--stdio")
    assert done.returncode != 0
    assert "no bundled switchpoint" in done.stderr


def test_a_real_bundle_serves_on_its_own(tmp_path):
    """tools/bundle-libs.sh, then the real server through the shim with site-packages off
    (`python -S`): the bundle alone answers switchpoint/yieldPoints."""
    tool = tmp_path / "bundled" / "tool"
    tool.mkdir(parents=True)
    shutil.copy(SHIM, tool / "lsp_server.py")
    done = subprocess.run(
        ["bash", str(EXTENSION / "tools" / "bundle-libs.sh"), sys.executable, str(tmp_path / "bundled" / "libs")],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    program = tmp_path / "iodict.py"
    shutil.copy(Path(__file__).parent / "workspace" / "iodict.py", program)
    command = [sys.executable, "-S", str(tool / "lsp_server.py"), "server", "--stdio"]
    bundled, _ = yield_points(sys.executable, program, {}, command=command)
    environment, _ = yield_points(sys.executable, program, {})
    assert bundled["points"], "the bundled server found no switch points"
    assert bundled["points"] == environment["points"]
