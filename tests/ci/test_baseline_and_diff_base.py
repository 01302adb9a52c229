"""`check --write-baseline/--baseline` round trip by fingerprint, and `check --diff-base REF` on a scripted git history."""

from __future__ import annotations

import json
import subprocess

import pytest

from switchpoint.cli.main import main
from tests.ci.test_formats import RACY

SECOND_RACE = '''

class Gauge:
    def __init__(self):
        self.v = 0

    def raise_(self):
        self.v = self.v + slow()


gauge = Gauge()
gevent.joinall([gevent.spawn(gauge.raise_), gevent.spawn(gauge.raise_)])
'''


def _codes_and_lines(out: str) -> list[tuple[str, int]]:
    return [(f["code"], f["range"]["start"]["line"]) for f in json.loads(out)["findings"]]


def test_baseline_round_trip(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "racy.py").write_text(RACY)
    assert main(["check", "--write-baseline", "baseline.json", "racy.py"]) == 0
    assert "wrote 1 finding to the baseline baseline.json" in capsys.readouterr().err
    [entry] = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert entry["code"] == "SP101" and entry["path"] == "racy.py" and entry["fingerprint"].endswith(":1")
    assert main(["check", "--baseline", "baseline.json", "racy.py"]) == 0
    assert capsys.readouterr().out == ""
    # an unrelated edit above the finding moves it down three lines: still baselined
    (tmp_path / "racy.py").write_text("import os\n\nHOME = os.sep\n" + RACY)
    assert main(["check", "--baseline", "baseline.json", "racy.py"]) == 0
    # a new race is reported, the old one stays quiet
    (tmp_path / "racy.py").write_text(RACY + SECOND_RACE)
    assert main(["check", "--format", "json", "--baseline", "baseline.json", "racy.py"]) == 1
    assert _codes_and_lines(capsys.readouterr().out) == [("SP101", 26)]
    # without the baseline both are there
    assert main(["check", "--format", "json", "racy.py"]) == 1
    assert _codes_and_lines(capsys.readouterr().out) == [("SP101", 9), ("SP101", 26)]


@pytest.mark.parametrize("content, why", [
    (None, "no such file"),
    ("{not json", "invalid JSON"),
    ('{"version": 7, "findings": []}', "expected version 1"),
])
def test_unusable_baseline_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, content, why):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "racy.py").write_text(RACY)
    if content is not None:
        (tmp_path / "baseline.json").write_text(content)
    assert main(["check", "--baseline", "baseline.json", "racy.py"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and why in err and "baseline.json" in err and "Traceback" not in err


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.com")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "racy.py").write_text(RACY)
    git(tmp_path, "add", "racy.py")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def test_diff_base_reports_only_findings_on_changed_lines(repo, capsys):
    (repo / "racy.py").write_text(RACY + SECOND_RACE)
    assert main(["check", "--format", "json", "--diff-base", "HEAD", "racy.py"]) == 1
    assert _codes_and_lines(capsys.readouterr().out) == [("SP101", 26)]
    git(repo, "commit", "-qam", "second race")
    assert main(["check", "--diff-base", "HEAD", "racy.py"]) == 0  # nothing changed since HEAD
    assert main(["check", "--format", "json", "--diff-base", "HEAD~1", "racy.py"]) == 1
    assert _codes_and_lines(capsys.readouterr().out) == [("SP101", 26)]


def test_diff_base_counts_untracked_files_as_changed(repo, capsys):
    (repo / "new.py").write_text(RACY)
    assert main(["check", "--format", "json", "--diff-base", "HEAD", "."]) == 1
    assert [f["path"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["new.py"]


def test_diff_base_unknown_revision_is_one_line_and_exit_2(repo, capsys):
    assert main(["check", "--diff-base", "no-such-branch", "racy.py"]) == 2
    err = capsys.readouterr().err
    assert err == "switchpoint: --diff-base: unknown revision: 'no-such-branch'\n"


def test_diff_base_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "racy.py").write_text(RACY)
    assert main(["check", "--diff-base", "HEAD", "racy.py"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("switchpoint: --diff-base: not inside a git repository") and err.count("\n") == 1
