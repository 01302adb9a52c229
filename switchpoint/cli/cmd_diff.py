"""`switchpoint diff BASE [HEAD]`: how a change moves the switch points of a program, for pull requests.

Both revisions are read with `git archive` into temporary folders (the work tree
is never touched) and analysed with paths relative to the repository root. The
report lists, above all, new switch points inside a region that was switch-free
in BASE (a `with <lock>:` section, a `with atomic():` block, the read-modify-write
of a new finding); then switch points added and removed per function (matched by
function, kind and witness chain, so renaming a variable moves nothing); functions
that became switching or stopped switching; new findings (by fingerprint, counted
per rule, file and function so that edits of a flagged line do not make it new).

Formats: text, json, github, sarif. Exit codes: 0 nothing to gate on, 1 what
`--fail-on` names was found (default `new-findings`: new findings or switch points
in switch-free regions; `new-switch-points`: any added switch point), 2 usage
error (unknown revision, not a repository, bad configuration).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from switchpoint.cli.common_options import analyse, analysis_errors, usage_error

FORMATS = ("text", "json", "github", "sarif")
REGION_CODE, POINT_CODE = "SPD1", "SPD2"


@dataclass(frozen=True)
class DiffRule:
    """Rule metadata for the diff's own results in SARIF and GitHub output (same shape as the engine's)."""

    code: str
    name: str
    summary: str
    doc: str
    default_severity: str = "warning"


DIFF_RULES = (
    DiffRule(
        REGION_CODE,
        "switch-point-in-switch-free-region",
        "A change adds a switch point inside a region that was switch-free before.",
        "A switch point added by the change lies inside a `with <lock>:` section, a `with atomic():` "
        "block or the read-modify-write of a new finding, and that region had no switch point in the base revision. "
        "Another virtual thread can now run in the middle of it.",
    ),
    DiffRule(
        POINT_CODE,
        "new-switch-point",
        "A change adds a switch point.",
        "An expression that may switch the current greenlet, added by the change (reported by `switchpoint diff`).",
        "info",
    ),
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff",
        help="compare the switch points and findings of two git revisions",
        description="Analyse two git revisions without touching the work tree and report what changed: "
        "new switch points inside regions that were switch-free (locked sections, atomic blocks, "
        "read-modify-writes), switch points added and removed per function, functions that became or "
        "stopped switching, new findings. Exit 1 when --fail-on finds something, 2 on usage errors.",
    )
    parser.add_argument("base", metavar="BASE", help="the revision to compare against (e.g. origin/main)")
    parser.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the changed revision (default: HEAD)")
    parser.add_argument("--path", action="append", default=[], metavar="PATH", help="analyse only this file or folder (relative to the repository root; repeatable)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    parser.add_argument("--fail-on", choices=("new-findings", "new-switch-points"), default="new-findings",
                        help="what makes the exit code 1 (default: new-findings, which includes switch points in switch-free regions)")
    parser.add_argument("--python", metavar="INTERPRETER", help="interpreter whose environment the project runs in")
    parser.add_argument("--no-cache", action="store_true",
                        help="keep no collected operations: neither the head's reuse of the base's nor the per-user cache of libraries")
    parser.set_defaults(run=run)


@dataclass
class Revision:
    name: str
    commit: str
    root: str
    points: list
    functions: list
    findings: list
    fingerprints: list
    sources: dict
    missing: frozenset = frozenset()  # given paths this revision does not have


def run(args) -> int:
    from switchpoint.cli.git_revisions import GitError, repo_root, resolve

    try:
        repo = repo_root(".")
        commits = resolve(args.base), resolve(args.head)
    except GitError as error:
        return usage_error(error)
    with tempfile.TemporaryDirectory(prefix="switchpoint-diff-") as scratch:
        try:
            # one store for both: the head's analysis reuses what the base's collected in files it did not change
            store = None if args.no_cache else scratch
            base = _analyse(args, args.base, commits[0], repo, os.path.join(scratch, "base"), store)
            head = _analyse(args, args.head, commits[1], repo, os.path.join(scratch, "head"), store)
        except (GitError, *analysis_errors()) as error:
            return usage_error(error)
        missing = sorted(base.missing & head.missing)
        for path in missing:
            print(f"switchpoint: {path}: no such file or directory in {args.base} or {args.head}", file=sys.stderr)
        if missing:
            return 2
        changes = compare(base, head)
        with _inside(head.root):  # fingerprints and SARIF read the head's lines
            text = _render(args.format, changes, base, head)
    if text:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if args.fail_on == "new-switch-points":
        return 1 if changes["added"] else 0
    return 1 if changes["new_findings"] or changes["breaches"] else 0


@contextmanager
def _inside(folder: str):
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _analyse(args, name: str, commit: str, repo: str, folder: str, store: str | None):
    from switchpoint.analysis.api import Report, load_config_for
    from switchpoint.cli.baseline import fingerprints
    from switchpoint.cli.git_revisions import materialise

    os.makedirs(folder)
    materialise(commit, folder, cwd=repo)
    wanted = args.path or ["."]
    with _inside(folder):
        paths = [path for path in wanted if os.path.exists(path)]  # a path may be new in HEAD or gone from it
        if paths:
            report = analyse(args, load_config_for(paths[0]), paths, store)
        else:
            report = Report()
        findings = sorted((f for file in report.files for f in file.findings), key=lambda f: (f.path, f.range.start, f.code, f.message))
        prints = fingerprints(findings)
        sources = {}
        for file in report.files:
            try:
                with open(file.path, encoding="utf-8", errors="replace") as handle:
                    sources[file.path] = handle.read()
            except OSError:
                sources[file.path] = ""
    points = sorted(p for file in report.files for p in file.yield_points)
    functions = sorted(f for file in report.files for f in file.functions)
    return Revision(name, commit, folder, points, functions, findings, prints, sources, frozenset(wanted) - frozenset(paths))


def _text_of(revision: Revision, path: str, range_) -> str:
    lines = revision.sources.get(path, "").splitlines()
    first, last = range_.start.line, range_.end.line
    if not 0 < first <= len(lines):
        return ""
    if first == last:
        piece = lines[first - 1][range_.start.column - 1:range_.end.column - 1]
    else:
        piece = "\n".join([lines[first - 1][range_.start.column - 1:], *lines[first:last - 1], lines[last - 1][:range_.end.column - 1] if last <= len(lines) else ""])
    return " ".join(piece.split())


def _point_key(point) -> tuple:
    function = point.chain[0] if point.chain else ""
    return (point.path, function, point.kind, tuple(point.chain[1:]))


def compare(base: Revision, head: Revision) -> dict:
    """What changed from base to head: added/removed points, switching functions, new findings, breaches."""
    from switchpoint.cli.regions import FileRegions

    base_keys = Counter(_point_key(p) for p in base.points)
    head_keys = Counter(_point_key(p) for p in head.points)
    added, removed = [], []
    remaining = Counter(base_keys)
    for point in head.points:  # sorted: the first occurrences match, the later ones are new
        key = _point_key(point)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            added.append(point)
    remaining = Counter(head_keys)
    for point in base.points:
        key = _point_key(point)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            removed.append(point)

    before = {(f.path, f.qualname): f.may_switch for f in base.functions}
    became, stopped = [], []
    for function in head.functions:
        was = before.get((function.path, function.qualname))
        if was is False and function.may_switch:
            became.append(function)
        elif was is True and not function.may_switch:
            stopped.append(function)

    new_findings, resolved = _new_findings(base, head), _new_findings(head, base)

    regions = {}

    def regions_of(revision, path):
        key = (revision.root, path)
        if key not in regions:
            regions[key] = FileRegions(revision.sources.get(path, ""))
        return regions[key]

    had_points = set()
    for point in base.points:
        for region in regions_of(base, point.path).holding(point.range.start.line):
            had_points.add((point.path, region.function, region.kind, region.header))
    breaches = []
    for point in added:
        for region in regions_of(head, point.path).holding(point.range.start.line):
            if (point.path, region.function, region.kind, region.header) not in had_points:
                breaches.append((point, region.kind, f"with {region.header}", region.line))
                break
        else:
            for finding in new_findings:
                spans = [r.range for r in finding.related if r.path == point.path]
                if finding.path != point.path or len(spans) < 2:
                    continue
                if min(r.start for r in spans) <= point.range.start <= max(r.end for r in spans):
                    kind = {"SP101": "read-modify-write", "SP102": "check-then-act"}.get(finding.code, f"{finding.code} region")
                    read = finding.related[0]
                    breaches.append((point, kind, _text_of(head, read.path, read.range), read.range.start.line))
                    break
    return {
        "added": added,
        "removed": removed,
        "became": became,
        "stopped": stopped,
        "new_findings": new_findings,
        "resolved_findings": resolved,
        "breaches": breaches,
    }


def _new_findings(base: Revision, head: Revision) -> list:
    """Head findings whose fingerprint base lacks, beyond base's count for the same rule, file and function."""
    from switchpoint.cli.regions import FileRegions

    known = set(base.fingerprints)
    parsed: dict = {}

    def group(revision, finding):
        key = (revision.root, finding.path)
        if key not in parsed:
            parsed[key] = FileRegions(revision.sources.get(finding.path, ""))
        return (finding.code, finding.path, parsed[key].function_at(finding.range.start.line))

    base_groups = Counter(group(base, f) for f in base.findings)
    head_groups = Counter(group(head, f) for f in head.findings)
    surplus = {key: head_groups[key] - base_groups[key] for key in head_groups}
    new = []
    for finding, fingerprint in zip(head.findings, head.fingerprints):
        key = group(head, finding)
        if fingerprint not in known and surplus.get(key, 0) > 0:
            surplus[key] -= 1
            new.append(finding)
    return new


