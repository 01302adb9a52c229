"""`switchpoint callgraph`: print the resolved call graph in PyCG's JSON format."""

from __future__ import annotations

import sys

from switchpoint.cli.common_options import add_analysis_arguments, analysis_errors, options_from, usage_error
from switchpoint.cli.json_layout import write_one_item_a_line


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "callgraph",
        help="print the resolved call graph (PyCG's JSON format)",
        description="Print the call graph switchpoint resolved, as PyCG's adjacency list of qualified names, "
        "including the edges implicit dunder calls and callbacks add.",
    )
    add_analysis_arguments(parser, formats=("json",), default_format="json")
    parser.add_argument("--include-libraries", action="store_true", help="also list the library functions reached")
    parser.set_defaults(run=run)


def run(args) -> int:
    from switchpoint.analysis.api import call_graph

    try:
        graph = call_graph(args.paths, options_from(args), include_libraries=args.include_libraries)
    except analysis_errors() as error:
        return usage_error(error)
    write_one_item_a_line(graph, sys.stdout)
    return 0
