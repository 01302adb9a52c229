"""`switchpoint` entry point: builds the argument parser from one module per subcommand.

Each subcommand lives in `switchpoint/cli/cmd_<name>.py` and exposes
`register(subparsers)`, which adds its parser and sets `run` as the handler.
Registering a new subcommand is one line in `COMMANDS`. Handlers import heavy
machinery lazily so `switchpoint --help` stays instant.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from switchpoint import __version__

# One line per subcommand, in the order `--help` lists them.
COMMANDS = (
    "yield_points",
    "callgraph",
    "trace",
    "check",
    "diff",
    "server",
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# commands that analyse once and exit (not the server, not trace, which runs the user's program)
ONE_SHOT_ANALYSES = frozenset({"yield-points", "check", "callgraph", "diff"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="switchpoint",
        description="Find every place a greenlet virtual thread may switch.",
    )
    parser.add_argument("--version", action="version", version=f"switchpoint {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"switchpoint.cli.cmd_{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None, exit_when_done: bool = False) -> int:
    """Run one command and return its exit status. With `exit_when_done` (the installed `switchpoint`
    script and `python -m switchpoint`), a one-shot analysis ends the process itself instead of
    returning: see `exit_without_teardown`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    one_shot = args.command in ONE_SHOT_ANALYSES
    collecting = gc.isenabled()
    if one_shot:
        # the process ends right after: freeing the analysis's object graph through the cyclic
        # collector would cost seconds (measured: a fifth of a cold run) for nothing
        gc.disable()
    try:
        status = int(args.run(args) or 0)
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = EXIT_OK
    if exit_when_done and one_shot:
        exit_without_teardown(status)
    if collecting:
        # called as a function (tests, embedders), the process goes on: left off, its cyclic garbage
        # piled up for the rest of it (the test suite's took minutes to free at exit)
        gc.enable()
    return status


def console() -> None:
    """The `switchpoint` script."""
    sys.exit(main(exit_when_done=True))


def exit_without_teardown(status: int) -> None:
    """End the process now, once what was printed is flushed. The analysis's heap (every loaded
    module's tree, scopes, operations) is alive until the end, and the interpreter's teardown would
    run one more full collection over it and free it object by object: 1.4-2.5 s of a 9 s cold run
    on django, for nothing. Only for commands that run no user code (`trace` runs the user's program,
    whose atexit handlers must run) and that close every file they write before returning."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more can be said
            pass
    os._exit(status)
