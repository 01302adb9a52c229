"""`switchpoint yield-points`: list every expression that may switch, with its witness chain."""

from __future__ import annotations

import json
import os
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "yield-points",
        help="list every expression that may switch the current greenlet",
        description="List every expression whose evaluation may switch the current greenlet, "
        "with the chain of calls down to the switching primitive.",
    )
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders to analyse (default: .)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--python", metavar="INTERPRETER", help="interpreter whose environment the project runs in (default: this one)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write .switchpoint_cache/")
    parser.set_defaults(run=run)


def run(args) -> int:
    from switchpoint.analysis.api import ConfigError, Options, analyze, load_config_for
    from switchpoint.analysis.resolve.environment import EnvironmentError_
    from switchpoint.cli.progress import analysis_progress

    try:
        config = load_config_for(args.paths[0] if args.paths else ".")
        project_root = os.path.dirname(config.path) if config.path else os.getcwd()
        with analysis_progress() as progress:
            options = Options(python=args.python, config=config, cache_dir=None if args.no_cache else project_root, progress=progress)
            report = analyze(args.paths, options)
    except (EnvironmentError_, ConfigError) as error:
        print(f"switchpoint: {error}", file=sys.stderr)
        return 2
    for problem in report.problems:
        where = f"{problem.path}:{problem.range.start.line}:{problem.range.start.column}" if problem.range else problem.path
        print(f"{where}: {problem.message}", file=sys.stderr)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for point in report.yield_points:
            start = point.range.start
            certainty = "" if point.certainty == "certain" else " (possible)"
            print(f"{point.path}:{start.line}:{start.column}: {point.kind}{certainty} via {' -> '.join(point.chain)}")
    missing = [p for p in report.problems if p.message == "no such file or directory"]
    return 2 if missing else 0
