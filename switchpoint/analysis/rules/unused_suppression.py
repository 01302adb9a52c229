"""SP001 unused-suppression: a `# switchpoint: ignore[...]` comment that suppresses nothing.

## What it does
A finding is suppressed by a comment on a line of its range:
```python
t[key] += 1  # switchpoint: ignore[SP101]
```
`# switchpoint: ignore[SP101, SP102]` names several codes; a bare
`# switchpoint: ignore` suppresses every code on that line. This rule reports each
suppression comment (or each code in it) that matched no finding on its line.

## Why is this bad?
A suppression outlives the code it was written for: after a fix or a refactor it
silently hides the next real race on that line. Reporting unused ones keeps every
suppression meaningful, like ruff's unused-noqa.

## Example
```python
total = 0  # switchpoint: ignore[SP101]     <- nothing to suppress here
```

## Use instead
Delete the comment, or the codes in it that no longer fire.

## Known limits
Codes of rules turned off by `select`/`ignore` in `[tool.switchpoint]` are not
reported as unused. SP001 itself cannot be suppressed. Comments must be real
comments (text inside strings is not read).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from switchpoint.analysis.api import Finding, Position, Range

CODE = "SP001"
NAME = "unused-suppression"
SUPPRESSION = re.compile(r"#\s*switchpoint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)


@dataclass
class Suppression:
    line: int
    column: int  # 1-based, of the comment
    end_column: int
    codes: tuple[str, ...]  # empty: every code


def check(context) -> list:
    return []  # produced by `apply`, which sees the other rules' findings


def suppressions(text: str) -> list[Suppression]:
    found = []
    if "switchpoint" not in text or SUPPRESSION.search(text) is None:  # tokenizing is costly; most files carry no suppression
        return found
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return found
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = SUPPRESSION.search(token.string)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip())
        line, column = token.start
        prefix = token.line[:column]
        start = len(prefix) + match.start() + 1
        found.append(Suppression(line, start, start + len(match.group(0)), codes))
    return found


def apply(path: str, text: str, findings: list, enabled) -> list:
    """Drop suppressed findings; add an SP001 for each suppression (or code) that matched nothing."""
    by_line: dict[int, list[Suppression]] = {}
    for suppression in suppressions(text):
        by_line.setdefault(suppression.line, []).append(suppression)
    if not by_line:
        return findings
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        hit = None
        for line in range(finding.range.start.line, finding.range.end.line + 1):
            for suppression in by_line.get(line, ()):
                if not suppression.codes or finding.code in suppression.codes:
                    hit = (id(suppression), finding.code if suppression.codes else "*")
                    break
            if hit:
                break
        if hit:
            used.add(hit)
        else:
            kept.append(finding)
    for suppressions_on_line in by_line.values():
        for suppression in suppressions_on_line:
            where = Range(Position(suppression.line, suppression.column), Position(suppression.line, suppression.end_column))
            if not suppression.codes:
                if (id(suppression), "*") not in used:
                    kept.append(Finding(path, where, CODE, "unused suppression: no finding on this line to ignore"))
                continue
            unused = [c for c in suppression.codes if (id(suppression), c) not in used and enabled(c)]
            if unused and enabled(CODE):
                kept.append(Finding(path, where, CODE, f"unused suppression: no {', '.join(unused)} finding on this line to ignore"))
    return kept
