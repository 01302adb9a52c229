"""`switchpoint server`: run the language server, speaking LSP over stdin/stdout."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "server",
        help="run the language server (LSP over stdio)",
        description="Run the switchpoint language server. It speaks LSP over stdin/stdout.",
    )
    # Editors (VS Code's client among them) append --stdio; it is the only transport, so it changes nothing.
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from switchpoint.server.app import main  # lazy: pygls is heavy and only this command needs it

    return main()
