"""`switchpoint diff BASE [HEAD]` on a scripted git history: a switching call added inside a locked section
is reported (and gates), a rename is not, the work tree is untouched, bad revisions are one line."""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest

from switchpoint.cli.main import main
from tests.ci.tools import validate_sarif

BASE = textwrap.dedent('''\
    import gevent
    from gevent.lock import BoundedSemaphore


    class Account:
        def __init__(self):
            self._lock = BoundedSemaphore()
            self.balance = 0

        def deposit(self, amount):
            with self._lock:
                current = self.balance
                self.balance = current + amount

        def report(self):
            gevent.sleep(0)
            return self.balance


    def audit(account):
        gevent.sleep(0.1)
        return account.balance >= 0


    account = Account()
    gevent.joinall([gevent.spawn(account.deposit, 1), gevent.spawn(account.report)])
''')

# only a variable renamed (in a function with a switch point and in the locked section)
RENAMED = BASE.replace("current", "before")

# a switching call inside the locked section
LOCKED_CALL = RENAMED.replace(
    "            before = self.balance\n",
    "            before = self.balance\n            audit(self)\n",
)


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    repo = tmp_path_factory.mktemp("history")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    for message, source in (("base", BASE), ("rename", RENAMED), ("audit under the lock", LOCKED_CALL)):
        (repo / "bank.py").write_text(source)
        git(repo, "add", "bank.py")
        git(repo, "commit", "-q", "-m", message)
    (repo / "bank.py").write_text("this work tree edit must survive\n")
    return repo


def _diff(history, monkeypatch, capsys, *argv):
    monkeypatch.chdir(history)
    code = main(["diff", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rename_only_commit_reports_nothing(history, monkeypatch, capsys):
    code, out, _ = _diff(history, monkeypatch, capsys, "--format", "json", "HEAD~2", "HEAD~1")
    document = json.loads(out)
    assert code == 0
    assert document["functions"] == [] and document["switch_points_in_switch_free_regions"] == []
    assert document["new_findings"] == [] and document["became_switching"] == [] and document["stopped_switching"] == []


def test_switching_call_inside_a_locked_section_is_reported(history, monkeypatch, capsys):
    code, out, _ = _diff(history, monkeypatch, capsys, "--format", "json", "HEAD~1")
    assert code == 1
    document = json.loads(out)
    [breach] = document["switch_points_in_switch_free_regions"]
    assert breach["path"] == "bank.py" and breach["range"]["start"]["line"] == 13
    assert breach["region"] == {"kind": "locked section", "text": "with self._lock", "line": 11}
    assert breach["chain"] == ["bank.Account.deposit", "bank.audit", "gevent.sleep"]
    [function] = document["functions"]
    assert function["function"] == "bank.Account.deposit" and len(function["added"]) == 1 and function["removed"] == []
    assert document["became_switching"] == []  # acquiring the semaphore already switched in BASE
    assert (history / "bank.py").read_text() == "this work tree edit must survive\n"


def test_text_report_and_gating_on_switch_points(history, monkeypatch, capsys):
    code, out, _ = _diff(history, monkeypatch, capsys, "HEAD~1", "HEAD")
    assert code == 1
    assert "bank.py:13:13: `audit(self)` may switch inside the locked section `with self._lock` (line 11) via bank.Account.deposit -> bank.audit -> gevent.sleep" in out
    assert "  bank.py: bank.Account.deposit  +1 -0" in out
    code, _, _ = _diff(history, monkeypatch, capsys, "--fail-on", "new-switch-points", "HEAD~2", "HEAD~1")
    assert code == 0
    code, _, _ = _diff(history, monkeypatch, capsys, "--fail-on", "new-switch-points", "HEAD~1", "HEAD")
    assert code == 1


def test_github_and_sarif_formats(history, monkeypatch, capsys, tmp_path):
    _, out, _ = _diff(history, monkeypatch, capsys, "--format", "github", "HEAD~1")
    assert out.startswith("::warning file=bank.py,line=13,col=13,endLine=13,endColumn=24,title=SPD1 switch-point-in-switch-free-region::new switch point inside the locked section")
    _, out, _ = _diff(history, monkeypatch, capsys, "--format", "sarif", "HEAD~1")
    (tmp_path / "diff.sarif").write_text(out)
    assert validate_sarif(tmp_path / "diff.sarif") == []
    results = json.loads(out)["runs"][0]["results"]
    assert "SPD1" in {r["ruleId"] for r in results}


@pytest.mark.parametrize("argv, message", [
    (["no-such-rev"], "switchpoint: unknown revision: 'no-such-rev'\n"),
    (["HEAD", "also-missing"], "switchpoint: unknown revision: 'also-missing'\n"),
    (["--path", "nowhere.py", "HEAD~1"], "switchpoint: nowhere.py: no such file or directory in HEAD~1 or HEAD\n"),
])
def test_bad_revisions_and_paths_are_one_line(history, monkeypatch, capsys, argv, message):
    code, out, err = _diff(history, monkeypatch, capsys, *argv)
    assert (code, out, err) == (2, "", message)


def test_path_restriction(history, monkeypatch, capsys):
    code, out, _ = _diff(history, monkeypatch, capsys, "--format", "json", "--path", "bank.py", "HEAD~1")
    assert code == 1 and len(json.loads(out)["switch_points_in_switch_free_regions"]) == 1


def test_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "HEAD"]) == 2
    assert capsys.readouterr().err.startswith("switchpoint: not inside a git repository")


