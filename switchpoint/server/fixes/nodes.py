"""Parses a module with positions and finds the nodes at a line or position: statements, calls, functions."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, ParentNodeProvider, PositionProvider

from switchpoint.analysis import api

# The comment the engine reads to suppress a finding on a line of its range (rule SP001 reports unused ones).
SUPPRESS_COMMENT = "# switchpoint: ignore[{code}]"


@dataclass
class Parsed:
    module: cst.Module
    wrapper: MetadataWrapper
    positions: dict
    parents: dict

    def range_of(self, node: cst.CSTNode) -> CodeRange:
        return self.positions[node]


def parse(text: str) -> Parsed | None:
    """The module with position metadata, or None when the text does not parse (half-typed code)."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    return Parsed(module, wrapper, positions, parents)


def _contains(rng: CodeRange, position: api.Position) -> bool:
    # libcst columns are 0-based code points; the engine's are 1-based
    here = (position.line, position.column - 1)
    return (rng.start.line, rng.start.column) <= here <= (rng.end.line, rng.end.column)


def innermost(parsed: Parsed, kind: type | tuple[type, ...], position: api.Position):
    """The smallest node of `kind` whose range holds `position`."""
    best = None
    for node, rng in parsed.positions.items():
        if isinstance(node, kind) and _contains(rng, position):
            if best is None or _span(rng) < _span(parsed.positions[best]):
                best = node
    return best


def _span(rng: CodeRange) -> tuple[int, int]:
    return (rng.end.line - rng.start.line, rng.end.column - rng.start.column if rng.end.line == rng.start.line else 0)


def statement_at_line(parsed: Parsed, line: int) -> cst.CSTNode | None:
    """The innermost simple statement line, or compound statement whose header starts on `line`, holding `line`."""
    best = None
    for node, rng in parsed.positions.items():
        if isinstance(node, cst.SimpleStatementLine) and rng.start.line <= line <= rng.end.line:
            if best is None or _span(rng) < _span(parsed.positions[best]):
                best = node
    if best is not None:
        return best
    for node, rng in parsed.positions.items():
        if isinstance(node, cst.BaseCompoundStatement) and rng.start.line == line:
            return node
    return None


def dotted_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def _top_level_smalls(module: cst.Module):
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body


def bound_modules(module: cst.Module) -> set[str]:
    """Dotted module names usable as written, from top-level `import a.b` (gives a and a.b)."""
    found: set[str] = set()
    for small in _top_level_smalls(module):
        if isinstance(small, cst.Import):
            for alias in small.names:
                if alias.asname is None:
                    parts = (dotted_name(alias.name) or "").split(".")
                    found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def imports_framework(module: cst.Module, top: str) -> bool:
    """Whether the module imports `top` or anything under it, in any form."""
    for small in _top_level_smalls(module):
        if isinstance(small, cst.Import):
            names = [dotted_name(a.name) or "" for a in small.names]
        elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            names = [dotted_name(small.module) or ""]
        else:
            continue
        if any(n == top or n.startswith(top + ".") for n in names):
            return True
    return False


def from_imports(module: cst.Module) -> dict[str, str]:
    """Local name -> qualified name for top-level `from m import n [as a]`."""
    names: dict[str, str] = {}
    for small in _top_level_smalls(module):
        if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            if isinstance(small.names, cst.ImportStar):
                continue
            base = dotted_name(small.module)
            for alias in small.names:
                local = alias.asname.name.value if alias.asname else alias.name.value
                names[local] = f"{base}.{alias.name.value}"
    return names


def insert_after_imports(module: cst.Module, statements: list[cst.BaseStatement]) -> cst.Module:
    """Put `statements` after the leading docstring, `__future__` and import block of the module."""
    body = list(module.body)
    at = 0
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and all(
            isinstance(s, (cst.Import, cst.ImportFrom)) or (index == 0 and isinstance(s, cst.Expr) and isinstance(s.value, cst.SimpleString))
            for s in statement.body
        ):
            at = index + 1
        else:
            break
    return module.with_changes(body=body[:at] + statements + body[at:])


def add_import(module: cst.Module, name: str) -> cst.Module:
    """`import name` after the imports, unless `name` is already usable as written."""
    if name in bound_modules(module):
        return module
    return insert_after_imports(module, [cst.parse_statement(f"import {name}\n")])
