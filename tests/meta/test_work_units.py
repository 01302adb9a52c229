"""How `tools/test` splits the suite between its xdist workers (tests/conftest.py's `unit_of_work`)."""

from __future__ import annotations

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
