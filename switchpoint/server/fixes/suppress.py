"""Suppress one finding with a `# switchpoint: ignore[CODE]` comment at the end of its statement."""

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


def suppress(text: str, line: int, code: str) -> str | None:
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    statement = nodes.statement_at_line(parsed, line)
    if statement is None:
        return None
    if nodes.SUPPRESS_COMMENT.format(code=code) in parsed.module.code_for_node(statement):
        return None  # already suppressed
    return parsed.module.visit(_Comment(statement, code)).code
