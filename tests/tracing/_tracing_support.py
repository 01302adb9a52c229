"""Helpers for the tracer tests: expected ranges from the programs' source text, and ways to trace them.

Expected coordinates are never copied from the tracer's output: `span()` finds a
snippet in the program's source and counts code points, as `yield-points` does.
"""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

from switchpoint.runtime.tracing import SwitchTracer

PROGRAMS = Path(__file__).resolve().parent / "programs"
REPO = Path(__file__).resolve().parents[2]

# Runs a program under the tracer in a fresh interpreter (for libraries that
# patch or install global state, like eventlet) and prints the JSON document.
_DRIVER = """
import json, runpy, sys
from switchpoint.runtime.tracing import SwitchTracer
program = sys.argv[1]
with SwitchTracer(roots=[sys.argv[2]]) as tracer:
    runpy.run_path(program, run_name="__main__")
print(json.dumps(tracer.to_json()))
"""


def span(program: Path, snippet: str, marker: str | None = None, end_snippet: str | None = None) -> dict:
    """The range of `snippet` (to the end of `end_snippet` if given) on the one line holding `marker` (default: `snippet`)."""
    lines = program.read_text(encoding="utf-8").splitlines()
    holders = [number for number, text in enumerate(lines, 1) if (marker or snippet) in text]
    assert len(holders) == 1, f"{marker or snippet!r} must be on exactly one line of {program.name}, found {holders}"
    line = holders[0]
    text = lines[line - 1]
    assert text.count(snippet) == 1, f"{snippet!r} is ambiguous on line {line} of {program.name}"
    start = text.index(snippet)
    end = start + len(snippet) if end_snippet is None else text.index(end_snippet, start) + len(end_snippet)
    return {"start": {"line": line, "column": start + 1}, "end": {"line": line, "column": end + 1}}


def reported_path(program: Path, cwd: Path | None = None) -> str:
    """How the tracer names `program`: relative to the current folder when under it, else absolute."""
    real, here = os.path.realpath(program), os.path.realpath(cwd or os.getcwd())
    return os.path.relpath(real, here) if real.startswith(here + os.sep) else real


def trace_in_process(program: Path, roots=None) -> list[dict]:
    """Runs `program` as __main__ in this process under a SwitchTracer; returns its JSON sites."""
    with SwitchTracer(roots=roots or [program.parent]) as tracer:
        runpy.run_path(str(program), run_name="__main__")
    return tracer.to_json()["switch_sites"]


def trace_in_subprocess(program: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(program), str(program.parent)],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=_env(),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])["switch_sites"]


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m switchpoint ARGS...` in a fresh interpreter (`env`: variables added to its environment)."""
    return subprocess.run(
        [sys.executable, "-m", "switchpoint", *args],
        capture_output=True, text=True, timeout=120, cwd=cwd, env={**_env(), **(env or {})},
    )


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def site_at(sites: list[dict], path: str, where: dict) -> dict:
    """The one site with this path and range; fails listing what was recorded."""
    found = [site for site in sites if site["path"] == path and site["range"] == where]
    assert len(found) == 1, f"expected one site at {where} in {path}, recorded: {describe(sites)}"
    return found[0]


def describe(sites: list[dict]) -> str:
    return "\n".join(
        f"  {s['path']}:{s['range']['start']['line']}:{s['range']['start']['column']}"
        f"-{s['range']['end']['line']}:{s['range']['end']['column']} {s['opname']} x{s['count']}"
        for s in sites
    )
