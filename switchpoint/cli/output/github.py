"""Findings as GitHub Actions workflow commands, so the runner annotates the pull request.

One line per finding: `::warning file=P,line=L,col=C,endLine=L2,endColumn=C2,title=SP101 name::message`
(`error`/`notice` for rules whose default level says so). The runner requires
escaping: in the message `%` -> `%25`, CR -> `%0D`, LF -> `%0A`; in property
values additionally `:` -> `%3A` and `,` -> `%2C`. Related locations are appended
to the message on their own lines (`path:line:col: what happens there`), since
an annotation has one location only. `endColumn` is exclusive, as in the JSON format.
"""

from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "note": "notice", "notice": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, path: str, range_, title: str, message: str) -> str:
    properties = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", path),
            ("line", range_.start.line),
            ("col", range_.start.column),
            ("endLine", range_.end.line),
            ("endColumn", range_.end.column),
            ("title", title),
        )
    )
    return f"::{level} {properties}::{escape_data(message)}"


def render(findings, context, extra_rules=()) -> str:
    rules = {rule.code: rule for rule in [*context.rules, *extra_rules]}
    lines = []
    for finding in findings:
        rule = rules.get(finding.code)
        level = COMMANDS.get(getattr(rule, "default_severity", "warning"), "warning")
        title = f"{finding.code} {rule.name}" if rule else finding.code
        message = finding.message
        for related in finding.related:
            where = related.range.start
            message += f"\n{related.path}:{where.line}:{where.column}: {related.message}"
        lines.append(command(level, finding.path, finding.range, title, message))
    return "\n".join(lines)
