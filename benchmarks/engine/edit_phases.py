"""Where an editor's one-file re-analysis spends its time: phase timers around a workspace's edits.

    cd DIR_WITH_THE_PROJECT && PYTHONPATH=CHECKOUT python benchmarks/engine/edit_phases.py MODULE [--python PY]
        [--edits N] [--same | --edit append|body]

Opens a workspace as the editor does (`open_workspace(Options(python=PY, whole_results=False))`), analyses
MODULE once, then N times edits its text and analyses it again: `--edit append` (the default) appends a
top-level line, `--edit body` inserts a statement into a function's body (`edits.py`), `--same` sets the
same text again, which keeps the module: what a run costs when nothing changed. For the edit with the median
total it prints each phase's CPU time (process time: steadier than wall time on a shared host) and
how often it ran, and where that edit's collections came from (`Collections`). Phases are the engine's own methods, wrapped in timers (inclusive: a phase's time
contains that of the phases it calls); those of the second pass are prefixed `refine:`, those of
solving `solve:`. Each wrapper adds about a microsecond per call, which shows in phases called
thousands of times (the reuse checks, dispatch keys). A profiler overstates call-heavy code here
much more; decide on changes with paired runs of fresh processes, not with these numbers alone.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import time
from collections import Counter, defaultdict

from switchpoint.analysis import workspace
from edits import EDITS, edited
from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.callgraph import graph, reverse
from switchpoint.analysis.effects import solve
from switchpoint.analysis.resolve import live_classes, world

# (owner, method name): the phases timed; a name the engine no longer has is left out
PHASES = [
    (workspace.Workspace, "_analyze_paths"), (workspace.Workspace, "_run"), (workspace.Workspace, "_file_report"),
    (world.World, "load_file"), (workspace, "detect_patches"), (workspace, "run_rules"),
    (graph.CallGraph, "grow"), (graph.CallGraph, "_operations"), (graph.CallGraph, "_collect"),
    (graph.CallGraph, "_holds"), (graph.CallGraph, "_index_new_functions"), (graph.CallGraph, "_expand_dispatch"),
    (graph.CallGraph, "_members"), (graph.CallGraph, "_keys_to_expand"), (graph.CallGraph, "_newly_live"),
    (live_classes.LiveClasses, "update"), (live_classes.LiveClasses, "reach"), (graph.CallGraph, "_bind_callbacks"),
    (graph.CallGraph, "_argument_values"), (graph, "argument_texts"), (graph.CallGraph, "_index_refined"),
    (graph.CallGraph, "refine_with_arguments"), (solve.Summaries, "_solve"), (graph.CallGraph, "reverse_edges"),
    (reverse.ReverseIndex, "update"), (graph.Reusable, "with_unreached"),
]


class Timers:
    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()
        self.prefix = ""

    def wrap(self, owner, name: str) -> None:
        inner = getattr(owner, name, None)
        if inner is None:
            return

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            label = self.prefix + name
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - start
                self.calls[label] += 1

        setattr(owner, name, timed)

    def under(self, owner, name: str, prefix: str) -> None:
        """Label the phases `owner.name` runs with `prefix` (the second pass, solving)."""
        inner = getattr(owner, name, None)
        if inner is None:
            return

        @functools.wraps(inner)
        def labelled(*args, **kwargs):
            self.prefix = prefix
            try:
                return inner(*args, **kwargs)
            finally:
                self.prefix = ""

        setattr(owner, name, labelled)


class Collections:
    """Why each function an edit collected again was not reused: counted per phase, as the edited module's own
    function, one whose last entry read the edited module (a mark naming it), one whose last entry failed on its
    refined signature alone (the texts of what callers pass or of stores changed), or one with no last entry.
    The first two are what marks that name modules, not what of them was read, cost an edit (benchmarks/README.md)."""

    def __init__(self, edited_path: str):
        self.edited = os.path.abspath(edited_path)
        self.counts: Counter = Counter()
        self.spent: dict = defaultdict(float)  # CPU seconds of those collections, by the same keys

    def wrap(self) -> None:
        inner = graph.CallGraph._collect
        counts, spent = self.counts, self.spent

        @functools.wraps(inner)
        def counted(cg, func):
            key = (cg.phase, self._why(cg, func))
            counts[key] += 1
            start = time.process_time()
            try:
                return inner(cg, func)
            finally:
                spent[key] += time.process_time() - start

        graph.CallGraph._collect = counted

    def _why(self, cg, func) -> str:
        module = func.module
        if module is not None and module.path and os.path.abspath(module.path) == self.edited:
            return "own function"
        last = cg.previous.of(cg.phase).get(func)
        if last is None:
            return "no last entry"
        if any(name[0] != "§" and os.path.abspath(getattr(held, "path", None) or "") == self.edited
               for name, held in last.marks):
            return "read the edited module"
        return "other mark or signature"

    def lines(self, counts: Counter, spent: dict) -> list[str]:
        phases = sorted({phase for phase, _ in counts})
        return [f"  collected ({phase}): " + ", ".join(f"{why} {count} ({spent[p, why] * 1000:.0f} ms)"
                                                        for (p, why), count in sorted(counts.items()) if p == phase)
                for phase in phases]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module")
    parser.add_argument("--python", default=None)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--same", action="store_true", help="set the same text again instead of editing it")
    parser.add_argument("--edit", choices=EDITS, default="append", help="which edit (edits.py)")
    args = parser.parse_args()
    timers = Timers()
    for owner, name in PHASES:
        timers.wrap(owner, name)
    timers.under(graph.CallGraph, "refine_with_arguments", "refine:")
    timers.under(solve.Summaries, "_solve", "solve:")
    collections = Collections(args.module)
    collections.wrap()
    gc.disable()  # the young collection an analysis leaves owed is the caller's (see server/heap.py), not a phase
    ws = open_workspace(Options(python=args.python, whole_results=False))
    with open(args.module, encoding="utf-8") as handle:
        text = handle.read()
    ws.analyze_file(args.module)
    runs = []
    for index in range(args.edits):
        timers.spent.clear()
        timers.calls.clear()
        collections.counts.clear()
        collections.spent.clear()
        ws.set_text(args.module, text if args.same else edited(text, args.edit, index))
        start = time.process_time()
        report = ws.analyze_file(args.module)
        runs.append((time.process_time() - start, dict(timers.spent), dict(timers.calls), dict(ws.stats),
                     (Counter(collections.counts), dict(collections.spent))))
    runs.sort(key=lambda run: run[0])
    total, spent, calls, stats, collected = runs[len(runs) // 2]
    print(f"median edit: {total * 1000:.0f} ms CPU, {len(report.yield_points)} points; {stats}")
    print("\n".join(collections.lines(*collected)))
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {label:32s} {seconds * 1000:8.1f} ms  x{calls[label]}")


if __name__ == "__main__":
    main()
