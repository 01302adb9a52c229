"""The edits the editor benchmarks make to a module's text: a top-level line appended (which adds a name, so it
changes the module's shape) and a statement inside a function's body (which changes no definition's shape).

Both give a new text for each `index`, so no edit's text equals the one before it (a run with nothing changed
answers from the last report, `Workspace._probe`, and would measure nothing).
"""

from __future__ import annotations

import ast

EDITS = ("append", "body")


def edited(text: str, kind: str, index: int) -> str:
    """`text` with edit `kind` ("append" or "body") number `index` made."""
    if kind == "append":
        return text + f"\n_x{index} = {index}\n"
    if kind == "body":
        return body_edit(text, index)
    raise ValueError(f"unknown edit {kind!r}: one of {', '.join(EDITS)}")


def body_edit(text: str, index: int) -> str:
    """`_ = index` inserted, with the same indentation, before the first statement of a function's body after
    its docstring: the function in the middle of the module's functions and methods (nested ones left out)
    with such a statement on a line of its own, in source order, so the same text always gets the edit in
    the same place."""
    lines = text.splitlines(keepends=True)
    line, column = _body_anchor(ast.parse(text), lines)
    return "".join(lines[:line - 1]) + " " * column + f"_ = {index}\n" + "".join(lines[line - 1:])


def _body_anchor(tree: ast.Module, lines: list[str]) -> tuple[int, int]:
    """(line, column) of the statement the body edit goes before."""
    anchors = []
    definitions = [*tree.body, *(item for node in tree.body if isinstance(node, ast.ClassDef) for item in node.body)]
    for node in definitions:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        first = body[0]
        # on a line of its own, indented with spaces only: the inserted line copies that indentation
        if first.lineno > node.lineno and lines[first.lineno - 1][:first.col_offset].strip(" ") == "":
            anchors.append((first.lineno, first.col_offset))
    if not anchors:
        raise ValueError("no function with a statement of its own line to insert before")
    anchors.sort()
    return anchors[len(anchors) // 2]
