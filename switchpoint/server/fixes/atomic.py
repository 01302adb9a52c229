"""Mark a function atomic (no switch point may run inside it) with a `# switchpoint: atomic` comment on its `def` line."""

from __future__ import annotations

import libcst as cst

from switchpoint.analysis import api

from . import nodes


class _Mark(cst.CSTTransformer):
    def __init__(self, target: cst.FunctionDef):
        self.target = target

    def leave_FunctionDef(self, original, updated):
        if original is not self.target or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        header = updated.body.header
        comment = nodes.ATOMIC_COMMENT if header.comment is None else f"{nodes.ATOMIC_COMMENT}  {header.comment.value}"
        header = header.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(comment))
        return updated.with_changes(body=updated.body.with_changes(header=header))


def mark_atomic(text: str, position: api.Position) -> tuple[str, str] | None:
    """(new text, function name) for the innermost function around `position`; None if none or already marked."""
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    function = nodes.innermost(parsed, cst.FunctionDef, position)
    if function is None or not isinstance(function.body, cst.IndentedBlock):
        return None
    comment = function.body.header.comment
    if comment is not None and nodes.ATOMIC_COMMENT in comment.value:
        return None
    return parsed.module.visit(_Mark(function)).code, function.name.value
