"""How `tools/test` splits the suite between its xdist workers (tests/conftest.py's `unit_of_work`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import unit_of_work

ROOT = Path(__file__).resolve().parents[2]


def _test_files(folder: str) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("test_*.py"))


def test_the_vscode_tests_are_one_unit_of_work():
    # they share vscode-extension/'s node_modules and out/, which their setup rewrites
    files = _test_files("tests/vscode")
    assert len(files) >= 3
    assert {unit_of_work(f"{path}::test_x[a::b]") for path in files} == {"tests/vscode/"}


def test_every_other_test_file_is_its_own_unit_of_work():
    files = [path for path in _test_files("tests") if not path.startswith("tests/vscode/")]
    units = {unit_of_work(f"{path}::Case::test_x[a::b]") for path in files}
    assert units == set(files)


def test_xdist_sends_a_shared_folder_to_one_worker(tmp_path):
    # the scheduler overrides a method xdist names private: run a real distributed session over a copy of
    # the conftest, six files in the shared folder and six elsewhere, and see where each test ran
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    record = "import os, pathlib\n\ndef test_where():\n    pathlib.Path(__file__).with_suffix('.worker').write_text(os.environ['PYTEST_XDIST_WORKER'])\n"
    for folder in ("vscode", "other"):
        (tmp_path / "tests" / folder).mkdir(parents=True)
        for number in range(6):  # test files are imported by their names: each its own
            (tmp_path / "tests" / folder / f"test_{folder}_{number}.py").write_text(record)
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SWITCHPOINT_TEST_TEARDOWN": "1"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    shared = {p.read_text() for p in (tmp_path / "tests" / "vscode").glob("*.worker")}
    others = {p.read_text() for p in (tmp_path / "tests" / "other").glob("*.worker")}
    assert len(shared) == 1, f"the shared folder's tests ran on {sorted(shared)}"
    assert shared | others == {"gw0", "gw1"}, "both workers should have run tests (else this proves nothing)"
