"""What code stores into the dicts, lists and sets a name holds, and whether the container escapes.

`d = {}; d["a"] = Conn()` then `d["a"].send()`: the display alone shows no entry, the store does. The
binder notes the names that statements store into and the functions where (`Module.stored_names`, a
gate: most functions store into none); for those, this walks the code of the scope that binds the name
once (kept per function), and finds, for each such name, every store (`d[k] = v`, `d.update(...)`, `d.setdefault(k, v)`,
`lst.append(v)`, `extend`, `insert`, `s.add(v)`, `+=`, `|=`; tables `known_returns.CONTAINER_STORES`)
and whether some use may hand the container to code that is not in sight (an argument, a return, an
attribute, another name, a method no table knows): then what it holds is not all shown, and inference
adds an unknown value to it (`resolve/infer.py`, `Evaluator._bound_values`).

A nested function's or class body's uses of the name count as the scope's own (a nested function
binding a name of its own of the same spelling is taken as the same name: more stores, never fewer);
a store inside a lambda or a comprehension, whose scope is not the binder's, counts as an escape.
"""

from __future__ import annotations

import ast
import weakref
from dataclasses import dataclass, field

from switchpoint.analysis.resolve import body_marks, container_adds, lazy_bodies
from switchpoint.analysis.resolve.binder import STORING_METHODS, FunctionInfo, Module, Scope, header_node
from switchpoint.analysis.resolve.known_returns import CONTAINER_READING_BUILTINS, CONTAINER_READS


