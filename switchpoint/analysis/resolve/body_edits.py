"""An edit of a project module inside function bodies, kept in place: the module, its functions, classes, scopes
and def nodes stay the objects they were, so the collected entries, dispatch members and kept results that hold
them stay usable, and only those that read an edited body (resolve/body_marks.py) are computed again.

`keep(old, new)`, given the module bound before the edit and the one bound from the edited text, updates `old` to
the new text when the two have the same shape (resolve/module_shape.py) and every function at the module's level (a
top-level function, a method) whose body text changed is one nothing outside its body points into. Such a function
is taken with all its body defines, at any depth (nested functions and classes, theirs): its def node takes the new
body, in which each nested def or class statement is the old node (its header kept, its positions the new ones, its
body the new one), and the body is bound into the old scopes and definitions as the binder would, so every function
the changed one defines has a new body too and the readers of any of them are collected again (a nested class's
body is read through the scope of the function defining it, body_marks.py). What a changed method assigns on
instances (`self.x = v`, its class's `instance_attrs`) and stores into the containers they hold (`self.x[k] = v`,
`held_stores`) is bound again, in the order a fresh binding gives; whoever reads such an attribute reads the
assigning and storing methods' bodies (infer.assigned_on_instances, Evaluator._with_held_stores). Its stores into other
objects' attributes (`obj.x = v`, `Module.attribute_stores`) are bound again too: what the second pass reads of
them is an argument text naming the module's text hash (callgraph/arguments.py), so their readers are collected
again. The positions of every other node of the old tree are taken from the new tree (an edit moves what follows
it); the module's text and hash become the new ones, and what was computed from the module and kept on it (its
method indexes: every attribute beyond its fields but the body marks' names) is dropped, but what was computed
from the text alone (its shape, its live-class words), which is taken from the new module where it has it; so is
the walk for stores into the module's containers (resolve/container_stores.py). The tables kept per function across
runs (container walks, own yields, the rules' body nodes) are kept with the body they read, so a changed one is
computed again.

An edit of the top-level statements that keeps every body and that nothing but the module's own top-level code
reads (resolve/top_level_edits.py; asked only with `said_elsewhere`, which an editor's world gives) is kept so too:
the module's `top` is then the changed function, its statement list a new one (its own body, body_marks.own),
holding the old nodes of the statements shared (their positions moved as above) and the new changed ones, and the
module scope takes the new bindings of the names those bind. So is an edit of one class body outside its methods
that nothing outside the class statement reads (resolve/class_edits.py, asked where the top-level edit is not one:
a class body runs with the top-level code, so `top` is the changed function then too, and a method added is made
one of the old module's functions).

It refuses (`None`, `old` untouched; `refusal` says why) where a changed body is pointed into from outside, which
body marks do not see: a `global` in it, a test the binder decided, a store into a container bound outside it (a
nested function's into one its enclosing function binds is inside), a mention of a module's name stored into as
a container (but one bound only to defs, classes and modules), a nested def's or class's header that says something else (what reads a header alone, a default's
constant, notes no mark); and where a name of another module the decided tests read has another value. Such
edits take the full path: a new module.
"""

from __future__ import annotations

import ast
import dataclasses
from bisect import bisect_right
from dataclasses import dataclass, field

from switchpoint.analysis.resolve import body_marks, class_edits, container_stores, top_level_edits
from switchpoint.analysis.resolve.binder import Binder, ClassInfo, FunctionInfo, Module, Scope, header_node
from switchpoint.analysis.resolve.lazy_bodies import params_first, params_only
from switchpoint.analysis.resolve.module_shape import same_shape

_BINDINGS_SLOT = Scope.bindings
_FIELDS = frozenset(field.name for field in dataclasses.fields(Module))
# of the same functions, which the module keeps (their mark names, and where those are not a fresh binding's)
_KEPT_CACHES = frozenset({"_body_names", "_renamed_marks"})
# what was computed from the text alone (module_shape.shape, live_classes.module_words and functions_words), which
# `old` takes: the new module's, where it has them
_OF_THE_TEXT = ("_shape", "_live_words", "_live_functions_words")


def keep(old: Module, new: Module, said_elsewhere=None, names_module=None) -> list[FunctionInfo] | None:
    """`old` updated in place to `new`'s text, with the functions whose bodies changed (each changed function at
    the module's level with the functions nested in it; the module's `top` for changed top-level statements);
    None (and `old` as it was) where the edit cannot be kept so (see the module's docstring). `said_elsewhere`
    (World.said_elsewhere) lets an edit of top-level statements be kept (resolve/top_level_edits.py); `names_module`
    (World.names_module) lets a body mention a name a from-import binds to a module (see `_may_hold_container`)."""
    plan = _plan(old, new, said_elsewhere, names_module)
    return None if plan.__class__ is str else _kept(old, new, *plan)


