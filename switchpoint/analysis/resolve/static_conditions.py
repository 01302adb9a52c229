"""The `if` tests the target interpreter decides before the code runs, as mypy and pyright read them.

`sys.platform` and `os.name` (the target runs on this machine), `sys.version_info` (the target's version) and
`TYPE_CHECKING` (false when code runs) are known before any code runs: `if sys.platform == "win32":` in the
stdlib's `subprocess` defines a second `Popen._execute_child` that never exists on Linux. The binder binds only
the branch such a test takes, and collection collects only that branch (`Module.decided`), of an `if` statement
and of a conditional expression (`a if sys.platform == "win32" else b`). Code under `if TYPE_CHECKING:` never
runs but names the types annotations use, so it is bound and not collected.

Understood: those three names (through `import sys` / `import os` / any `TYPE_CHECKING`), compared with
constants (`==`, `!=`, `<`, `>=`, ..., `in` a tuple of strings, `str.startswith`), `sys.version_info[0]`,
`[:2]` and `.major`/`.minor`, `not`, `and`, `or`, and names bound once, at a module's top level, to such a
test: the module's own (`_mswindows = (sys.platform == "win32")`) and another module's, imported
(`from ._common import LINUX`, `import compat` then `compat.py312`, through re-exports): what that module
binds is read from its text (`resolve/imported_conditions.py`). Anything else is undecided: both branches.
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


@dataclass(frozen=True)
class ModuleRef:
    """A module as the value of a name (`import compat`, `from sqlalchemy import util`), whose top-level names
    a test may read (`compat.py312`)."""

    name: str


RUNNING = TargetFacts(sys.platform, os.name, tuple(sys.version_info[:3]))

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
UNDECIDED = object()
# the shapes of a value a name may stand for (`_mswindows = sys.platform == "win32"`, `_ver = sys.version_info[:2]`):
# never a constant, which code may assign over from elsewhere (`settings.DEBUG = True`)
TEST_SHAPES = (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Call, ast.Name, ast.Attribute, ast.Subscript)


class Decider:
    """Decides tests of one module for one target; `type_checking` is TYPE_CHECKING's value (None: undecided,
    how the binder reads it, so that what annotations name stays bound); `imported(module, name)` is the value
    another module binds to a top-level name (None: imported names are undecided); `single(name, how)` whether
    the module binds `name` only as `how` says (`top_level_bindings`; None: every noted name is)."""

    def __init__(self, facts: TargetFacts, type_checking: bool | None, imported=None, single=None):
        self.facts = facts
        self.type_checking = type_checking
        self._imported = imported
        self._single = single
        # module-level name -> how it is bound, as top_level_bindings says it: ("assign", test), ("module", name),
        # ("from", module, name); asked only when a test reads the name (most never are, and what they stand for
        # may be read from another module's text)
        self._bound: dict[str, tuple] = {}
        self._values: dict[str, object] = {}  # name -> its value, once asked
        self._evaluating: set[str] = set()
        self._local = None  # while deciding: whether a name is bound in the scope the test is in, not the module's

    # -- what the module binds: each decider its own, the binder tells both ----------------------

    def note_alias(self, name: str, value: ast.expr) -> None:
        """A module-level `name = value`: the name stands for the value (a test) where bound only here."""
        self._note(name, ("assign", value) if type(value) in TEST_SHAPES else None)

    def note_import(self, name: str, module: str) -> None:
        """`import module` (`as name`) at the top level; `import sys` / `import os` anywhere (the name is that
        module wherever the import is)."""
        self._note(name, ("module", module))

    def note_from_import(self, name: str, module: str, attribute: str) -> None:
        """A module-level `from module import attribute` (`as name`): the name is what that module binds."""
        self._note(name, ("from", module, attribute))

    def _note(self, name: str, how: tuple | None) -> None:
        self._values.pop(name, None)
        if how is None:
            self._bound.pop(name, None)
        else:
            self._bound[name] = how

    # -- deciding --------------------------------------------------------------------------------

    def truth(self, test: ast.expr, local=None) -> bool | None:
        """The truth of `test`, or None; `local(name)` says whether a name is bound in the function or class the
        test is written in (a parameter `win32` is not the module's `win32`)."""
        self._local = local
        try:
            value = self._value(test)
        finally:
            self._local = None
        return value if isinstance(value, bool) else None

    def evaluate(self, node: ast.expr):
        """The value the target gives `node` (a bool, string, number, tuple or ModuleRef), or None."""
        value = self._value(node)
        return None if value is UNDECIDED else value

    def _value(self, node: ast.expr):
        kind = type(node)
        if kind is ast.BoolOp:
            return self._bool_op(node)
        if kind is ast.UnaryOp and isinstance(node.op, ast.Not):
            value = self._value(node.operand)
            return (not value) if isinstance(value, bool) else UNDECIDED
        if kind is ast.Compare and len(node.ops) == 1:
            return self._compare(node.ops[0], self._value(node.left), self._value(node.comparators[0]))
        if kind is ast.Constant:
            return node.value if isinstance(node.value, (str, int, bool)) else UNDECIDED
        if kind is ast.Tuple:
            elements = tuple(self._value(e) for e in node.elts)
            return UNDECIDED if any(e is UNDECIDED for e in elements) else elements
        if kind is ast.Name:
            if self._local is not None and self._local(node.id):
                return UNDECIDED
            return self._name(node.id)
        if kind is ast.Attribute:
            return self._attribute(node)
        if kind is ast.Subscript:
            return self._subscript(node)
        if kind is ast.Call:
            return self._startswith(node)
        return UNDECIDED

    def _name(self, name: str):
        if name == "TYPE_CHECKING":
            return UNDECIDED if self.type_checking is None else self.type_checking
        value = self._values.get(name, UNDECIDED)
        if value is not UNDECIDED:
            return value
        how = self._bound.get(name)
        if how is None or name in self._evaluating:  # `A = B`, `B = A`
            return UNDECIDED
        trusted = how[0] == "module" and how[1] == name and name in ("sys", "os")
        if not trusted and self._single is not None and not self._single(name, how):
            return UNDECIDED  # bound twice, or in another way too
        self._evaluating.add(name)
        local, self._local = self._local, None  # the value is written at the top level
        try:
            if how[0] == "assign":
                value = self._value(how[1])
            elif how[0] == "module":
                value = ModuleRef(how[1])
            else:
                value = self._attribute_of(how[1], how[2])
        finally:
            self._evaluating.discard(name)
            self._local = local
        if value is not UNDECIDED:
            self._values[name] = value
        return value

    def _bool_op(self, node: ast.BoolOp):
        values = [self._value(v) for v in node.values]
        deciding = isinstance(node.op, ast.Or)  # `or` is decided by a True, `and` by a False
        if any(v is deciding for v in values):
            return deciding
        return (not deciding) if all(isinstance(v, bool) for v in values) else UNDECIDED

    def _compare(self, op: ast.cmpop, left, right):
        if left is UNDECIDED or right is UNDECIDED:
            return UNDECIDED
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, tuple) or not isinstance(left, str):
                return UNDECIDED
            return (left in right) == isinstance(op, ast.In)
        compare = _COMPARE.get(type(op))
        if compare is None or type(left) is not type(right) or type(left) is ModuleRef:  # `(3, 8) < "x"` raises
            return UNDECIDED
        if isinstance(left, tuple) and (len(left) > 3 or len(right) > 3):
            # the version is known to its micro number: `(3, 14, 0, "beta", 1)` is decided by its first three
            left, right = left[:3], right[:3]
            if left == right:
                return UNDECIDED
        try:
            return compare(left, right)
        except TypeError:  # `(3, "x") < (3, 8)`
            return UNDECIDED

    def _attribute(self, node: ast.Attribute):
        if node.attr == "TYPE_CHECKING":  # typing.TYPE_CHECKING
            return UNDECIDED if self.type_checking is None else self.type_checking
        if node.attr in ("major", "minor") and isinstance(node.value, ast.Attribute):
            version = self._attribute(node.value)
            if isinstance(version, tuple) and len(version) >= 2:
                return version[0] if node.attr == "major" else version[1]
            return UNDECIDED
        owner = self._value(node.value)
        return self._attribute_of(owner.name, node.attr) if type(owner) is ModuleRef else UNDECIDED

    def _attribute_of(self, module: str, name: str):
        """The value of `module.name`: a fact of the target for `sys` and `os` (whose source is never read),
        else what that module binds."""
        if module == "sys":
            return self.facts.platform if name == "platform" else self.facts.version if name == "version_info" else UNDECIDED
        if module == "os":
            return self.facts.os_name if name == "name" else UNDECIDED
        if name == "TYPE_CHECKING" and module in ("typing", "typing_extensions"):
            return UNDECIDED if self.type_checking is None else self.type_checking
        if self._imported is None:
            return UNDECIDED
        value = self._imported(module, name)
        return UNDECIDED if value is None else value

    def _subscript(self, node: ast.Subscript):
        version = self._value(node.value)
        if not isinstance(version, tuple) or len(version) < 3:
            return UNDECIDED
        index = node.slice
        if isinstance(index, ast.Constant) and type(index.value) is int and 0 <= index.value < 3:
            return version[index.value]
        if (isinstance(index, ast.Slice) and index.step is None and _zero_or_none(index.lower)
                and isinstance(index.upper, ast.Constant) and type(index.upper.value) is int):
            return version[: index.upper.value]  # `[:2]`, six's `[0:2]`
        return UNDECIDED

    def _startswith(self, node: ast.Call):
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "startswith" and len(node.args) == 1 and not node.keywords):
            return UNDECIDED
        text, prefix = self._value(func.value), self._value(node.args[0])
        if not isinstance(text, str) or not (isinstance(prefix, str) or (isinstance(prefix, tuple) and all(isinstance(p, str) for p in prefix))):
            return UNDECIDED
        return text.startswith(prefix)


