"""The edits the editor benchmarks make to a module's text: a top-level line appended (which adds a name, so it
changes the module's shape), a statement inside a function's body (which changes no definition's shape), and
a statement typed into a method's body one character at a time (`typing`: each text a longer prefix of
`x = self.conn`, those that parse; the words its body says change at nearly every key).

Both give a new text for each `index`, so no edit's text equals the one before it (a run with nothing changed
answers from the last report, `Workspace._probe`, and would measure nothing).
"""

from __future__ import annotations

import ast

EDITS = ("append", "body", "typing")
TYPED = "x = self.conn"  # what the typing edit types


def edited(text: str, kind: str, index: int) -> str:
    """`text` with edit `kind` ("append" or "body") number `index` made."""
    if kind == "append":
        return text + f"\n_x{index} = {index}\n"
    if kind == "body":
        return body_edit(text, index)
    if kind == "typing":
        prefixes = typed_prefixes()
        return typed(text, prefixes[index % len(prefixes)])
    raise ValueError(f"unknown edit {kind!r}: one of {', '.join(EDITS)}")


def body_edit(text: str, index: int) -> str:
    """`_ = index` inserted, with the same indentation, before the first statement of a function's body after
    its docstring: the function in the middle of the module's functions and methods (nested ones left out)
    with such a statement on a line of its own, in source order, so the same text always gets the edit in
    the same place."""
    lines = text.splitlines(keepends=True)
    line, column = _body_anchor(text)
    return "".join(lines[:line - 1]) + " " * column + f"_ = {index}\n" + "".join(lines[line - 1:])


def typed_prefixes(statement: str = TYPED, parsing: bool = True) -> list[str]:
    """The texts a line shows as `statement` is typed, a character at a time (with `parsing`, those that parse:
    `x =` does not)."""
    prefixes = [statement[:end] for end in range(1, len(statement) + 1)]
    return [p for p in prefixes if _parses(p)] if parsing else prefixes


def typed(text: str, line_text: str) -> str:
    """`text` with a line `line_text` inserted, indented as the statement it goes before, in a method's body: that of
    the middle method of `body_anchors` (the middle function where the module has no method)."""
    anchors = body_anchors(text)
    methods = [anchor for anchor in anchors if "." in anchor[0]] or anchors
    if not methods:
        raise ValueError("no function with a statement of its own line to insert before")
    _, line, column = methods[len(methods) // 2]
    lines = text.splitlines(keepends=True)
    return "".join(lines[:line - 1]) + " " * column + line_text + "\n" + "".join(lines[line - 1:])


def _parses(statement: str) -> bool:
    try:
        ast.parse(statement)
    except SyntaxError:
        return False
    return True


def body_anchors(text: str) -> list[tuple[str, int, int]]:
    """(qualname, line, column) of the statement a body edit of each top-level function and method of a top-level
    class goes before: the first after its docstring, on a line of its own indented with spaces only (the inserted
    line copies that indentation); in source order, those without such a statement left out."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    found = []
    definitions = [(node, "") for node in tree.body] + [
        (item, node.name + ".") for node in tree.body if isinstance(node, ast.ClassDef) for item in node.body]
    for node, prefix in definitions:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        first = body[0]
        if first.lineno > node.lineno and lines[first.lineno - 1][:first.col_offset].strip(" ") == "":
            found.append((prefix + node.name, first.lineno, first.col_offset))
    return found


def _body_anchor(text: str) -> tuple[int, int]:
    """(line, column) of the statement the body edit goes before: the middle one of `body_anchors`, by line."""
    anchors = sorted((line, column) for _, line, column in body_anchors(text))
    if not anchors:
        raise ValueError("no function with a statement of its own line to insert before")
    return anchors[len(anchors) // 2]