def refusal(old: Module, new: Module, said_elsewhere=None, names_module=None) -> str | None:
    """Why `keep(old, new, said_elsewhere, names_module)` would refuse the edit, in a word or two; None where it
    would keep it. Changes nothing."""
    plan = _plan(old, new, said_elsewhere, names_module)
    return plan if plan.__class__ is str else None


def _plan(old: Module, new: Module, said_elsewhere=None, names_module=None) -> str | tuple[list, list, object]:
    """(the changed units, the (old node, new node) pairs whose positions the old nodes take, the top-level edit
    or class edit when the shape changed: top_level_edits.TopEdit, class_edits.ClassEdit), or why not."""
    if not _may_keep(old, new):
        return "shape"
    if len(old.functions) != len(new.functions) or not same_shape(old, new):  # top-level statements changed
        top = top_level_edits.plan(old, new, said_elsewhere)
        if top.__class__ is str:
            if top not in ("shape", "top-level statement"):
                return top
            edit = class_edits.plan(old, new, said_elsewhere)  # one class's body changed
            if edit.__class__ is str:
                return top if edit == "shape" else edit
            olds, news, pairs = edit.position_pairs(old, new)
            moved = _positions(olds, news, set(), _first_change(old, new))
            return "positions" if moved is None else ([], moved + pairs, edit)
        moved = _positions(*top.shared(old, new), set(), _first_change(old, new))
        return "positions" if moved is None else ([], moved, top)
    units = _units(old, new)
    pairs = []
    for unit in units:
        why = _alone(old, unit.old, unit.functions, names_module) or _alone(new, unit.new, unit.new_functions, names_module)
        if why is not None:
            return why
        headers = unit.headers()
        if headers is None:
            return "nested header"
        pairs += headers
    moved = _positions(old.tree.body, new.tree.body, {id(header_node(unit.old)) for unit in units},
                       _first_change(old, new))
    if moved is None:
        return "positions"
    return units, moved + pairs, None


def _kept(old: Module, new: Module, units: list, pairs: list, top) -> list[FunctionInfo]:
    """`old` updated to `new`'s text as `_plan` found it may be, the changed `units` (or top-level statements)
    bound again."""
    for o, n in pairs:
        for name in o._attributes:
            value = getattr(n, name, None)
            if value is not None:
                setattr(o, name, value)
    same = {name: new.__dict__[name] for name in _OF_THE_TEXT if name in new.__dict__}
    for name in [name for name in old.__dict__ if name not in _FIELDS and name not in _KEPT_CACHES]:
        del old.__dict__[name]
    old.__dict__.update(same)
    old.source, old.digest = new.source, new.digest
    for unit in units:
        unit.rebind(old)
    if top is not None and top.changes_code():
        top.apply(old, new)
    if new.attribute_stores:  # the functions storing into attributes, in a fresh binding's order
        same = dict(zip(new.functions, old.functions))
        same[new.top] = old.top
        ordered = {same[func]: old.attribute_stores[same[func]] for func in new.attribute_stores}
        old.attribute_stores.clear()
        old.attribute_stores.update(ordered)
    # the walk for stores into the module's containers read every body spelling their names (a changed
    # function's own walk is kept with its body, as the other per-function tables across runs are)
    container_stores.forget([old.top])
    changed = [func for unit in units for func in (unit.old, *unit.functions)]
    if top is None or not top.changes_code():
        return changed
    return [old.top] if top.added is None else [old.top, top.added]


def _may_keep(old: Module, new: Module) -> bool:
    return (old is not new and old.source is not None and new.source is not None and old.problem is None
            and new.problem is None and body_marks.is_watched(old)
            and len(old.functions) <= len(new.functions) <= len(old.functions) + 1  # a def added: a top-level edit
            and len(old.classes) == len(new.classes)
            and _typed(old.condition_deps) == _typed(new.condition_deps))


def _typed(answers: tuple) -> tuple:
    """Decided tests' answers with their values' types (`True` is not `1` to a test)."""
    return tuple((key, type(value), value) for key, value in answers)


