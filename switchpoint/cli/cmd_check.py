"""`switchpoint check`: report races, hub-blocking calls and atomicity violations; exit 1 if any.

Output is one line per finding, `path:line:col: SP101 message` (ruff's shape), or
another format from the `FORMATS` registry (`--format json`, ...). Exit codes:
0 clean, 1 findings, 2 usage or configuration error (a bad `[tool.switchpoint]`,
a path that does not exist, an unknown format).

Extension points for other options (baselines, `--diff-base`): `FILTERS` holds
functions `(findings, args) -> findings` applied in order after rule selection;
an option registers its flag in `register` and appends its filter.
"""

from __future__ import annotations

import sys

from switchpoint.cli.common_options import add_analysis_arguments, analyse, analysis_errors, config_from, usage_error

# functions (findings, args) -> findings, applied in order before rendering
FILTERS: list = []


def register(subparsers) -> None:
    from switchpoint.cli.output import FORMATS

    parser = subparsers.add_parser(
        "check",
        help="report races, hub-blocking calls and atomicity violations",
        description="Report where a switch point breaks the program: lost updates, check-then-act, "
        "iteration while switching, calls that block the hub, switching finalizers and violated "
        "atomic regions. Exit code 1 when anything is found, 2 on usage or configuration errors.",
        epilog="Suppress one finding with a `# switchpoint: ignore[SP101]` comment on its line; "
        "select rules with `select`/`ignore` in [tool.switchpoint] of pyproject.toml. "
        "Rule documentation: docs/rules.md.",
    )
    add_analysis_arguments(
        parser,
        formats=sorted(FORMATS),
        default_format="text",
        paths_help="files and folders to check (default: .)",
        format_help="report format (default: text)",
        python_help="interpreter whose environment the project runs in",
        cache=True,
    )
    parser.add_argument("--select", metavar="CODES", help="comma-separated rule codes or prefixes to run (overrides the config)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to leave out (added to the config)")
    parser.add_argument("--diff-base", metavar="REF", help="report only findings on lines changed since the git revision REF (and in untracked files)")
    parser.add_argument("--baseline", metavar="FILE", help="leave out findings recorded in this baseline file (matched by fingerprint)")
    parser.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE as the baseline and exit 0")
    parser.set_defaults(run=run)


def run(args) -> int:
    from switchpoint import __version__
    from switchpoint.analysis.api import ConfigError, Finding, rules
    from switchpoint.cli.output import OutputContext, renderer

    try:
        config = config_from(args, every_path=True)  # every project involved must have a valid configuration
        selection = _selection(config, args)
        report = analyse(args, config)
    except analysis_errors() as error:
        return usage_error(error)
    missing = [p for p in report.problems if p.message == "no such file or directory"]
    for problem in missing:
        print(f"switchpoint: {problem.path}: no such file or directory", file=sys.stderr)
    findings = [f for f in _all_findings(report, Finding) if selection(f.code)]
    try:
        for extra in FILTERS:
            findings = list(extra(findings, args))
    except ConfigError as error:
        return usage_error(error)
    findings.sort(key=lambda f: (f.path, f.range.start, f.code))
    context = OutputContext(version=__version__, rules=rules())
    text = renderer(args.format)(findings, context)
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if missing:
        return 2
    return 1 if findings else 0


def _only_changed_lines(findings, args):
    """`--diff-base REF`: findings whose range touches a line changed since REF."""
    if not getattr(args, "diff_base", None):
        return findings
    from switchpoint.analysis.api import ConfigError
    from switchpoint.cli.baseline import normalise_path
    from switchpoint.cli.git_revisions import GitError, changed_lines

    try:
        changed = changed_lines(args.diff_base)
    except GitError as error:
        raise ConfigError(f"--diff-base: {error}") from None
    kept = []
    for finding in findings:
        lines = changed.get(normalise_path(finding.path), set())
        span = range(finding.range.start.line, finding.range.end.line + 1)
        if lines is None or any(line in lines for line in span):
            kept.append(finding)
    return kept


def _without_baselined(findings, args):
    """`--baseline FILE`: leave out findings whose fingerprint the baseline records."""
    if not getattr(args, "baseline", None):
        return findings
    from switchpoint.analysis.api import ConfigError
    from switchpoint.cli.baseline import BaselineError, without_baselined

    try:
        return without_baselined(findings, args.baseline)
    except BaselineError as error:
        raise ConfigError(str(error)) from None


def _write_baseline(findings, args):
    """`--write-baseline FILE`: record every finding left, report none (exit 0)."""
    if not getattr(args, "write_baseline", None):
        return findings
    from switchpoint.analysis.api import ConfigError
    from switchpoint.cli.baseline import BaselineError, write_baseline

    try:
        count = write_baseline(args.write_baseline, findings)
    except BaselineError as error:
        raise ConfigError(str(error)) from None
    print(f"switchpoint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {args.write_baseline}", file=sys.stderr)
    return []


FILTERS.extend((_only_changed_lines, _without_baselined, _write_baseline))


def _all_findings(report, Finding) -> list:
    """Rule findings, plus an SP002 for each file that could not be read at all."""
    from switchpoint.analysis.api import Position, Range

    findings = []
    for file in report.files:
        findings.extend(file.findings)
        reported = any(f.code == "SP002" for f in file.findings)
        for problem in file.problems:
            if problem.message == "no such file or directory" or reported:
                continue
            where = problem.range or Range(Position(1, 1), Position(1, 1))
            findings.append(Finding(problem.path, where, "SP002", f"file could not be analysed: {problem.message}"))
    return findings


def _selection(config, args):
    """`code -> bool`: the config's select/ignore, with --select replacing and --ignore adding."""
    from switchpoint.analysis.api import rule_selectors

    def codes(value: str | None, flag: str) -> tuple[str, ...]:
        if value is None:
            return ()
        return rule_selectors((c.strip().upper() for c in value.split(",") if c.strip()), flag)

    select = codes(args.select, "--select") or tuple(config.select)
    ignore = codes(args.ignore, "--ignore") + tuple(config.ignore)

    def enabled(code: str) -> bool:
        chosen = not select or any(code.startswith(prefix) for prefix in select)
        return chosen and not any(code.startswith(prefix) for prefix in ignore)

    return enabled
