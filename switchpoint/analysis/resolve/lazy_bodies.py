"""Library function bodies nobody read are dropped after the call graph's first growth, and parsed again from
the module's text the first time something reads them: the loaded trees are most of an analysis's memory, and
the library functions the graph never reached hold about an eighth of their nodes (django).

A library module's functions at its top level (and its top-level classes' methods) are bound as usual, then
marked unread (`watch`): reading one's node or its scope's bindings unmarks it. Those still unread once the
graph has grown from the roots (`drop_unread`) keep their def node's header (name, arguments, decorators,
positions) and a one-statement stub for a body (the docstring, else a `pass` where the first statement was:
resolve/live_classes.py reads those); their scope keeps only the parameters. The first read of such a node or
bindings (`_read`) parses the function's lines again (padded so that lines and columns come out as they
were), puts the body back into the same def node and binds it into the same scope, as the binder did: the
function, its node and its scope keep their identity, and only functions nothing outside their own scope
points into are dropped (`kept_whole`: no nested def or class, no `global`, no store into another object's
or an instance's attribute, no test the binder decided, no walrus), so a run with bodies dropped and parsed
again reports what a run that kept them does.

Code that reads only a function's header goes through `binder.header_node`, which reads nothing of a body.
"""

from __future__ import annotations

import ast
import warnings
from bisect import bisect_left
from collections.abc import Iterable

from switchpoint.analysis.resolve.binder import Binder, FunctionInfo, Module, Scope, header_node

_BINDINGS_SLOT = Scope.bindings
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


class _UnreadFunction(FunctionInfo):
    """A library function whose body nothing has read yet (its scope is an _UnreadScope)."""

    __slots__ = ()

    @property
    def node(self):
        _read(self)
        return header_node(self)


class _DroppedFunction(_UnreadFunction):
    """An unread function whose body was dropped: reading its node parses the body again."""

    __slots__ = ()


class _UnreadScope(Scope):
    """The scope of an unread (or dropped) function: reading its bindings reads the function."""

    __slots__ = ()

    @property
    def bindings(self):
        _read(self.owner)
        return _BINDINGS_SLOT.__get__(self)


def watch(module: Module) -> None:
    """Marks the functions of a freshly bound library module that could be dropped as unread."""
    if module.problem is not None or module.source is None:  # a recovered parse's text is not the module's
        return
    for func in module.functions:
        scope = func.scope
        if (func.kind != "lambda" and scope.parent is not None and scope.parent.kind == "module"
                and header_node(func).__class__ in _DEFS):
            func.__class__ = _UnreadFunction
            scope.__class__ = _UnreadScope


def drop_unread(modules: Iterable[Module]) -> int:
    """Drops the bodies of the watched functions of `modules` nothing read; how many were dropped."""
    dropped = 0
    for module in modules:
        unread = [f for f in module.functions if f.__class__ is _UnreadFunction]
        if not unread:
            continue
        kept = kept_whole(module)
        source = module.source
        for func in unread:
            if func not in kept and _drop(func, source):
                dropped += 1
    return dropped


def read(owner) -> None:
    """`owner` (a function or class) is entered by a reader that walks its body without going through its
    node or bindings: its body is put back if it was dropped."""
    if isinstance(owner, _UnreadFunction):
        _read(owner)


def is_dropped(func: FunctionInfo) -> bool:
    """Whether `func`'s body is dropped now (for tests and statistics)."""
    return func.__class__ is _DroppedFunction


def kept_whole(module: Module) -> set:
    """The functions something outside their own scope points into: a nested function or class (whose node
    is in the body), the attribute stores and instance attributes the binder noted (their expressions are),
    a test the binder decided there (keyed by its node), a `global` (the module's bindings hold its values)."""
    kept: set = set(module.attribute_stores)
    for func in module.functions:
        parent = func.scope.parent
        if parent is not None and parent.kind == "function":
            kept.add(parent.owner)
        if func.scope.globals:
            kept.add(func)
    for cls in module.classes:
        if cls.statement_scope.kind == "function":
            kept.add(cls.statement_scope.owner)
        for table in (cls.instance_attrs, cls.held_stores):
            for assigned in table.values():
                kept.update(method for _, method in assigned)
    if module.decided:
        lines = sorted(node.lineno for node in module.decided)
        for func in module.functions:
            node = header_node(func)
            index = bisect_left(lines, node.lineno)
            if index < len(lines) and lines[index] <= (node.end_lineno or node.lineno):
                kept.add(func)
    return kept


def params_first(func: FunctionInfo) -> bool:
    """Whether each parameter's first binding in the function's scope is the parameter's: what a body bound
    again into a scope holding its parameters alone gives back."""
    bindings = _BINDINGS_SLOT.__get__(func.scope)
    return all(bindings.get(name, ((),))[0][:1] == ("param",) for name in func.params)


def params_only(func: FunctionInfo) -> None:
    """Its scope holds its parameters alone, nothing derived from its body (see params_first)."""
    scope = func.scope
    bindings = _BINDINGS_SLOT.__get__(scope)
    _BINDINGS_SLOT.__set__(scope, {name: bindings[name][:1] for name in func.params})
    scope.comprehensions = scope.narrowing = scope.reaching = None


def _drop(func: FunctionInfo, source) -> bool:
    node = header_node(func)
    if (not node.body or node.end_lineno is None or source.mentions(":=", node.lineno, node.end_lineno)
            or not params_first(func)):
        return False
    func.is_generator  # noqa: B018 -- known before the body goes (a stub says no `yield`)
    first = node.body[0]
    if first.__class__ is ast.Expr and first.value.__class__ is ast.Constant:
        stub = first  # a docstring: live_classes reads it
    else:
        stub = ast.Pass(lineno=first.lineno, col_offset=first.col_offset, end_lineno=first.end_lineno,
                        end_col_offset=first.end_col_offset)
    node.body = [stub]
    params_only(func)
    func.__class__ = _DroppedFunction
    return True


def _read(func: FunctionInfo) -> None:
    """`func` is read: its body is put back if it was dropped, and it is unmarked."""
    dropped = func.__class__ is _DroppedFunction
    func.__class__ = FunctionInfo
    func.scope.__class__ = Scope
    if dropped:
        node = header_node(func)
        node.body = _parsed_again(func.module.source, node).body
        Binder(func.module, decide=False).bind_body(func)


def _parsed_again(source, node):
    """The def statement at `node`'s place parsed again from its lines, its positions those of the module."""
    first, last = node.lineno, node.end_lineno
    lines = source._span_of_lines(first, last)
    # blank lines above put it on its line; an indented def is the block of an `if 1:` on the line before
    text = "\n" * (first - 1) + lines if not node.col_offset else "\n" * max(first - 2, 0) + "if 1:\n" + lines
    found = _parse(text)
    if found is not None and node.col_offset:
        found = found.body[0].body[0] if found.body and found.body[0].__class__ is ast.If else None
    elif found is not None:
        found = found.body[0] if found.body else None
    if not _same_place(found, node):  # lines that do not stand alone (a trailing `\`): the whole text
        tree = _parse(source.text)
        found = next((n for n in ast.walk(tree) if _same_place(n, node)), None) if tree is not None else None
    return found


def _parse(text: str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes: said once, as the module parsed
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _same_place(found, node) -> bool:
    return (found.__class__ is node.__class__ and found.name == node.name and found.lineno == node.lineno
            and found.col_offset == node.col_offset and found.end_lineno == node.end_lineno
            and found.end_col_offset == node.end_col_offset)
