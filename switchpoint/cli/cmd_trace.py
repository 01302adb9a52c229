"""`switchpoint trace`: runs a Python program and writes where its greenlets really switched, as JSON.

    switchpoint trace [--out FILE] [--root DIR]... -- PROGRAM.py [ARGS...]

The program runs in this process as `__main__` (like `python PROGRAM.py`) under
`switchpoint.runtime.tracing.SwitchTracer`; its exit status becomes ours. The
switches of the processes it forks are part of its trace, once they have ended.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback

EXIT_USAGE = 2


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "trace",
        help="run a program and record every greenlet switch site",
        description="Run PROGRAM.py and write the sites where its greenlets switched, "
        "in the coordinates of `switchpoint yield-points`.",
        epilog='Output: {"version": 1, "switch_sites": [{"path", "range", "opname", "count"}]}; '
        "the exit status is the program's.",
    )
    parser.add_argument("--out", metavar="FILE", help="write the JSON here instead of stdout")
    parser.add_argument(
        "--root",
        metavar="DIR",
        action="append",
        help="record frames of files under DIR (repeatable; default: the program's folder)",
    )
    parser.add_argument("program", metavar="PROGRAM.py", help="run as __main__, like `python PROGRAM.py`")
    parser.add_argument("args", metavar="ARGS", nargs=argparse.REMAINDER, help="the program's sys.argv[1:]")
    parser.set_defaults(run=run)


def _fail(message: str) -> int:
    print(f"switchpoint trace: {message}", file=sys.stderr)
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    program = args.program
    if not os.path.isfile(program):
        return _fail(f"no such program: {program}")
    if not os.access(program, os.R_OK):
        return _fail(f"cannot read {program}")
    roots = args.root or [os.path.dirname(os.path.abspath(program))]
    missing = [root for root in roots if not os.path.isdir(root)]
    if missing:
        return _fail(f"no such root folder: {missing[0]}")
    if args.out and not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        return _fail(f"cannot write {args.out}: its folder does not exist")

    out_path = os.path.abspath(args.out) if args.out else None  # the program may chdir

    from switchpoint.runtime.tracing import SwitchTracer

    with SwitchTracer(roots=roots) as tracer:
        status = _run_program(program, args.args)
    if tracer.in_forked_child:
        return status  # a child of the program's: its sites are in the parent's trace (runtime/_tracing_forks.py)
    text = json.dumps(tracer.to_json(), indent=2) + "\n"
    if out_path:
        try:
            with open(out_path, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as exc:
            return _fail(f"cannot write {args.out}: {exc.strerror}")
    else:
        sys.stdout.write(text)
    if tracer.errors:
        print(f"switchpoint trace: {len(tracer.errors)} frame(s) could not be placed, "
              f"first: {tracer.errors[0]}", file=sys.stderr)
    if status:
        print(f"switchpoint trace: {program} exited with status {status}", file=sys.stderr)
    return status


def _run_program(program: str, program_args: list[str]) -> int:
    """Runs `program` as `__main__` with its own argv and sys.path[0]; returns its exit status."""
    import runpy

    saved_argv, saved_path0 = sys.argv, sys.path[0]
    sys.argv = [program, *program_args]
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    try:
        runpy.run_path(program, run_name="__main__")
    except SystemExit as exc:
        return _exit_status(exc.code)
    except Exception as exc:  # the program's own failure: show its traceback, as python would
        _print_program_traceback(exc, program)
        return 1
    finally:
        sys.argv, sys.path[0] = saved_argv, saved_path0
    return 0


def _exit_status(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _print_program_traceback(exc: BaseException, program: str) -> None:
    """The traceback from the program's first frame on: switchpoint's and runpy's frames are noise."""
    target = os.path.realpath(program)
    tb = exc.__traceback__
    while tb is not None and os.path.realpath(tb.tb_frame.f_code.co_filename) != target:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb, file=sys.stderr)
