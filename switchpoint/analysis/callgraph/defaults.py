"""Which parameters every caller leaves to their defaults: the second pass's `defaulted` table.

CPython's `Popen._internal_poll(self, _deadstate=None, _waitpid=_waitpid, _WNOHANG=_WNOHANG, ...)` binds
module globals as defaults and calls `_waitpid(self.pid, _WNOHANG)`: no caller passes `_WNOHANG`, so the call
never waits. The first pass notes the parameters whose default a computation would take (resolve/constants.py
asks `Evaluator.left_to_default`, which says no then but names the parameter among what the collection read);
this answers for those, and the second pass collects the functions that asked again with the answer.

A parameter is left to its default only where every way the function can be called is a call written out that
passes nothing for it, so the answer looks past the graph: every mention of the function's name in every loaded
module (its text, then its tree) must be the callee of a call that gives no value for that position or keyword
and has no `*x` or `**m` (whatever function of that name it calls: a subclass's override, another class's
method). A mention that is no call (a bound method or function taken as a value: a callback, a
`functools.partial`, a stored or returned function), the name as a string (`getattr(obj, "name")`), a decorator
(a wrapper may call it with anything) or a lambda leaves it open, and so do the functions whose callers the
program does not show: the project's (analysed as called from anywhere; its functions are roots of the graph),
dunders (the interpreter calls them), those of a module that does not parse. Modules the second pass loads
first are not read (as for the stores of `CallGraph._outside_stores`).
"""

from __future__ import annotations

import ast
from collections import Counter

from switchpoint.analysis.resolve.binder import FunctionInfo, header_node, parameter_default, parameters
from switchpoint.analysis.resolve.infer import defaulted_key
from switchpoint.analysis.syntax import parse


def asked_defaults(functions) -> tuple[tuple[FunctionInfo, int], ...]:
    """(function, index) of the parameters whose defaults computations asked about (`functions`: (function, the
    argument keys its collection read)): its own parameters, or an enclosing function's."""
    asked: dict[tuple, None] = {}
    for func, read in functions:
        names = [name for name in read if name[-1] == "="]
        scope = func.scope
        while names and scope is not None:  # its own parameters, or an enclosing function's
            owner = scope.owner
            if scope.kind == "function" and isinstance(owner, FunctionInfo) and owner.kind != "module":
                for index in range(len(owner.params)):
                    if defaulted_key(owner, index) in names:
                        asked[(owner, index)] = None
            scope = scope.parent
    return tuple(asked)


def left_to_defaults(world, asked: tuple) -> frozenset[tuple[FunctionInfo, int]]:
    """Those of the parameters `asked` (asked_defaults) that every caller leaves to their defaults."""
    trees: dict = {}
    return frozenset(key for key in asked if _left_to_default(world, *key, trees))


def _left_to_default(world, func: FunctionInfo, index: int, trees: dict) -> bool:
    node = header_node(func)
    if (not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or func.module is None
            or world.is_project(func.module) or (func.name.startswith("__") and func.name.endswith("__"))):
        return False
    decorators = func.decorator_names()
    if any(name not in ("staticmethod", "classmethod") for name in decorators):
        return False
    params = parameters(node.args)
    if index >= len(params) or params[index] in (node.args.vararg, node.args.kwarg):
        return False
    if parameter_default(node.args, index) is None:
        return False
    positional = index < len(node.args.posonlyargs) + len(node.args.args)
    # a method's first argument is bound by the receiver (but called on the class, the positions shift the other
    # way: counting the receiver in is the careful side); a static method's is not
    shift = 1 if func.cls is not None and "staticmethod" not in decorators else 0
    asked = (func.name, params[index].arg, index - shift if positional else None)
    for module in world.loaded():
        if module.source is None or asked[0] not in module.source.text:
            continue
        # the answer is the text's: kept on the module (an edit kept in place drops it, resolve/body_edits.py), so
        # an editor's run asks again only of the edited module, not of every module naming the function
        answers = module.__dict__.setdefault("_leaving_defaults", {})
        leaves = answers.get(asked)
        if leaves is None:
            tree = trees.get(module.name)
            if tree is None:
                tree = trees[module.name] = _tree(module)
            leaves = answers[asked] = tree is not False and _only_leaving(tree, *asked)
        if not leaves:
            return False
    return True


def mentions(statements: list, names: set[str]) -> Counter:
    """Every mention of `names` in `statements`, as `_only_leaving` reads it: the callee of a call (with what the
    call gives: how many positional arguments, which keywords, whether it spreads `*x`), a value, or a string; so
    two versions of a body with the same mentions leave the same parameters to their defaults."""
    found: Counter = Counter()
    callees: set[int] = set()
    for statement in statements:
        for node in ast.walk(statement):
            kind = node.__class__
            if kind is ast.Call:
                callee = node.func
                name = callee.id if callee.__class__ is ast.Name else callee.attr if callee.__class__ is ast.Attribute else None
                if name in names:
                    callees.add(id(callee))
                    found["call", name, len(node.args), tuple(k.arg for k in node.keywords),
                          any(a.__class__ is ast.Starred for a in node.args)] += 1
            elif (kind is ast.Name and node.id in names or kind is ast.Attribute and node.attr in names) \
                    and id(node) not in callees:
                found["value", node.id if kind is ast.Name else node.attr] += 1
            elif kind is ast.Constant and node.value.__class__ is str and node.value in names:
                found["string", node.value] += 1
    return found


def _tree(module):
    """The module's tree, parsed again (its library bodies may have been dropped): False if it does not parse."""
    result = parse(module.source.text, module.path or module.name)
    return result.tree if result.tree is not None and result.error is None else False


def _only_leaving(tree: ast.Module, name: str, keyword: str, position: int | None) -> bool:
    """Whether every mention of `name` in the tree is a def of it or the callee of a call that passes nothing
    at argument `position` (None: no position reaches the parameter) or for `keyword` (nor spreads `*x` or `**m`)."""
    for mention in mentions(tree.body, {name}):
        if mention[0] != "call":
            return False
        _, _, count, keywords, spread = mention
        if spread or keyword in keywords or None in keywords or (position is not None and count > position):
            return False
    return True
