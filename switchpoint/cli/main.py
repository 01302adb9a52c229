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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    if args.command in ONE_SHOT_ANALYSES:
        # the process ends right after: freeing the analysis's object graph through the cyclic
        # collector would cost seconds (measured: a fifth of a cold run) for nothing
        gc.disable()
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
