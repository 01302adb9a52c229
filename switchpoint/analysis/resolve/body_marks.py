"""Which of the project's function bodies a computation read, as marks: what lets an entry that read a module
but not the bodies an edit changed be kept across that edit (resolve/body_edits.py keeps the module's
definitions; docs/model.md, "Incrementality").

A project module's functions are watched from their binding on (`watch`): reading one's node or its scope's
bindings, the two ways to a body that resolve/lazy_bodies.py funnels for dropped library bodies (a reader that
walks a body otherwise says so: `read`), notes the name `¶<index>:<module>` (`mark_name`) in the deps of the
evaluator computing (`reading`, which `Evaluator` calls as it starts tracking), so a memo table carries it as it
carries module names, and a collected entry's marks hold it with the body read (the def node's statement list,
`current`): an edit kept in place puts a new list there, which no entry that read the old one takes for its own.
Headers are read through `binder.header_node`, which notes nothing. A module's top-level code is not watched (its
statements are read through the module, by name, which marks the module): its own body, the module's statement
list, is checked apart as every function's is (`own`, `¶top:<module>`), replaced by an edit of top-level
statements kept in place (resolve/top_level_edits.py). A class a function's body defines is part of
that body: reading its scope's bindings (or, through `read`, its statements) notes the defining function's mark.

The index is a function's in a fresh binding, but in a module an edit kept in place inserted a method into
(resolve/class_edits.py): its functions keep their names, the method takes the next free one (`inserted`), so a
mark held still names the body read; the disk store writes and reads the names a fresh binding gives (`on_disk`,
`in_memory`). A mark is checked, as a module's, without loading anything. Reads outside any computation (positions for a
witness order, a report's ranges) land in a set nobody keeps. Library modules are not watched: they are never
edited in place.
"""

from __future__ import annotations

from switchpoint.analysis.resolve.binder import FunctionInfo, Module, Scope, header_node

BODY = "¶"
EVERY = "*"  # in place of a function's index: every body of the module (every_body)
TOP = "top"  # in place of a function's index: the module's top-level code (own)
_BINDINGS_SLOT = Scope.bindings
# on a module an edit kept in place inserted a function into (resolve/class_edits.py): its functions keep their
# mark names, which then differ from a fresh binding's (the index of each function now); (name -> the fresh
# binding's, the inverse) for those that differ, what the disk store writes and reads (`on_disk`, `in_memory`)
_RENAMED = "_renamed_marks"
_reader: list = [None]  # the evaluator computing (one engine thread at a time: see Workspace)


class _WatchedFunction(FunctionInfo):
    """A project function: reading its node reads its body."""

    __slots__ = ()

    @property
    def node(self):
        _note(self)
        return header_node(self)


class WatchedScope(Scope):
    """A watched function's scope: reading its bindings reads its body. (An expression's value in that scope
    is kept without its own body's mark: whoever asks for it holds a node of the body, read already.)"""

    __slots__ = ()

    @property
    def bindings(self):
        _note(self.owner)
        return _BINDINGS_SLOT.__get__(self)


class _NestedClassScope(Scope):
    """The scope of a class a watched function's body defines: its class body is part of that function's
    body, so reading its bindings reads the function's (whoever reached the class, through an index of
    methods or subclasses too)."""

    __slots__ = ()

    @property
    def bindings(self):
        _note_enclosing(self)
        return _BINDINGS_SLOT.__get__(self)


def watch(module: Module) -> None:
    """Marks the functions of a freshly bound project module as watched (their indexes name them in marks), and
    the scopes of the classes their bodies define."""
    names = module.__dict__["_body_names"] = {}
    for index, func in enumerate(module.functions):
        if func.kind != "lambda" and func.__class__ is FunctionInfo and func.scope.__class__ is Scope:
            names[func] = f"{BODY}{index}:{module.name}"
            func.__class__ = _WatchedFunction
            func.scope.__class__ = WatchedScope
    for cls in module.classes:
        parent = cls.scope.parent  # the function whose body defines it, or the module
        if parent.kind == "function" and parent.owner.__class__ is _WatchedFunction and cls.scope.__class__ is Scope:
            cls.scope.__class__ = _NestedClassScope


def is_watched(module: Module) -> bool:
    return "_body_names" in module.__dict__


def reading(evaluator) -> None:
    """`evaluator` is the one computing from now on: the bodies read are noted in its deps."""
    _reader[0] = evaluator


def read(owner) -> None:
    """`owner` (a function or class) is walked by a reader that does not go through its node or bindings."""
    if owner.__class__ is _WatchedFunction:
        _note(owner)
    elif getattr(owner, "scope", None).__class__ is _NestedClassScope:
        _note_enclosing(owner.scope)