def _body_text(func: FunctionInfo) -> str | None:
    """The lines of a function's body (None for a module's top-level code)."""
    if func.kind == "module":
        return None
    node = header_node(func)
    return func.module.source._span_of_lines(node.body[0].lineno, node.end_lineno)


def _may_hold_container(bindings: list | None, names_module) -> bool:
    """Whether a module's name, bound by `bindings`, may hold a container whose stores the walk of the module's code
    finds: not where every binding is a def, a class, an `import` or a from-import of a module (`from .. import
    sql`, which `names_module` tells; `sql.update(...)` and `sql.insert(...)` read as stores there hold for nothing:
    a module, a function or a class takes none), nor where the module binds it nowhere (a builtin, a star import's:
    what another module binds is that module's walk's)."""
    if not bindings:
        return False
    for binding in bindings:
        kind = binding[0]
        if kind == "from" and names_module is not None and names_module(f"{binding[1]}.{binding[2]}"):
            continue
        if kind not in ("def", "class", "module"):
            return True
    return False


def _outermost(scope: Scope | None) -> FunctionInfo | None:
    """The function at the module's level (a top-level function, a method) whose body holds `scope`, or owns it;
    None for the module's scope."""
    found = None
    while scope is not None and scope.kind != "module":
        found, scope = scope.owner, scope.parent
    return found


@dataclass
class _Unit:
    """A changed function at the module's level, in both texts, with the functions and classes its body defines
    (at any depth, in binding order): bound again together, their objects kept."""
    old: FunctionInfo
    new: FunctionInfo
    functions: list = field(default_factory=list)
    new_functions: list = field(default_factory=list)
    classes: list = field(default_factory=list)
    new_classes: list = field(default_factory=list)

    def headers(self) -> list | None:
        """(old node, new node) for each node of the nested definitions' headers (the def or class node, its
        decorators, arguments, annotations, bases, keywords): the headers kept, their positions taken; None
        where one says something else (what reads a header alone, a default's constant, marks nothing)."""
        pairs = []
        for o, n in (*zip(self.functions, self.new_functions), *zip(self.classes, self.new_classes)):
            o, n = _def_node(o), _def_node(n)
            pairs.append((o, n))
            for name in _HEADER_FIELDS:
                a, b = getattr(o, name, None), getattr(n, name, None)
                parts = zip(a, b) if a.__class__ is list and b.__class__ is list and len(a) == len(b) else ((a, b),)
                for x, y in parts:
                    if x is None and y is None:
                        continue
                    if not isinstance(x, ast.AST) or ast.dump(x) != ast.dump(y):
                        return None
                    pairs.extend(zip(ast.walk(x), ast.walk(y)))
        return pairs

    def rebind(self, module: Module) -> None:
        """The old function takes the new body, in which the nested definitions are the old def and class nodes
        (their headers already updated, their bodies the new ones), bound into the old scopes as the binder would."""
        nested = {}
        for o, n in (*zip(self.functions, self.new_functions), *zip(self.classes, self.new_classes)):
            o, n = _def_node(o), _def_node(n)
            o.body = n.body
            nested[id(n)] = o
        body = header_node(self.new).body
        if nested:
            _splice(body, nested)
        params_only(self.old)
        self.old._is_generator = None  # the same by the shape: asked again of the new body
        header_node(self.old).body = body
        cls = self.old.cls  # a method: what it assigns on instances is bound again (those of nested classes are anew)
        tables = [(cls.instance_attrs, self.new.cls.instance_attrs), (cls.held_stores, self.new.cls.held_stores)] if cls is not None else []
        for attrs, _ in tables:
            for name, assigned in attrs.items():
                assigned[:] = [entry for entry in assigned if entry[1] is not self.old]
        for func in (self.old, *self.functions):  # its stores into other objects' attributes: bound again
            module.attribute_stores.pop(func, None)
        _Rebinder(module, self.functions, self.classes).bind_body(self.old)
        for attrs, fresh in tables:
            if attrs:
                _in_binding_order(attrs, fresh, module)


def _in_binding_order(attrs: dict, fresh: dict, module: Module) -> None:
    """A class's instance attributes (`attrs`: name -> [(binding, method)], a method's bound again last) in the
    order a fresh binding gives (`fresh`, the new module's: the same names and methods by the shape): the
    names as there, each name's assignments by their methods' order, then within a method as bound."""
    methods = {method for assigned in attrs.values() for _, method in assigned}
    order = {func: index for index, func in enumerate(module.functions) if func in methods}
    ordered = {name: sorted(attrs[name], key=lambda entry: order[entry[1]]) for name in fresh}
    attrs.clear()
    attrs.update(ordered)


