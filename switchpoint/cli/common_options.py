"""What the analysing commands share: the PATH/--format/--python/--no-cache arguments, `Options`, usage errors.

`yield-points`, `check` and `callgraph` declare their first arguments with
`add_analysis_arguments` (each with its own formats and help texts);
`yield-points`, `check` and `diff` run the engine through `analyse`, which builds
`Options` with `options_from`. Importing this module imports no analysis: the
parsers are built for `--help` too.
"""

from __future__ import annotations

import os
import sys

EXIT_USAGE = 2


def add_analysis_arguments(
    parser,
    *,
    formats: tuple[str, ...],
    default_format: str,
    paths_help: str | None = None,
    format_help: str | None = None,
    python_help: str | None = None,
    cache: bool = False,
) -> None:
    """`PATH...` (default: .), `--format`, `--python INTERPRETER` and, with `cache`, `--no-cache`."""
    parser.add_argument("paths", nargs="*", default=["."], metavar="PATH", help=paths_help)
    parser.add_argument("--format", choices=formats, default=default_format, help=format_help)
    parser.add_argument("--python", metavar="INTERPRETER", help=python_help)
    if cache:
        parser.add_argument("--no-cache", action="store_true", help="neither read nor write caches (.switchpoint_cache/, the per-user cache of libraries)")


def analysis_errors() -> tuple[type[Exception], ...]:
    """What a bad interpreter or configuration raises: a usage error (exit 2), not a crash."""
    from switchpoint.analysis.api import ConfigError
    from switchpoint.analysis.resolve.environment import EnvironmentError_

    return (EnvironmentError_, ConfigError)


def usage_error(error) -> int:
    """Prints `switchpoint: <error>` on stderr; returns exit status 2."""
    print(f"switchpoint: {error}", file=sys.stderr)
    return EXIT_USAGE


def config_from(args, *, every_path: bool = False):
    """`[tool.switchpoint]` of the first PATH's project; with `every_path`, every PATH's must load too (ConfigError)."""
    from switchpoint.analysis.api import load_config_for

    config = load_config_for(args.paths[0] if args.paths else ".")
    if every_path:
        for path in args.paths[1:]:
            load_config_for(path)
    return config


def options_from(args, config=None, progress=None, operations_dir: str | None = None):
    """`Options` for `--python`, `config` and `progress`; results are cached on disk only by commands with `--no-cache`, unless it is given.
    With `operations_dir`, only collected operations are kept, there (and libraries' in the per-user cache)."""
    from switchpoint.analysis.api import Options

    if operations_dir is not None:
        return Options(python=args.python, config=config, cache_dir=operations_dir, whole_results=False, progress=progress)
    cache_dir = None
    if not getattr(args, "no_cache", True):
        cache_dir = os.path.dirname(config.path) if config.path else os.getcwd()  # the project root
    return Options(python=args.python, config=config, cache_dir=cache_dir, progress=progress)


def analyse(args, config, paths=None, operations_dir: str | None = None):
    """The engine's `Report` for `paths` (default: the PATH arguments), with a progress bar when stderr is a terminal."""
    from switchpoint.analysis.api import analyze
    from switchpoint.cli.progress import analysis_progress

    with analysis_progress() as progress:
        options = options_from(args, config, progress, operations_dir)
        return analyze(args.paths if paths is None else paths, options)
