"""`switchpoint callgraph`: print the resolved call graph in PyCG's JSON format."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "callgraph",
        help="print the resolved call graph (PyCG's JSON format)",
        description="Print the call graph switchpoint resolved, as PyCG's adjacency list of qualified names, "
        "including the edges implicit dunder calls and callbacks add.",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    parser.add_argument("--format", choices=("json",), default="json")
    parser.add_argument("--python", metavar="INTERPRETER")
    parser.add_argument("--include-libraries", action="store_true", help="also list the library functions reached")
    parser.set_defaults(run=run)


def run(args) -> int:
    from switchpoint.analysis.api import ConfigError, Options, call_graph
    from switchpoint.analysis.resolve.environment import EnvironmentError_

    try:
        graph = call_graph(args.paths, Options(python=args.python), include_libraries=args.include_libraries)
    except (EnvironmentError_, ConfigError) as error:
        print(f"switchpoint: {error}", file=sys.stderr)
        return 2
    json.dump(graph, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0
