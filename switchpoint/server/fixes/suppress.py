"""Suppress one finding with a `# switchpoint: ignore[CODE]` comment on a line of its range."""

from __future__ import annotations

import libcst as cst

from . import nodes


def _with_comment(existing: cst.Comment | None, code: str) -> cst.Comment:
    marker = nodes.SUPPRESS_COMMENT.format(code=code)
    if existing is None:
        return cst.Comment(marker)
    return cst.Comment(f"{existing.value}  {marker}")


class _Comment(cst.CSTTransformer):
    def __init__(self, target: cst.CSTNode, code: str):
        self.target, self.code = target, code

    def leave_SimpleStatementLine(self, original, updated):
        if original is not self.target:
            return updated
        trailing = updated.trailing_whitespace
        return updated.with_changes(
            trailing_whitespace=trailing.with_changes(
                whitespace=cst.SimpleWhitespace("  "), comment=_with_comment(trailing.comment, self.code)
            )
        )

    def on_leave(self, original, updated):
        updated = super().on_leave(original, updated)
        if original is self.target and isinstance(original, cst.BaseCompoundStatement):
            body = updated.body
            if isinstance(body, cst.IndentedBlock):
                header = body.header
                header = header.with_changes(
                    whitespace=cst.SimpleWhitespace("  "), comment=_with_comment(header.comment, self.code)
                )
                return updated.with_changes(body=body.with_changes(header=header))
        return updated


def suppress(text: str, first_line: int, last_line: int, code: str) -> str | None:
    """The text with the comment on the finding's statement, if that statement ends on a line of the finding.

    The engine honours the comment on any line of the finding's range; a comment
    can only go after a statement's last line, so a finding whose range ends before
    that line (inside a multi-line statement) gets no such action.
    """
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    statement = nodes.statement_at_line(parsed, first_line)
    if statement is None:
        return None
    rng = parsed.range_of(statement)
    comment_line = rng.end.line if isinstance(statement, cst.SimpleStatementLine) else rng.start.line
    if not first_line <= comment_line <= last_line:
        return None
    if nodes.SUPPRESS_COMMENT.format(code=code) in parsed.module.code_for_node(statement):
        return None  # already suppressed
    return parsed.module.visit(_Comment(statement, code)).code
