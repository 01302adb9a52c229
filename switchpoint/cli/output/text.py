"""Plain text findings, one per line in ruff's shape: `path:line:col: SP101 message`.

Related locations follow on indented lines (`  path:line:col: what happens there`),
then a summary line (`Found 3 findings.`); nothing at all when there are none.
"""

from __future__ import annotations


def render(findings, context) -> str:
    lines = []
    for finding in findings:
        start = finding.range.start
        lines.append(f"{finding.path}:{start.line}:{start.column}: {finding.code} {finding.message}")
        for related in finding.related:
            where = related.range.start
            lines.append(f"  {related.path}:{where.line}:{where.column}: {related.message}")
    if findings:
        lines.append(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''}.")
    return "\n".join(lines)
