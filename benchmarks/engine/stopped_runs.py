"""Typing during a long first analysis: how long the run after the last keystroke takes.

The language server stops an analysis when a newer keystroke arrives (`analyze_file(path, cancelled)`).
This opens MODULE in a fresh workspace and edits a body of it (`edits.py`'s body edit) --stops times, each
analysis stopped once it has run --gap seconds, as keystrokes that far apart would stop it; then analyses
the last text to the end. Printed: how far each stopped run got, and the last run's wall time and what it
collected. Run it from the project's folder (as benchmarks/engine/run.py prepares it):

    cd benchmarks/.work/scratch/sqlalchemy
    PYTHONPATH=../../../.. ../../../../.venv/bin/python ../../../engine/stopped_runs.py sqlalchemy/orm/decl_api.py \
        --python ../../venv/bin/python

Compare two engines by running it with PYTHONPATH at each checkout, in the same minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from edits import edited  # noqa: E402

from switchpoint.analysis.api import Cancelled, Options, open_workspace  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module")
    parser.add_argument("--python", default=None, help="the interpreter whose libraries the project uses")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds a run may take before a keystroke stops it")
    parser.add_argument("--stops", type=int, default=30, help="keystrokes that stop a run, before the last one")
    args = parser.parse_args()
    gc.disable()  # as the server's engine thread during an analysis (server/heap.py)
    workspace = open_workspace(Options(python=args.python, whole_results=False, project_roots=(".",)))
    text = open(args.module, encoding="utf-8").read()
    for stop in range(1, args.stops + 1):
        workspace.set_text(args.module, edited(text, "body", stop))
        started = time.monotonic()
        try:
            workspace.analyze_file(args.module, lambda: time.monotonic() - started > args.gap)
            print(f"run {stop}: not stopped, {time.monotonic() - started:.2f} s")
        except Cancelled:
            print(f"run {stop}: stopped after {time.monotonic() - started:.2f} s")
    workspace.set_text(args.module, edited(text, "body", args.stops + 1))
    started = time.monotonic()
    report = workspace.analyze_file(args.module)
    stats = workspace.stats
    print(f"last run: {time.monotonic() - started:.2f} s wall, collected {stats['collected']} of "
          f"{stats['functions']} functions, {len(report.yield_points)} points")


if __name__ == "__main__":
    main()
