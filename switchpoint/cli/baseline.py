"""Finding fingerprints that survive unrelated edits, and baseline files built from them.

A fingerprint is the SHA-256 of the rule code, the file's path, the qualified
name of the innermost enclosing `def`/`class` (from `ast`, `<module>` at top
level), the whitespace-normalised text of the flagged line(s) and of each
related location's line(s). Line numbers and messages are left out (messages
name line numbers), so inserting code above a finding or editing another
function does not change it; editing the flagged or related lines does. Equal
hashes in one file are told apart by a `:N` occurrence suffix in report order.
SARIF's `partialFingerprints` and baselines use the same value.

A baseline file is JSON: `{"version": 1, "tool": "switchpoint", "findings":
[{"fingerprint", "code", "path", "message"}]}`, sorted; only `fingerprint` is
used for matching, the rest is there for reviewers.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections import Counter

BASELINE_VERSION = 1
FINGERPRINT_KEY = "switchpoint/v1"  # the key under SARIF partialFingerprints


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message is one line for the user."""


class _Sources:
    """Lines and enclosing-scope lookup of the files findings point into, read once each."""

    def __init__(self, root: str):
        self.root = root
        self._lines: dict[str, list[str]] = {}
        self._scopes: dict[str, list[tuple[int, int, int, str]]] = {}

    def lines(self, path: str) -> list[str]:
        if path not in self._lines:
            try:
                with open(os.path.join(self.root, path), encoding="utf-8", errors="replace", newline="") as handle:
                    self._lines[path] = handle.read().splitlines()
            except OSError:
                self._lines[path] = []
        return self._lines[path]

    def text(self, path: str, range_) -> str:
        lines = self.lines(path)
        first, last = range_.start.line, range_.end.line
        if last > first and range_.end.column == 1:
            last -= 1  # a range ending at the start of a line does not cover it
        chosen = lines[max(first - 1, 0):max(last, first)]
        return "\n".join(" ".join(line.split()) for line in chosen)

    def scope(self, path: str, line: int) -> str:
        """Qualified name (inside the module) of the innermost def/class holding `line`."""
        if path not in self._scopes:
            self._scopes[path] = _scopes_of("\n".join(self.lines(path)))
        best = "<module>"
        best_span = None
        for start, end, depth, name in self._scopes[path]:
            if start <= line <= end and (best_span is None or depth > best_span):
                best, best_span = name, depth
        return best


def _scopes_of(source: str) -> list[tuple[int, int, int, str]]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return []
    found = []

    def visit(node, prefix: str, depth: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                found.append((child.lineno, child.end_lineno or child.lineno, depth, name))
                visit(child, name + ".", depth + 1)
            else:
                visit(child, prefix, depth)

    visit(tree, "", 0)
    return found


def normalise_path(path: str) -> str:
    """The path as reports show it: relative to the working directory when below it, `/`-separated."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    return os.path.normpath(path).replace(os.sep, "/")


def fingerprints(findings, root: str = ".") -> list[str]:
    """One fingerprint per finding, in the order given; `:N` suffixes count in report (sorted) order."""
    sources = _Sources(root)
    digests = []
    for finding in findings:
        path = normalise_path(finding.path) if root == "." else finding.path.replace(os.sep, "/")
        parts = [
            finding.code,
            path,
            sources.scope(finding.path, finding.range.start.line),
            sources.text(finding.path, finding.range),
        ]
        for related in finding.related:
            parts.append(sources.text(related.path, related.range))
        digests.append(hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32])
    order = sorted(range(len(findings)), key=lambda i: (findings[i].path, findings[i].range.start, findings[i].code, findings[i].message))
    seen: Counter = Counter()
    result = [""] * len(findings)
    for index in order:
        seen[digests[index]] += 1
        result[index] = f"{digests[index]}:{seen[digests[index]]}"
    return result


def write_baseline(file: str, findings) -> int:
    """Write every finding's fingerprint to `file`; returns how many were written."""
    findings = list(findings)
    prints = fingerprints(findings)
    entries = sorted(
        ({"fingerprint": fp, "code": f.code, "path": normalise_path(f.path), "message": f.message} for f, fp in zip(findings, prints)),
        key=lambda e: (e["path"], e["code"], e["fingerprint"]),
    )
    document = {"version": BASELINE_VERSION, "tool": "switchpoint", "findings": entries}
    try:
        with open(file, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    except OSError as error:
        raise BaselineError(f"--write-baseline {file}: cannot write: {error.strerror or error}") from None
    return len(entries)


def read_baseline(file: str) -> set[str]:
    """The fingerprints of a baseline file; BaselineError with one clear line when it is unusable."""
    try:
        with open(file, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(f"--baseline {file}: no such file") from None
    except OSError as error:
        raise BaselineError(f"--baseline {file}: cannot read: {error.strerror or error}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BaselineError(f"--baseline {file}: not a switchpoint baseline (invalid JSON: {error})") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION or not isinstance(document.get("findings"), list):
        raise BaselineError(f"--baseline {file}: not a switchpoint baseline (expected version {BASELINE_VERSION} with a findings list)")
    prints = set()
    for entry in document["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"--baseline {file}: not a switchpoint baseline (a finding without a fingerprint)")
        prints.add(entry["fingerprint"])
    return prints


def without_baselined(findings, file: str) -> list:
    """The findings whose fingerprint is not in the baseline `file`."""
    known = read_baseline(file)
    findings = list(findings)
    return [f for f, fp in zip(findings, fingerprints(findings)) if fp not in known]
