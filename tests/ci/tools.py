"""Test helpers for the CI integrations: Microsoft's SARIF Multitool from npm, installed once into the tools cache."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

MULTITOOL_VERSION = "5.7.0"


def tools_cache() -> Path:
    return Path(os.environ.get("SWITCHPOINT_TOOLS_CACHE") or Path.home() / ".cache" / "switchpoint-tools")


def multitool_dir() -> Path:
    """`@microsoft/sarif-multitool` (pinned) under the tools cache; installs it on first use, under a file lock."""
    cache = tools_cache()
    cache.mkdir(parents=True, exist_ok=True)
    final = cache / f"sarif-multitool-{MULTITOOL_VERSION}"
    with open(cache / "sarif-multitool.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (final / ".installed").exists():
            return final
        staging = Path(tempfile.mkdtemp(prefix="sarif-multitool-", dir=cache))
        try:
            (staging / "package.json").write_text('{"private": true}\n')
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", f"@microsoft/sarif-multitool@{MULTITOOL_VERSION}"],
                cwd=staging, check=True, capture_output=True, text=True, timeout=600,
            )
            # npm does not run the platform package's install script (chmod u+x): do it here
            for binary in staging.glob("node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool"):
                binary.chmod(0o755)
            (staging / ".installed").write_text(MULTITOOL_VERSION + "\n")
            if final.exists():
                shutil.rmtree(final)
            staging.rename(final)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return final


def validate_sarif(path: Path) -> list[str]:
    """Errors and warnings of `sarif-multitool validate` on `path`, as `ruleId: message` lines."""
    tool = multitool_dir()
    out = Path(tempfile.mkdtemp(prefix="sarif-validate-")) / "validation.sarif"
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    completed = subprocess.run(
        ["npx", "--no-install", "sarif-multitool", "validate", str(path), "-o", str(out)],
        cwd=tool, capture_output=True, text=True, timeout=300, env=env,
    )
    if not out.exists():
        raise AssertionError(f"sarif-multitool produced no output (exit {completed.returncode}): {completed.stdout}{completed.stderr}")
    results = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0].get("results", [])
    shutil.rmtree(out.parent, ignore_errors=True)
    problems = []
    for result in results:
        if result.get("level", "warning") in ("error", "warning"):
            message = result.get("message", {})
            problems.append(f"{result.get('ruleId')}: {message.get('text') or message.get('id')} {message.get('arguments', '')}")
    return problems
