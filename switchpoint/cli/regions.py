"""Regions a switch point must not enter, found with `ast`: `with <lock>:` sections and `with atomic():` blocks.

`switchpoint diff` asks, for each new switch point, which of these regions of the
same function hold it. A lock is recognised by name (the last name of the `with`
item's expression, or of the function it calls, contains `lock`, `mutex`,
`semaphore` or is `sem`), an atomic block by a call of a function named `atomic`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_LOCKISH = re.compile(r"lock|mutex|semaphore|^sem$|^critical", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    kind: str  # "locked section" | "atomic block"
    header: str  # normalised source of the `with` item, e.g. `self._lock`
    line: int  # the `with` statement's line
    function: str  # qualified name inside the module of the enclosing def (`<module>` at top level)


def _leaf(expr: ast.expr) -> str:
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Name):
        return expr.id
    return ""


def _classify(expr: ast.expr) -> str | None:
    leaf = _leaf(expr)
    if isinstance(expr, ast.Call) and leaf == "atomic":
        return "atomic block"
    if leaf and _LOCKISH.search(leaf):
        return "locked section"
    return None


class FileRegions:
    """The lock and atomic `with` blocks of one source file, by enclosing function."""

    def __init__(self, source: str):
        self.blocks: list[tuple[int, int, Region]] = []  # (first body line, last line, region)
        self.defs: list[tuple[int, int, str]] = []
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError):
            return
        self._visit(tree, "", "<module>")

    def _visit(self, node: ast.AST, prefix: str, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                is_class = isinstance(child, ast.ClassDef)
                if not is_class:
                    self.defs.append((child.lineno, child.end_lineno or child.lineno, name))
                self._visit(child, name + ".", function if is_class else name)
                continue
            if isinstance(child, (ast.With, ast.AsyncWith)) and child.body:
                for item in child.items:
                    kind = _classify(item.context_expr)
                    if kind:
                        header = " ".join(ast.unparse(item.context_expr).split())
                        region = Region(kind, header, child.lineno, function)
                        self.blocks.append((child.body[0].lineno, child.end_lineno or child.lineno, region))
            self._visit(child, prefix, function)

    def function_at(self, line: int) -> str:
        best, depth = "<module>", None
        for start, end, name in self.defs:
            if start <= line <= end and (depth is None or end - start < depth):
                best, depth = name, end - start
        return best

    def holding(self, line: int) -> list[Region]:
        """The regions of the innermost function at `line` whose body covers it, outermost first."""
        function = self.function_at(line)
        found = [region for start, end, region in self.blocks if start <= line <= end and region.function == function]
        return sorted(found, key=lambda r: r.line)