def _chain(point) -> str:
    return " -> ".join(point.chain)


def _point_json(point, revision) -> dict:
    return {**point.to_json(), "text": _text_of(revision, point.path, point.range)}


def _finding_json(finding, names) -> dict:
    return {
        "code": finding.code,
        "name": names.get(finding.code, ""),
        "message": finding.message,
        "path": finding.path,
        "range": finding.range.to_json(),
        "related": [{"path": r.path, "range": r.range.to_json(), "message": r.message} for r in finding.related],
        "chain": list(finding.chain),
    }


def _per_function(changes) -> list:
    grouped = defaultdict(lambda: {"added": [], "removed": []})
    for side in ("added", "removed"):
        for point in changes[side]:
            grouped[(point.path, point.chain[0] if point.chain else "")][side].append(point)
    return sorted(grouped.items())


def _render(name: str, changes: dict, base: Revision, head: Revision) -> str:
    from switchpoint import __version__
    from switchpoint.analysis.api import rules

    names = {rule.code: rule.name for rule in rules()}
    if name == "json":
        return _render_json(changes, base, head, names, __version__)
    if name == "text":
        return _render_text(changes, base, head)
    from switchpoint.cli.output import OutputContext
    from switchpoint.cli.output import github, sarif

    results = sorted(_as_findings(changes, head), key=lambda f: (f.path, f.range.start, f.code, f.message))
    context = OutputContext(version=__version__, rules=rules())
    if name == "github":
        return github.render(results, context, extra_rules=DIFF_RULES)
    return json.dumps(sarif.document(results, context, extra_rules=DIFF_RULES), indent=2, ensure_ascii=False)


