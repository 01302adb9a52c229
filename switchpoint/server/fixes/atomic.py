"""Mark a function atomic: its body runs under `with switchpoint.runtime.atomic():`.

The engine reports any switch point inside such a region, and the runtime raises
at the first one that actually runs. (`atomic` is a context manager, not a
decorator, so the body is wrapped; a leading docstring stays where it is.)
"""

from __future__ import annotations

import libcst as cst

from switchpoint.analysis import api

from . import nodes

ATOMIC_MODULE = "switchpoint.runtime"
ATOMIC_CALL = f"{ATOMIC_MODULE}.atomic()"


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _already_atomic(function: cst.FunctionDef) -> bool:
    for statement in function.body.body:
        if isinstance(statement, cst.With) and any(
            isinstance(item.item, cst.Call) and (nodes.dotted_name(item.item.func) or "").endswith("atomic")
            for item in statement.items
        ):
            return True
    return False


class _Wrap(cst.CSTTransformer):
    def __init__(self, target: cst.FunctionDef):
        self.target = target

    def leave_FunctionDef(self, original, updated):
        if original is not self.target:
            return updated
        body = list(updated.body.body)
        keep = 1 if body and _is_docstring(body[0]) else 0
        if keep == len(body):
            return updated
        inner = [body[keep].with_changes(leading_lines=[])] + body[keep + 1 :]
        wrapped = cst.With(
            items=[cst.WithItem(item=cst.parse_expression(ATOMIC_CALL))],
            body=cst.IndentedBlock(body=inner),
            leading_lines=body[keep].leading_lines,
        )
        return updated.with_changes(body=updated.body.with_changes(body=body[:keep] + [wrapped]))


def mark_atomic(text: str, position: api.Position) -> tuple[str, str] | None:
    """(new text, function name) for the innermost function around `position`; None if none or already atomic."""
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    function = nodes.innermost(parsed, cst.FunctionDef, position)
    if function is None or not isinstance(function.body, cst.IndentedBlock) or _already_atomic(function):
        return None
    module = parsed.module.visit(_Wrap(function))
    if module.code == parsed.module.code:
        return None
    return nodes.add_import(module, ATOMIC_MODULE).code, function.name.value
