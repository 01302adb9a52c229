"""The constants an expression surely holds: what a call's flag argument is (`models/literal_flags.py`).

A literal (`False`, `0`), a constant of a C module of the stdlib (`os.WNOHANG`, read from this interpreter's
module as `infer.c_constant_value` reads it), a module's or class's name every binding of which is one of those
(`_WNOHANG = os.WNOHANG` in subprocess.py, `from posix import *` in os.py), an attribute of a class whose own
body binds it only to those (3.13 subprocess.py's `_del_safe.WNOHANG`), and a function's own parameter read
where every caller leaves it to its default (`Evaluator.left_to_default`, the second pass's answer:
`callgraph/defaults.py`), then its default. Anything else (a call, an operator, a parameter some caller may
pass, a local name, an attribute of an object) is no constant: None.

Module members are read by their bindings, as the evaluator reads them: a store from another module
(`subprocess._WNOHANG = 0`) is not seen. Every module read is noted among the evaluator's `deps`.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, Scope, parameter_default
from switchpoint.analysis.resolve.infer import ClassV, ModuleV, c_constant_value


def constant_values(evaluator, expr: ast.expr, scope: Scope, wanted=None) -> tuple | None:
    """The constants `expr`, read in `scope`, may evaluate to, or None where it may evaluate to anything else.
    `wanted(value)`: whether a constant is one the caller looks for; a parameter's callers are asked about
    (`Evaluator.left_to_default`) only where every constant of its default is."""
    return _Constants(evaluator, wanted).of(expr, scope)


class _Constants:
    """One question's walk: the bindings under way (a name bound to itself through a cycle is no constant)."""

    def __init__(self, evaluator, wanted):
        self.ev = evaluator
        self.wanted = wanted
        self.under_way: set = set()  # ids of expressions, (module, name) of members

    def of(self, expr: ast.expr, scope: Scope) -> tuple | None:
        kind = expr.__class__
        if kind is ast.Constant:
            return (expr.value,)
        if id(expr) in self.under_way:
            return None
        self.under_way.add(id(expr))
        try:
            if kind is ast.Name:
                return self._name(expr.id, scope)
            if kind is ast.Attribute:
                owners = self.ev.eval(expr.value, scope)
                if owners and all(value.__class__ is ModuleV for value in owners):
                    return _joined(self._member(value.name, expr.attr) for value in owners)
                if owners and all(value.__class__ is ClassV and value.exact and isinstance(value.cls, ClassInfo)
                                  for value in owners):
                    return _joined(self._class_member(value.cls, expr.attr) for value in owners)
            return None
        finally:
            self.under_way.discard(id(expr))

    def _name(self, name: str, scope: Scope, own: bool = True) -> tuple | None:
        """A name read in `scope` (`own`: the scope it is written in, not one enclosing it)."""
        if name in scope.globals:
            scope = scope.module_scope()
        if scope.kind == "module":
            return self._member(scope.module_name, name)
        bindings = scope.bindings.get(name)
        if bindings is None:  # a name the scope never binds: the enclosing one's (a class body's: its module's)
            return self._name(name, scope.parent, False) if scope.parent is not None else None
        if scope.kind == "function":  # a local name: only the function's own parameter nothing rebinds
            func = scope.owner
            if not own or len(bindings) != 1 or bindings[0][0] != "param" or bindings[0][1] is not func:
                return None
            return self._default(func, bindings[0][2], name)
        return _joined(self._binding(binding, scope) for binding in bindings)

    def _binding(self, binding: tuple, scope: Scope) -> tuple | None:
        if binding[0] == "assign":
            return self.of(binding[1], scope)
        if binding[0] == "from":
            return self._member(binding[1], binding[2])
        return None

    def _default(self, func: FunctionInfo, index: int, name: str) -> tuple | None:
        node = func.node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
        default = parameter_default(node.args, index)
        values = self.of(default, func.statement_scope) if default is not None else None
        # a default that would not do (`blocking=True`) is not worth the callers' reading
        if values is None or self.wanted is not None and not all(map(self.wanted, values)):
            return None
        if not self.ev.left_to_default(func, index):
            return None
        if any(inner.__class__ is ast.Nonlocal and name in inner.names for inner in ast.walk(node)):
            return None  # an inner function may rebind it
        return values

    def _class_member(self, cls: ClassInfo, name: str) -> tuple | None:
        """An attribute of a class (not of a subclass) its own body binds (3.13's `_del_safe.WNOHANG`, the class
        `Popen._internal_poll` takes as a default), read by its bindings there as a module's member is."""
        self.ev.deps.add(cls.scope.module_name)
        bindings = cls.scope.bindings.get(name)
        if not bindings:
            return None
        return _joined(self._binding(binding, cls.scope) for binding in bindings)

    def _member(self, module_name: str, name: str) -> tuple | None:
        """A module's member: its bindings of the name, else what a `from ... import *` binds."""
        key = (module_name, name)
        if key in self.under_way:  # an import cycle
            return None
        self.under_way.add(key)
        try:
            return self._member_read(module_name, name)
        finally:
            self.under_way.discard(key)

    def _member_read(self, module_name: str, name: str) -> tuple | None:
        self.ev.deps.add(module_name)
        module = self.ev.world.module(module_name)
        if module is None:  # no source: a C module's own constant
            value = c_constant_value(module_name, name)
            return (value,) if value is not None else None
        if module.scope is None:
            return None
        bindings = module.scope.bindings.get(name)
        if bindings:
            return _joined(self._binding(binding, module.scope) for binding in bindings)
        for star in module.scope.bindings.get("*", ()):
            if star[1] == module_name:
                continue
            source = self.ev.world.module(star[1])
            if source is None:  # `from posix import *` in os.py
                value = c_constant_value(star[1], name)
                if value is not None:
                    return (value,)
            elif source.scope is not None and name in source.scope.bindings:
                return self._member(star[1], name)
        return None


def _joined(parts) -> tuple | None:
    """The constants of every part, in order, once each; None if one part is no constant."""
    found: dict = {}
    for part in parts:
        if part is None:
            return None
        for value in part:
            found[(value.__class__, value)] = value
    return tuple(found.values()) if found else None