def test_new_findings_by_fingerprint_and_edits_of_a_flagged_line(tmp_path, monkeypatch, capsys):
    from tests.ci.test_formats import RACY

    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "t@example.com")
    git(tmp_path, "config", "user.name", "t")
    steps = (
        RACY.replace("self.n + slow()", "self.n + 1"),  # no race: nothing switches between read and write
        RACY,  # the race appears
        RACY.replace("self.n = self.n + slow()", "self.n = self.n + slow()  # bump"),  # the flagged line edited
    )
    for number, source in enumerate(steps):
        (tmp_path / "racy.py").write_text(source)
        git(tmp_path, "add", "racy.py")
        git(tmp_path, "commit", "-qm", f"step {number}")
    assert main(["diff", "--format", "json", "HEAD~2", "HEAD~1"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["range"]["start"]["line"]) for f in document["new_findings"]] == [("SP101", 9)]
    assert {"path": "racy.py", "function": "racy.Counter.bump"} in document["became_switching"]
    [breach] = document["switch_points_in_switch_free_regions"]
    assert breach["text"] == "slow()" and breach["region"] == {"kind": "read-modify-write", "text": "self.n", "line": 9}
    assert main(["diff", "--format", "json", "HEAD~1", "HEAD"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["new_findings"] == [] and document["resolved_findings"] == []


def test_the_heads_analysis_reuses_what_the_base_collected(tmp_path, monkeypatch, capsys):
    from switchpoint.analysis.workspace import Workspace

    repo = tmp_path / "two-files"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    (repo / "bank.py").write_text(BASE)
    (repo / "util.py").write_text("def pure(x):\n    return x + 1\n\n\ndef twice(x):\n    return pure(pure(x))\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "bank.py").write_text(LOCKED_CALL)
    git(repo, "commit", "-q", "-am", "audit under the lock")
    runs = []
    analyze_paths = Workspace.analyze_paths

    def recording(self, paths):
        report = analyze_paths(self, paths)
        runs.append(dict(self.stats))
        return report

    monkeypatch.setattr(Workspace, "analyze_paths", recording)
    cached = _diff(repo, monkeypatch, capsys, "--format", "json", "HEAD~1", "HEAD")
    base_run, head_run = runs
    assert base_run["from_disk"] == 0
    # util.py's module code, pure and twice (and a refined entry of one of them) come from the base's
    # analysis; bank.py changed, so its functions are collected again
    assert head_run["from_disk"] >= 3 and head_run["collected"] < base_run["collected"]
    runs.clear()
    assert _diff(repo, monkeypatch, capsys, "--format", "json", "--no-cache", "HEAD~1", "HEAD") == cached
    assert [run["from_disk"] for run in runs] == [0, 0]
    assert cached[0] == 1 and len(json.loads(cached[1])["switch_points_in_switch_free_regions"]) == 1
