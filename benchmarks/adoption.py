"""Whether the results the engine takes instead of computing them (a refining evaluator's from the first pass,
a workspace run's from the run before) are the ones a fresh evaluator computes: tests/adoption.py's checker
over a real project, counted by way, table and kind of difference.

    cd /work/main && PYTHONPATH=CHECKOUT .venv/bin/python CHECKOUT/benchmarks/adoption.py
        [--project django|sqlalchemy] [--python PY] [--input FOLDER] [--edit] [--show N]

A cold `analyze()` of the project (run.py's bench venv and scratch copy); with `--edit`, an editor's
workspace instead: the project's ~2k-line module analysed, then again after a body edit (edits.py), so that
the second run takes what the first kept. Prints the counts and the first N differences.
"""

from __future__ import annotations

import argparse
import ast
import atexit
import gc
import os
import shutil
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path += [os.path.join(HERE, "engine"), os.path.dirname(HERE)]  # after PYTHONPATH: the engine measured

import run  # noqa: E402  (benchmarks/engine/run.py: the bench environment)
from edits import edited  # noqa: E402

from switchpoint.analysis.api import Options, analyze, open_workspace  # noqa: E402
from tests.adoption import watching  # noqa: E402


def _short(values) -> str:
    return "(" + ", ".join(_value(v)[:300] for v in values) + ")"


def _value(value) -> str:
    """A value as text, a container's elements as `line:column source`."""
    if type(value).__name__ != "ContainerV":
        return repr(value)
    shown = [f"{getattr(node, 'lineno', '?')}:{getattr(node, 'col_offset', '?')} {ast.unparse(node)[:30]}"
             for node, _ in value.elements]
    return f"{value.kind}{'*' if value.each else ''}[{'; '.join(shown)}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", choices=sorted(run.PROJECTS), default="django")
    parser.add_argument("--input", help="a folder to analyse instead, against the running interpreter")
    parser.add_argument("--edit", action="store_true", help="an editor's run, then one after a body edit")
    parser.add_argument("--python", default=os.path.join(run.VENV, "bin", "python"), help="default: the bench venv's")
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--full", action="store_true", help="show both values whole, not their difference")
    args = parser.parse_args(argv)
    gc.disable()  # as the CLI
    if args.input:
        target, python, module = os.path.abspath(args.input), sys.executable, None
    else:
        python = args.python
        project = run.PROJECTS[args.project]
        scratch = f"adoption-{args.project}-{os.getpid()}"
        atexit.register(shutil.rmtree, os.path.join(run.SCRATCH, scratch), True)  # a copy per process, gone at exit
        target = run.prepare_scratch(run.package_dir(python, project.package), scratch)
        module = os.path.join(target, project.module)
    with watching() as findings:
        if args.edit and module:
            workspace = open_workspace(Options(python=python, whole_results=False))
            text = open(module).read()
            workspace.analyze_file(module)
            workspace.set_text(module, edited(text, "body", 0))
            workspace.analyze_file(module)
        else:
            analyze([target], Options(python=python))
    summary = findings.summary()
    for (way, table), count in sorted(summary["checked"].items()):
        print(f"checked {way:8} {table:8} {count:7}")
    for (way, table, kind), count in sorted(summary["differences"].items()):
        print(f"differ  {way:8} {table:8} {kind:8} {count:7}")
    print(Counter(d.key.split(":")[0] for d in findings.differences).most_common(10))
    for d in sorted(findings.differences, key=lambda d: d.kind == "cyclic")[:args.show]:
        print(f"\n{d.way} {d.table} {d.kind} {d.key}")
        if d.kind in ("values", "order") and not args.full:
            print(f"  taken only {_short(v for v in d.taken[0] if v not in d.fresh[0])}")
            print(f"  fresh only {_short(v for v in d.fresh[0] if v not in d.taken[0])}")
        else:
            print(f"  taken {_short(d.taken[0])} {sorted(d.taken[1])}\n  fresh {_short(d.fresh[0])} {sorted(d.fresh[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
