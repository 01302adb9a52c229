"""The composite GitHub Action (action.yml), its steps run locally with the environment variables the runner sets."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ci.test_baseline_and_diff_base import SECOND_RACE
from tests.ci.test_formats import RACY

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
SWITCHPOINT = str(Path(sys.executable).with_name("switchpoint"))


def _step(step_id: str) -> dict:
    return next(step for step in ACTION["runs"]["steps"] if step.get("id") == step_id)


def _run_step(step_id: str, workspace: Path, runner_temp: Path, inputs: dict, extra_env: dict) -> tuple[subprocess.CompletedProcess, dict]:
    """Run one step as the runner does: inputs substituted into `env`, `bash -e {0}`, files for GITHUB_ENV/OUTPUT."""
    step = _step(step_id)
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    files = {name: runner_temp / f"{name.lower()}.txt" for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.touch()
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "CI": "true", "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_TEMP": str(runner_temp),
        "GITHUB_EVENT_NAME": "pull_request", **{k: str(v) for k, v in files.items()}, **extra_env,
    }
    for name, value in step.get("env", {}).items():
        env[name] = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: values[m.group(1)], value)
    script = runner_temp / f"{step_id}.sh"
    script.write_text(step["run"])
    completed = subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)], cwd=workspace, env=env,
                               capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if "=" in line)
    outputs["_env"] = files["GITHUB_ENV"].read_text()
    outputs["_summary"] = files["GITHUB_STEP_SUMMARY"].read_text()
    return completed, outputs


def test_scripts_take_inputs_only_through_env():
    """No `${{ }}` inside a `run:` script: inputs cannot inject shell code."""
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]
    assert ACTION["runs"]["using"] == "composite"


@pytest.fixture
def pull_request(tmp_path):
    """A checkout of a pull request: origin/main has racy.py, the PR adds a second race to it."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    def git(*args):
        subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True)
    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (workspace / "racy.py").write_text(RACY)
    git("add", "racy.py")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    (workspace / "racy.py").write_text(RACY + SECOND_RACE)
    git("commit", "-qam", "pr")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    return workspace, temp


PROJECT_ENV = {"SWITCHPOINT": SWITCHPOINT, "SWITCHPOINT_PROJECT_PYTHON": sys.executable}


def test_whole_project_annotations_outputs_and_sarif(pull_request):
    workspace, temp = pull_request
    completed, outputs = _run_step("check", workspace, temp, {"sarif-file": "reports/switchpoint.sarif"}, PROJECT_ENV)
    assert completed.returncode == 1, completed.stderr
    annotations = [line for line in completed.stdout.splitlines() if line.startswith("::")]
    assert [a.split(",")[1] for a in annotations] == ["line=9", "line=26"]
    assert all(a.startswith("::warning file=racy.py,") for a in annotations)
    assert outputs["exit-code"] == "1" and outputs["findings"] == "2"
    assert "2 finding(s)" in outputs["_summary"]
    sarif = json.loads((workspace / "reports" / "switchpoint.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 2


def test_changed_only_uses_the_pull_requests_base_branch(pull_request):
    workspace, temp = pull_request
    completed, outputs = _run_step("check", workspace, temp, {"changed-only": "true"}, PROJECT_ENV | {"GITHUB_BASE_REF": "main"})
    assert completed.returncode == 1, completed.stderr
    assert [line.split(",")[1] for line in completed.stdout.splitlines() if line.startswith("::")] == ["line=26"]
    assert outputs["findings"] == "1"


def test_annotate_only_and_baseline(pull_request):
    workspace, temp = pull_request
    subprocess.run([SWITCHPOINT, "check", "--write-baseline", "sp-baseline.json", "racy.py"], cwd=workspace, check=True, capture_output=True)
    completed, outputs = _run_step("check", workspace, temp, {"baseline": "sp-baseline.json"}, PROJECT_ENV)
    assert (completed.returncode, outputs["findings"]) == (0, "0")
    (workspace / "sp-baseline.json").unlink()
    completed, outputs = _run_step("check", workspace, temp, {"fail-on-findings": "false"}, PROJECT_ENV)
    assert (completed.returncode, outputs["exit-code"], outputs["findings"]) == (0, "1", "2")


def test_changed_only_without_a_base_is_an_error(pull_request):
    workspace, temp = pull_request
    completed, outputs = _run_step("check", workspace, temp, {"changed-only": "true"}, PROJECT_ENV)
    assert completed.returncode == 2
    assert completed.stdout.startswith("::error title=switchpoint::changed-only needs a base revision")


def test_install_step_creates_a_venv_and_exports_the_tool(tmp_path):
    """pip-installs this checkout (without dependencies, to stay offline and fast) into RUNNER_TEMP."""
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    completed, outputs = _run_step("install", tmp_path, temp, {"python": sys.executable}, {"PIP_NO_DEPS": "1"})
    assert completed.returncode == 0, completed.stderr
    venv = temp / "switchpoint-venv"
    assert f"SWITCHPOINT={venv}/bin/switchpoint" in outputs["_env"].splitlines()
    assert f"SWITCHPOINT_PROJECT_PYTHON={sys.executable}" in outputs["_env"].splitlines()
    shown = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "show", "switchpoint"], capture_output=True, text=True)
    assert "Name: switchpoint" in shown.stdout