def _zero_or_none(node: ast.expr | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and type(node.value) is int and node.value == 0)


def absolute_module(package: str, module: str | None, level: int) -> str:
    """The module `from <level dots><module> import ...` names, written in a module of `package`."""
    if not level:
        return module or ""
    parts = package.split(".") if package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def top_level_bindings(tree: ast.Module, package: str) -> dict[str, tuple | None]:
    """How a module binds each name at its top level (its `if`/`try`/`with`/`for` blocks included, not its
    functions or classes), where one statement does: ("assign", value) of `name = value`, ("module", name) of an
    `import`, ("from", module, name) of a `from ... import`; None where bound twice or in another way (a `def`,
    a loop's target, `+=`). "*" is a key where a star import may bind any name."""
    bindings: dict[str, tuple | None] = {}

    def bind(name: str, how: tuple | None) -> None:
        known = bindings.get(name, UNDECIDED)
        bindings[name] = how if known is UNDECIDED or (how is not None and known == how) else None

    pending = list(reversed(tree.body))
    while pending:
        statement = pending.pop()
        kind = type(statement)
        if kind is ast.Assign:
            single = len(statement.targets) == 1 and type(statement.targets[0]) is ast.Name
            for target in statement.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        bind(name.id, ("assign", statement.value) if single else None)
        elif kind is ast.AnnAssign and isinstance(statement.target, ast.Name):
            if statement.value is not None:
                bind(statement.target.id, ("assign", statement.value))
        elif kind is ast.AugAssign and isinstance(statement.target, ast.Name):
            bind(statement.target.id, None)
        elif kind is ast.Import:
            for alias in statement.names:
                if alias.asname:
                    bind(alias.asname, ("module", alias.name))
                else:
                    top = alias.name.partition(".")[0]
                    bind(top, ("module", top))
        elif kind is ast.ImportFrom:
            base = absolute_module(package, statement.module, statement.level)
            for alias in statement.names:
                if alias.name == "*":
                    bindings["*"] = None
                else:
                    bind(alias.asname or alias.name, ("from", base, alias.name))
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            bind(statement.name, None)
        else:
            nested = []
            for field in ("body", "handlers", "orelse", "finalbody", "cases"):
                nested.extend(getattr(statement, field, ()))
            for handler in getattr(statement, "handlers", ()):
                if handler.name:
                    bind(handler.name, None)
            pending.extend(reversed(nested))
            if kind in (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith):
                targets = [statement.target] if kind in (ast.For, ast.AsyncFor) else [i.optional_vars for i in statement.items if i.optional_vars]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            bind(name.id, None)
    return bindings
