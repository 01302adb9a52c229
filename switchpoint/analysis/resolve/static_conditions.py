"""The `if` tests the target interpreter decides before the code runs, as mypy and pyright read them.

`sys.platform` and `os.name` (the target runs on this machine), `sys.version_info` (the target's version) and
`TYPE_CHECKING` (false when code runs) are known before any code runs: `if sys.platform == "win32":` in the
stdlib's `subprocess` defines a second `Popen._execute_child` that never exists on Linux. The binder binds only
the branch such a test takes, and collection collects only that branch (`Module.decided`). Code under
`if TYPE_CHECKING:` never runs but names the types annotations use, so it is bound and not collected.

Understood: those three names (through `import sys` / `import os` / any `TYPE_CHECKING`), compared with
constants (`==`, `!=`, `<`, `>=`, ..., `in` a tuple of strings, `str.startswith`), `sys.version_info[0]`,
`[:2]` and `.major`/`.minor`, `not`, `and`, `or`, and names of the module bound once, at its top level, to
such a test (`_mswindows = (sys.platform == "win32")`). Anything else is undecided: both branches, as before.
"""

from __future__ import annotations

import ast
import operator
import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class TargetFacts:
    """What the target interpreter knows before running anything."""

    platform: str
    os_name: str
    version: tuple[int, ...]


RUNNING = TargetFacts(sys.platform, os.name, tuple(sys.version_info[:3]))

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
_UNKNOWN = object()


class Decider:
    """Decides `if` tests of one module for one target; `type_checking` is TYPE_CHECKING's value (None: undecided,
    how the binder reads it, so that what annotations name stays bound)."""

    def __init__(self, facts: TargetFacts, module_names: dict, type_checking: bool | None):
        self.facts = facts
        self.module_names = module_names  # local name -> module it is bound to ("sys", "os") at the top level
        self.type_checking = type_checking
        self.aliases: dict[str, bool] = {}  # module-level names bound once to a decided test

    def truth(self, test: ast.expr) -> bool | None:
        value = self._value(test)
        return value if isinstance(value, bool) else None

    def _value(self, node: ast.expr):
        kind = type(node)
        if kind is ast.BoolOp:
            return self._bool_op(node)
        if kind is ast.UnaryOp and isinstance(node.op, ast.Not):
            value = self._value(node.operand)
            return (not value) if isinstance(value, bool) else _UNKNOWN
        if kind is ast.Compare and len(node.ops) == 1:
            return self._compare(node.ops[0], self._value(node.left), self._value(node.comparators[0]))
        if kind is ast.Constant:
            return node.value if isinstance(node.value, (str, int, bool)) else _UNKNOWN
        if kind is ast.Tuple:
            elements = tuple(self._value(e) for e in node.elts)
            return _UNKNOWN if any(e is _UNKNOWN for e in elements) else elements
        if kind is ast.Name:
            if node.id == "TYPE_CHECKING":
                return _UNKNOWN if self.type_checking is None else self.type_checking
            return self.aliases.get(node.id, _UNKNOWN)
        if kind is ast.Attribute:
            return self._attribute(node)
        if kind is ast.Subscript:
            return self._subscript(node)
        if kind is ast.Call:
            return self._startswith(node)
        return _UNKNOWN

    def _bool_op(self, node: ast.BoolOp):
        values = [self._value(v) for v in node.values]
        deciding = isinstance(node.op, ast.Or)  # `or` is decided by a True, `and` by a False
        if any(v is deciding for v in values):
            return deciding
        return (not deciding) if all(isinstance(v, bool) for v in values) else _UNKNOWN

    def _compare(self, op: ast.cmpop, left, right):
        if left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, tuple) or not isinstance(left, str):
                return _UNKNOWN
            return (left in right) == isinstance(op, ast.In)
        compare = _COMPARE.get(type(op))
        if compare is None or type(left) is not type(right):  # `(3, 8) < "x"` raises: undecided
            return _UNKNOWN
        if isinstance(left, tuple) and (len(left) > 3 or len(right) > 3):
            # the version is known to its micro number: `(3, 14, 0, "beta", 1)` is decided by its first three
            left, right = left[:3], right[:3]
            if left == right:
                return _UNKNOWN
        try:
            return compare(left, right)
        except TypeError:  # `(3, "x") < (3, 8)`
            return _UNKNOWN

    def _attribute(self, node: ast.Attribute):
        if node.attr == "TYPE_CHECKING":  # typing.TYPE_CHECKING
            return _UNKNOWN if self.type_checking is None else self.type_checking
        owner = self._module_of(node.value)
        if owner == "sys" and node.attr == "platform":
            return self.facts.platform
        if owner == "sys" and node.attr == "version_info":
            return self.facts.version
        if owner == "os" and node.attr == "name":
            return self.facts.os_name
        if node.attr in ("major", "minor") and isinstance(node.value, ast.Attribute):
            version = self._attribute(node.value)
            if isinstance(version, tuple) and len(version) >= 2:
                return version[0] if node.attr == "major" else version[1]
        return _UNKNOWN

    def _subscript(self, node: ast.Subscript):
        version = self._value(node.value)
        if not isinstance(version, tuple) or len(version) < 3:
            return _UNKNOWN
        index = node.slice
        if isinstance(index, ast.Constant) and type(index.value) is int and 0 <= index.value < 3:
            return version[index.value]
        if (isinstance(index, ast.Slice) and index.lower is None and index.step is None
                and isinstance(index.upper, ast.Constant) and type(index.upper.value) is int):
            return version[: index.upper.value]
        return _UNKNOWN

    def _startswith(self, node: ast.Call):
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "startswith" and len(node.args) == 1 and not node.keywords):
            return _UNKNOWN
        text, prefix = self._value(func.value), self._value(node.args[0])
        if not isinstance(text, str) or not (isinstance(prefix, str) or (isinstance(prefix, tuple) and all(isinstance(p, str) for p in prefix))):
            return _UNKNOWN
        return text.startswith(prefix)

    def _module_of(self, node: ast.expr) -> str | None:
        return self.module_names.get(node.id) if isinstance(node, ast.Name) else None

    def note_alias(self, name: str, value: ast.expr, once: bool) -> None:
        """A module-level `name = <test>`: its truth stands for the name where the module binds it only here."""
        truth = self.truth(value) if once else None
        if truth is None:
            self.aliases.pop(name, None)
        else:
            self.aliases[name] = truth


def top_level_assignment_counts(tree: ast.Module) -> dict[str, int]:
    """How often each name is a target at a module's top level (its `if`/`try`/`with`/`for` blocks
    included, not its functions or classes): an alias must be bound exactly once."""
    counts: dict[str, int] = {}
    pending = list(tree.body)
    while pending:
        statement = pending.pop()
        kind = type(statement)
        if kind is ast.Assign:
            for target in statement.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        counts[name.id] = counts.get(name.id, 0) + 1
        elif kind in (ast.AnnAssign, ast.AugAssign) and isinstance(statement.target, ast.Name):
            counts[statement.target.id] = counts.get(statement.target.id, 0) + 2
        elif kind in (ast.Import, ast.ImportFrom):
            for alias in statement.names:
                name = (alias.asname or alias.name).partition(".")[0]
                counts[name] = counts.get(name, 0) + 2
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            counts[statement.name] = counts.get(statement.name, 0) + 2
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                pending.extend(getattr(statement, field, ()))
            if kind in (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith):
                targets = [statement.target] if kind in (ast.For, ast.AsyncFor) else [i.optional_vars for i in statement.items if i.optional_vars]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            counts[name.id] = counts.get(name.id, 0) + 2
    return counts
