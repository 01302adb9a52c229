"""switchpoint.runtime side by side with raw greenlet, gevent, asyncio and uvloop, in one run.

    .venv/bin/python benchmarks/runtime/run.py [--quick] [--repeat N] [--clock wall|cpu] [--json FILE]

Every contender runs each benchmark in a fresh interpreter (gevent's hub,
uvloop's policy and switchpoint's hub never share a process); repeats are
interleaved across contenders so machine noise hits them alike, and the best
repeat counts. Times are per operation; the ratios say how many times faster
switchpoint.runtime is than each anchor measured in this same run (>1 = faster).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# name -> command (after the interpreter), relative to this folder
CONTENDERS = {
    "greenlet": ["bench_greenlet.py"],
    "gevent": ["bench_gevent.py"],
    "asyncio": ["bench_asyncio.py"],
    "uvloop": ["bench_asyncio.py", "--uvloop"],
    "switchpoint": ["bench_switchpoint.py"],
}
SUBJECT = "switchpoint"
# Absolute targets (*) were set on a machine where one raw greenlet switch took
# 185 ns (see benchmarks/README.md); this run's raw switch rescales them, so a
# busy shared machine neither fails nor passes them by itself.
REFERENCE_SWITCH_US = 0.185


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    full: tuple
    quick: tuple
    throughput: bool = False  # report ops/s (higher is better) instead of µs/op
    target: str = ""
    # given {contender: value} of this run and the machine scale, is the target met? (KeyError = cannot tell)
    met: Callable[[dict, float], bool] = lambda values, scale: False


BENCHMARKS = (
    Benchmark("sleep0", "sleep(0) ping-pong, µs per sleep(0)", (200_000,), (40_000,),
              target="faster than gevent and uvloop",
              met=lambda v, scale: v[SUBJECT] < v["gevent"] and v[SUBJECT] < v["uvloop"]),
    Benchmark("spawn_join", "spawn+join, µs per task", (100_000,), (20_000,), target="under 3 µs*",
              met=lambda v, scale: v[SUBJECT] * scale < 3),
    Benchmark("channel", "channel/queue ping-pong, µs per message", (100_000,), (30_000,),
              target="under 1.5 µs*", met=lambda v, scale: v[SUBJECT] * scale < 1.5),
    Benchmark("echo", "TCP echo on 127.0.0.1, k messages/s (clients x messages x 64 B)", (50, 2000, 64),
              (20, 300, 64), throughput=True, target="at least gevent's",
              met=lambda v, scale: v[SUBJECT] >= v["gevent"]),
)


def measure(contender: str, bench: Benchmark, sizes: tuple) -> dict:
    """One run of one benchmark in a fresh interpreter: {"seconds", "ops"} or {"missing": why}."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [REPO, env.get("PYTHONPATH")]))
    command = [sys.executable, *CONTENDERS[contender], bench.name, *map(str, sizes)]
    try:
        done = subprocess.run(command, cwd=HERE, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return {"missing": "timed out after 300 s"}
    lines = done.stdout.strip().splitlines()
    if lines:
        try:
            return json.loads(lines[-1])
        except json.JSONDecodeError:
            pass
    error = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return {"missing": error, "failed": True}


def value(result: dict, bench: Benchmark, clock: str):
    """µs/op, or k ops/s for throughput benchmarks, on `clock`; None when the contender could not run it."""
    seconds = result.get("cpu_seconds" if clock == "cpu" else "seconds")
    if not seconds:
        return None
    if bench.throughput:
        return result["ops"] / seconds / 1000
    return seconds / result["ops"] * 1e6


def speedup(subject, anchor, bench: Benchmark):
    """How many times faster the subject is than the anchor (>1 = faster)."""
    if subject is None or anchor is None:
        return None
    return subject / anchor if bench.throughput else anchor / subject


def run(contenders: list[str], benchmarks: list[Benchmark], quick: bool, repeat: int, clock: str) -> dict:
    """Best value per (benchmark, contender), and why a contender had none."""
    best: dict = {}
    missing: dict = {}
    for round_ in range(repeat):
        for bench in benchmarks:
            for contender in contenders:
                result = measure(contender, bench, bench.quick if quick else bench.full)
                got = value(result, bench, clock)
                key = (bench.name, contender)
                if got is None:
                    why = result.get("missing", "no result")
                    if result.get("failed") and contender == SUBJECT and ("ImportError" in why or "ModuleNotFound" in why):
                        why = f"runtime not available ({why})"
                    elif result.get("failed"):
                        why = f"failed: {why}"
                    missing.setdefault(key, why)
                    continue
                previous = best.get(key)
                if previous is None or (got > previous if bench.throughput else got < previous):
                    best[key] = got
            print(f"round {round_ + 1}/{repeat}: {bench.name} measured", file=sys.stderr, flush=True)
    return {"best": best, "missing": missing}


def render(results: dict, contenders: list[str], benchmarks: list[Benchmark]) -> str:
    best, missing = results["best"], results["missing"]
    anchors = [c for c in contenders if c != SUBJECT]
    with_ratios = SUBJECT in contenders
    header = f"{'benchmark':<12}" + "".join(f"{c:>13}" for c in contenders)
    if with_ratios:
        header += "  |" + "".join(f"{'vs ' + a:>12}" for a in anchors)
    lines = [header]
    for bench in benchmarks:
        row = f"{bench.name:<12}"
        for contender in contenders:
            got = best.get((bench.name, contender))
            row += f"{'n/a' if got is None else format(got, '.3g'):>13}"
        if with_ratios:
            row += "  |"
            for anchor in anchors:
                ratio = speedup(best.get((bench.name, SUBJECT)), best.get((bench.name, anchor)), bench)
                row += f"{'-' if ratio is None else format(ratio, '.2f') + 'x':>12}"
        lines.append(row)
    lines.append("")
    if with_ratios:
        lines.append(f"vs X = how many times faster {SUBJECT} is than X in this run (>1 = faster)")
    switch = best.get(("sleep0", "greenlet"))
    scale = REFERENCE_SWITCH_US / switch if switch else 1.0
    for bench in benchmarks:
        values = {c: v for (b, c), v in best.items() if b == bench.name}
        try:
            verdict = "met" if bench.met(values, scale) else "NOT met"
        except KeyError:
            verdict = "not measured"
        if "*" in bench.target and SUBJECT in values:
            verdict += f" ({values[SUBJECT] * scale:.3g} µs rescaled)"
        lines.append(f"{bench.name}: {bench.title}; target: {bench.target} -> {verdict}")
    lines.append(f"* rescaled to a raw greenlet switch of {REFERENCE_SWITCH_US * 1000:.0f} ns "
                 f"(this run: {'not measured' if not switch else format(switch * 1000, '.0f') + ' ns'})")
    grouped: dict = {}
    for (bench_name, contender), why in missing.items():
        if (bench_name, contender) in best:
            continue  # failed in one round only
        grouped.setdefault((contender, why), []).append(bench_name)
    for (contender, why), names in grouped.items():
        lines.append(f"n/a {contender} ({', '.join(names)}): {why}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a few seconds per benchmark")
    parser.add_argument("--repeat", type=int, default=None, help="rounds; the best counts (default 3)")
    parser.add_argument("--contenders", default=",".join(CONTENDERS), help="comma-separated subset")
    parser.add_argument("--benchmarks", default=",".join(b.name for b in BENCHMARKS), help="comma-separated subset")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or this process's CPU time (steadier on a busy shared machine)")
    parser.add_argument("--json", metavar="FILE", help="also write the raw best values here")
    args = parser.parse_args(argv)
    contenders = [c for c in args.contenders.split(",") if c]
    unknown = [c for c in contenders if c not in CONTENDERS]
    benchmarks = [b for b in BENCHMARKS if b.name in args.benchmarks.split(",")]
    if unknown or not benchmarks:
        parser.error(f"unknown contender(s) {unknown}" if unknown else "no known benchmark selected")
    repeat = args.repeat or 3
    results = run(contenders, benchmarks, args.quick, repeat, args.clock)
    print(render(results, contenders, benchmarks))
    print(f"clock: {args.clock} time; best of {repeat} rounds; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores at the end")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({f"{b}/{c}": v for (b, c), v in results["best"].items()}, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
