"""An operation's anchor node as data (`Position`), and finding the node again in a parsed tree.

Operations read back from disk (`op_store`) carry a `Position` instead of their
node: its type, start and end, which is all a reported range needs. Rules that
look at the node itself (its receiver, its place in the flow) get the real node,
found on first use by descending from the function's node only into children
that contain the position (`find_node`), so functions no rule looks into never
pay for it; but an edit kept in place (resolve/body_edits.py) moves the nodes, after which the stored positions
would name the old lines: an editor's workspace finds those of the module's operations before (World.before_keep).
"""

from __future__ import annotations

import ast
import sys

# before 3.12 every `{...}` of an f-string (FormattedValue) spans the whole string: such a node is
# keyed by this marker plus the key of the expression inside it, which is where it says
IN_FSTRING = "{...}" if sys.version_info < (3, 12) else None


class Position:
    """Where an operation's node is: enough for its range, and the key to find the node again."""

    __slots__ = ("encoded", "lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, encoded: tuple):
        # (type, start line, column, end line, column); or IN_FSTRING, the inner expression's key, and
        # the node's own start and end: the last four are always the node's range
        self.encoded = encoded
        self.lineno, self.col_offset, self.end_lineno, self.end_col_offset = encoded[-4:]


def node_key(node) -> tuple | None:
    """The key `find_node` finds `node` by; None for a node without a position."""
    if isinstance(node, Position):
        return node.encoded
    line = getattr(node, "lineno", None)
    if line is None:
        return None
    span = (line, node.col_offset, node.end_lineno, node.end_col_offset)
    if IN_FSTRING and type(node) is ast.FormattedValue:
        inner = node_key(node.value)
        return None if inner is None else (IN_FSTRING, *inner, *span)
    return (type(node).__name__, *span)


def find_node(root: ast.AST, key: tuple) -> ast.AST:
    """The node under `root` with `key`; LookupError if there is none."""
    if key[0] == IN_FSTRING:  # the FormattedValue around the expression the key names next
        parent, _ = _search(root, key[1:6])
        if type(parent) is not ast.FormattedValue:
            raise LookupError(key)
        return parent
    return _search(root, key)[1]


def _search(root: ast.AST, key: tuple) -> tuple[ast.AST, ast.AST]:
    """(parent, node) of the node with `key`."""
    kind, line, column, end_line, end_column = key
    start, end = (line, column), (end_line, end_column)
    stack = [root]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            child_line = getattr(child, "lineno", None)
            if child_line is None:
                stack.append(child)  # arguments, comprehensions, with-items: no position of their own
                continue
            child_start, child_end = (child_line, child.col_offset), (child.end_lineno, child.end_col_offset)
            if child_start == start and child_end == end and type(child).__name__ == kind:
                return node, child
            if (child_start <= start and end <= child_end) or getattr(child, "decorator_list", None):
                stack.append(child)  # a def's decorators come before its own start
    raise LookupError(key)
