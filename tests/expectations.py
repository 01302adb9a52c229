"""The inline expectation grammar of fixture files, shared by the engine and rule fixture runners.

    t[key] += 1   # switch: [subscript] possible "IODict.__getitem__ -> gevent.sleep"
    # switch: 5 [call] "gevent.sleep"        <- a comment line alone applies to the next code line
    self.n += 1   # error: [SP101] "self.n"

A marker is `switch:` or `error:`, then an optional 1-based column, a kind (or
rule code) in brackets, an optional certainty (`possible`/`certain`; switch
markers default to `certain`) and an optional quoted text that must occur in the
rendered chain (or the message), and an optional `(python < 3.13)` or `(python >= 3.13)`
for a finding that the stdlib of some versions only gives. Every reported item needs a marker and every
marker needs an item: missed and false alarms both fail.

A file-level `# PYTHON >= 3.12` (or `# PYTHON < 3.13`) says the whole file is written for those versions
(syntax older ones cannot parse): elsewhere its markers expect nothing, and the file is a syntax problem.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

MARKER = re.compile(
    r'\b(switch|error):\s*(?:(\d+)\s+)?\[([\w.]+)\]\s*(possible|certain)?\s*(?:"([^"]*)")?'
    r'(?:\s*\(python\s*(<|>=)\s*(\d+)\.(\d+)\))?'
)


@dataclass(frozen=True)
class Expectation:
    path: str
    line: int
    marker: str  # "switch" or "error"
    column: int | None
    kind: str
    certainty: str | None
    text: str | None

    def describe(self) -> str:
        parts = [f"{self.path}:{self.line}", f"{self.marker}: [{self.kind}]"]
        if self.column:
            parts.insert(1, f"col {self.column}")
        if self.certainty:
            parts.append(self.certainty)
        if self.text:
            parts.append(repr(self.text))
        return " ".join(parts)


def parse_expectations(path: Path, display: str) -> list[Expectation]:
    expectations: list[Expectation] = []
    if not written_for_this_python(path):
        return expectations
    pending: list[tuple] = []  # markers stacked on comment-only lines, waiting for code
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code, _, comment = line.partition("#")
        found = MARKER.findall(comment) if comment else []
        if not code.strip():
            if found:
                pending.extend(found)
            continue
        for marker, column, kind, certainty, text, compare, major, minor in pending + found:
            if compare and not _admits(compare, major, minor):
                continue  # an expectation for other Python versions (their stdlib differs)
            expectations.append(Expectation(
                display, number, marker, int(column) if column else None, kind,
                certainty or ("certain" if marker == "switch" else None), text or None,
            ))
        pending = []
    return expectations


def _admits(compare: str, major: str, minor: str) -> bool:
    """Whether the running interpreter satisfies `< major.minor` or `>= major.minor`."""
    return (sys.version_info[:2] < (int(major), int(minor))) == (compare == "<")


def written_for_this_python(path: Path) -> bool:
    """Whether the file's `# PYTHON >= 3.12` (`< 3.13`) admits the running interpreter; a file without one is for all."""
    condition = file_markers(path).get("PYTHON")
    if condition is None:
        return True
    found = re.fullmatch(r"(<|>=)\s*(\d+)\.(\d+)", condition)
    if found is None:
        raise ValueError(f"{path}: `# PYTHON {condition}` is neither `< X.Y` nor `>= X.Y`")
    return _admits(*found.groups())


def file_markers(path: Path) -> dict[str, str]:
    """File-level markers such as `# RUN` or `# ARG --python=...` (lines starting with '# NAME')."""
    markers = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#\s*(RUN|ARG|PYTHON|XFAIL)\b\s*(.*)", line)
        if match:
            markers[match.group(1)] = match.group(2).strip()
    return markers


def match(expectations: list[Expectation], items: list[dict]) -> tuple[list[Expectation], list[dict]]:
    """(unmet expectations, unexpected items). Items: dicts with path, line, column, kind, certainty, text."""
    unmet = []
    remaining = list(items)
    for expectation in expectations:
        for index, item in enumerate(remaining):
            if (
                item["path"] == expectation.path
                and item["line"] == expectation.line
                and item["kind"] == expectation.kind
                and (expectation.column is None or item["column"] == expectation.column)
                and (expectation.certainty is None or item.get("certainty") == expectation.certainty)
                and (expectation.text is None or expectation.text in item["text"])
            ):
                del remaining[index]
                break
        else:
            unmet.append(expectation)
    return unmet, remaining