def _as_findings(changes, head) -> list:
    """New findings, breaches and added switch points as findings, for the annotation formats."""
    from switchpoint.analysis.api import Finding, Position, Range, Related

    results = list(changes["new_findings"])
    breached = {id(point) for point, *_ in changes["breaches"]}
    for point, kind, header, line in changes["breaches"]:
        region = Related(point.path, Range(Position(line, 1), Position(line, 1)), f"the {kind} `{header}`")
        message = f"new switch point inside the {kind} `{header}` (line {line}), which was switch-free before: {_chain(point)}"
        results.append(Finding(point.path, point.range, REGION_CODE, message, (region,), point.chain))
    for point in changes["added"]:
        if id(point) not in breached:
            text = _text_of(head, point.path, point.range)
            results.append(Finding(point.path, point.range, POINT_CODE, f"new switch point ({point.kind}) `{text}`: {_chain(point)}", (), point.chain))
    return results


def _render_json(changes, base, head, names, version) -> str:
    document = {
        "version": 1,
        "tool": {"name": "switchpoint", "version": version},
        "base": {"revision": base.name, "commit": base.commit},
        "head": {"revision": head.name, "commit": head.commit},
        "switch_points_in_switch_free_regions": [
            {**_point_json(point, head), "region": {"kind": kind, "text": header, "line": line}}
            for point, kind, header, line in changes["breaches"]
        ],
        "functions": [
            {
                "path": path,
                "function": function,
                "added": [_point_json(p, head) for p in sides["added"]],
                "removed": [_point_json(p, base) for p in sides["removed"]],
            }
            for (path, function), sides in _per_function(changes)
        ],
        "became_switching": [{"path": f.path, "function": f.qualname} for f in changes["became"]],
        "stopped_switching": [{"path": f.path, "function": f.qualname} for f in changes["stopped"]],
        "new_findings": [_finding_json(f, names) for f in changes["new_findings"]],
        "resolved_findings": [_finding_json(f, names) for f in changes["resolved_findings"]],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _render_text(changes, base, head) -> str:
    lines = [f"switchpoint diff {base.name}..{head.name} ({base.commit[:12]}..{head.commit[:12]})"]
    if changes["breaches"]:
        lines.append("")
        lines.append("Switch points inside regions that were switch-free:")
        for point, kind, header, line in changes["breaches"]:
            start = point.range.start
            text = _text_of(head, point.path, point.range)
            lines.append(f"  {point.path}:{start.line}:{start.column}: `{text}` may switch inside the {kind} `{header}` (line {line}) via {_chain(point)}")
    grouped = _per_function(changes)
    if grouped:
        lines.append("")
        lines.append("Switch points per function:")
        for (path, function), sides in grouped:
            lines.append(f"  {path}: {function}  +{len(sides['added'])} -{len(sides['removed'])}")
            for sign, revision, points in (("+", head, sides["added"]), ("-", base, sides["removed"])):
                for point in points:
                    start = point.range.start
                    lines.append(f"    {sign} {start.line}:{start.column} {point.kind} `{_text_of(revision, point.path, point.range)}` via {_chain(point)}")
    for title, functions in (("Functions that became switching:", changes["became"]), ("Functions that stopped switching:", changes["stopped"])):
        if functions:
            lines.append("")
            lines.append(title)
            lines.extend(f"  {f.path}: {f.qualname}" for f in functions)
    if changes["new_findings"]:
        lines.append("")
        lines.append("New findings:")
        for finding in changes["new_findings"]:
            start = finding.range.start
            lines.append(f"  {finding.path}:{start.line}:{start.column}: {finding.code} {finding.message}")
    lines.append("")
    lines.append(
        f"{len(changes['added'])} switch point(s) added, {len(changes['removed'])} removed, "
        f"{len(changes['breaches'])} in switch-free regions, {len(changes['new_findings'])} new finding(s), "
        f"{len(changes['resolved_findings'])} resolved."
    )
    return "\n".join(lines)