_HEADER_FIELDS = ("decorator_list", "args", "returns", "type_params", "bases", "keywords")


def _def_node(definition):
    return header_node(definition) if isinstance(definition, FunctionInfo) else definition.node


def _splice(statements: list, nested: dict) -> None:
    """The def and class statements of `nested` (new node's id -> old node) replaced in `statements`, at any depth."""
    for index, statement in enumerate(statements):
        kept = nested.get(id(statement))
        if kept is not None:
            statements[index] = kept
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(statement, name, None)
            if inner.__class__ is list:
                _splice(inner, nested)
        for part in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
            _splice(part.body, nested)


class _Rebinder(Binder):
    """Binds a function's new body into its old definitions: the functions and classes it defines are the ones
    it defined (`functions`, `classes`, in binding order), their scopes emptied, not new objects."""

    def __init__(self, module: Module, functions: list, classes: list):
        super().__init__(module, decide=False)
        self._functions, self._classes = iter(functions), iter(classes)

    def _function_info(self, node, lexical_parent, prefix, cls, params) -> FunctionInfo:
        info = next(self._functions)
        _emptied(info.scope)
        info._is_generator = None
        return info

    def _class_info(self, node, scope, prefix) -> ClassInfo:
        info = next(self._classes)
        _emptied(info.scope)
        info.instance_attrs = {}
        info.held_stores = {}
        return info


def _emptied(scope: Scope) -> None:
    _BINDINGS_SLOT.__set__(scope, {})
    scope.globals = scope.nonlocals = frozenset()
    scope.comprehensions = scope.narrowing = scope.reaching = None


def _units(old: Module, new: Module) -> list[_Unit]:
    """The changed functions at the module's level with what they define, in both texts."""
    units = {}
    for o, n in zip(old.functions, new.functions):
        top = _outermost(o.scope)
        if top is o:
            if _body_text(o) != _body_text(n):
                units[o] = _Unit(o, n)
        elif top in units:
            units[top].functions.append(o)
            units[top].new_functions.append(n)
    for o, n in zip(old.classes, new.classes):
        unit = units.get(_outermost(o.scope.parent))
        if unit is not None:
            unit.classes.append(o)
            unit.new_classes.append(n)
    return list(units.values())


def _alone(module: Module, top: FunctionInfo, nested: list, names_module=None) -> str | None:
    """Why something outside `top`'s body points into it (see the module's docstring), in `module`'s text;
    None where nothing does."""
    node = header_node(top)
    source = module.source
    if top.scope.globals or any(func.scope.globals for func in nested):
        return "global"
    if not params_first(top):
        return "parameter bound again"
    if module.decided and any(node.lineno <= at.lineno <= node.end_lineno for at in module.decided):
        return "decided test"
    # what is stored into a module's container is found by one walk of all its code, over the statements
    # that spell the name (container_stores.py): a body that says one changes it, whoever reads the name
    containers = tuple(sorted(name for name in module.stored_names
                              if _may_hold_container(module.scope.bindings.get(name), names_module)))
    if source.mentions_any(containers, node.lineno, node.end_lineno):
        return "module container"
    # a store into a container bound in the body (a nested function's into its enclosing function's name too) is
    # read through the walk of the function binding it, kept with that function's body; one into a name bound
    # outside it (the module's) is read by whoever reads that name, through the module
    members = {top, *nested}
    for name, owners in module.stored_names.items():
        for owner in owners:
            if owner in members and not _bound_within(owner.scope, name) and _may_hold_container(
                    module.scope.bindings.get(name), names_module):
                return "container store"
    return None


def _bound_within(scope: Scope, name: str) -> bool:
    """Whether `name` is bound in `scope` or a function scope around it (not the module's)."""
    while scope is not None and scope.kind != "module":
        if name in _BINDINGS_SLOT.__get__(scope):
            return True
        scope = scope.parent
    return False


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


def _positions(old_statements: list, new_statements: list, changed: set[int], first: int) -> list | None:
    """(old node, new node) for every node of the old top-level statements that may have moved (those of
    statements ending before `first` in both texts cannot), but inside the changed bodies (`changed`: ids of their
    def nodes); None where the two match not node for node there."""
    if len(old_statements) != len(new_statements):
        return None
    pairs = []
    # a statement ending before the first change in both texts is the same text at the same place
    stack = [(o, n) for o, n in zip(old_statements, new_statements) if max(o.end_lineno, n.end_lineno) >= first]
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
