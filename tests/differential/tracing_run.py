"""Runs a program under `switchpoint trace` (with the probe) a few times and merges what was observed.

The union over runs is what counts: whether a `recv` switches depends on timing,
so one run may see a site another does not. Paths are made absolute and real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).resolve().parent / "_probe.py"


@dataclass(frozen=True, order=True)
class Span:
    """A source range in `yield-points` coordinates (1-based, code points, exclusive end), absolute real path."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def describe(self) -> str:
        return f"{self.path}:{self.line}:{self.column}-{self.end_line}:{self.end_column}"


@dataclass
class ObservedSite:
    span: Span
    opnames: set[str] = field(default_factory=set)
    count: int = 0


@dataclass
class Observation:
    """Everything seen over all runs of one program."""

    sites: dict[Span, ObservedSite] = field(default_factory=dict)
    lines: dict[str, set[int]] = field(default_factory=dict)  # executed lines per analysed file
    stacks: list[tuple[list[tuple[str, int]], list[str]]] = field(default_factory=list)
    runs: int = 0
    keep: tuple[str, ...] = ()  # real paths of kept files, or folders ending in os.sep; empty: keep all
    skip: tuple[str, ...] = ()  # the same, left out of what is kept

    def kept(self, path: str) -> bool:
        return (not self.keep or _within(path, self.keep)) and not _within(path, self.skip)

    def files(self) -> set[str]:
        """The analysed files that ran (had a line executed or a switch)."""
        return set(self.lines) | {span.path for span in self.sites}

    def stack_for(self, span: Span) -> list[str] | None:
        """A whole stack recorded at a switch whose analysed frames include this site's lines."""
        for analysed, whole in self.stacks:
            if any(path == span.path and span.line <= line <= span.end_line for path, line in analysed):
                return whole
        return None

    def add_site(self, raw: dict, cwd: str) -> None:
        start, end = raw["range"]["start"], raw["range"]["end"]
        path = os.path.realpath(os.path.join(cwd, raw["path"]))
        if not self.kept(path):
            return
        span = Span(path, start["line"], start["column"], end["line"], end["column"])
        site = self.sites.setdefault(span, ObservedSite(span))
        site.opnames.add(raw["opname"])
        site.count += raw["count"]


def _within(path: str, places: tuple[str, ...]) -> bool:
    return any(path == place or (place.endswith(os.sep) and path.startswith(place)) for place in places)


class ProgramFailed(AssertionError):
    pass


def trace_program(
    program: str | os.PathLike,
    args: list[str] = (),
    roots: list[str | os.PathLike] = (),
    python: str = sys.executable,
    runs: int = 2,
    timeout: float = 60,
    env: dict | None = None,
    keep: list[str | os.PathLike] = (),
    skip: list[str | os.PathLike] = (),
    hub: str = "native",
) -> Observation:
    """Runs `python -m switchpoint trace -- _probe.py ... PROGRAM ARGS` `runs` times; the union of all runs.

    `roots` are folders (the tracer's unit); `keep` narrows what is kept to these
    files and folders (e.g. one module lying directly in site-packages), `skip` leaves
    files and folders inside them out (the stdlib's runpy, which runs the program).
    `hub="runtime"` runs a gevent-style program on switchpoint.runtime (see _probe.py).
    """
    env = dict(env or {}, SWITCHPOINT_DIFF_HUB=hub)
    program = os.path.abspath(program)
    roots = [os.path.realpath(root) for root in (roots or [os.path.dirname(program)])]
    observation = Observation(keep=tuple(_kept(k) for k in keep), skip=tuple(_kept(s) for s in skip))
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="switchpoint-diff-") as out_dir:
            out_dir = os.path.realpath(out_dir)
            trace_json = os.path.join(out_dir, "trace.json")
            command = [python, "-m", "switchpoint", "trace", "--out", trace_json]
            for root in roots:
                command += ["--root", root]
            command += ["--", str(PROBE), out_dir, os.pathsep.join(roots), program, *args]
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, cwd=out_dir, env=_env(env),
            )
            if result.returncode != 0 or not os.path.exists(trace_json):
                raise ProgramFailed(
                    f"{program} {args} exited with {result.returncode} under switchpoint trace:\n"
                    f"{result.stderr[-4000:]}"
                )
            _merge(observation, out_dir, trace_json)
        observation.runs += 1
    return observation


def _merge(observation: Observation, out_dir: str, trace_json: str) -> None:
    with open(trace_json, encoding="utf-8") as f:
        for raw in json.load(f)["switch_sites"]:
            observation.add_site(raw, out_dir)
    for name in sorted(os.listdir(out_dir)):
        if not name.startswith("probe-"):
            continue
        with open(os.path.join(out_dir, name), encoding="utf-8") as f:
            probe = json.load(f)
        for path, lines in probe["lines"].items():
            if observation.kept(path):
                observation.lines.setdefault(path, set()).update(lines)
        for stack in probe["stacks"]:
            observation.stacks.append(([tuple(frame) for frame in stack["analysed"]], stack["stack"]))


def _kept(path) -> str:
    real = os.path.realpath(path)
    return os.path.join(real, "") if os.path.isdir(real) else real


def _env(extra: dict | None) -> dict:
    env = dict(os.environ)
    env.update(extra or {})
    # the traced interpreter may be another venv: switchpoint's tracer needs only greenlet
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("PYTHONSTARTUP", None)
    return env
