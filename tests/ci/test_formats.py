"""Report formats on the rules fixtures: golden outputs for text, JSON, SARIF and GitHub; SARIF validated by
Microsoft's Multitool; GitHub workflow-command escaping; fingerprints that survive unrelated edits."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from switchpoint import __version__
from switchpoint.analysis.api import Finding, Position, Range, Related, analyze, rules
from switchpoint.cli.baseline import fingerprints
from switchpoint.cli.main import main
from switchpoint.cli.output import OutputContext, renderer
from tests.ci.tools import validate_sarif
from tests.programs import RACY

FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github"}


@pytest.fixture(scope="module")
def fixture_findings():
    """Every finding of the rules fixtures, paths relative to the fixtures folder (one analysis for all formats)."""
    before = os.getcwd()
    os.chdir(FIXTURES)
    try:
        report = analyze(["."])
        findings = sorted((f for file in report.files for f in file.findings), key=lambda f: (f.path, f.range.start, f.code))
        yield findings
    finally:
        os.chdir(before)


def _render(name, findings, placeholder=True) -> str:
    before = os.getcwd()
    os.chdir(FIXTURES)  # fingerprints read the flagged lines
    try:
        text = renderer(name)(findings, OutputContext(version=__version__, rules=rules()))
    finally:
        os.chdir(before)
    return (text.replace(__version__, "<version>") if placeholder else text) + "\n"


@pytest.mark.parametrize("name", sorted(SUFFIX))
def test_golden_output_on_the_rules_fixtures(fixture_findings, name):
    assert len({f.code for f in fixture_findings}) >= 6  # the fixtures exercise most rules
    text = _render(name, fixture_findings)
    golden = GOLDEN / f"rules.{SUFFIX[name]}"
    if os.environ.get("SWITCHPOINT_REGENERATE"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{name} output changed; review and regenerate with SWITCHPOINT_REGENERATE=1"


def test_sarif_of_the_fixtures_passes_the_multitool_without_errors_or_warnings(fixture_findings, tmp_path):
    sarif = tmp_path / "fixtures.sarif"
    sarif.write_text(_render("sarif", fixture_findings, placeholder=False), encoding="utf-8")
    assert validate_sarif(sarif) == []
    document = json.loads(sarif.read_text())
    [run] = document["runs"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {rule.code for rule in rules()}
    results = run["results"]
    assert len(results) == len(fixture_findings)
    prints = [r["partialFingerprints"]["switchpoint/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    lost = next(r for r in results if r["ruleId"] == "SP101")
    messages = [loc["message"]["text"] for loc in lost["relatedLocations"]]
    assert len(messages) == 3 and "is read here" in messages[0] and "switch point:" in messages[1] and "is written here" in messages[2]
    steps = lost["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["nestingLevel"] for s in steps][:2] == [0, 0] and max(s["nestingLevel"] for s in steps) >= 1


def test_the_validator_does_catch_a_broken_log(fixture_findings, tmp_path):
    document = json.loads(_render("sarif", fixture_findings[:1], placeholder=False))
    document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    broken = tmp_path / "broken.sarif"
    broken.write_text(json.dumps(document))
    assert any("startLine" in problem for problem in validate_sarif(broken))


AWKWARD_MESSAGE = "100% sure: a, b\r\nand c"


def _awkward_finding(path):
    where = Range(Position(2, 5), Position(2, 9))
    return Finding(
        path, where, "SP101", AWKWARD_MESSAGE, (Related(path, Range(Position(1, 1), Position(1, 4)), "read, here: 50%"),), ("m.f", "gevent.sleep")
    )


def test_github_escaping_of_awkward_messages_and_paths():
    finding = _awkward_finding("dir,1/we:ird%20 name.py")
    line = renderer("github")([finding], OutputContext(version="1", rules=rules()))
    assert line == (
        "::warning file=dir%2C1/we%3Aird%2520 name.py,line=2,col=5,endLine=2,endColumn=9,title=SP101 lost-update"
        "::100%25 sure: a, b%0D%0Aand c%0Adir,1/we:ird%2520 name.py:1:1: read, here: 50%25"
    )
    assert "\n" not in line and "\r" not in line


def test_sarif_with_awkward_paths_is_valid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "we ird,%#1.py"
    Path(name).write_text("x = 1\ny = fetch() + 1\n")
    sarif = tmp_path / "awkward.sarif"
    sarif.write_text(renderer("sarif")([_awkward_finding(name)], OutputContext(version="1.2.3", rules=rules())))
    assert validate_sarif(sarif) == []
    result = json.loads(sarif.read_text())["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "we%20ird%2C%25%231.py"




def _prints(tmp_path, source):
    (tmp_path / "racy.py").write_text(source)
    report = analyze(["racy.py"])
    return fingerprints([f for file in report.files for f in file.findings])


def test_fingerprints_survive_unrelated_edits_and_follow_the_flagged_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = _prints(tmp_path, RACY)
    assert len(original) == 1
    moved = RACY.replace("import gevent\n", "import gevent\nimport os\n\n\ndef unrelated():\n    return os.sep\n", 1)
    assert _prints(tmp_path, moved) == original  # lines shifted by 5, another function added
    reindented = RACY.replace("self.n = self.n + slow()", "self.n = self.n  +  slow()")
    assert _prints(tmp_path, reindented) == original  # whitespace is normalised
    changed = RACY.replace("self.n = self.n + slow()", "self.n = self.n + slow() + 0")
    assert _prints(tmp_path, changed) != original


def test_check_cli_writes_every_format(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "racy.py").write_text(RACY)
    assert main(["check", "--format", "github", "racy.py"]) == 1
    assert capsys.readouterr().out.startswith("::warning file=racy.py,line=9,col=9,endLine=9,endColumn=15,title=SP101 lost-update::lost update")
    assert main(["check", "--format", "sarif", "racy.py"]) == 1
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["ruleId"] == "SP101" and result["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
