"""Dispatch: the targets of calling a value, of a dunder on a value, of reaching its attributes and of iterating one.

Given abstract values (resolve/infer.py), a `Dispatcher` answers which functions,
primitives or dispatch keys an operation on them may run: a known class's method
along its MRO (and a key for overrides when the class may be a subclass), a
modelled class's primitive, or, for a receiver of unknown class, a dispatch key
standing for every method of that name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from switchpoint.analysis.callgraph.ops import LOCAL, UNKNOWN_CALLABLE
from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, annotation_name, parameter_default
from switchpoint.analysis.resolve.infer import (
    PROPERTY_DECORATORS, UNKNOWN, AccessorV, ClassV, ContainerV, CtxV, DispatchV, Evaluator, ExtV, FuncV, GenExpV,
    GenV, InstV, LazyV, ParamV, PartialV, PrefixedV, SuperV, overridable, property_argument,
)
from switchpoint.analysis.semantics import implicit_calls as syntax

PREFIX_MARK = "*"  # ("override", cls, "visit_*"): the methods of cls's subclasses whose names start with "visit_"


class Dispatcher:
    """Targets of calling values and of dunders on values."""

    def __init__(self, evaluator: Evaluator):
        self.ev = evaluator
        self.world = evaluator.world
        self.model = evaluator.world.model
        self._iterating: set = set()  # generator expressions being iterated (cycle guard)
        # the current function's generator expressions (node) -> what their bodies' operations run (SiteCollector)
        self.generator_bodies: dict[ast.GeneratorExp, tuple] = {}
        self._generating: set = set()  # (class, dunder) a decorator generated, being followed (cycle guard)
        self._methods: dict[tuple, tuple] = {}  # (class, name) -> (its MRO, the method found along it)
        self._modelled_dunders: dict[tuple, tuple | None] = {}  # (modelled class, dunders) -> primitive key
        self._dispatch_targets: dict[tuple, tuple] = {}  # see dispatch_target
        self._names_by_class: dict[int, tuple] = {}  # see _attribute_names
        self.current: FunctionInfo | None = None  # the function being collected (SiteCollector.collect)

    def dispatch_target(self, kind: str, name: str, via: str | None = None) -> tuple:
        """((kind, name), False, via) for a receiver of unknown class ("dispatch" or "propdispatch"), one
        tuple each: they are most targets (django: 107k of them, over a few thousand names)."""
        key = (kind, name, via)
        target = self._dispatch_targets.get(key)
        if target is None:
            target = self._dispatch_targets[key] = ((kind, name), False, via)
        return target

    def call_targets(self, values, current: FunctionInfo, certain: bool = True, via: str | None = None,
                     operand: Callable[[], tuple | None] | None = None) -> list[tuple]:
        """Targets of calling `values`. `operand` gives the values of the one object the call passes, for the
        accessors operator's functions make: () when it passes none or several, None (or no `operand`) when
        nothing shows it; asked only where an accessor is called (evaluating arguments may load modules)."""
        targets: list[tuple] = []
        for value in values:
            kind = type(value)
            if kind is FuncV:
                func = value.func
                key = self.world.primitive_key(func.qualname)
                if key is not None:
                    if key[0] != "silent":
                        targets.append((key, certain, via))
                    continue
                if value.binding in ("contextmanager", "property"):
                    continue
                if value.wrapper is not None:
                    targets.append((value.wrapper, certain, via))
                    if not (func.is_generator or func.is_async):
                        targets.append((func, certain, _through(via, value.wrapper.qualname)))
                elif not (func.is_generator or func.is_async):
                    targets.append((func, certain, via))
                if value.override is not None:  # a subclass's method of that name, as `obj.name()` runs
                    targets.append((("override", *value.override), False, via))
            elif kind is ClassV:
                targets.extend(self.construct_targets(value.cls, certain, via, value.exact))
            elif kind is ExtV:
                key = self.world.primitive_key(value.qualname)
                if key is not None and key[0] != "silent":
                    targets.append((key, certain, via))
            elif kind is InstV:
                targets.extend(self.dunder_targets((value,), (("__call__",),), certain, via))
            elif kind is ParamV:
                # what known callers pass for it: local to this call site (LOCAL), so a function that
                # calls its parameter does not itself switch for every caller (the callback rule does that)
                passed = self.ev.passed_callables(value)
                if not passed and not self.ev.passes_instances(value):
                    passed = (UNKNOWN,)  # no caller in sight: whatever is passed in is called here
                # its own or an enclosing function's parameter (a decorator's wrapper calling the
                # decorated function): local; a parameter stored away and called later: possible
                local = value.func is current or (current is not None and encloses(value.func, current))
                for target in self.call_targets(passed, current, False, via, operand):
                    targets.append((target[0], LOCAL if local else False, target[2]))
                if value.func is current:
                    targets.append((("param", value.index), certain, via))
                # its default, called when a caller leaves it out: the function's own choice, so as certain as
                # a call written out (`server_class((host, port), handler_class)` in wsgiref's make_server)
                default = self.default_of(value)
                if default is not None:
                    targets.extend(self.call_targets(
                        tuple(v for v in self.ev.eval(default, value.func.statement_scope) if v is not UNKNOWN),
                        current, certain, via, operand))
            elif kind is DispatchV:
                targets.append(self.dispatch_target("dispatch", value.name, via))
            elif value is UNKNOWN:  # a callee nothing resolves (random.choice(tasks), a dict filled at run time)
                targets.append((UNKNOWN_CALLABLE, LOCAL, via))
            elif kind is PartialV:
                targets.extend(self.call_targets(value.target, current, certain, _through(via, value.maker), operand))
            elif kind is AccessorV:
                objects = operand() if operand is not None else None
                targets.extend(self.accessor_targets(value, (UNKNOWN,) if objects is None else objects, current, certain, via))
            elif kind is PrefixedV:
                targets.extend(self.prefixed_targets(value, current, via))
        return targets

    def prefixed_targets(self, value: PrefixedV, current: FunctionInfo, via) -> list[tuple]:
        """Calling one of the methods whose name starts with a prefix (a visitor's `getattr(self, "visit_%s" %
        kind)`): any of those of the class's MRO, possibly, each name the first the MRO gives; for an object
        that may be a subclass's, those its subclasses define too (the key's members, as overrides are)."""
        methods: list = []
        seen: set = set()
        for owner in self.ev.mro(value.cls):
            if not isinstance(owner, ClassInfo):
                continue
            for name, bindings in owner.scope.bindings.items():
                if name.startswith(value.prefix) and name not in seen:
                    seen.add(name)
                    methods.extend(FuncV(b[1], None, "method") for b in bindings if b[0] == "def")
        targets = [(key, False, v) for key, _, v in self.call_targets(tuple(methods), current, False, via)]
        if not value.exact:
            targets.append((("override", value.cls, value.prefix + PREFIX_MARK), False, via))
        return targets

    @staticmethod
    def default_of(value: ParamV) -> ast.expr | None:
        """The default of a parameter, where calling it may call something (`=None`: nothing to call)."""
        node = value.func.node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
        default = parameter_default(node.args, value.index)
        return None if isinstance(default, ast.Constant) else default  # `=None`: nothing to call

    def accessor_targets(self, accessor: AccessorV, objects: tuple, current: FunctionInfo, certain, via) -> list[tuple]:
        """Calling what operator.itemgetter, attrgetter or methodcaller made on `objects`: what `obj[k]`,
        `obj.a.b` or `obj.name()` runs, with the maker in the chain. On an object of unknown class the
        rules of that syntax hold: implicit dunders and property getters only where they switch for certain,
        a method called by name dispatched to every method of that name."""
        if not objects or not accessor.names:  # called with no object or several, or made with no name: it raises
            return []
        via = _through(via, accessor.maker)
        if accessor.kind == "item":  # obj[k] (a dict subclass's __missing__ on classes with source), whatever k is
            known = tuple(v for v in objects if isinstance(v, InstV) and isinstance(v.cls, ClassInfo))
            return (self.dunder_targets(objects, ((syntax.SUBSCRIPT[ast.Load][1],),), certain, via)
                    + self.dunder_targets(known, ((syntax.MISSING,),), certain, via))
        targets: list[tuple] = []
        for names in accessor.names:
            if accessor.kind == "method" and names is not None:
                targets += self.call_targets(self.ev.attribute(objects, names), current, certain, via)
                targets += [(("override", v.cls, names), False, via) for v in objects
                            if isinstance(v, InstV) and isinstance(v.cls, ClassInfo) and not v.exact]
            elif accessor.kind == "method":  # getattr(obj, name)(): nothing resolves what it calls
                targets.append((UNKNOWN_CALLABLE, LOCAL, via))
            elif names is None:  # getattr(obj, name): only the hooks of attribute access
                targets += self.dunder_targets(objects, (syntax.ATTRIBUTE_HOOKS[ast.Load][1],), certain, via)
            else:  # obj.a.b: each step reached from what the one before returned
                reached = objects
                for name in names:
                    targets += [(t, c and certain, v) for t, c, v in self.attribute_targets(reached, name, ast.Load, via)]
                    reached = self.ev.attribute(reached, name)
        return targets

    def construct_targets(self, cls, certain: bool, via, exact: bool = True) -> list[tuple]:
        """Calling a class: its __new__ and __init__ (and those overriding them, when it may be a subclass)."""
        if isinstance(cls, str):
            found = [self.model.lookup_method(cls, name) for name in syntax.CONSTRUCTION]
            keys = [self.world.primitive_key(q) for q in found if q]
            return [(k, certain, via) for k in keys if k and k[0] != "silent"]
        instance = (InstV(cls, exact),)
        targets = self.dunder_targets(instance, tuple((name,) for name in syntax.CONSTRUCTION), certain, via)
        if cls.metaclass is not None:
            for meta in self.ev.eval(cls.metaclass, cls.statement_scope):
                if isinstance(meta, ClassV):
                    targets.extend(self.dunder_targets((InstV(meta.cls),), ((syntax.METACLASS_CALL,),), certain, via))
        return targets

    def dunder_targets(self, values, groups, certain: bool = True, via: str | None = None,
                       stepped: bool = True) -> list[tuple]:
        """Targets of calling, for each group, the first of its dunders the value's class defines.

        A generator `__iter__` (`__aiter__`) runs its body where what it returns is stepped, as a `for` does
        right after calling it; `stepped=False` is a call of the dunder alone (`iter(x)`), which runs no
        generator's body."""
        targets: list[tuple] = []
        for value in values:
            kind = type(value)
            if kind is InstV:
                cls = value.cls
                if isinstance(cls, str):
                    for group in groups:
                        key = self._modelled_dunder(cls, group)
                        if key is not None and key[0] != "silent":
                            targets.append((key, certain, via))
                        if overridable(value):  # a builtin type narrowed from an unknown value: a source subclass's
                            targets += [(("override", cls, name), False, via) for name in group]
                    continue
                for group in groups:
                    for name in group:
                        method = self.method(cls, name)
                        if method is None:
                            continue
                        key = self.world.primitive_key(method if isinstance(method, str) else method.qualname)
                        if key is not None:
                            if key[0] != "silent":
                                targets.append((key, certain, via))
                        elif isinstance(method, str):
                            pass
                        elif not (method.is_generator and (not stepped or name not in ("__iter__", "__aiter__"))):
                            targets.append((method, certain, via))
                        if not value.exact:
                            targets.append((("override", cls, name), False, via))
                        break
                    else:
                        targets += self._generated_targets(value, group, certain, via)
                        targets += self._native_self_targets(value, group, certain, via)
            elif kind is GenV or kind is GenExpV or kind is ContainerV or kind is ClassV or kind is FuncV or kind is CtxV or kind is LazyV:
                continue
            elif kind is ExtV or kind is PartialV or kind is AccessorV:
                continue
            else:  # UNKNOWN, a parameter, a method of an unknown receiver: any class may answer
                for group in groups:
                    for name in group:
                        targets.append(self.dispatch_target("dispatch", name, via))
        return targets

    def self_call_targets(self, receivers, names: tuple, certain: bool, via) -> list[tuple]:
        """Targets of a C method that calls `names` on its own object (implicit_calls.SELF_CALLS), called on
        `receivers` (`super()` stands for the object itself: the C code looks the names up from its class)."""
        objects = tuple(InstV(v.cls, exact=False) if isinstance(v, SuperV) else v for v in receivers)
        objects = tuple(v for v in objects if isinstance(v, InstV) and isinstance(v.cls, ClassInfo))
        targets: list[tuple] = []
        for value in objects:
            for name in names:
                if (value.cls, name) in self._generating:  # readline -> read -> readline, all in C
                    continue
                self._generating.add((value.cls, name))
                try:
                    targets += self.dunder_targets((value,), ((name,),), certain, via)
                finally:
                    self._generating.discard((value.cls, name))
        return targets

    def _native_self_targets(self, value: InstV, group: tuple, certain: bool, via) -> list[tuple]:
        """Targets of a dunder the class has from a C base of the io module that calls methods of the object
        (iterating an HTTPResponse calls IOBase's __next__, which calls its readline)."""
        mro = self.ev.mro(value.cls)
        native = next((owner for owner in mro if isinstance(owner, str)), None)
        for name in group if native is not None else ():
            called = syntax.SELF_CALLS.get(f"{native}.{name}")
            if called is not None:
                return self.self_call_targets((value,), called, certain, _through(via, f"{native}.{name}"))
        return []

    def _generated_targets(self, value: InstV, group: tuple, certain: bool, via) -> list[tuple]:
        """Targets of a dunder the class has from a decorator that wrote it (a dataclass's __eq__ and
        __repr__, total_ordering's __le__): what the generated method calls, on the fields' values or
        the class's own ordering. (A dunder a base defines is taken before one a dataclass generates.)"""
        for owner in self.ev.mro(value.cls):
            if not isinstance(owner, ClassInfo):
                break
            if not owner.node.decorator_list:
                continue
            for name in group:
                calls = self._generated(owner, name)
                if calls is None or (value.cls, name) in self._generating:
                    continue
                through = _through(via, f"{owner.qualname}.{name}")
                self._generating.add((value.cls, name))  # a field of the class's own type (a linked node)
                try:
                    return [t for called in calls for t in self._generated_call(value, called, certain, through)]
                finally:
                    self._generating.discard((value.cls, name))
        return []

    def _generated_call(self, value: InstV, called: tuple, certain: bool, via) -> list[tuple]:
        if called == (syntax.ROOT,):
            root = next((r for r in syntax.ORDERING_ROOTS if isinstance(self.method(value.cls, r), FunctionInfo)), None)
            return self.dunder_targets((value,), ((root,),), certain, via) if root else []
        fields = tuple(v for name in self._field_names(value.cls) for v in self.ev.attribute((value,), name))
        return self.dunder_targets(fields, (called,), certain, via)

    def _generated(self, owner: ClassInfo, name: str) -> tuple | None:
        """The dunder groups the generated `name` calls, when a decorator of `owner` writes it, else None."""
        for decorator in owner.node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            for decorating in self.ev.eval(call.func if call else decorator, owner.statement_scope):
                table = syntax.GENERATED_DUNDERS.get(decorating.func.qualname if isinstance(decorating, FuncV) else None)
                if table is None or name not in table:
                    continue
                calls, keywords, default = table[name]
                given = [k.value.value for k in (call.keywords if call else ()) if k.arg in keywords and isinstance(k.value, ast.Constant)]
                if (any(given) if given else default):
                    return calls
        return None

    def _field_names(self, cls: ClassInfo) -> list[str]:
        """The names annotated in the class bodies along the MRO (a dataclass's fields, ClassVars aside)."""
        names: list[str] = []
        for owner in self.ev.mro(cls):
            if not isinstance(owner, ClassInfo):
                break
            body_marks.read(owner)  # its body's statements, not its bindings (a nested class's: resolve/body_marks.py)
            for statement in owner.node.body:
                if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                        and not _class_variable(statement.annotation) and statement.target.id not in names):
                    names.append(statement.target.id)
        return names

    def _modelled_dunder(self, cls: str, group: tuple):
        """The primitive key of the first of `group`'s dunders the modelled class `cls` has one for."""
        key = (cls, group)
        if key not in self._modelled_dunders:
            self._modelled_dunders[key] = None
            for name in group:
                found = self.model.lookup_method(self.model.canonical(cls), name)
                primitive = self.world.primitive_key(found) if found else None
                if primitive is not None:
                    self._modelled_dunders[key] = primitive
                    break
        return self._modelled_dunders[key]

    def method(self, cls: ClassInfo, name: str):
        """The function defining `name` first along the MRO, or a modelled qualified name, or None: the method
        instances of `cls` find (the site collector and the rules ask it too)."""
        mro = self.ev.mro(cls)
        kept = self._methods.get((cls, name))
        if kept is not None and kept[0] is mro:  # a guard's stand-in for the MRO is another list
            return kept[1]
        method, evaluated = self._method_along(mro, name)
        if not evaluated:  # found reading bindings only: the same for as long as the MRO is
            self._methods[(cls, name)] = (mro, method)
        return method

    def _method_along(self, mro: list, name: str) -> tuple:
        """(what `method` finds, whether finding it evaluated a class attribute)."""
        evaluated = False
        for owner in mro:
            if isinstance(owner, str):
                if owner in ("builtins.object",):
                    return None, evaluated
                return self.model.lookup_method(self.model.canonical(owner), name), evaluated
            for binding in owner.scope.bindings.get(name, ()):
                if binding[0] == "def":
                    return binding[1], evaluated
                if binding[0] == "assign":  # `__enter__ = acquire` in the class body
                    evaluated = True
                    for value in self.ev.binding_values(binding, owner.scope):
                        if isinstance(value, FuncV):
                            return value.func, evaluated
            if name in owner.scope.bindings:
                return None, evaluated
        return None, evaluated

    def iteration_targets(self, values, certain: bool = True, via: str | None = None) -> list[tuple]:
        """Targets of iterating values to the end (`for`, unpacking, list(...))."""
        targets: list[tuple] = []
        for value in values:
            kind = type(value)
            if kind is GenV:
                targets.append((value.func, certain, via))
            elif kind is GenExpV:  # iterating (f(x) for x in it) iterates it and runs f (each marked inline too)
                if value.node not in self._iterating:  # `it = (f(x) for x in it)` refers to itself
                    self._iterating.add(value.node)
                    try:
                        source = self.ev.eval(value.node.generators[0].iter, value.scope)
                        targets.extend(self.iteration_targets(source, certain, via))
                    finally:
                        self._iterating.discard(value.node)
                    # known for the current function's own generator expressions only (collected before)
                    for target, sure, own_via in self.generator_bodies.get(value.node, ()):
                        targets.append((target, sure if certain or sure is not True else False, via or own_via))
            elif kind is InstV and isinstance(value.cls, ClassInfo):
                method = self.method(value.cls, "__iter__")
                if isinstance(method, FunctionInfo):
                    # a generator __iter__ runs its body here; one taken never to switch (os.environ's) does not
                    key = self.world.primitive_key(method.qualname)
                    if key is None:
                        targets.append((method, certain, via))
                    elif key[0] != "silent":
                        targets.append((key, certain, via))
                    if not method.is_generator:
                        targets.extend(self.dunder_targets(self.ev.returns(method), (("__next__",),), certain, via))
                    if not value.exact:
                        targets.append((("override", value.cls, "__iter__"), False, via))
                else:
                    targets.extend(self.dunder_targets((value,), (("__iter__",), ("__next__", "__getitem__")), certain, via))
            elif kind is InstV:
                targets.extend(self.dunder_targets((value,), (("__iter__",), ("__next__",)), certain, via))
            elif kind is LazyV:  # enumerate(it), zip(a, b), map(f, it): iterating them iterates those
                targets.extend(self.iteration_targets(value.sources, certain, via))
                targets.extend(self.call_targets(value.calls, self.current, certain, via, lambda lazy=value: self._called_with(lazy)))
            elif kind in (ContainerV, ClassV, FuncV, ExtV, CtxV, PartialV, AccessorV):
                continue
            else:
                targets.append(self.dispatch_target("dispatch", "__iter__", via))
                targets.append(self.dispatch_target("dispatch", "__next__", via))
        return targets

    def _called_with(self, lazy: LazyV) -> tuple:
        """The object a lazy iterator's function is called with: each element (itertools.starmap: its first
        item); nothing for iter(read, b"")."""
        if not lazy.sources:
            return ()
        elements = self.ev.iterate(lazy.sources)
        return self.ev.item(elements, 0) if lazy.unpacks else elements

    # -- attributes ------------------------------------------------------------------------------

    def attribute_targets(self, receivers, attr: str, context, via: str | None = None) -> list:
        """What reaching `attr` of `receivers` runs in `context` (load, store, del): properties, descriptors, hooks."""
        hooks = syntax.ATTRIBUTE_HOOKS[context][1]
        slot = syntax.PROPERTY_SLOT[context]
        targets = []
        for receiver in receivers:
            if isinstance(receiver, InstV) and isinstance(receiver.cls, ClassInfo):
                targets += self._instance_attribute_targets(receiver, attr, slot, hooks)
            elif receiver is UNKNOWN or isinstance(receiver, (ParamV, DispatchV)):
                if slot == "getter":
                    targets.append(self.dispatch_target("propdispatch", attr))
        return targets if via is None else [(target, certain, via) for target, certain, _ in targets]

    def _instance_attribute_targets(self, receiver: InstV, attr: str, slot: str, hooks) -> list:
        targets = []
        found = False
        for owner in self.ev.mro(receiver.cls):
            if isinstance(owner, str):
                break
            bindings = owner.scope.bindings.get(attr)
            if not bindings:
                continue
            found = True
            for binding in bindings:
                if binding[0] == "def" and property_slot(binding[1], attr, self.ev) == slot:
                    targets.append((binding[1], receiver.exact, None))
                elif binding[0] == "assign":
                    values = self.ev.binding_values(binding, owner.scope)
                    if any(isinstance(v, FuncV) and v.binding == "property" for v in values):  # property(fget, fset)
                        targets += [(f, receiver.exact, None) for f in self._property_call_slot(binding[1], slot, owner.scope)]
                    for value in values:
                        if isinstance(value, InstV) and isinstance(value.cls, ClassInfo):
                            descriptor = {"getter": "__get__", "setter": "__set__", "deleter": "__delete__"}[slot]
                            targets += self.dunder_targets((value,), ((descriptor,),))
            break
        if not found and attr not in self._attribute_names(receiver.cls):
            targets += self.dunder_targets((receiver,), (hooks[1:] or hooks,)) if slot == "getter" else []
        if slot != "getter" or hooks[0] == "__getattribute__":
            hook = hooks[0]
            method = self.method(receiver.cls, hook)
            if isinstance(method, FunctionInfo):
                targets.append((method, receiver.exact, None))
        return targets

    def _property_call_slot(self, node, slot: str, scope) -> list[FunctionInfo]:
        """The functions `name = property(fget, fset, fdel)` runs for `slot` (reading, setting, deleting)."""
        argument = property_argument(node, slot) if isinstance(node, ast.Call) else None
        if argument is None:
            return []
        return [v.func for v in self.ev.eval(argument, scope) if isinstance(v, FuncV) and not v.func.is_generator]

    def _attribute_names(self, cls: ClassInfo) -> set[str]:
        """Every name the classes of `cls`'s MRO bind or assign on instances, kept with that MRO."""
        mro = self.ev.mro(cls)
        kept = self._names_by_class.get(id(cls))
        if kept is None or kept[0] is not mro:  # a guard's stand-in for the MRO is another list
            names: set[str] = set()
            for owner in mro:
                if isinstance(owner, ClassInfo):
                    names.update(owner.instance_attrs)
                    names.update(owner.scope.bindings)
            kept = self._names_by_class[id(cls)] = (mro, names)
        return kept[1]


def _class_variable(annotation: ast.expr) -> bool:
    """Whether a class body's annotation declares a ClassVar (written out, or as a string), no dataclass field."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return syntax.CLASS_VARIABLE in annotation.value
    return annotation_name(annotation) == syntax.CLASS_VARIABLE


def _through(via, name: str):
    """The names a chain shows between a caller and its target: `via`'s, then `name` (a flat tuple, as
    the op store keeps it)."""
    if via is None:
        return name
    return (*via, name) if isinstance(via, tuple) else (via, name)


def encloses(outer: FunctionInfo, inner: FunctionInfo) -> bool:
    scope = inner.scope.parent
    while scope is not None:
        if scope.owner is outer:
            return True
        scope = scope.parent
    return False


def property_slot(func: FunctionInfo, attr: str, evaluator: Evaluator) -> str | None:
    """Which of a property's functions `func` is ("getter", "setter", "deleter"), or None: no property's."""
    for name in func.decorator_names():
        if name in PROPERTY_DECORATORS:
            return "getter"
        if name == f"{attr}.setter":
            return "setter"
        if name == f"{attr}.deleter":
            return "deleter"
        if name == f"{attr}.getter":
            return "getter"
    if any(evaluator.descriptor_decorator(d, func.statement_scope) for d in func.decorators):
        return "getter"
    return None
