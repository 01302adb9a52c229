"""An edit of a project module inside function bodies, kept in place: the module, its functions, classes, scopes
and def nodes stay the objects they were, so the collected entries, dispatch members and kept results that hold
them stay usable, and only those that read an edited body (resolve/body_marks.py) are computed again.

`keep(old, new)`, given the module bound before the edit and the one bound from the edited text, updates `old` to
the new text when the two have the same shape (resolve/module_shape.py) and every function whose body text
changed is one nothing outside its own body points into: for each, the new body goes into the old def node and
is bound into the old scope, as resolve/lazy_bodies.py puts a dropped body back; the positions of every other
node of the old tree are taken from the new tree (an edit moves what follows it); the module's text and hash
become the new ones, and what was computed from the module and kept on it (its shape, its live-class words, its
method indexes: every attribute beyond its fields but the body marks' names) is dropped, and so is the walk for
stores into the module's containers (resolve/container_stores.py). The tables kept per function across runs
(container walks, own yields, the rules' body nodes) are kept with the body they read, so a changed one is
computed again. It refuses (`None`,
`old` untouched) where a changed body is pointed into from outside, which body marks do not see: a nested def
or class, a `global`, a store into an attribute of another object or of its instance, a test the binder
decided, a walrus, a store into a container bound outside the function, a mention of a module's name stored
into as a container; and where a name of another module the decided tests
read has another value. Such edits take the full path: a new module.
"""

from __future__ import annotations

import ast
import dataclasses
from bisect import bisect_right

from switchpoint.analysis.resolve import body_marks, container_stores
from switchpoint.analysis.resolve.binder import Binder, FunctionInfo, Module, Scope, header_node
from switchpoint.analysis.resolve.lazy_bodies import kept_whole, params_first, params_only
from switchpoint.analysis.resolve.module_shape import same_shape

_BINDINGS_SLOT = Scope.bindings
_FIELDS = frozenset(field.name for field in dataclasses.fields(Module))
_KEPT_CACHES = frozenset({"_body_names"})  # of the same functions, which the module keeps


def keep(old: Module, new: Module) -> list[FunctionInfo] | None:
    """`old` updated in place to `new`'s text, with the functions whose bodies changed; None (and `old` as it
    was) where the edit cannot be kept so (see the module's docstring)."""
    if not _may_keep(old, new):
        return None
    changed = [(o, n) for o, n in zip(old.functions, new.functions) if _body_text(o) != _body_text(n)]
    if changed and not _bodies_alone(old, new, changed):
        return None
    pairs = _positions(old.tree, new.tree, {id(header_node(o)) for o, _ in changed}, _first_change(old, new))
    if pairs is None:
        return None
    for o, n in pairs:
        for name in o._attributes:
            value = getattr(n, name, None)
            if value is not None:
                setattr(o, name, value)
    shape = new.__dict__.get("_shape")
    for name in [name for name in old.__dict__ if name not in _FIELDS and name not in _KEPT_CACHES]:
        del old.__dict__[name]
    if shape is not None:
        old.__dict__["_shape"] = shape  # the same by `_may_keep`
    old.source, old.digest = new.source, new.digest
    for o, n in changed:
        _rebind(old, o, header_node(n).body)
    # the walk for stores into the module's containers read every body spelling their names (a changed
    # function's own walk is kept with its body, as the other per-function tables across runs are)
    container_stores.forget([old.top])
    return [o for o, _ in changed]


def _may_keep(old: Module, new: Module) -> bool:
    return (old is not new and old.source is not None and new.source is not None and old.problem is None
            and new.problem is None and body_marks.is_watched(old) and len(old.functions) == len(new.functions)
            and _typed(old.condition_deps) == _typed(new.condition_deps) and same_shape(old, new))


def _typed(answers: tuple) -> tuple:
    """Decided tests' answers with their values' types (`True` is not `1` to a test)."""
    return tuple((key, type(value), value) for key, value in answers)


def _body_text(func: FunctionInfo) -> str | None:
    """The lines of a function's body (None for a module's top-level code)."""
    if func.kind == "module":
        return None
    node = header_node(func)
    return func.module.source._span_of_lines(node.body[0].lineno, node.end_lineno)


def _bodies_alone(old: Module, new: Module, changed: list) -> bool:
    """Whether no changed body is pointed into from outside it, in either text (see the module's docstring)."""
    for module, functions in ((old, [o for o, _ in changed]), (new, [n for _, n in changed])):
        kept = kept_whole(module)
        # a store into its own local container is read through its body; one into a name bound outside it
        # (the module's) is read by whoever reads that name, through the module
        storing = {owner for name, owners in module.stored_names.items() for owner in owners
                   if name not in _BINDINGS_SLOT.__get__(owner.scope)}
        # what is stored into a module's container is found by one walk of all its code, over the statements
        # that spell the name (container_stores.py): a body that says one changes it, whoever reads the name
        containers = tuple(sorted(name for name in module.stored_names if name in module.scope.bindings))
        for func in functions:
            node = header_node(func)
            parent = func.scope.parent
            if (func in kept or func in storing or parent is None or parent.kind != "module"
                    or func.scope.globals or func.scope.nonlocals
                    or module.source.mentions(":=", node.lineno, node.end_lineno) or not params_first(func)
                    or module.source.mentions_any(containers, node.lineno, node.end_lineno)):
                return False
    return True


def _first_change(old: Module, new: Module) -> int:
    """The first line where the two texts differ (1-based)."""
    old_text, new_text = old.source.text, new.source.text
    at = 0
    limit = min(len(old_text), len(new_text))
    step = 4096
    while at < limit and old_text[at:at + step] == new_text[at:at + step]:
        at += step
    while at < limit and old_text[at] == new_text[at]:
        at += 1
    return bisect_right(old.source.line_ends(), at) + 1  # the parser's lines (a lone "\r" ends one too)


def _positions(old_tree: ast.AST, new_tree: ast.AST, changed: set[int], first: int) -> list | None:
    """(old node, new node) for every node of the old tree that may have moved (those of statements ending
    before `first` in both trees cannot), but inside the changed bodies (`changed`: ids of their def nodes); None where the
    two trees do not match node for node there."""
    if len(old_tree.body) != len(new_tree.body):
        return None
    pairs = []
    # a statement ending before the first change in both texts is the same text at the same place
    stack = [(o, n) for o, n in zip(old_tree.body, new_tree.body) if max(o.end_lineno, n.end_lineno) >= first]
    while stack:
        o, n = stack.pop()
        if o.__class__ is not n.__class__:
            return None
        pairs.append((o, n))
        in_body = id(o) in changed
        for name in o._fields:
            if in_body and name == "body":
                continue
            a, b = getattr(o, name, None), getattr(n, name, None)
            if a.__class__ is list:
                if b.__class__ is not list or len(a) != len(b):
                    return None
                stack.extend((x, y) for x, y in zip(a, b) if isinstance(x, ast.AST))
            elif isinstance(a, ast.AST):
                stack.append((a, b))
    return pairs


def _rebind(module: Module, func: FunctionInfo, body: list) -> None:
    """`func`'s def node takes `body`, bound into its scope (its parameters kept) as the binder would."""
    params_only(func)
    func._is_generator = None  # the same by the shape: asked again of the new body
    header_node(func).body = body
    Binder(module, decide=False).bind_body(func)
