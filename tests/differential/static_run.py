"""Runs `switchpoint yield-points --format json` on files and returns the reported points."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from tests.differential.tracing_run import REPO, Span


@dataclass(frozen=True)
class ReportedPoint:
    span: Span
    kind: str
    certainty: str
    chain: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.span.describe()} [{self.kind}] {self.certainty} {' -> '.join(self.chain)}"


def yield_points(files: list[str], python: str | None = None, timeout: float = 300) -> list[ReportedPoint]:
    """Every point `switchpoint yield-points` reports in `files`, as seen from interpreter `python`.

    Kept for the rest of the pytest session (a fixture traced on two hubs is analysed once);
    the engine's own disk cache stays off, so every session analyses afresh.
    """
    return list(_yield_points(tuple(sorted(os.path.abspath(f) for f in files)), python, timeout))


@functools.lru_cache(maxsize=64)
def _yield_points(files: tuple[str, ...], python: str | None, timeout: float) -> tuple[ReportedPoint, ...]:
    if not files:
        return ()
    command = [sys.executable, "-m", "switchpoint", "yield-points", "--format", "json", "--no-cache"]
    if python:
        command += ["--python", python]
    result = subprocess.run(command + list(files), capture_output=True, text=True, timeout=timeout, cwd=REPO)
    if result.returncode != 0:
        raise AssertionError(f"switchpoint yield-points failed ({result.returncode}):\n{result.stderr[-4000:]}")
    if result.stderr.strip():
        # the analysed code parses: a problem here is the engine's (a rule that raised, a function too deep
        # to collect), which would otherwise pass as a possible point or no point at all
        raise AssertionError(f"switchpoint yield-points reported problems:\n{result.stderr[-4000:]}")
    points = []
    for raw in json.loads(result.stdout)["yield_points"]:
        start, end = raw["range"]["start"], raw["range"]["end"]
        span = Span(os.path.realpath(os.path.join(REPO, raw["path"])), start["line"], start["column"], end["line"], end["column"])
        points.append(ReportedPoint(span, raw["kind"], raw["certainty"], tuple(raw["chain"])))
    return tuple(points)