@dataclass
class Stores:
    """The stores into the container(s) one name holds: per container kind ("dict", "list", "set"), the
    elements they add as (expression, scope) pairs (an `ast.Starred` stands for what iterating its value
    gives), and for a dict the keys, pair by pair (a key None: the element is a mapping whose entries join,
    as `{**m}`'s); `escapes`: some use may let code not in sight store more; `builtins`: the names of the
    builtins the container is passed to, read only if they are the builtins (the evaluator checks)."""
    elements: dict = field(default_factory=dict)
    keys: list = field(default_factory=list)  # a dict's, parallel to elements["dict"]
    escapes: bool = False
    builtins: set = field(default_factory=set)

    def add(self, kind: str, element: tuple, key: tuple | None = None) -> None:
        self.elements.setdefault(kind, []).append(element)
        if kind == "dict":
            self.keys.append(key)


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_SCOPED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)  # their own scope: not ours
# fields that only ever hold expression contexts and operators (no name, no store in them)
_LEAF_FIELDS = frozenset({"ctx", "op", "ops"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
# function (a module's top-level code: its whole text) -> (name -> Stores, for the names its module's
# statements store into; the functions whose bodies the walk read; its body walked): kept while the function has
# that body, and for a module's code, which walks every body spelling the names, until an edit kept in place
# forgets it (`forget`)
_FOUND: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def stores_into(owner: FunctionInfo, name: str) -> Stores | None:
    """The stores into what `name`, bound in the scope of `owner` (a function, or a module's top-level
    code), holds, or None when no statement stores into it. The bodies the walk read count as read each
    time (resolve/body_marks.py)."""
    known = _FOUND.get(owner)
    body = getattr(header_node(owner), "body", None)
    if known is None or known[2] is not body:  # an edit kept in place gave it another body
        walk = _Walk(owner)
        known = _FOUND[owner] = (walk.found, tuple(walk.entered), body)
    for read in known[1]:
        body_marks.read(read)
    return known[0].get(name)


def forget(owners) -> None:
    """What the walks of `owners` found, which an edit kept in place changed (resolve/body_edits.py)."""
    for owner in owners:
        _FOUND.pop(owner, None)


class _Walk:
    """One walk of a scope's code for the uses of its names stored into. A statement whose lines do not
    spell one of them holds no use (nor a nested function or class that does not): it is passed over, so
    the walk reads the text of the scope once or so and the trees of the few statements that name them."""

    def __init__(self, owner: FunctionInfo):
        module: Module = owner.module
        # the names stored into that the scope binds (the others are not its containers)
        self.names = frozenset(name for name in module.stored_names if name in owner.scope.bindings)
        self._spellings = tuple(sorted(self.names))  # what a statement's text is searched for
        self._module = module
        self._source = module.source
        self.found: dict[str, Stores] = {}
        self._scopes: dict | None = None  # a def or class node's id -> its scope, made when one is entered
        self._made = container_adds.Made()
        self.entered = [owner]  # the functions whose bodies the walk read
        node = owner.node
        roots = node.body if isinstance(getattr(node, "body", None), list) else [getattr(node, "body", node)]
        self._walk(roots, owner.scope)

    def _stores(self, name: str) -> Stores:
        found = self.found.get(name)
        if found is None:
            found = self.found[name] = Stores()
        return found

    def _walk(self, roots: list, scope: Scope) -> None:
        # (node, its parent, its parent's parent, the scope it is evaluated in: None inside a lambda or a
        # comprehension); children are pushed in field order and taken from the end
        names = self.names
        stack = [(root, None, None, scope) for root in reversed(roots)]
        while stack:
            node, parent, grandparent, where = stack.pop()
            kind = node.__class__
            if kind is ast.Name:
                if node.id in names:
                    self._use(node, parent, grandparent, where)
                continue
            if isinstance(node, ast.stmt) and not self._mentioned(node):
                continue  # a statement whose text names none of them: nothing to classify
            if kind is ast.AugAssign and node.target.__class__ is ast.Name and node.target.id in names:
                self._augmented(node, where)
            inner = where
            if kind in _DEFS:
                inner = self._scope_of(node)
                # decorators, defaults and bases are evaluated where the statement stands
                outer_parts = [*node.decorator_list, *getattr(node, "bases", ()), *getattr(node, "keywords", ())]
                if kind is not ast.ClassDef:
                    outer_parts += [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
                stack.extend((child, node, parent, where) for child in outer_parts)
                stack.extend((child, node, parent, inner) for child in node.body)
                continue
            if kind in _SCOPED:
                if kind is ast.Lambda and not self._mentioned(node):
                    continue
                inner = None
            fields = _CHILD_FIELDS.get(kind)
            if fields is None:
                fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _LEAF_FIELDS)
            for field_name in fields:
                value = getattr(node, field_name, None)
                if value.__class__ is list:
                    stack.extend((item, node, parent, inner) for item in value if isinstance(item, ast.AST))
                elif isinstance(value, ast.AST):
                    stack.append((value, node, parent, inner))

    def _mentioned(self, node: ast.AST) -> bool:
        source = self._source
        if source is None or not hasattr(node, "end_lineno"):
            return True
        first = min((d.lineno for d in getattr(node, "decorator_list", ())), default=node.lineno)  # decorators above
        return source.mentions_any(self._spellings, first, node.end_lineno)

    def _scope_of(self, node: ast.AST) -> Scope | None:
        scopes = self._scopes
        if scopes is None:
            module = self._module
            scopes = self._scopes = {id(header_node(f)): f for f in module.functions}
            scopes.update({id(c.node): c for c in module.classes})
        owner = scopes.get(id(node))
        if owner is None:
            return None
        lazy_bodies.read(owner)
        self.entered.append(owner)
        return owner.scope

    def _use(self, node: ast.Name, parent, grandparent, where: Scope | None) -> None:
        """Classifies a use of a name: a store into its container, a read, or an escape."""
        if node.ctx.__class__ is not ast.Load:
            return  # a binding (`d = ...`, `del d`): the binder's
        stores = self._stores(node.id)
        kind = parent.__class__
        if kind is ast.Subscript and parent.value is node:
            if parent.ctx.__class__ is ast.Store:
                self._subscript_store(parent, grandparent, stores, where)
            return  # read or deleted
        if kind is ast.Attribute and parent.value is node:
            call = grandparent
            if call.__class__ is ast.Call and call.func is parent:
                self._method_call(parent.attr, call, stores, where)
            else:
                stores.escapes = True  # a bound method or an attribute handed on
            return
        if kind in (ast.Compare, ast.For, ast.AsyncFor, ast.comprehension, ast.FormattedValue, ast.Expr,
                    ast.If, ast.While, ast.Assert, ast.Starred):
            return  # compared, iterated, tested, formatted, unpacked into a call or a display
        if _tested(node, parent) or kind is ast.BoolOp and _tested(parent, grandparent):
            return
        if kind is ast.keyword and parent.arg is None:  # f(**d): the callee gets a dict of its own
            return
        if kind is ast.Dict and any(k is None and v is node for k, v in zip(parent.keys, parent.values)):
            return
        if kind is ast.Call and node in parent.args and parent.func.__class__ is ast.Name and (
                parent.func.id in CONTAINER_READING_BUILTINS):
            stores.builtins.add(parent.func.id)
            return
        stores.escapes = True

    def _subscript_store(self, target: ast.Subscript, statement, stores: Stores, where: Scope | None) -> None:
        """`d[k] = v` (a slice of a list: `lst[a:b] = values`)."""
        self._add(stores, container_adds.subscript_store(target, statement, self._made), where)

    def _method_call(self, method: str, call: ast.Call, stores: Stores, where: Scope | None) -> None:
        if method not in STORING_METHODS:
            stores.escapes |= method not in CONTAINER_READS
            return
        self._add(stores, container_adds.method_call(method, call, self._made), where)

    def _augmented(self, node: ast.AugAssign, where: Scope | None) -> None:
        """`lst += values`, `d |= m`, `s |= values` (`-=`, `&=` only remove)."""
        self._add(self._stores(node.target.id), container_adds.augmented(node, self._made), where)

    @staticmethod
    def _add(stores: Stores, adds: list | None, where: Scope | None) -> None:
        """What a store adds, evaluated in `where`; a store not followed, or one in a lambda or a comprehension
        (no scope of ours), lets code not in sight store more."""
        if adds is None or (adds and where is None):
            stores.escapes = True
            return
        add_to(stores, adds, where)


def add_to(stores: Stores, adds: list, where: Scope) -> None:
    """The (kind, element, key) triples of container_adds into `stores`, evaluated in `where`."""
    for kind, element, key in adds:
        stores.add(kind, (element, where), (key, where) if kind == "dict" else None)


def _tested(node: ast.AST, parent) -> bool:
    """Whether `node` is only tested for truth where it stands (`not d`, `a if d else b`, `if d and x:`)."""
    kind = parent.__class__
    if kind is ast.UnaryOp:
        return parent.op.__class__ is ast.Not
    if kind is ast.IfExp:
        return parent.test is node
    if kind is ast.comprehension:
        return node in parent.ifs
    return kind in (ast.If, ast.While, ast.Assert) and parent.test is node


def scope_code_owner(scope: Scope) -> FunctionInfo | None:
    """The function (or a module's top-level code) whose code a name bound in `scope` is used in: None for a
    class body's or a comprehension's names (not followed)."""
    owner = scope.owner
    if scope.kind in ("function", "module") and isinstance(owner, FunctionInfo) and owner.module is not None:
        return owner
    return None

