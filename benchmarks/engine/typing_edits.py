"""An editor's runs as a statement is typed into a method's body, one character at a time: which path each
keystroke's analysis took and what it cost.

    cd DIR_WITH_THE_PROJECT && PYTHONPATH=CHECKOUT python benchmarks/engine/typing_edits.py MODULE
        [--python PY] [--statement 'x = self.conn'] [--rounds 2]

Opens a workspace as the editor does (`open_workspace(Options(python=PY, whole_results=False))`), analyses
MODULE once, then types `--statement` into the middle method's body (`edits.typed`) a character at a time,
analysing after each key, `--rounds` times (the line taken away between rounds, not counted). Each keystroke's
outcome is read off `ws.stats`: "graph kept" (callgraph/kept_graph.py), "run, kept in place" (the module kept,
resolve/body_edits.py, the graph derived again), "run" (a new module: its shape changed, or the text does not
parse: `x =`); printed per key (round 1), then counted with each outcome's median CPU and wall ms over all
rounds. Only the workspace's public surface and stats are used, so any checkout can be measured.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections import defaultdict

from edits import TYPED, typed, typed_prefixes  # next to this script
from switchpoint.analysis.api import Options, open_workspace


def outcome(stats: dict) -> str:
    if stats.get("unchanged"):
        return "unchanged"
    if stats.get("graph_kept"):
        return "graph kept"
    return "run, kept in place" if stats.get("kept_in_place") else "run"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module")
    parser.add_argument("--python", default=None)
    parser.add_argument("--statement", default=TYPED)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with open(args.module, encoding="utf-8") as handle:
        text = handle.read()
    gc.disable()  # the young collection an analysis leaves owed is the caller's (server/heap.py)
    ws = open_workspace(Options(python=args.python, whole_results=False))
    ws.analyze_file(args.module)
    spent: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for round_ in range(args.rounds):
        for prefix in typed_prefixes(args.statement, parsing=False):
            ws.set_text(args.module, typed(text, prefix))
            start, start_cpu = time.perf_counter(), time.process_time()
            ws.analyze_file(args.module)
            cpu, wall = (time.process_time() - start_cpu) * 1000, (time.perf_counter() - start) * 1000
            gc.collect(0)
            kind = outcome(ws.stats)
            spent[kind].append((cpu, wall))
            if round_ == 0:
                print(f"  {prefix!r:20s} {kind:20s} {cpu:7.0f} ms CPU {wall:7.0f} ms")
        ws.set_text(args.module, text)
        ws.analyze_file(args.module)
    every = [times for found in spent.values() for times in found]
    print(f"{len(every)} keys: " + ", ".join(
        f"{kind} {len(found)} (median {statistics.median(c for c, _ in found):.0f} ms CPU, "
        f"{statistics.median(w for _, w in found):.0f} ms)" for kind, found in sorted(spent.items())))
    print(f"every key: median {statistics.median(c for c, _ in every):.0f} ms CPU, "
          f"{statistics.median(w for _, w in every):.0f} ms")


if __name__ == "__main__":
    main()
