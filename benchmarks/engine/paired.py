"""Two engine revisions side by side, in alternating fresh processes: the ratio that says whether a change
made the engine faster, on a host whose runs spread +-15 %.

    .venv/bin/python benchmarks/engine/paired.py BASE [NEW] [--pairs 3] [--project sqlalchemy|django]
                                                 [--measure cold|append|body|typing ...] [--input FOLDER --module FILE]

BASE and NEW are git revisions (NEW defaults to "worktree": the checkout as it is now), each copied once
(`run.snapshot_engine`), or folders holding a `switchpoint/` package (another worktree), used as they are. Per project and measure, BASE and NEW run in turn, `--pairs` times each, every run
a fresh process: `cold` is the CPU of `analyze()` of the project with no cache and the cyclic collector off
(as the CLI runs it); `append` and `body` are an editor's CPU p50 over 5 edits of the project's ~2k-line
module (`edits.py`'s edits; `typing`: successive prefixes of a statement typed into a method), after a cold `analyze_file` and two edits not counted. Printed: each run's
number, the median of the NEW/BASE ratios of the pairs, and both runs' point counts (a change of results
shows). The projects and their interpreter are run.py's (`benchmarks/.work/`, made on first use);
`--input` measures a folder of your own against the running interpreter instead.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run  # noqa: E402  (benchmarks/engine/run.py: the bench environment and engine snapshots)

MEASURES = ("cold", "append", "body", "typing")
DEFAULT_MEASURES = MEASURES[:3]  # typing when asked for
_COUNTED, _WARMUP = 5, 2  # edits timed, and made before (the first ones after a cold run cost more)

CHILD = r"""
import gc, json, sys, time
sys.path.insert(0, sys.argv[5])
from switchpoint.analysis.api import Options, analyze, open_workspace
from edits import edited
measure, target, module, python = sys.argv[1:5]
gc.disable()  # as the CLI: no collection of the run's objects while it is timed
if measure == "cold":
    started = time.process_time()
    report = analyze([target], Options(python=python))
    cpu = [time.process_time() - started]
    points = sum(len(f.yield_points) for f in report.files)
else:
    ws = open_workspace(Options(python=python, whole_results=False))
    text = open(module).read()
    ws.analyze_file(module)
    cpu = []
    for index in range(%d):
        ws.set_text(module, edited(text, measure, index))
        started = time.process_time()
        report = ws.analyze_file(module)
        cpu.append(time.process_time() - started)
    cpu = cpu[%d:]
    points = len(report.yield_points)
print(json.dumps({"cpu": sorted(cpu)[len(cpu) // 2], "points": points}))
""" % (_COUNTED + _WARMUP, _WARMUP)


def measure_once(engine: str, measure: str, target: str, module: str, python: str) -> dict:
    """One fresh process of `engine` (a folder holding `switchpoint/`): {"cpu": seconds, "points": n}."""
    env = dict(os.environ, PYTHONPATH=engine)
    done = subprocess.run([sys.executable, "-c", CHILD, measure, target, module, python, HERE],
                          cwd=os.path.dirname(target), env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{measure} run of {engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(base: str, new: str, measure: str, target: str, module: str, python: str, pairs: int) -> dict:
    """Alternating runs of the two engines; the median NEW/BASE ratio of the pairs."""
    runs = {"base": [], "new": []}
    for _ in range(pairs):
        runs["base"].append(measure_once(base, measure, target, module, python))
        runs["new"].append(measure_once(new, measure, target, module, python))
    ratio = statistics.median(n["cpu"] / b["cpu"] for b, n in zip(runs["base"], runs["new"]) if b["cpu"] > 0)
    return {"ratio": ratio, **runs}


def engine(rev: str) -> tuple[str, str]:
    """(folder the children import `switchpoint` from, label) of a git revision or a checkout's folder."""
    if os.path.isdir(os.path.join(rev, "switchpoint")):
        return os.path.abspath(rev), rev
    return run.snapshot_engine(rev)


def _targets(args, python: str) -> list[tuple[str, str, str, str]]:
    """(name, folder analysed, module edited, interpreter) per project measured."""
    if args.input:
        from switchpoint.analysis.workspace import expand_paths  # the analysis's own file selection

        module = args.module or run.pick_module(expand_paths([args.input])[0])
        return [(os.path.basename(os.path.abspath(args.input)), os.path.abspath(args.input),
                 os.path.abspath(module), sys.executable)]
    found = []
    for name in args.project or sorted(run.PROJECTS):
        project = run.PROJECTS[name]
        # a folder per process, gone at exit: another paired run at the same time rebuilds its own
        scratch = f"paired-{name}-{os.getpid()}"
        atexit.register(shutil.rmtree, os.path.join(run.SCRATCH, scratch), True)
        copy = run.prepare_scratch(run.package_dir(python, project.package), scratch)
        found.append((name, copy, os.path.join(copy, project.module), python))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the engine to compare against: a git revision or a checkout's folder")
    parser.add_argument("new", nargs="?", default="worktree", help='the same, or "worktree" (default)')
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--project", action="append", choices=sorted(run.PROJECTS))
    parser.add_argument("--measure", action="append", choices=MEASURES, help="default: cold, append, body")
    parser.add_argument("--input", help="a folder to analyse instead, against the running interpreter")
    parser.add_argument("--module", help="with --input: the file the edits change (default: nearest 2k lines)")
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    python = sys.executable if args.input else run.ensure_env(quiet=True)
    base, base_label = engine(args.base)
    new, new_label = engine(args.new)
    print(f"base {base_label}, new {new_label}; {args.pairs} pairs; CPU seconds (edits: p50 of {_COUNTED})", flush=True)
    for name, target, module, interpreter in _targets(args, python):
        for measure in args.measure or DEFAULT_MEASURES:
            found = compare(base, new, measure, target, module, interpreter, args.pairs)
            cpu = {side: [round(r["cpu"], 3) for r in found[side]] for side in ("base", "new")}
            print(f"{name} {measure}: base {cpu['base']} new {cpu['new']} new/base median {found['ratio']:.3f}; "
                  f"points base {found['base'][0]['points']} new {found['new'][0]['points']}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