def kept_with_body(table, func: FunctionInfo, compute):
    """`compute(func)`, kept in `table` (function -> (its body, the result)) while the function has the body
    it was computed from (an edit kept in place gives it another: resolve/body_edits.py). Reads the body,
    each time: whoever asks depends on it as if it had walked it."""
    read(func)
    body = getattr(header_node(func), "body", None)
    known = table.get(func)
    if known is None or known[0] is not body:
        known = table[func] = (body, compute(func))
    return known[1]


def _note(func) -> None:
    evaluator = _reader[0]
    if evaluator is not None:
        deps = evaluator.deps
        module = func.module
        deps.add(module.__dict__["_body_names"][func])  # name_of, inline: asked at every read
        deps.add(module.name)  # a body is read as its module's text has it (what the disk store checks)


def _note_enclosing(scope: Scope) -> None:
    """A nested class's body is read: the body of the function defining it is."""
    _note(scope.parent.owner)


def own(func: FunctionInfo) -> tuple | None:
    """(mark name, body) of a watched function's own body, else None. A watched module's top-level code has its
    statement list for its body (`¶top:<module>`, noted by nobody: its statements are read through the module,
    by name), which an edit of top-level statements kept in place replaces (resolve/top_level_edits.py)."""
    if func.__class__ is not _WatchedFunction:
        module = func.module
        if func.kind == "module" and module is not None and is_watched(module):
            return name_of(func), module.tree.body
        return None
    return name_of(func), header_node(func).body


def name_of(func: FunctionInfo) -> str:
    """The mark name of a watched function's body (or of a watched module's top-level code, see `own`)."""
    if func.kind == "module":
        return f"{BODY}{TOP}:{func.module.name}"
    return func.module.__dict__["_body_names"][func]


def is_mark(name: str) -> bool:
    return name[0] == BODY


def every_body(module_name: str) -> str:
    """The mark of all a module's bodies at once: what an entry collected without watching (a one-shot run's,
    restored from disk by an editor's) is given for each project module it read (callgraph/op_store.py)."""
    return f"{BODY}{EVERY}:{module_name}"


def current(name: str, world):
    """What a body mark is in `world` (the statement list of the body it names; for `every_body`, the module's
    text, which an edit kept in place replaces), without loading anything: None when its module is not loaded
    or has no such function."""
    index, _, module_name = name[1:].partition(":")
    module = _module_of(module_name, world)
    if index == EVERY:
        return getattr(module, "source", None)
    if index == TOP:
        return module.tree.body if isinstance(module, Module) and is_watched(module) else None
    functions = getattr(module, "functions", None)
    renamed = module.__dict__.get(_RENAMED) if isinstance(module, Module) else None
    if renamed is not None:  # a method inserted in place: the function's index now
        index = renamed[0].get(name, name)[1:].partition(":")[0]
    index = int(index)
    if functions is None or index >= len(functions) or functions[index].__class__ is not _WatchedFunction:
        return None
    return header_node(functions[index]).body


def inserted(module: Module, func: FunctionInfo, at: int) -> None:
    """`func` made the function `at` of the watched `module` (an edit kept in place adds a method: resolve/
    class_edits.py): the functions there keep their mark names, so every mark an entry holds still names the body
    it read; `func` takes the name following the others', and the names that now differ from a fresh binding's
    (the index of each function) are noted for `current` and the disk store."""
    names = module.__dict__["_body_names"]
    names[func] = f"{BODY}{len(module.functions)}:{module.name}"  # the names are 0 .. n-1 in some order
    module.functions.insert(at, func)
    func.__class__, func.scope.__class__ = _WatchedFunction, WatchedScope
    fresh = {}
    for index, function in enumerate(module.functions):
        name = names.get(function)
        if name is not None and name != (now := f"{BODY}{index}:{module.name}"):
            fresh[name] = now
    module.__dict__[_RENAMED] = (fresh, {now: name for name, now in fresh.items()}) if fresh else None


def on_disk(name: str, world) -> str:
    """A body mark's name as a fresh binding of its module's text has it (what the disk store writes)."""
    return _renamed(name, world, 0)


def in_memory(name: str, world) -> str:
    """The body mark a fresh binding's name (read from the disk store) is in `world`'s module."""
    return _renamed(name, world, 1)


def _renamed(name: str, world, way: int) -> str:
    if name[0] != BODY:
        return name
    module = world.modules.get(name.partition(":")[2])
    renamed = module.__dict__.get(_RENAMED) if isinstance(module, Module) else None
    return name if renamed is None else renamed[way].get(name, name)


def _module_of(name: str, world):
    """The module a body mark names, as `current` finds it (loaded, or kept by the world's cache), loading nothing."""
    module = world.modules.get(name)
    return world.peek(name) if module is None else module
