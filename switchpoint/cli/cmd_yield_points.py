"""`switchpoint yield-points`: list every expression that may switch, with its witness chain."""

from __future__ import annotations

import sys

from switchpoint.cli.common_options import add_analysis_arguments, analyse, analysis_errors, config_from, usage_error
from switchpoint.cli.json_layout import write_one_item_a_line


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "yield-points",
        help="list every expression that may switch the current greenlet",
        description="List every expression whose evaluation may switch the current greenlet, "
        "with the chain of calls down to the switching primitive.",
    )
    add_analysis_arguments(
        parser,
        formats=("text", "json"),
        default_format="text",
        paths_help="files and folders to analyse (default: .)",
        python_help="interpreter whose environment the project runs in (default: this one)",
        cache=True,
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    try:
        report = analyse(args, config_from(args))
    except analysis_errors() as error:
        return usage_error(error)
    for problem in report.problems:
        where = f"{problem.path}:{problem.range.start.line}:{problem.range.start.column}" if problem.range else problem.path
        print(f"{where}: {problem.message}", file=sys.stderr)
    if args.format == "json":
        write_one_item_a_line(report.to_json(lazily=True), sys.stdout)
    else:
        for point in report.yield_points:
            start = point.range.start
            certainty = "" if point.certainty == "certain" else " (possible)"
            print(f"{point.path}:{start.line}:{start.column}: {point.kind}{certainty} via {' -> '.join(point.chain)}")
    missing = [p for p in report.problems if p.message == "no such file or directory"]
    return 2 if missing else 0
