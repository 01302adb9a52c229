"""Just enough value inference to know which function a call, an operator or an attribute runs.

Expressions evaluate to small sets of abstract values: a class, an instance of a
class (exact, or "this class or a subclass"), a function, a module, an object of
a modelled library (by qualified name), a generator, a parameter, a callable that
C code made (a partial, a lazy iterator, operator's itemgetter and the like), or UNKNOWN.
Inference is flow-insensitive and memoised; a cycle evaluates to UNKNOWN, which
callers treat pessimistically (dispatch on every class that could answer).
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib.machinery
import os
import sys
import weakref
from collections.abc import Iterator
from dataclasses import dataclass

from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import (
    ClassInfo, FunctionInfo, Scope, annotation_name, comprehension_scope, dotted_name, make_lambda,
    parameter_default, parameters,
)
from switchpoint.analysis.resolve.components import Components
from switchpoint.analysis.resolve.container_stores import Stores, add_to, scope_code_owner, stores_into
from switchpoint.analysis.resolve.known_returns import (
    BINARY_RESULTS, BUILTIN_ATTRIBUTES_SINCE_3_11, BUILTIN_METHOD_RETURNS, BUILTIN_RETURNS, CALLED_C_OBJECTS,
    CALLING_WRAPPERS, DICT_LOOKUPS, DICT_VIEWS, ELEMENT_TAKING_METHODS, FACTORY_DICTS, ITERATED_ELEMENTS,
    FLATTENING_LAZY_ITERATORS, IDENTITY_FUNCTIONS, IO_READING_METHODS, IO_WRAPPERS, IO_WRITING_METHODS,
    ITERATED_RETURNS, LAZY_ITERATORS, OBJECT_ATTRIBUTES, OPERAND_ACCESSORS, PASSING_LAZY_ITERATORS,
    PROPERTY_ARGUMENTS, RECORD_FACTORIES, RETURNED_ARGUMENTS, RETURNED_ARGUMENTS_BY_NAME, RUNTIME_C_FUNCTIONS,
    PAIRING_LAZY_ITERATORS, STDLIB_CLASS_RETURNS, STDLIB_RETURNS, TYPING_ALIASES, UNPACKING_LAZY_ITERATORS,
)
from switchpoint.analysis.resolve.narrowing import dropped_guards, guards, says_a_test
from switchpoint.analysis.resolve.reaching import bound_before, facts_on_the_way
from switchpoint.analysis.resolve.world import World


# -- abstract values -----------------------------------------------------------------------------

class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@dataclass(frozen=True, slots=True)
class ModuleV:
    name: str


@dataclass(frozen=True, slots=True)
class ClassV:
    cls: ClassInfo | str  # a class with source, or a modelled/builtin class by qualified name
    exact: bool = True  # False: this class or any subclass (a `type[X]` annotation)


@dataclass(frozen=True, slots=True)
class InstV:
    cls: ClassInfo | str
    exact: bool = True  # False: this class or any subclass (self, annotations)
    args: tuple = ()  # type arguments from annotations, each a tuple of values: list[X] -> ((InstV(X),),)
    # a builtin type's object that may be a source subclass's, where a type test narrowed an unknown value to it
    # (`isinstance(x, dict)`): calling its methods reaches the overrides too (`overridable`)
    subclassed: bool = False


@dataclass(frozen=True, slots=True)
class FuncV:
    func: FunctionInfo
    wrapper: FunctionInfo | None = None  # a source decorator's wrapper that runs around it
    binding: str = "function"  # function, method (bound), static, class, property, contextmanager
    # (class, name) when it was taken, as `obj.name`, from an object or class that may be a subclass's: called
    # later (a callback, `constructor(...)`), it may run a subclass's override, as `obj.name()` there may
    override: tuple | None = None


@dataclass(frozen=True, slots=True)
class ExtV:
    qualname: str  # a function or object of a modelled package or a module without source


@dataclass(frozen=True, slots=True)
class GenV:
    func: FunctionInfo  # a generator or coroutine object: its body runs when iterated/awaited


@dataclass(frozen=True, slots=True, eq=False)
class GenExpV:
    node: ast.GeneratorExp  # a generator expression: iterating it iterates its first iterable
    scope: Scope

    def __eq__(self, other):
        return isinstance(other, GenExpV) and other.node is self.node

    def __hash__(self):
        return id(self.node)


@dataclass(frozen=True, slots=True)
class LazyV:
    """A lazy iterator over other iterables (enumerate, zip, map, filter, iter, itertools.chain): iterating
    it iterates `sources`, calling `calls` on each element (map's and filter's function)."""
    sources: tuple  # values
    calls: tuple = ()  # values
    unpacks: bool = False  # `calls` get each element's items as their arguments (itertools.starmap)
    passes: bool = False  # its elements are its sources' own (iter, reversed, itertools.chain: PASSING_LAZY_ITERATORS)
    pairs: bool = False  # its elements are tuples it makes (enumerate, zip: PAIRING_LAZY_ITERATORS)


@dataclass(frozen=True, slots=True)
class CtxV:
    func: FunctionInfo  # what a @contextmanager function returns: its body runs in __enter__/__exit__


@dataclass(frozen=True, slots=True)
class ParamV:
    func: FunctionInfo
    index: int


@dataclass(frozen=True, slots=True)
class DispatchV:
    name: str  # a method of a receiver whose class is unknown


@dataclass(frozen=True, slots=True)
class SuperV:
    cls: ClassInfo


@dataclass(frozen=True, slots=True)
class PartialV:
    """A callable made by C code that calls `target` when called (known_returns.CALLING_WRAPPERS)."""
    target: tuple  # values of the wrapped callable
    maker: str = "functools.partial"  # the function that made it, shown in chains


@dataclass(frozen=True, slots=True)
class AccessorV:
    """A callable operator.itemgetter, attrgetter or methodcaller made: called with an object, it indexes
    it, reaches its attributes or calls its method of a name (known_returns.OPERAND_ACCESSORS)."""
    maker: str  # "operator.attrgetter", shown in chains
    kind: str  # "item", "attribute" or "method"
    # what reaches each object a call returns: attribute: the path of names ("b.c" -> ("b", "c")); method:
    # its name; None where the code does not write it out (or for any key: every key runs __getitem__)
    names: tuple[tuple[str, ...] | str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class PrefixedV:
    """What `getattr(obj, "visit_%s" % kind)` gives (a visitor's dispatch, SQLAlchemy's traverse_single,
    ast.NodeVisitor.visit): one of the methods of obj's class whose name starts with `prefix`, or, obj being
    maybe a subclass's (not `exact`), of a subclass. Calling it may call any of them."""
    cls: ClassInfo
    exact: bool
    prefix: str


@dataclass(frozen=True, slots=True)
class ContainerV:
    elements: tuple  # (expr, scope) of each element/value of a literal container
    # the builtin type: list, tuple, set, frozenset, dict or a dict's view (dict_keys, dict_values, dict_items)
    kind: str = "list"
    # the elements stand for any number of elements, each one of them, in no known order: a comprehension's
    # one (its element evaluated in its own scope), list(...), tuple(...), sorted(...) of one or of a generator
    # expression, set(...) or sorted(...) of a display
    each: bool = False
    # (expr, scope) of a dict's keys, what iterating it gives (expr None: a `**spread`, its keys and values
    # unknown); kept by what is made of a dict's entries, with `part`
    keys: tuple = ()
    # what an element of a container made of a dict's entries is: its key ("key": list(d), d.keys()), its value
    # ("value": d.values()) or the pair ("pair": d.items()); "" for the elements themselves (and a dict)
    part: str = ""
    # (an element or key may also be an `ast.Starred`, standing for what iterating its value gives, or one of
    # the markers below, an unknown value: see Evaluator._element)


# the fields of each kind of abstract value that may hold classes, functions or scopes, or values holding them
# (the others hold names, flags and syntax): what `held_definitions` follows. Every kind is listed
# (tests/analysis/test_value_fields.py), so a new one cannot hide what it holds from the walk.
VALUE_FIELDS: dict[type, tuple[str, ...]] = {
    _Unknown: (), ModuleV: (), ExtV: (), DispatchV: (), AccessorV: (),
    ClassV: ("cls",), InstV: ("cls", "args"), SuperV: ("cls",), PrefixedV: ("cls",),
    FuncV: ("func", "wrapper", "override"), GenV: ("func",), CtxV: ("func",), ParamV: ("func",),
    GenExpV: ("scope",), LazyV: ("sources", "calls"), PartialV: ("target",), ContainerV: ("elements", "keys"),
}


def held_definitions(values) -> Iterator[FunctionInfo | ClassInfo | Scope]:
    """The classes, functions and scopes abstract values hold, and those held by what they hold in turn (a type
    argument's class, a literal container's or a generator expression's scopes)."""
    pending = list(values)
    while pending:
        value = pending.pop()
        if isinstance(value, (FunctionInfo, ClassInfo, Scope)):
            yield value
        elif isinstance(value, tuple):
            pending.extend(value)
        else:
            fields = VALUE_FIELDS.get(type(value))  # None: a name, a flag, a syntax node
            if fields:
                pending.extend(getattr(value, name) for name in fields)


# the builtin containers a call makes (`dict(...)`, `list(...)`, `set(...)`), which code may store into
_STORED_CONTAINERS = frozenset({"builtins.dict", "builtins.list", "builtins.set"})
# elements of a container no code in sight shows, unknown: what code that is not in sight may store into one
# a name holds (it escapes; dropped where the name's binding makes the container and its uses keep it in
# sight), and any key of a defaultdict, whose lookups make entries (see Evaluator._bound_values)
_STORED_ELSEWHERE = (ast.Name(id="<stored elsewhere>", ctx=ast.Load()), None)
_ANY_KEY = (ast.Name(id="<any key>", ctx=ast.Load()), None)
_UNSHOWN = (_STORED_ELSEWHERE[0], _ANY_KEY[0])
# the factory call a defaultdict makes for a missing key, one per factory expression (memo tables key by identity)
_FACTORY_CALLS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


Value = object
_BOOL = (InstV("builtins.bool"),)
# the types of the C modules' data read as instances of them (_c_constant): not a class, function or object
_C_CONSTANT_TYPES = frozenset({str, bytes, int, float, bool})
# builtin types whose call makes an instance of exactly that type, holding no other value (Evaluator._evident)
_EVIDENT_TYPES = frozenset({"str", "bytes", "int", "float", "bool", "complex"})
# a binding's facts where other bindings reach the read and its own values are left out (Evaluator._bindings)
_NOT_REACHING = ("not reaching",)
# comparisons whose result is a bool whatever the operands' dunders return: identity, and membership
# (CPython's `in` makes a bool of what __contains__ returns)
_BOOL_COMPARISONS = frozenset({ast.Is, ast.IsNot, ast.In, ast.NotIn})
# builtin sequences whose slice is of their own class: the class of an element they are indexed for
_SLICED_AS_ITSELF = {"builtins.str": "builtins.str", "builtins.bytes": "builtins.int", "builtins.bytearray": "builtins.int"}
_UNORDERED = frozenset({"set", "frozenset"})  # containers whose elements come in no order their display shows
_COMPREHENSION_KINDS = {ast.ListComp: "list", ast.SetComp: "set", ast.DictComp: "dict"}
# builtins that make a container of what they iterate: name -> its kind, and whether it keeps their order
# (see Evaluator._collected)
_COLLECTING = {
    "list": ("list", True), "tuple": ("tuple", True), "set": ("set", False), "frozenset": ("frozenset", False),
    "sorted": ("list", False),
}
# what the memo holds for an expression while it is evaluated: asking for it again meets a cycle
_UNDER_WAY = (None, frozenset(), (), True)
_NOT_ASKED = object()  # a module name not in World.modules
_RAISES = ((),)  # what reading an attribute an object cannot have gives (Evaluator._attribute): no value
ARGUMENT_TABLES = frozenset({"callables", "stored", "defaulted"})  # keys of the second pass's arguments that are no parameter
# world -> (a weak reference to) the evaluator of its first pass, whose results refining evaluators take
_FIRST_PASS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BUILTIN_VALUES = {name: (ExtV(f"builtins.{name}"),) for name in dir(builtins)}  # what a builtin name evaluates to
# the builtin types a type test narrows to (by the qualname their values carry): not `object` (every value is
# one) nor `type` (a class is one: its methods are not its instances')
_NARROWING_BUILTINS = {
    f"builtins.{name}": value for name, value in vars(builtins).items()
    if isinstance(value, type) and name not in ("object", "type")
}
_NARROWING_BUILTINS["builtins.NoneType"] = type(None)
PROPERTY_DECORATORS = frozenset({"property", "cached_property", "functools.cached_property", "abc.abstractproperty"})
TRANSPARENT_DECORATORS = frozenset({
    "functools.wraps", "wraps", "functools.lru_cache", "lru_cache", "functools.cache", "cache",
    "abc.abstractmethod", "abstractmethod", "typing.overload", "overload", "typing.final", "final",
    "override", "typing.override", "typing_extensions.override",
})
_OVERRIDABLE = frozenset({"function", "method", "static", "class"})  # bindings a subclass's method may replace
_CALLED_BINDINGS = ("function", "method", "static", "class")  # a FuncV whose call returns what its function does
CONTEXT_MANAGER_DECORATORS = frozenset({"contextmanager", "contextlib.contextmanager", "asynccontextmanager", "contextlib.asynccontextmanager"})


class _Busy(list):
    """The indices of a name's bindings being evaluated, innermost last (Evaluator._rebinding), with those bindings
    and their scope (see Evaluator._asked_first)."""

    __slots__ = ("bindings", "scope")

    def __init__(self, bindings: list, scope: Scope):
        super().__init__()
        self.bindings, self.scope = bindings, scope


class Evaluator:
    """Evaluates expressions in a scope to tuples of abstract values."""

    def __init__(self, world: World, lambdas: dict | None = None, arguments: dict | None = None):
        self.world = world
        # (function, parameter index) -> (values seen at call and spawn sites, modules of those sites)
        self.arguments: dict = {k: v for k, v in (arguments or {}).items() if k[0] not in ARGUMENT_TABLES}
        # (function, parameter index) -> functions callers pass for it (called through `self.attr()` later)
        self.callables: dict = (arguments or {}).get(("callables", None), {})
        # attribute name -> stores of it on objects of source classes made by other code than the classes'
        # own methods, in the graph's first pass: ((function, binding, ((class, exact), ...) of the receiver)...)
        self.stored: dict = (arguments or {}).get(("stored", None), {})
        # (function, parameter index) of the parameters every caller leaves to their defaults (callgraph/defaults.py)
        self.defaulted: frozenset = (arguments or {}).get(("defaulted", None), frozenset())
        self._argument_modules: dict[tuple, frozenset[str]] = {}  # (function, index) -> _defining_modules of its values
        # (decorator function, 0) -> the functions it is applied to, recorded as decorators are evaluated
        self.decorated: dict = {}
        self.decorated_log: list = []  # the same, in order: what one function's collection added (the call graph's cache)
        self.lambdas: dict[ast.Lambda, FunctionInfo] = lambdas if lambdas is not None else {}
        # memo tables: key -> (values, modules read), or (values, modules read, decorations noted, whether it
        # met a cycle guard) when it noted some or met one (see _entry)
        # scope -> expression -> entry, _UNDER_WAY while being evaluated: a table per scope takes half the room
        # of one keyed by (expression, scope) pairs (django: 263k entries in 15k scopes)
        self._memo: dict[Scope, dict[ast.expr, tuple]] = {}
        self.deps: set[str] = set()
        # memo entries' results, sets of modules read and (result, modules) pairs, each kept once (see _entry)
        self._pool: dict = {}
        self._pairs: dict[tuple, tuple] = {}
        self._cyclic = False  # the computation under way met a cycle guard: its result depends on order
        self._mro: dict[ClassInfo, list] = {}
        self._kept: dict[int, dict] = {}  # id(memo table) -> an earlier run's results for it (see adopt)
        self._returns: dict[FunctionInfo, tuple] = {}
        self._members: dict[tuple, tuple] = {}
        self._busy_members: set[tuple] = set()
        self._iterating: set = set()  # the __iter__ methods being iterated (_iterated_instance)
        # what iterating a display's `*x` element, spreading its `**m` or iterating a generator gives, computed
        # once (see _iterated_once): key -> memo entry; and the components of those under way
        self._iterations: dict = {}
        self._components = Components()
        self._depth = 0  # memoised computations under way (eval's, _memoised's): see Components.revisit
        # the iteration under way was given part of what it gathers by a component under way: its union holds it
        self._deferred = False
        # (id(scope), name) -> indices of its bindings being evaluated, innermost last (see _rebound, _Busy)
        self._rebinding: dict[tuple, _Busy] = {}
        self._own_values: set = set()  # binding values computed again as their name's bindings are (_own_value)
        # the names of _rebinding whose other bindings alone gave a value to the computation under way
        self._self_met: frozenset | None = None
        self._params: dict[tuple, tuple] = {}
        self._self_returning: dict[FunctionInfo, bool] = {}  # see _on_receiver
        self._dispatch_values: dict[str, tuple] = {}  # see _dispatched
        self._mro_modules: dict[ClassInfo, tuple] = {}  # see _modules_of
        self._model = world.model  # what the memo tables were computed under (see note_model)
        self._model_questions: set[tuple] = set()  # what was asked of the model's changing tables
        body_marks.reading(self)  # the project's bodies it reads are noted in its deps (resolve/body_marks.py)
        if arguments is None:
            _FIRST_PASS[world] = weakref.ref(self)
        else:
            first = _FIRST_PASS.get(world)
            self._inherit_from(first() if first is not None else None)

    # -- results shared with the first pass ----------------------------------------------------------
    # A refining evaluator (one with `arguments`) recomputes only what the arguments can change: it
    # takes the first pass's results that read no parameter it types and met no cycle guard. Such a
    # result is what it would compute itself: the same code under the same model, and no evaluation
    # under way whose order could matter (a cycle guard returns UNKNOWN depending on what is busy).

    def _tables(self) -> tuple:
        """Every memo table, but the expressions' (per scope)."""
        return (self._mro, self._returns, self._members, self._params)

    def _inherit_from(self, first: Evaluator | None) -> None:
        if first is None:
            return
        first.note_model()
        if first._model is not self._model:
            return
        self._pool, self._pairs = first._pool, first._pairs  # the entries taken keep theirs: new equal ones join them
        # earlier runs' results read no parameter (see to_keep): they hold here as in the first pass
        self._kept = {id(mine): first._kept[id(theirs)] for mine, theirs in zip(self._kept_tables(), first._kept_tables())
                      if id(theirs) in first._kept}
        typed = ({argument_key(func, index) for func, index in self.arguments}
                 | {callables_key(func, index) for func, index in self.callables} | {stored_key(a) for a in self.stored}
                 | {defaulted_key(func, index) for func, index in self.defaulted})
        self._memo = {scope: {} for scope in first._memo}
        for mine, theirs in zip((*self._memo.values(), *self._tables()), (*first._memo.values(), *first._tables())):
            mine.update(theirs)  # copied whole, then what does not hold here dropped: cheaper than sifting
            for key in [key for key, entry in theirs.items() if _met_cycle(entry) or not typed.isdisjoint(entry[1])]:
                del mine[key]

    def note_model(self) -> None:
        """The world's model is configured once patch detection has evaluated a few calls: unless the
        new model answers all that was asked the same, what was computed under the old model is
        dropped, to be computed again under the new one. The workspace calls this as it configures
        the model, with nothing under way (dropping a recursion guard under way would undo it): an
        expression's memo answers before any check (the hot path), so `lock = threading.Lock();
        lock.acquire()` in the file calling `patch_all()`, whose `lock` detection evaluated to resolve
        `lock.acquire` before the model knew that `_thread.allocate_lock` makes a `_thread.lock`,
        stayed unknown for the whole run when this was left to the next computation."""
        old, new = self._model, self.world.model
        if new is old:
            return
        self._model = new
        if _same_answers(old, new, self._model_questions):
            return
        for table in (*self._memo.values(), *self._tables()):
            for key in [key for key, entry in table.items() if entry is not _UNDER_WAY]:
                del table[key]
        self._iterations.clear()

    # -- names -------------------------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope, node: ast.Name | None = None) -> tuple:
        current: Scope | None = scope
        while current is not None:
            bindings = current.bindings.get(name)
            if bindings and current.kind == "class" and node is not None:
                bindings = _bound_before(bindings, node)
            if bindings:
                return self._bindings(bindings, current, name, node)
            if current.kind == "module":
                break
            current = current.parent
        module_scope = scope.module_scope()
        for star in module_scope.bindings.get("*", ()):
            values = self.module_member(star[1], name, star_only=True)
            if values:
                return values
            if self.world.module(star[1]) is None and _stdlib_c_module_has(star[1], name):
                # `from _lzma import *` in lzma.py, read by its own code: the C name, as module_member names it
                return (ExtV(f"{module_scope.module_name}.{name}"),)
        builtin = _BUILTIN_VALUES.get(name)
        return builtin if builtin is not None else (UNKNOWN,)

    def _bindings(self, bindings: list, scope: Scope, name: str, node: ast.Name | None = None) -> tuple:
        if len(bindings) == 1:  # most names: no declared type to prefer, nothing to merge
            return _dedupe(self._bound_values(bindings[0], scope, name))
        values: list = []
        declared = [b for b in bindings if b[0] == "annotation"]
        reach = None  # the bindings that may reach this read, with the type tests on the way (reaching.py)
        if declared and scope.kind != "class" and not self._declares_nothing(declared, scope):
            bindings = declared  # a declared type is authoritative, as for a type checker
        elif declared and scope.kind != "class" and len(declared) < len(bindings):
            bindings = [b for b in bindings if b[0] != "annotation"]  # one naming no class: its assignments
        elif scope.kind == "module" and self._native_replaces(bindings):
            return (self._external(f"{scope.module_name}.{name}"),)
        elif scope.kind == "function" and node is not None and (
            says_a_test(scope) or any(self._evident(b, scope) for b in bindings)
        ):
            # each binding's values held as flow-insensitively, but those that reach the read narrowed by the
            # type tests on their way (resolve/reaching.py); a binding it says does not reach is kept, since
            # a value it gives may stand for one inference misses of those that do (an override's result a
            # helper returns, a closure's): narrowed by the tests every way to the read passes
            reach = facts_on_the_way(node, scope, bindings)
            if reach and all(self._evident(bindings[index], scope) for index in reach if index is not None):
                # a string, number or bool made there misses nothing another binding could stand in for
                reach[None] = _NOT_REACHING
        key = (id(scope), name)
        busy = self._rebinding.get(key)
        if busy is not None:
            if node is not None:
                return self._rebound(bindings, scope, name, node, busy)
            busy = None  # asked from elsewhere than the name's use: evaluated as before
        else:
            busy = self._rebinding[key] = _Busy(bindings, scope)
        try:
            for index, binding in enumerate(bindings):
                if busy is not None:
                    busy.append(index)
                found = self._bound_values(binding, scope, name)
                # narrowed by the type tests on its way to the read (an `if` it got past by one branch); one
                # that does not reach by those every way there passes
                facts = reach.get(index, reach[None]) if reach else None
                if facts is _NOT_REACHING:
                    if busy is not None:
                        busy.pop()
                    continue
                values.extend(self._narrowed(found, scope, facts) if facts else found)
                if busy is not None:
                    busy.pop()
        finally:
            if busy is not None:
                del self._rebinding[key]
                if self._self_met is not None and key in self._self_met:
                    self._self_met = (self._self_met - {key}) or None
        return _dedupe(values)

    def _evident(self, binding: tuple, scope: Scope) -> bool:
        """Whether an assignment's value is a string, number or bool made where it stands (a literal, an f-string,
        `not x`, a call of one of those builtin types): nothing of it can be a value inference misses."""
        if binding[0] != "assign":
            return False
        value = binding[1]
        kind = value.__class__
        if kind is ast.Constant or kind is ast.JoinedStr:
            return True
        if kind is ast.UnaryOp:
            return value.op.__class__ is ast.Not or _signed_number(value)
        if kind is ast.Call and value.func.__class__ is ast.Name and value.func.id in _EVIDENT_TYPES:
            return self.eval(value.func, scope) == _BUILTIN_VALUES[value.func.id]
        return False

    def _rebound(self, bindings: list, scope: Scope, name: str, node: ast.Name, busy: list) -> tuple:
        """The values of a name used inside the value of one of its own bindings (`x = list(x)`, `x = x or
        default`): those of its other bindings. Where the binding under way innermost passes that use on as its
        value (itself, or a container of its elements: `_passed_uses`), it adds nothing else to the name (the
        least fixpoint), nor do the other bindings that pass the name on so: their values join the name's where
        its bindings are evaluated, and what they pass on is what the rest hold (elements too). Values computed
        so hold only inside the binding under way: they are not kept (_self_met), so any use evaluated first
        gets the same. Any other use under way (`x = x.parent`) meets a cycle, unknown, as before (passing on
        no more than the bindings that do not pass the name on: the unknown stands for the rest)."""
        values: list = []
        passed = node in self._passed_uses(bindings[busy[-1]], name, scope)
        if passed:
            self._self_met = (self._self_met or frozenset()) | {(id(scope), name)}
        else:
            self._cyclic = True
            values.append(UNKNOWN)
        for index, binding in enumerate(bindings):
            if index in busy or self._passed_uses(binding, name, scope):
                continue
            busy.append(index)
            values.extend(self._bound_values(binding, scope, name))  # with its stores, as _bindings gives it
            busy.pop()
        return _dedupe(values) or (UNKNOWN,)

    def _passed_uses(self, binding: tuple, name: str, scope: Scope) -> list:
        """The uses of `name` whose values (or their elements, in a container the builtins make of them) an
        assignment's value passes on as its own: `x` in `x`, `x or d`, `a if c else x`, `list(x)`, `sorted(x)`."""
        return self._passed_on(binding[1], name, scope) if binding[0] == "assign" else []

    def _passed_on(self, node: ast.expr, name: str, scope: Scope) -> list:
        kind = node.__class__
        if kind is ast.Name:
            return [node] if node.id == name else []
        if kind is ast.BoolOp:
            return [use for value in node.values for use in self._passed_on(value, name, scope)]
        if kind is ast.IfExp:
            return self._passed_on(node.body, name, scope) + self._passed_on(node.orelse, name, scope)
        if (
            kind is ast.Call and len(node.args) == 1 and not node.keywords and node.args[0].__class__ is not ast.Starred
            and node.func.__class__ is ast.Name and node.func.id in _COLLECTING
            and self.eval(node.func, scope) == _BUILTIN_VALUES[node.func.id]
        ):
            return self._passed_on(node.args[0], name, scope)
        return []

    def _asked_first(self, node: ast.expr) -> bool:
        """Whether `node`, under way, is the value of a binding that passes its name on (`attrs or {}` in
        `attrs = attrs or {}`), asked before the name: the binding's use of the name evaluates the name's
        bindings, this one innermost (and not again, under _own_value)."""
        for (_, name), busy in self._rebinding.items():
            if busy and node not in self._own_values:
                binding = busy.bindings[busy[-1]]
                if binding[1] is node and binding[0] == "assign" and self._passed_uses(binding, name, busy.scope):
                    return True
        return False

    def _own_value(self, node: ast.expr, scope: Scope) -> tuple:
        """The value of a binding that passes its name on, asked before the name (see _asked_first) and met
        again as the name's bindings are evaluated: computed there again, its use of the name then the name's
        other bindings (_rebound), as when the name is asked first. So the binding adds to the name what it
        adds asked from the name, and the value asked first holds the name's (the least fixpoint, whatever
        was asked first), where the guard of the value under way made both unknown, met a cycle."""
        self._own_values.add(node)
        self._depth += 1  # a computation under way, as eval's (Components.revisit)
        try:
            return self._eval(node, scope)
        finally:
            self._depth -= 1
            self._own_values.discard(node)

    def _rebinding_of(self, name: str, scope: Scope) -> bool:
        """Whether the bindings `name` finds from `scope` are being evaluated (see _rebound)."""
        current: Scope | None = scope
        while current is not None:
            if current.bindings.get(name):
                return (id(current), name) in self._rebinding
            if current.kind == "module":
                return False
            current = current.parent
        return False

    def _native_replaces(self, bindings: tuple) -> bool:
        """Whether a module's pure-Python functions are only the fallback of its C implementation:
        `def warn(...)` and then `from _warnings import warn` in a `try` (warnings.py; functools.reduce
        alike). What runs is the C function, named as users know it (`warnings.warn`, so the tables
        of builtins that call their arguments apply); the fallback, analysed, would reach what the C
        code never calls. Only where every other binding of the name is such a `def`."""
        kinds = {binding[0] for binding in bindings}
        if kinds != {"def", "from"}:
            return False
        for binding in bindings:
            if binding[0] == "from":
                self.deps.add(binding[1])  # the answer holds while that module has no source
                if self.world.module(binding[1]) is not None or not _stdlib_c_module_has(binding[1], binding[2]):
                    return False
        return True

    def binding_values(self, binding: tuple, scope: Scope) -> tuple:
        kind = binding[0]  # the kinds in the order they are met most
        if kind == "assign":
            return self.eval(binding[1], scope)
        if kind == "param":
            return self.parameter(binding[1], binding[2])
        if kind == "def":
            return self.function_value(binding[1])
        if kind == "unpack":
            return self.item(self.eval(binding[1], scope), binding[2])
        if kind == "from":
            if binding[1] == scope.module_name:
                # `from . import preloaded` in a package's __init__ names its own module: the submodule
                # (asking the package for its member `preloaded` would find this very binding)
                return self._own_submodule(binding[1], binding[2])
            return self.module_member(binding[1], binding[2])
        if kind == "iter":
            return self.iterate(self.eval(binding[1], scope))
        if kind == "class":
            return (ClassV(binding[1]),)
        if kind == "module":
            return (self.module_value(binding[1]),)
        if kind == "unpack_iter":
            return self.item(self.iterate(self.eval(binding[1], scope)), binding[2])
        if kind == "enter":
            return self.entered(self.eval(binding[1], scope))
        if kind == "annotation":
            return self.annotation(binding[1], scope)
        if kind == "caught":
            return self.caught(binding[1], scope)
        if kind == "elsewhere":  # bound through a `global` declaration: evaluated where it was written
            return self.binding_values(binding[1], binding[2])
        return (UNKNOWN,)

    def _own_submodule(self, package: str, name: str) -> tuple:
        submodule = f"{package}.{name}"
        self.deps.add(submodule)
        if self.world.module(submodule) is not None or self.world.finder.find(submodule) is not None:
            return (ModuleV(submodule),)
        return (UNKNOWN,)

    def module_value(self, name: str) -> Value:
        if self.world.model.is_opaque(name):
            self.deps.add(name)  # a reuse of this result imports it again (see World.module)
            self.world.module(name)  # records that the modelled package is in use
            return ExtV(name)
        return ModuleV(name)

    def module_member(self, module_name: str, name: str, star_only: bool = False) -> tuple:
        key = (module_name, name, star_only)
        if key in self._busy_members:  # an import cycle: `from a import x` in b and `from b import x` in a
            self._cyclic = True
            return () if star_only else (UNKNOWN,)
        cached = self._members.get(key)
        if cached is not None:  # not under way (it is not busy): its result
            return self._replayed(cached)
        self._busy_members.add(key)
        try:
            return self._memoised(self._members, key, _unknown, self._module_member_tracked, module_name, name, star_only)
        finally:
            self._busy_members.discard(key)

    def _module_member_tracked(self, module_name: str, name: str, star_only: bool) -> tuple:
        self.deps.add(module_name)
        if "." in module_name:  # a submodule's existence depends on its package too
            self.deps.add(module_name.rpartition(".")[0])
        return self._module_member(module_name, name, star_only)

    def _module_member(self, module_name: str, name: str, star_only: bool) -> tuple:
        if f"{module_name}.{name}" in OPERAND_ACCESSORS:  # C code: operator.py's classes are its fallback
            return (ExtV(f"{module_name}.{name}"),)
        if self.world.model.is_opaque(module_name):
            self.world.module(module_name.partition(".")[0])
            return (self._external(f"{module_name}.{name}"),)
        module = self.world.module(module_name)
        if star_only and module is not None and module.all_names is not None and name not in module.all_names:
            # `from .queues import *` in asyncio's __init__ binds no `locks` though queues.py imports it: asking
            # queues for it would ask the package again (a cycle: unknown) for what is its submodule
            return ()
        if module is not None and module.scope is not None:
            bindings = module.scope.bindings.get(name)
            if bindings:
                return self._bindings(bindings, module.scope, name)
            if name in RUNTIME_C_FUNCTIONS.get(module_name, ()):  # hashlib.sha256: bound through globals()
                return (ExtV(f"{module_name}.{name}"),)
            for star in module.scope.bindings.get("*", ()):
                if star[1] != module_name:
                    values = self.module_member(star[1], name, star_only=True)
                    if values:
                        return values
                    if self.world.module(star[1]) is None and _stdlib_c_module_has(star[1], name):
                        # `from posix import *` in os.py: name it as users do, os.waitpid
                        return _c_constant(star[1], name) or (ExtV(f"{module_name}.{name}"),)
        if star_only:
            return ()
        package = self.world.model.registries.get(module_name) if module is not None else None
        if package is not None:
            for candidate in _registered_modules(package, name):
                self.deps.add(candidate)
                if self.world.module(candidate) is not None or self.world.finder.find(candidate) is not None:
                    return (ModuleV(candidate),)
        submodule = f"{module_name}.{name}"
        # loading it adds its classes to dispatch: recorded, so that reusing this result loads it too
        self.deps.add(submodule)
        if self.world.module(submodule) is not None or self.world.finder.find(submodule) is not None:
            return (ModuleV(submodule),)
        if module is None:
            return _c_constant(module_name, name) or (ExtV(f"{module_name}.{name}"),)
        return (UNKNOWN,)

    def _external(self, qualname: str) -> Value:
        qualname = self.world.model.canonical(qualname)
        if qualname in self.world.model.classes:
            return ClassV(qualname)
        return ExtV(qualname)

    def parameter(self, func: FunctionInfo, index: int) -> tuple:
        return self._memoised(self._params, (func, index), _parameter_alone, self._parameter_tracked, func, index)

    def _parameter_tracked(self, func: FunctionInfo, index: int) -> tuple:
        self.deps.add(func.scope.module_name)
        return self._parameter(func, index)

    def _parameter(self, func: FunctionInfo, index: int) -> tuple:
        node = func.node
        if func.cls is not None and index == 0 and func.kind == "method":
            names = func.decorator_names()
            if "staticmethod" in names:
                pass
            elif "classmethod" in names or func.name in ("__new__", "__init_subclass__", "__class_getitem__"):
                return (ClassV(func.cls, exact=False),)  # called on a subclass, it is that subclass
            else:
                return (InstV(func.cls, exact=False),)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            params = parameters(node.args)
            if index < len(params) and params[index] in (node.args.vararg, node.args.kwarg):
                return self._packed(params[index], node.args, func, index)
            if index < len(params) and params[index].annotation is not None:
                annotated = self.annotation(params[index].annotation, func.scope.parent or func.scope)
                if annotated and annotated != (UNKNOWN,):
                    return annotated
            if index < len(params) and params[index].arg.startswith("_"):
                defaulted = self._private_default(func, node, index, params[index].arg)
                if defaulted is not None:
                    return defaulted
        self.deps.add(argument_key(func, index))  # see CallGraph.refine_with_arguments
        seen = self.arguments.get((func, index))
        if seen:
            # what the known callers pass, next to the parameter itself: other callers may pass
            # anything, so the unknown part still dispatches (possible) while these are certain
            values, _ = seen
            self.deps.update(self._defining_modules(func, index, values))
            return (ParamV(func, index), *values)
        return (ParamV(func, index),)

    def _private_default(self, func: FunctionInfo, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
                         index: int, name: str) -> tuple | None:
        """What a private parameter holds where every caller leaves it to its default: the default's values
        alone, evaluated where the `def` stands (`def _real_close(self, _ss=_socket.socket)` in socket.py, a
        module global bound at definition time and called as `_ss.close(self)`: no caller passes `_ss`).
        None where some caller may pass it (callgraph/defaults.py answers in the second pass; never in the
        first) or an inner function rebinds it. Asked of private parameters only: the idiom, and each asked
        parameter costs a look at every loaded module between the passes."""
        default = parameter_default(node.args, index)
        if default is None or func.module is None or self.world.is_project(func.module) or (
                func.name.startswith("__") and func.name.endswith("__")):
            return None  # the project's functions and dunders are called from anywhere: never asked
        if not self.left_to_default(func, index):
            return None
        if any(inner.__class__ is ast.Nonlocal and name in inner.names for inner in ast.walk(node)):
            return None
        return self.eval(default, func.statement_scope)

    def passed_callables(self, param: ParamV) -> tuple:
        """The functions callers pass for a parameter (the second pass's; none in the first), noted as read
        under their own key: a computation that only holds the parameter is not collected again for them."""
        self.deps.add(callables_key(param.func, param.index))  # see CallGraph.refine_with_arguments
        return self.callables.get((param.func, param.index), ())

    def left_to_default(self, func: FunctionInfo, index: int) -> bool:
        """Whether every caller leaves a parameter to its default (the second pass's answer, callgraph/defaults.py;
        never in the first), noted as read under its own key: the first pass's read names the parameters the
        second pass asks about."""
        self.deps.add(defaulted_key(func, index))  # see CallGraph.refine_with_arguments
        return (func, index) in self.defaulted

    def passes_instances(self, param: ParamV) -> bool:
        """Whether callers pass instances or classes for a parameter (in the second pass), noted as read."""
        self.deps.add(argument_key(param.func, param.index))  # see CallGraph.refine_with_arguments
        return (param.func, param.index) in self.arguments

    def _defining_modules(self, func: FunctionInfo, index: int, values: tuple) -> frozenset[str]:
        """The modules defining the classes and functions in what callers pass to `func`'s parameter `index`: a
        collection that read the parameter holds those objects, so it depends on those modules being the same
        objects. Not the modules of the passing call sites: which ones pass is part of the parameter's text
        (callgraph/arguments.py), which the reuse of a refined collection compares, so an edit of a caller that
        passes the same values does not make the callee's collection stale."""
        found = self._argument_modules.get((func, index))
        if found is None:
            found = self._argument_modules[(func, index)] = _defining_modules(values)
        return found

    def _packed(self, param: ast.arg, args: ast.arguments, func: FunctionInfo, index: int) -> tuple:
        """`*args` and `**kwargs`: a tuple and a dict the call makes, whose elements (values) are what callers
        pass past the named parameters: the parameter's own `ParamV`, which stands for one of them (what
        calling it calls, through the callables callers pass there, as for a named parameter; the call site
        binds them, `SiteCollector._record_callargs`). An annotation types them instead: `*args: T` is a
        `tuple[T, ...]`, `**kwargs: T` a `dict[str, T]`."""
        annotated = self.annotation(param.annotation, func.scope.parent or func.scope) if param.annotation is not None else ()
        if annotated and annotated != (UNKNOWN,):
            held = annotated
        else:  # as a named parameter's read (_parameter): itself, and the instances and classes callers pass
            self.deps.add(argument_key(func, index))  # see CallGraph.refine_with_arguments
            seen = self.arguments.get((func, index))
            held = (ParamV(func, index),)
            if seen:
                self.deps.update(self._defining_modules(func, index, seen[0]))
                held += seen[0]
        if param is args.vararg:
            return (InstV("builtins.tuple", True, (held, (UNKNOWN,))),)
        return (InstV("builtins.dict", True, ((InstV("builtins.str"),), held)),)

    # -- functions and decorators ----------------------------------------------------------------------

    def function_value(self, func: FunctionInfo) -> tuple:
        value: Value = FuncV(func)
        for decorator in reversed(func.decorators):
            name = dotted_name(decorator.func if isinstance(decorator, ast.Call) else decorator)
            last = name.rpartition(".")[2]
            if name in PROPERTY_DECORATORS or last in ("setter", "getter", "deleter") and "." in name:
                value = FuncV(func, None, "property")
            elif last == "staticmethod":
                value = FuncV(func, getattr(value, "wrapper", None), "static")
            elif last == "classmethod":
                value = FuncV(func, getattr(value, "wrapper", None), "class")
            elif name in CONTEXT_MANAGER_DECORATORS:
                value = FuncV(func, None, "contextmanager")
            elif name in TRANSPARENT_DECORATORS or last in TRANSPARENT_DECORATORS:
                continue
            elif self.descriptor_decorator(decorator, func.statement_scope):
                value = FuncV(func, None, "property")
            else:
                wrapper = self._decorator_wrapper(decorator, func.statement_scope, func)
                if wrapper is not None:
                    value = FuncV(func, wrapper, getattr(value, "binding", "function"))
        return (value,)

    def descriptor_decorator(self, decorator: ast.expr, scope: Scope) -> bool:
        """Whether a decorator is a class of ours whose instances are descriptors (`__get__`: SQLAlchemy's
        `util.memoized_property`, pyramid's `reify`): reading the attribute runs the function, as a
        property's getter does."""
        if isinstance(decorator, ast.Call):
            return False
        return any(
            isinstance(value, ClassV) and isinstance(value.cls, ClassInfo)
            and any(isinstance(owner, ClassInfo) and "__get__" in owner.scope.bindings for owner in self.mro(value.cls))
            for value in self.eval(decorator, scope))

    def decorate(self, decorator: FunctionInfo, decorated: FunctionInfo) -> None:
        """Record that `decorator` is applied to `decorated` (it calls its parameter 0 with it)."""
        self.decorated.setdefault((decorator, 0), set()).add(decorated)
        self.decorated_log.append((decorator, decorated))

    def restore_decorated(self, notes: tuple) -> None:
        """Record the decorator applications a reused collection noted, into the table only: the log holds one
        collection's notes (the call graph's cache), and no collection is under way."""
        table = self.decorated
        for decorator, decorated in notes:
            found = table.get((decorator, 0))
            if found is None:
                found = table[(decorator, 0)] = set()
            found.add(decorated)

    def _decorator_wrapper(self, decorator: ast.expr, scope: Scope, decorated: FunctionInfo | None = None) -> FunctionInfo | None:
        """The inner function a source decorator returns, which runs in place of the decorated one."""
        values = self.eval(decorator, scope)
        for value in values:
            if isinstance(value, FuncV) and value.binding == "function" and decorated is not None:
                self.decorate(value.func, decorated)
            if isinstance(value, FuncV) and value.binding == "function":
                for returned in self.returns(value.func):
                    if isinstance(returned, FuncV) and returned.func is not value.func:
                        return returned.func
        return None

    def returns(self, func: FunctionInfo) -> tuple:
        """Values a call of `func` may produce."""
        return self._memoised(self._returns, func, _unknown, self._returns_tracked, func)

    def _returns_tracked(self, func: FunctionInfo) -> tuple:
        self.deps.add(func.scope.module_name)
        result: tuple
        node = func.node
        if func.is_generator or func.is_async:
            result = (GenV(func),)
        elif func.qualname in STDLIB_RETURNS:
            result = (InstV(f"builtins.{STDLIB_RETURNS[func.qualname]}"),)
        elif func.qualname in STDLIB_CLASS_RETURNS:
            result = tuple(InstV(cls) for cls in STDLIB_CLASS_RETURNS[func.qualname])
        elif isinstance(node, ast.Lambda):
            result = self.eval(node.body, func.scope)
        elif getattr(node, "returns", None) is not None:
            result = self.annotation(node.returns, func.scope.parent or func.scope)
            if result == (UNKNOWN,) and any(r.value is not None for r in _own_returns(func)):
                # an annotation not read (`-> _T`, `-> Any`): what the body returns. Without a return
                # statement the body is a stub (`raise NotImplementedError`, `...`), to be overridden: the
                # annotation says something is returned, not None
                result = self._returned_values(func)
            elif any(isinstance(v, InstV) and _generic_kind(v.cls) == "iterator" for v in result):
                # `-> Iterator[bytes]` often returns a generator whose body switches as it is iterated
                result = _dedupe(result + self._returned_values(func))
        else:
            result = self._returned_values(func)
        return result

    def _returned_values(self, func: FunctionInfo) -> tuple:
        values: list = []
        for node in _own_returns(func):
            values.extend(self.eval(node.value, func.scope) if node.value is not None else ())
        if not values and _raises_not_implemented(func):
            # a stub never returns: a value of its call is an override's, unknown where it is stored
            # (`self._popen = self._Popen(self)` in multiprocessing's BaseProcess.start)
            return (UNKNOWN,)
        return _dedupe(values) or (ExtV("builtins.None"),)

    def _returns_self(self, func: FunctionInfo) -> bool:
        """Whether a method says `return self` (a builder's chained calls, a context manager's __enter__):
        called on a receiver, it returns that receiver, not any instance of the class defining it."""
        returns_self = self._self_returning.get(func)
        if returns_self is None:
            first = func.params[0] if func.params and func.kind == "method" else None
            returns_self = self._self_returning[func] = first is not None and any(
                isinstance(node.value, ast.Name) and node.value.id == first for node in _own_returns(func))
        return returns_self

    def _on_receiver(self, func: FunctionInfo, returned: tuple, receivers: tuple) -> tuple:
        """What a method that returns self (`_returns_self`) returns, called on `receivers`."""
        mine = [v for v in receivers if isinstance(v, InstV) and isinstance(v.cls, ClassInfo) and func.cls in self.mro(v.cls)]
        if not mine:
            return returned
        defining = InstV(func.cls, exact=False)
        return _dedupe((*(v for v in returned if v != defining), *mine))

    # -- expressions ----------------------------------------------------------------------------------

    def eval(self, node: ast.expr, scope: Scope) -> tuple:
        memo = self._memo.get(scope)
        if memo is None:
            memo = self._memo[scope] = {}
        cached = memo.get(node)  # by identity
        if cached is not None:  # _replayed, inline: the hottest path
            if cached is _UNDER_WAY:
                if self._rebinding and node.__class__ is ast.Name and self._rebinding_of(node.id, scope):
                    return self.lookup(node.id, scope, node)  # a name met again in its own binding (_rebound)
                if self._rebinding and self._asked_first(node):
                    return self._own_value(node, scope)
                self._cyclic = True
                return (UNKNOWN,)
            self.deps.update(cached[1])
            if len(cached) > 2:
                self._replay_notes(cached)
            return cached[0]
        if self.world.model is not self._model:
            self.note_model()
        memo[node] = _UNDER_WAY
        # whoever asks about a node of a watched body read that body already: the value is kept without its mark
        own_body = body_marks.name_of(scope.owner) if scope.__class__ is body_marks.WatchedScope else None
        return self._computed(memo, node, {scope.module_name}, self._eval, node, scope, own_body=own_body)

    # -- dependencies -----------------------------------------------------------------------------
    # `deps` collects the names of the modules whose code a computation read, so a cached
    # result (an operation list) can be reused exactly as long as none of them changed.

    def tracking(self):
        """Start collecting dependencies afresh; returns the set being filled."""
        self.deps = set()
        body_marks.reading(self)
        return self.deps

    def watch_cycles(self) -> bool:
        """Start noting afresh whether a computation meets a cycle guard; returns the earlier note, for `cycles_met`."""
        earlier, self._cyclic = self._cyclic, False
        return earlier

    def cycles_met(self, earlier: bool) -> bool:
        """Whether a cycle guard was met since `watch_cycles` returned `earlier` (a result that then depends
        on the order of evaluation); the note is carried on, as a memo entry's is."""
        met = self._cyclic
        self._cyclic = earlier or met
        return met

    def _memoised(self, table: dict, key, guard, compute, *args):
        """`compute(*args)`, kept in `table` under `key`; asked for again while it runs, `guard(*args)`."""
        cached = table.get(key)
        if cached is not None:
            return self._replayed(cached)
        kept = self._kept.get(id(table))
        if kept is not None:
            known = kept.get(key)
            if known is not None and self._still_read(known[1]):
                table[key] = known[0]
                return self._replayed(known[0])
        self.note_model()
        table[key] = (guard(*args), frozenset(), (), True)  # recursion guard: meeting it is meeting a cycle
        return self._computed(table, key, set(), compute, *args)

    def _computed(self, table: dict, key, deps: set, compute, *args, own_body: str | None = None):
        """`compute(*args)` for the memo entry `table[key]`, which holds a recursion guard meanwhile: kept there
        with the modules it read (from `deps` on, less the body mark `own_body`), the decorator applications it
        noted and whether it met a cycle guard (`_entry`); not kept where it raised (RecursionError) or met a
        rebinding under way."""
        outer, self.deps = self.deps, deps
        outer_cyclic, self._cyclic = self._cyclic, False
        outer_met, self._self_met = self._self_met, None
        logged = len(self.decorated_log)
        self._depth += 1
        try:
            result = compute(*args)
        except BaseException:  # RecursionError: nothing is kept
            table.pop(key, None)
            raise
        finally:
            self._depth -= 1
            deps, self.deps = self.deps, outer
            outer.update(deps)
            cyclic, self._cyclic = self._cyclic, outer_cyclic or self._cyclic
            met, self._self_met = self._self_met, outer_met
        if met is not None:  # holds inside a rebinding under way only (see _rebound): not kept
            del table[key]
            self._self_met = met if outer_met is None else outer_met | met
            return result
        if own_body is not None:
            deps.discard(own_body)
        entry = table[key] = self._entry(result, deps, self.notes_since(logged), cyclic)
        return entry[0]

    def _iterated_once(self, key, compute, *args) -> tuple:
        """`compute(*args)`, what iterating a display's `*x` element, spreading a `**m` or iterating a generator
        gives (`key` says which), kept in `_iterations`. Iterations asking for each other (`args = (*args, x)`,
        `a = [*b]; b = [*a]`, generators yielding from each other) form components (resolve/components.py), solved
        to their least fixpoint: each member takes the union of what they gathered, whatever the order they were
        asked in, so it is kept as any result is. What a member gathered before its component is done (nothing
        more, for one asked for again while it is under way) is only part of it: it goes straight into the
        iteration under way that asked for it (`_deferred`); where another computation under way takes it (a
        `yield`'s value, a call's result), that one meets a cycle: unknown, as eval's guard gives."""
        done = self._iterations.get(key)
        if done is not None:
            return self._replayed(done)
        components = self._components
        frame = components.under_way(key)
        if frame is not None:
            if components.revisit(frame, self._depth):
                self._deferred = True
                return ()
            self._cyclic = True
            return (UNKNOWN,)
        frame = components.begin(key, self._depth)
        outer, self.deps = self.deps, set()
        outer_cyclic, self._cyclic = self._cyclic, False
        outer_met, self._self_met = self._self_met, None
        outer_deferred, self._deferred = self._deferred, False
        logged = len(self.decorated_log)
        try:
            result = compute(*args)
        except BaseException:  # RecursionError: nothing is kept
            components.abandon(frame)
            self._deferred = outer_deferred
            raise
        finally:
            deps, self.deps = self.deps, outer
            outer.update(deps)
            cyclic, self._cyclic = self._cyclic, outer_cyclic or self._cyclic
            met, self._self_met = self._self_met, outer_met
        if met is not None:  # holds inside a rebinding under way only (see _rebound)
            self._self_met = met if outer_met is None else outer_met | met
        members = components.finish(frame, result)
        if members is None:  # its component's root gathers it
            if components.straight(frame):
                self._deferred = True
                return result
            self._deferred = outer_deferred
            self._cyclic = True
            return _dedupe((*result, UNKNOWN))
        self._deferred = outer_deferred
        if len(members) > 1:
            result = _dedupe(tuple(v for _, member in members for v in member.result))
        # the root's computation ran its members': what they read, noted and met is the root's
        entry = self._entry(result, deps, self.notes_since(logged), cyclic)
        if met is None:
            for member, _ in members:
                self._iterations[member] = entry
        return entry[0]

    def _entry(self, result, deps: set, logged: tuple, cyclic: bool) -> tuple:
        """A memo entry, made of the one tuple and frozenset equal to its result and modules read, and
        itself the one pair equal to it when it noted nothing and met no cycle guard: entries are many and
        most are alike (django: 298k entries, 84k distinct pairs of 42k results and 27k sets of modules;
        a set of one name takes 216 bytes)."""
        pool = self._pool
        deps = frozenset(deps)
        deps = pool.setdefault(deps, deps)
        if type(result) is not tuple:  # an MRO (a list)
            return (result, deps) if not (logged or cyclic) else (result, deps, logged, cyclic)
        result = pool.setdefault(result, result)
        if logged or cyclic:
            return (result, deps, logged, cyclic)
        entry = (result, deps)
        return self._pairs.setdefault(entry, entry)

    def _replayed(self, cached: tuple):
        """A memoised result, with what computing it had recorded: the modules it read, and the
        decorator applications it noted (so the collection that reuses it notes them too, as the
        collection that computed it did: the call graph's cache replays each function's own)."""
        self.deps.update(cached[1])
        if len(cached) > 2:
            self._replay_notes(cached)
        return cached[0]

    def _replay_notes(self, cached: tuple) -> None:
        for decorator, decorated in cached[2]:
            self.decorate(decorator, decorated)
        if cached[3]:
            self._cyclic = True

    def notes_since(self, start: int) -> tuple:
        """The decorator applications noted since the log had `start` entries, each once (see _notes)."""
        log = self.decorated_log
        return _notes(log, start) if len(log) != start else ()

    def _eval(self, node: ast.expr, scope: Scope) -> tuple:
        kind = type(node)
        if kind is ast.Name:
            values = self.lookup(node.id, scope, node)
            guarded = guards(node, scope)  # the type tests in force here (narrowing)
            if guarded is not None:
                values = self._narrowed(values, *guarded)
            dropped = dropped_guards(node, scope)
            if dropped:  # tests a later rebinding dropped, true here where nothing rebound in between
                bindings = scope.bindings.get(node.id, ())
                held = tuple(fact for fact in dropped if bound_before(node, scope, bindings, fact))
                if held:
                    values = self._narrowed(values, scope, held)
            return values
        if kind is ast.Attribute:
            return self.attribute(self.eval(node.value, scope), node.attr)
        if kind is ast.Call:
            return self.call_result(node, scope)
        if kind is ast.Constant:
            return _constant_values(node.value)
        if kind is ast.JoinedStr:
            return (InstV("builtins.str"),)
        if kind in (ast.List, ast.Tuple, ast.Set):
            return (ContainerV(tuple((e, scope) for e in node.elts), kind.__name__.lower()),)
        if kind is ast.Dict:
            return (ContainerV(tuple((v, scope) for v in node.values), "dict", keys=tuple((k, scope) for k in node.keys)),)
        if kind is ast.GeneratorExp:
            return (GenExpV(node, scope),)
        if kind in _COMPREHENSION_KINDS:  # its elements (a dict's values) are what its element is, in its own scope
            own = comprehension_scope(scope, node)
            if kind is ast.DictComp:
                return (ContainerV(((node.value, own),), "dict", True, keys=((node.key, own),)),)
            return (ContainerV(((node.elt, own),), _COMPREHENSION_KINDS[kind], True),)
        if kind is ast.Lambda:
            return (FuncV(self.lambda_function(node, scope)),)
        if kind is ast.Subscript:
            return self.indexed(self.eval(node.value, scope), node.slice)
        if kind is ast.IfExp:
            taken = scope.owner.module.decided.get(node)  # an arm the target never takes (Module.decided)
            if taken is not None:
                return self.eval(node.body if taken else node.orelse, scope)
            return _dedupe(self.eval(node.body, scope) + self.eval(node.orelse, scope))
        if kind is ast.BoolOp:
            return _dedupe(tuple(v for value in node.values for v in self.eval(value, scope)))
        if kind is ast.NamedExpr:
            return self.eval(node.value, scope)
        if kind is ast.UnaryOp and node.op.__class__ is ast.Not:  # `not x` is a bool, whatever x.__bool__ does
            return _BOOL
        if kind is ast.UnaryOp and _signed_number(node):  # -1: the number's own type
            return _constant_values(node.operand.value)
        if kind is ast.Compare and all(op.__class__ in _BOOL_COMPARISONS for op in node.ops):
            return _BOOL  # identity, and `in`, which makes a bool of what __contains__ returns
        if kind is ast.BinOp:
            return self._operated(node, scope)
        if kind is ast.Await:
            return (UNKNOWN,)
        if kind is ast.Starred:
            return self.eval(node.value, scope)
        return (UNKNOWN,)

    def _operated(self, node: ast.BinOp, scope: Scope) -> tuple:
        """What `a op b` gives where both operands are objects of builtin types (`known_returns.BINARY_RESULTS`:
        `args + (extra,)` is a tuple, `"=" * width` a str, `keys - seen` a set); unknown where either may be
        anything else, whose dunders (or a builtin subclass's reflected one) may return anything."""
        table = BINARY_RESULTS.get(node.op.__class__.__name__)
        if table is None:
            return (UNKNOWN,)
        lefts = _builtin_kinds(self.eval(node.left, scope))
        rights = _builtin_kinds(self.eval(node.right, scope)) if lefts else None
        if not rights:
            return (UNKNOWN,)
        results = []
        for left in lefts:
            for right in rights:
                result = table.get((left, right))
                if result is None:
                    return (UNKNOWN,)
                results.append(result)
        return tuple(InstV(f"builtins.{result}") for result in sorted(set(results)))

    def lambda_function(self, node: ast.Lambda, scope: Scope) -> FunctionInfo:
        """One FunctionInfo per lambda node, kept in `lambdas` (which a workspace keeps across runs)."""
        func = self.lambdas.get(node)
        if func is None:
            owner = scope.owner
            prefix = owner.qualname if owner is not None else "<lambda>"
            module = owner.module if owner is not None else None
            func = make_lambda(node, scope, module, prefix)
            self.lambdas[node] = func
        return func

    def annotation(self, node: ast.expr, scope: Scope) -> tuple:
        """Instances of the class an annotation names (Optional/unions unpacked)."""
        node = _written_out(node)
        if node is None:
            return (UNKNOWN,)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return _dedupe(self.annotation(node.left, scope) + self.annotation(node.right, scope))
        if isinstance(node, ast.Subscript):
            base = annotation_name(node)
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if base in ("Type", "type"):  # the class, or (as any annotation) one of its subclasses
                return _dedupe(tuple(ClassV(v.cls, exact=False) if isinstance(v, InstV) else UNKNOWN
                                     for v in self.annotation(parts[0], scope)))
            if base in ("Optional", "Union", "Annotated", "Final", "ClassVar"):
                if base in ("Annotated", "Final", "ClassVar"):
                    parts = parts[:1]
                return _dedupe(tuple(v for p in parts for v in self.annotation(p, scope)))
            args = tuple(self.annotation(p, scope) if not isinstance(p, (ast.List, ast.Constant)) or isinstance(getattr(p, "value", None), str) else (UNKNOWN,) for p in parts)
            return tuple(
                InstV(v.cls, v.exact, args) if isinstance(v, InstV) else v for v in self.annotation(node.value, scope)
            )
        if isinstance(node, ast.Constant) and node.value is None:
            return (ExtV("builtins.None"),)
        return self._instances(self.eval(node, scope), node)

    def _declares_nothing(self, declared, scope: Scope) -> bool:
        """Whether a declaration among `declared` (annotation bindings) names no class the engine reads:
        typing's abstract `Mapping[str, int]`, `Sequence[T]`, `Iterable` (a class may be one without inheriting
        it), `Any`, a type variable. Not one naming a function (`lock: RLock`, threading's factory function),
        whose instances are what it makes."""
        for binding in declared:
            node = binding[1]
            if UNKNOWN not in self.annotation(node, scope):
                continue
            node = _written_out(node)
            if node is None:
                return True
            while isinstance(node, ast.Subscript):
                node = node.value
            if not any(isinstance(v, FuncV) for v in self.eval(node, scope)):
                return True
        return False

    def _instances(self, classes: tuple, node: ast.expr) -> tuple:
        """The instances the values an annotation evaluated to stand for."""
        values = []
        for value in classes:
            if isinstance(value, InstV) and not isinstance(value.cls, str) and value.cls.module.name == "typing":
                alias = TYPING_ALIASES.get(annotation_name(node))  # `List`: an instance of typing's _SpecialGenericAlias
                if alias is not None:
                    module, name = alias
                    values.extend(self._instances(
                        _BUILTIN_VALUES[name] if module == "builtins" else self.module_member(module, name), node))
            elif isinstance(value, ClassV) and (self._is_protocol(value.cls) or _qualname(value.cls) in _ANY):
                values.append(UNKNOWN)  # structural, or no information at all (Any is a class from 3.11 on)
            elif isinstance(value, ClassV):
                values.append(InstV(value.cls, exact=False))
            elif isinstance(value, ExtV):  # a factory such as threading.Lock = _thread.allocate_lock
                made = self._made_by(self.world.model.canonical(value.qualname))
                values.append(InstV(made or value.qualname, exact=False))
        return _dedupe(values) or (UNKNOWN,)

    def _is_protocol(self, cls) -> bool:
        if not isinstance(cls, ClassInfo):
            return cls.rpartition(".")[2] == "Protocol"
        return any(_qualname(base).rpartition(".")[2] == "Protocol" and _qualname(base).startswith(("typing", "typing_extensions"))
                   for base in self.mro(cls)[1:])

    # -- narrowing: the type tests in force where a name is read (resolve/narrowing.py) ------------------
    # Where `isinstance(x, C)` held, `x` is an instance of C or of a subclass: values of other classes drop
    # out, and an unknown one becomes "C or a subclass". Only where the test is understood: the callee is the
    # builtin, each class a class with source whose metaclass is `type` all along its MRO (ABCMeta's
    # `register` and `__subclasshook__`, or any `__instancecheck__`, answer otherwise) or a builtin type.
    # A value is dropped only where its class's MRO is known to its end (no unresolved or modelled base).

    def _narrowed(self, values: tuple, root: Scope, facts: tuple) -> tuple:
        """`values` of a name read where each of `facts` held (narrowing.guards), evaluated in `root`."""
        for kind, classes, positive, callee in facts:
            if callee is not None and self.eval(callee, root) != _BUILTIN_VALUES[callee.id]:
                continue  # a local `isinstance`, or a `type` that is not the builtin
            tested = self._tested_classes(classes, root, single=not positive, plain=kind != "type")
            if not tested:
                continue
            if kind == "isinstance":
                values = self._instance_tested(values, tested, positive)
            elif kind == "issubclass":
                if all(isinstance(cls, ClassInfo) for cls, _ in tested):
                    values = self._subclass_tested(values, tested, positive)
            else:
                values = self._type_tested(values, tested, positive)
        return values

    def _tested_classes(self, classes: tuple, root: Scope, single: bool, plain: bool) -> list | None:
        """(class, exact) of each class a test names (a tuple's elements too), or None where one is not a class
        the test can be read for. `single`: each expression must be one class (a negated test says nothing of
        one of several), exactly it (not `type[T]`, some subclass of T)."""
        tested: list = []
        pending = [(node, root) for node in classes]
        while pending:
            node, scope = pending.pop()
            if not self._names_a_class_for_good(node, scope):
                return None
            values = self.eval(node, scope)
            if single and len(values) != 1:
                return None
            for value in values:
                if value.__class__ is ContainerV and value.kind == "tuple" and not value.each and len(pending) < 64:
                    pending.extend(value.elements)
                    continue
                if value.__class__ is ClassV and isinstance(value.cls, ClassInfo):
                    if (single and not value.exact) or (plain and not self._plain_class(value.cls)):
                        return None
                    tested.append((value.cls, value.exact))
                elif value.__class__ is ExtV and value.qualname in _NARROWING_BUILTINS:
                    tested.append((value.qualname, True))
                else:
                    return None
        return tested

    def _names_a_class_for_good(self, node: ast.expr, scope: Scope) -> bool:
        """Whether `node` names what a module binds (a global, an import, `module.Class`, a builtin): not a local
        variable nor an attribute of an object or class, whose value may be a subclass's (`self.handler_class`
        is looked up along the class's MRO, never below it: a subclass setting it is not what it says)."""
        if node.__class__ is ast.Attribute:
            values = self.eval(node.value, scope)
            return bool(values) and all(value.__class__ is ModuleV for value in values)
        if node.__class__ is not ast.Name:
            return False
        current: Scope | None = scope
        while current is not None:
            bindings = current.bindings.get(node.id)
            if bindings:
                return current.kind == "module" or all(binding[0] in ("class", "from", "module") for binding in bindings)
            if current.kind == "module":
                break
            current = current.parent
        return True  # a builtin, or a star import's

    def _plain_class(self, cls: ClassInfo) -> bool:
        """Whether `isinstance` against `cls` is plain inheritance: no metaclass along its known MRO."""
        ancestry = self._ancestry(cls)
        return ancestry is not None and "builtins.type" not in ancestry and not any(
            isinstance(c, ClassInfo) and c.metaclass is not None for c in ancestry)

    def _ancestry(self, cls: ClassInfo) -> list | None:
        """The MRO of `cls` where every base of every class in it is a class with source or a builtin type."""
        mro = self.mro(cls)
        for owner in mro:
            if not isinstance(owner, ClassInfo):
                if owner not in _NARROWING_BUILTINS and owner != "builtins.object":
                    return None
                continue
            for base in owner.bases:
                for value in self.eval(base_class(base), owner.statement_scope):
                    if not (value.__class__ is ClassV and value.exact and isinstance(value.cls, ClassInfo)) and not (
                            value.__class__ is ExtV and (value.qualname in _NARROWING_BUILTINS
                                                         or value.qualname == "builtins.object")):
                        return None
        return mro

    def _derives(self, sub, sup) -> bool | None:
        """Whether class `sub` is `sup` or a subclass of it (either with source or a builtin's qualname); None:
        not known (a base unresolved or of a modelled package)."""
        if sub is sup or sub == sup:
            return True
        if isinstance(sup, str) and sup not in _NARROWING_BUILTINS:
            return None
        if isinstance(sub, str):
            if sub not in _NARROWING_BUILTINS:
                return None
            return isinstance(sup, str) and issubclass(_NARROWING_BUILTINS[sub], _NARROWING_BUILTINS[sup])
        ancestry = self._ancestry(sub)
        if ancestry is None:
            return None
        if isinstance(sup, ClassInfo):
            return sup in ancestry
        return any(isinstance(c, str) and issubclass(_NARROWING_BUILTINS.get(c, object), _NARROWING_BUILTINS[sup])
                   for c in ancestry if c != "builtins.object")

    def _surely_derives(self, sub, sup) -> bool:
        """Whether class `sub` is `sup` or a subclass of it along bases that each name one class."""
        if sub is sup or sub == sup:
            return True
        if isinstance(sub, str):
            return sub in _NARROWING_BUILTINS and isinstance(sup, str) and issubclass(
                _NARROWING_BUILTINS[sub], _NARROWING_BUILTINS[sup])
        pending, seen = [sub], set()
        while pending:
            cls = pending.pop()
            if cls in seen:
                continue
            seen.add(cls)
            for base in cls.bases:
                values = self.eval(base_class(base), cls.statement_scope)
                if len(values) != 1:
                    continue
                value = values[0]
                if value.__class__ is ClassV and value.exact and isinstance(value.cls, ClassInfo):
                    if value.cls is sup:
                        return True
                    pending.append(value.cls)
                elif value.__class__ is ExtV and value.qualname in _NARROWING_BUILTINS and isinstance(sup, str):
                    if issubclass(_NARROWING_BUILTINS[value.qualname], _NARROWING_BUILTINS[sup]):
                        return True
        return False

    def _lies_about_class(self, cls) -> bool:
        """Whether instances of `cls` may answer `isinstance` for another class (`__class__` redefined)."""
        return isinstance(cls, ClassInfo) and any(
            isinstance(c, ClassInfo) and ("__class__" in c.scope.bindings or "__getattribute__" in c.scope.bindings)
            for c in self.mro(cls))

    def _instance_tested(self, values: tuple, tested: list, positive: bool) -> tuple:
        """Where `isinstance` against `tested` passed (`positive`) or failed. An unknown value becomes an
        instance of a tested class or a subclass, a builtin type's too (`InstV.subclassed`: dict's methods and,
        possibly, the overrides of source subclasses, see `overridable`); an instance of
        a source class that may derive from a tested builtin type (an IODict) is kept as it was."""
        if not positive:  # not an instance of any: drop what surely is one
            kept = tuple(v for v in values if not (v.__class__ is InstV and any(
                self._surely_derives(v.cls, cls) for cls, _ in tested)))
            return kept or values
        narrowed: list = []
        for value in values:
            if value is UNKNOWN or value.__class__ is ParamV:
                # "C or a subclass"; for a builtin type, its own methods and those a source subclass overrides
                # them with (`overridable`: a SlowDict's __getitem__ under `isinstance(table, dict)`)
                narrowed.extend(_narrowed_to(cls) for cls, _ in tested)
            elif value.__class__ is InstV:
                narrowed.extend(self._instance_meets(value, tested))
            elif not (value.__class__ is ExtV and value.qualname == "builtins.None"):
                narrowed.append(value)  # a function, module, container...: left as it was
        if not narrowed:  # no value passes: the values say the branch never runs; the test says it may
            return tuple(_narrowed_to(cls) for cls, _ in tested)
        return _dedupe(narrowed)

    def _instance_meets(self, value: InstV, tested: list) -> list:
        """What of instance `value` may be an instance of one of the `tested` classes."""
        met: list = []
        for cls, _ in tested:
            below = self._derives(value.cls, cls)
            if value.exact:
                if below is not False or self._lies_about_class(value.cls):
                    met.append(value)
            elif below is True or isinstance(cls, str):
                met.append(value)
            elif self._derives(cls, value.cls) is True:
                met.append(InstV(cls, exact=False))
            else:  # unrelated: a class may derive from both (or the relation is not known)
                met.extend((value, InstV(cls, exact=False)))
        return met

    def _subclass_tested(self, values: tuple, tested: list, positive: bool) -> tuple:
        if not positive:
            kept = tuple(v for v in values if not (v.__class__ is ClassV and any(
                self._surely_derives(v.cls, cls) for cls, _ in tested)))
            return kept or values
        narrowed: list = []
        for value in values:
            if value is UNKNOWN or value.__class__ is ParamV:
                narrowed.extend(ClassV(cls, exact=False) for cls, _ in tested)
            elif value.__class__ is ClassV:
                for cls, _ in tested:
                    below = self._derives(value.cls, cls)
                    if value.exact:
                        if below is not False:
                            narrowed.append(value)
                    elif below is True:
                        narrowed.append(value)
                    elif self._derives(cls, value.cls) is True:
                        narrowed.append(ClassV(cls, exact=False))
                    else:
                        narrowed.extend((value, ClassV(cls, exact=False)))
            else:
                narrowed.append(value)
        return _dedupe(narrowed) or tuple(ClassV(cls, exact=False) for cls, _ in tested)

    def _type_tested(self, values: tuple, tested: list, positive: bool) -> tuple:
        """`type(x) is C`: x's class is C itself (`type[T]`: some subclass of T); no `__class__` is asked."""
        if not positive:
            kept = tuple(v for v in values if not (v.__class__ is InstV and v.exact and any(
                v.cls is cls or v.cls == cls for cls, _ in tested)))
            return kept or values
        narrowed: list = []
        for value in values:
            if value is UNKNOWN or value.__class__ is ParamV:
                narrowed.extend(InstV(cls, exact) for cls, exact in tested)
            elif value.__class__ is InstV:
                if isinstance(value.cls, str) and value.cls not in _NARROWING_BUILTINS:
                    narrowed.append(value)  # a modelled class: a patched module's name may be it
                    continue
                for cls, exact in tested:
                    if value.exact:
                        if value.cls is cls or value.cls == cls or (not exact and self._derives(value.cls, cls) is not False):
                            narrowed.append(value)
                    elif self._derives(cls, value.cls) is not False:
                        narrowed.append(InstV(cls, exact))
                    elif not exact and self._derives(value.cls, cls) is not False:
                        narrowed.append(value)
            elif not (value.__class__ is ExtV and value.qualname == "builtins.None"):
                narrowed.append(value)
        return _dedupe(narrowed) or tuple(InstV(cls, exact) for cls, exact in tested)

    # -- operations on values ---------------------------------------------------------------------------

    def attribute(self, values: tuple, attr: str) -> tuple:
        result: list = []
        raises = False
        for value in values:
            found = self._attribute(value, attr)
            if found is _RAISES:
                raises = True
            else:
                result.extend(found)
        # reading it raises AttributeError on every value: no value (calling it calls nothing)
        return _dedupe(result) or (() if raises else (UNKNOWN,))

    def _attribute(self, value, attr: str) -> tuple:
        if attr in OBJECT_ATTRIBUTES:
            return (InstV(f"builtins.{OBJECT_ATTRIBUTES[attr]}"),)
        if attr == "__class__" and isinstance(value, InstV):  # as type(x): its class, or a subclass of it
            return (ClassV(value.cls, value.exact),)
        if isinstance(value, ModuleV):
            return self.module_member(value.name, attr)
        if isinstance(value, ExtV):
            if value.qualname == "builtins.None" and not hasattr(None, attr):
                return _RAISES  # `x.split()` where x is a str or what a function without a value returns
            if value.qualname.startswith("builtins."):  # attributes of builtin objects never switch
                return (ExtV(f"{value.qualname}.{attr}"),)
            return (self._external(f"{value.qualname}.{attr}"),)
        if isinstance(value, (InstV, ClassV)):
            if value.cls == "builtins.NoneType" and not hasattr(None, attr):
                # raises AttributeError: no value (a class attribute that is None until the module sets
                # it, `SSLContext.sslsocket_class`, then called nothing of unknown class there)
                return ()
            if value.__class__ is InstV and value.exact and not value.subclassed and _lacks(value.cls, attr):
                return _RAISES  # `first.items()` where first is a dict or `()`: the tuple raises
            return self.member(value, attr)
        if isinstance(value, SuperV):
            return self.member(InstV(value.cls, exact=False), attr, skip_first=True)
        if isinstance(value, (ParamV, _Unknown, DispatchV)) or value is UNKNOWN:
            return self._dispatched(attr)
        if isinstance(value, ContainerV):
            if _lacks(f"builtins.{value.kind}", attr):
                return _RAISES
            return (ExtV(f"builtins.{value.kind}.{attr}"),)
        if isinstance(value, (FuncV, CtxV, PartialV, AccessorV, PrefixedV)):
            return (ExtV(f"builtins.function.{attr}"),)  # a function's attributes never switch
        if isinstance(value, (GenV, GenExpV)):  # send/throw resume its body (see implicit_calls.GENERATOR_STEPS)
            return (ExtV(f"builtins.generator.{attr}"),)
        return (UNKNOWN,)

    def member(self, value, attr: str, skip_first: bool = False) -> tuple:
        """Look `attr` up along the MRO of an instance's or a class's class."""
        cls = value.cls
        on_instance = isinstance(value, InstV)
        if isinstance(cls, str):
            if on_instance and cls.startswith(_RECORD) and attr in _record_fields(cls):  # a namedtuple's field
                return value.args[_record_fields(cls).index(attr)] if value.args else (UNKNOWN,)
            if on_instance and value.args and cls in IO_WRAPPERS:
                return _dedupe(self._external_member(cls, attr, on_instance) + self._wrapped_file(value, attr))
            return self._external_member(cls, attr, on_instance)
        mro = self.mro(cls)
        self.deps.update(self._modules_of(cls, mro))
        if skip_first:
            mro = mro[1:]
        assigned_too: list = []  # what the methods of the class whose body binds `attr` assign to it
        if on_instance:
            for owner in mro:
                if isinstance(owner, ClassInfo) and attr in owner.instance_attrs and attr not in owner.scope.bindings:
                    values = []
                    assigned = assigned_on_instances(owner, attr)
                    declared = [(b, m) for b, m in assigned if b[0] == "annotation"]
                    if declared and len(declared) < len(assigned) and any(
                            self._declares_nothing((b,), m.scope) for b, m in declared):
                        declared = []  # `self.x: Sequence[str] = []`: what is assigned, as undeclared
                        assigned = [(b, m) for b, m in assigned if b[0] != "annotation"]
                    for binding, method in declared or assigned:
                        values.extend(self.binding_values(binding, method.scope))
                    if not declared and _only_none(b for b, _ in assigned):
                        values.extend(self._stored(value, attr, mro))
                    return self._with_held_stores(_dedupe(values), value, attr, mro) or (UNKNOWN,)
                if isinstance(owner, ClassInfo) and attr in owner.scope.bindings:
                    # a class attribute its own methods assign over (`_threads = _NoThreads()` in the body,
                    # `vars(self).setdefault('_threads', _Threads())` in socketserver's ThreadingMixIn): both
                    # (not over a method or property, where `self.x = v` calls its setter, nor over a declared
                    # type, which wins over assignments)
                    if all(b[0] not in ("def", "annotation") for b in owner.scope.bindings[attr]):
                        for binding, method in assigned_on_instances(owner, attr):
                            if binding[0] != "annotation":  # (what is unknown adds nothing to the body's value)
                                assigned_too.extend(v for v in self.binding_values(binding, method.scope) if v is not UNKNOWN)
                    break
        for owner in mro:
            if isinstance(owner, str):
                return self._external_member(owner, attr, on_instance)
            bindings = owner.scope.bindings.get(attr)
            if not bindings:
                continue
            values = []
            stored = self._stored(value, attr, mro) if on_instance and _only_none(bindings) else ()
            # `raw = None` or `raw: Any` in the body (requests' Response), the object set by others: a
            # declared Any says nothing, so once stores are seen it adds nothing either
            values.extend(stored)
            for binding in bindings:
                if stored and binding[0] == "annotation":
                    continue
                if binding[0] == "annotation" and on_instance:
                    declared = self.annotation(binding[1], owner.scope)
                    if self._declares_nothing((binding,), owner.scope):
                        # `_strings: MutableMapping[str, str]` says nothing: what the class's methods (or its
                        # body) assign stands for it where they assign it
                        instead = [v for b, m in assigned_on_instances(owner, attr) if b[0] != "annotation"
                                   for v in self.binding_values(b, m.scope)]
                        if instead or len(bindings) > 1:
                            declared = tuple(v for v in declared if v is not UNKNOWN) + tuple(instead)
                    values.extend(declared)
                    continue
                for found in self.binding_values(binding, owner.scope):
                    if isinstance(found, FuncV) and found.binding == "property" and on_instance:
                        values.extend(self.returns(found.func))
                    elif isinstance(found, FuncV) and found.binding in _OVERRIDABLE:
                        found_binding = "method" if on_instance and found.binding == "function" else found.binding
                        override = None if value.exact else (cls, attr)
                        if found_binding != found.binding or override is not None:
                            found = FuncV(found.func, found.wrapper, found_binding, override)
                        values.append(found)
                    else:
                        values.append(found)
            values.extend(assigned_too)
            # (what the class body binds holds, read through an instance or the class, what is stored into it)
            return self._with_held_stores(_dedupe(values), value, attr, mro) or (UNKNOWN,)
        if hasattr(object, attr):  # object's own methods (__new__, __init__, __setattr__...) at the end of every MRO
            return (ExtV(f"builtins.object.{attr}"),)
        # not defined where we can see (a subclass, __getattr__, setattr at run time): any method of that
        # name, next to what other code stores in it and what the class's __getattr__ returns (xmlrpc's
        # ServerProxy makes a _Method, called by its __call__: `proxy.system.multicall(...)`)
        found = (*self._stored(value, attr, mro), *self._getattr_returns(mro)) if on_instance else ()
        return (*_dedupe(found), DispatchV(attr)) if found else (DispatchV(attr),)

    def _getattr_returns(self, mro: list) -> tuple:
        """What the `__getattr__` a class defines returns, an unknown value included: DispatchV stands for any
        method of the name, not for any value (gunicorn's `Config.__getattr__` hands out its settings'
        values, `self.cfg.when_ready(self)` calls a hook of any name: an unknown callable)."""
        for owner in mro:
            if isinstance(owner, str):
                return ()
            for binding in owner.scope.bindings.get("__getattr__", ()):
                if binding[0] == "def":
                    return self.returns(binding[1])
            if "__getattr__" in owner.scope.bindings:
                return ()
        return ()

    def _wrapped_file(self, value: InstV, attr: str) -> tuple:
        """The methods of the object a C file was made with (`io.BufferedReader(raw)`) that its method `attr`
        calls: `readline` reads through `raw.readinto`. Only of objects of classes known here (one of unknown
        class would make every `readline` any `readinto` in the world)."""
        reading, writing = IO_WRAPPERS[value.cls]
        found: list = []
        for position, names in ((reading, IO_READING_METHODS), (writing, IO_WRITING_METHODS)):
            if position is None or attr not in names or position >= len(value.args):
                continue
            for wrapped in value.args[position]:
                if isinstance(wrapped, InstV) and not isinstance(wrapped.cls, str) or (
                        isinstance(wrapped, InstV) and wrapped.cls in IO_WRAPPERS):
                    for name in names[attr]:
                        found.extend(v for v in self.attribute((wrapped,), name) if isinstance(v, (FuncV, ExtV)))
        return tuple(found)

    def _stored(self, value: InstV, attr: str, mro: list) -> tuple:
        """What other code than the class's own methods stores in the attribute `attr` of an object that may be
        `value` (`response.raw = resp` in requests' HTTPAdapter.build_response, where `Response.__init__` says
        `self.raw = None`), evaluated where it is written. Asked only of attributes the class leaves to
        others (it sets them to None, or not at all): the first pass knows no stores and marks the read
        ("§@raw"), so that the second pass, which knows those of the first pass's graph, collects again what
        read it (CallGraph._outside_stores)."""
        self.deps.add(stored_key(attr))
        stores = self.stored.get(attr)
        if not stores:
            return ()
        values: list = []
        for func, binding, receivers in stores:
            if any(self._may_be_same(value, mro, cls, exact) for cls, exact in receivers):
                values.extend(self.binding_values(binding, func.scope))
        return tuple(values)

    def _with_held_stores(self, values: tuple, value: InstV | ClassV, attr: str, mro: list) -> tuple:
        """`values`, what an attribute of the object `value` holds, with what code stores into the dicts, lists and
        sets among them through the attribute, as a name's stores join what it holds (_bound_values); a store not
        followed adds an unknown value. The methods of its class's MRO on their own `self` or `cls` (`self._d["b"] =
        Waiter()`, `cls.registry[k] = v`: `ClassInfo.held_stores`, read as assignments on instances are), and
        other code on objects that may be this one (`holder.items.append(v)`: among the attribute stores the
        second pass knows, read as those of `_stored` are). `value` may be the class, for a container its body
        binds (`Registry.handlers`)."""
        if not any(_storable(v) for v in values):
            return values
        name = held_name(attr)
        self.deps.add(stored_key(name))
        stores = [(func, binding) for func, binding, receivers in self.stored.get(name, ())
                  if any(self._may_be_same(value, mro, cls, exact) for cls, exact in receivers)]
        for owner in mro:
            if isinstance(owner, ClassInfo) and attr in owner.held_stores:
                for binding, method in owner.held_stores[attr]:
                    body_marks.read(method)
                    stores.append((method, binding))
        if not stores:
            return values
        held = Stores()
        for func, (_, _, adds) in stores:
            if adds is None:
                held.escapes = True
            else:
                add_to(held, adds, func.scope)
        return _dedupe(tuple(self._with_stores(v, held, held.escapes, False) for v in values))

    def _may_be_same(self, value: InstV, mro: list, cls: ClassInfo, exact: bool) -> bool:
        """Whether an instance of `cls` (exactly, or of it or a subclass) may be the object `value` is, whose
        class's MRO is `mro`."""
        if cls is value.cls:
            return True
        if not exact and cls in mro:  # a store on a base class's objects
            return True
        return not value.exact and value.cls in self.mro(cls)  # a store on a subclass's objects

    def _dispatched(self, attr: str) -> tuple:
        """(DispatchV(attr),), one per name: values are immutable, and equal ones compare faster when they are one."""
        values = self._dispatch_values.get(attr)
        if values is None:
            values = self._dispatch_values[attr] = (DispatchV(attr),)
        return values

    def _modules_of(self, cls: ClassInfo, mro: list) -> frozenset:
        """The modules of the classes of `cls`'s MRO, kept with that MRO (a guard's stand-in is another list)."""
        kept = self._mro_modules.get(cls)
        if kept is None or kept[0] is not mro:
            kept = self._mro_modules[cls] = (mro, frozenset(o.scope.module_name for o in mro if isinstance(o, ClassInfo)))
        return kept[1]

    def _external_member(self, cls: str, attr: str, on_instance: bool) -> tuple:
        if on_instance and cls.startswith(_RECORD) and attr in _record_fields(cls):
            return (UNKNOWN,)  # a field of an instance of a subclass, whose construction is not followed
        model = self.world.model
        qualname = f"{model.canonical(cls)}.{attr}"
        held = model.attributes.get(qualname)
        if held and on_instance:  # an attribute holding an object, such as greenlet.parent
            return (InstV(held),)
        found = self._modelled_method(model.canonical(cls), attr)
        return (ExtV(found or qualname),)

    # the model's tables that configuring it changes are read through these (see note_model)

    def _made_by(self, factory: str) -> str | None:
        """The class of what the modelled function `factory` (canonical name) returns."""
        self._model_questions.add(("returns", factory))
        return self.world.model.returns.get(factory)

    def _modelled_method(self, cls: str, name: str) -> str | None:
        self._model_questions.add(("method", cls, name))
        return self.world.model.lookup_method(cls, name)

    def mro(self, cls: ClassInfo) -> list:
        """C3 linearisation over source classes; modelled or unresolved bases end it."""
        cached = self._mro.get(cls)
        if cached is not None:  # asked for at every attribute and dunder: the memo first, directly
            return self._replayed(cached)
        return self._memoised(self._mro, cls, _class_alone, self._mro_tracked, cls)

    # -- results across runs ------------------------------------------------------------------------
    # A workspace's next run recomputes MROs, return values and module members (an edit makes a new
    # world), most of them from modules that did not change: django's subclass index alone asks for 5k
    # MROs. A result that met no cycle guard, noted no decorator and read no parameter is a function of
    # the modules it read, so it holds in any world where those are the same objects, under the same
    # model (the caller's part). Expressions' results are not kept: they are many and cheap.

    def _kept_tables(self) -> tuple:
        return (self._mro, self._returns, self._members)

    def adopt(self, kept: tuple) -> None:
        """Use results an earlier run kept (`to_keep`) where the modules they read are unchanged."""
        self._kept = {id(table): known for table, known in zip(self._kept_tables(), kept)}

    def drop_pools(self) -> None:
        """Forget the one-of-each pools of memo entries (`_entry`), for a run whose graph is solved and that never
        runs again: what the rules still compute is pooled afresh, equal entries no longer the same tuple as
        those made growing the graph (nothing reads them by identity). The pools were 11 MB of django's run."""
        self._pool, self._pairs = {}, {}

    def to_keep(self) -> tuple:
        """Per kept table, key -> (memo entry, (module name, module) read) of the results this run
        computed or took, and of those kept earlier that still hold, that a later run may take."""
        modules = self.world.modules
        kept = []
        for table in self._kept_tables():
            earlier, now = self._kept.get(id(table), {}), {}
            for key, entry in table.items():
                known = earlier.get(key)
                if known is not None and known[0] is entry:
                    now[key] = known
                elif len(entry) == 2 and not any(name[0] == "§" or name not in modules for name in entry[1]):
                    now[key] = (entry, tuple((name, modules[name]) for name in entry[1]))
            for key, known in earlier.items():  # not asked this time (most, after an edit): kept while they hold
                if key not in table and self._still_read(known[1], load=False):
                    now[key] = known
            kept.append(now)
        return tuple(kept)

    def _still_read(self, marks: tuple, load: bool = True) -> bool:
        """Whether every module a kept result read is still the same object, looking at those not loaded
        yet without loading them (World.peek); if so and `load`, those are loaded, as computing it would."""
        world = self.world
        modules = world.modules
        unloaded = []
        for name, module in marks:
            current = modules.get(name, _NOT_ASKED)
            if current is _NOT_ASKED:
                current = world.peek(name)
                unloaded.append(name)
            if current is not module:
                return False
        for name in unloaded if load else ():
            world.module(name)
        return True

    def _mro_tracked(self, cls: ClassInfo) -> list:
        self.deps.add(cls.scope.module_name)
        sequences = []
        for base in cls.bases:
            for value in self.eval(base_class(base), cls.statement_scope):
                if isinstance(value, ClassV):
                    base_cls = value.cls
                    sequences.append(self.mro(base_cls) if isinstance(base_cls, ClassInfo) else [base_cls])
                elif isinstance(value, ExtV) and not value.qualname.startswith("builtins."):
                    sequences.append([value.qualname])
                elif isinstance(value, ExtV):
                    sequences.append([value.qualname])
        return [cls] + _c3_merge([list(s) for s in sequences] + [[s[0] for s in sequences if s]])

    def call_result(self, node: ast.Call, scope: Scope) -> tuple:
        callee = self.eval(node.func, scope)
        if not callee and node.func.__class__ is ast.Attribute:
            return ()  # a method no value of the receiver has (`().keys()`): the call raises, no value
        values: list = []
        for value in callee:
            if isinstance(value, ClassV) and _qualname(value.cls) == "functools.partial":
                values.extend(self._external_call("functools.partial", node, scope))
            elif isinstance(value, ClassV) and value.cls.__class__ is str and value.cls.startswith(_RECORD):
                values.append(self._record_made(value.cls, node, scope))
            elif isinstance(value, ClassV):
                wrapping = self.world.model.proxy_wrapping.get(value.cls) if value.cls.__class__ is str else None
                values.append(self._proxy(value.cls, wrapping, node, scope) if wrapping else InstV(value.cls, value.exact))
            elif isinstance(value, FuncV):
                if value.binding == "contextmanager":
                    values.append(CtxV(value.func))
                elif value.func.qualname in IDENTITY_FUNCTIONS and value.wrapper is None:
                    values.extend(self._returned_argument(node, IDENTITY_FUNCTIONS[value.func.qualname], scope) or (UNKNOWN,))
                elif value.func.qualname in RECORD_FACTORIES and value.wrapper is None:
                    values.extend(self._record_class(node, RECORD_FACTORIES[value.func.qualname]) or self.returns(value.func))
                elif value.binding == "method" and isinstance(node.func, ast.Attribute) and self._returns_self(value.func):
                    # the receiver evaluated only then: evaluating every call's receiver costs memory
                    values.extend(self._on_receiver(value.func, self.returns(value.func), self.eval(node.func.value, scope)))
                else:
                    returned = self.returns(value.func)
                    if value.wrapper is None and any(v.__class__ is ParamV and v.func is value.func for v in returned):
                        returned = self._returned_parameters(returned, value, node, scope)
                    values.extend(returned)
            elif isinstance(value, ExtV) and value.qualname in DICT_VIEWS and node.func.__class__ is ast.Attribute:
                values.extend(self._dict_view(value.qualname, self.eval(node.func.value, scope)))
            elif isinstance(value, ExtV) and value.qualname in DICT_LOOKUPS and node.func.__class__ is ast.Attribute:
                values.extend(self._looked_up(node, scope))
            elif isinstance(value, ExtV) and value.qualname in ELEMENT_TAKING_METHODS and node.func.__class__ is ast.Attribute:
                values.extend(self._taken(self.eval(node.func.value, scope)))
            elif isinstance(value, ExtV):
                values.extend(self._external_call(value.qualname, node, scope))
            elif isinstance(value, DispatchV) and value.name in RETURNED_ARGUMENTS_BY_NAME:
                values.append(UNKNOWN)
                values.extend(self._returned_argument(node, RETURNED_ARGUMENTS_BY_NAME[value.name], scope))
            elif isinstance(value, AccessorV):
                values.extend(self._accessed(value, node, scope))
            elif (isinstance(value, InstV) and value.cls == "builtins.NoneType") or (
                    isinstance(value, ExtV) and value.qualname == "builtins.None"):
                pass  # raises TypeError (threading.RLock's `_CRLock = None` when _thread has none): no value
            elif isinstance(value, InstV) and value.cls in CALLED_C_OBJECTS:  # json's C encoder and scanner
                values.extend(InstV(cls) for cls in CALLED_C_OBJECTS[value.cls])
            elif isinstance(value, InstV) and value.args and value.cls in self.world.model.proxy_wrapping:
                values.extend(self._proxied((value,), value.cls, "__call__"))  # a proxy called: its __call__
            elif isinstance(value, ParamV) and node.func.__class__ is ast.Attribute:
                # a callable stored from a parameter, called through an attribute (`self.chunks(1)`, the
                # constructor given `chunks`): what the functions callers pass for it return, in the second
                # pass (CallGraph.refine_with_arguments), next to what other callers may pass
                values.append(UNKNOWN)
                for passed in self.passed_callables(value):
                    if isinstance(passed, FuncV) and passed.binding in _CALLED_BINDINGS and passed.wrapper is None:
                        values.extend(self.returns(passed.func))
            else:  # a partial object, an unknown callable
                values.append(UNKNOWN)
        return _dedupe(values) or (UNKNOWN,)

    def _returned_parameters(self, returned: tuple, called: FuncV, node: ast.Call, scope: Scope) -> tuple:
        """What a function returns at this call where it returns one of its own parameters: the argument the
        call gives it (or the default it leaves it), not the parameter of every call (calling that later would
        call whatever any caller passes: argparse's `_registry_get(name, value, default)` hands back `default`).
        A parameter the call may fill through `*x` or `**m`, and `*args`/`**kwargs`, stay as they are."""
        func = called.func
        args = getattr(func.node, "args", None)
        if not isinstance(args, ast.arguments):
            return returned
        params = parameters(args)
        offset = 1 if called.binding in ("method", "class") else 0
        positional = len(args.posonlyargs) + len(args.args)
        unpacked = any(a.__class__ is ast.Starred for a in node.args) or any(k.arg is None for k in node.keywords)
        result: list = []
        for value in returned:
            index = value.index if value.__class__ is ParamV and value.func is func else -1
            if index < offset or index >= len(params) or params[index] is args.vararg or params[index] is args.kwarg:
                result.append(value)
                continue
            keyword = params[index].arg if index >= len(args.posonlyargs) else None
            given = call_argument(node, index - offset if index < positional else None, keyword)
            if given is not None:
                result.extend(self.eval(given, scope))
            elif unpacked:
                result.append(value)
            else:  # left out: the default the function chose (none: the call raises, no value)
                default = parameter_default(args, index)
                if default is not None:
                    result.extend(self.eval(default, func.statement_scope))
        return _dedupe(result)

    @staticmethod
    def _dict_view(method: str, receivers: tuple) -> tuple:
        """What `d.keys()`, `d.values()` or `d.items()` returns: of a dict a display or comprehension makes, a view
        holding its entries (ContainerV.part); of a `dict[K, V]`, a view whose elements are its keys, values or
        (key, value) tuples; of any other receiver, a view of unknown elements."""
        view, part = DICT_VIEWS[method]
        views = []
        for value in receivers:
            if isinstance(value, ContainerV) and value.kind == "dict":
                views.append(ContainerV(value.elements, view, value.each, value.keys, part))
            elif isinstance(value, InstV) and len(value.args) == 2 and _generic_kind(value.cls) == "mapping":
                keys, values = value.args
                element = {"key": keys, "value": values, "pair": (InstV("builtins.tuple", True, (keys, values)),)}[part]
                views.append(InstV(f"builtins.{view}", True, (element,)))
            else:
                views.append(InstV(f"builtins.{view}"))
        return _dedupe(views) or (InstV(f"builtins.{view}"),)

    def _taken(self, receivers: tuple) -> tuple:
        """What `xs.pop()` or `queue.popleft()` returns: an element of a builtin container, as iterating it gives;
        unknown for one that may be a source subclass's (whose override may return anything)."""
        taken: list = []
        for value in receivers:
            taken.extend(self.iterate((value,)))
            if isinstance(value, InstV) and value.subclassed:
                taken.append(UNKNOWN)
        return _dedupe(taken) or (UNKNOWN,)

    def _looked_up(self, node: ast.Call, scope: Scope) -> tuple:
        """What `d.get(k, default)`, `d.pop(...)` or `d.setdefault(...)` returns: a value of a `dict[K, V]`
        receiver (unknown for any other), or the default."""
        held: list = []
        for value in self.eval(node.func.value, scope):
            if isinstance(value, InstV) and len(value.args) == 2 and _generic_kind(value.cls) == "mapping":
                held.extend(value.args[1])
            elif isinstance(value, ContainerV) and value.kind == "dict":  # as d[k] gives them (none: unknown)
                held.extend(self._entries(value, "value") or (UNKNOWN,))
            else:
                held.append(UNKNOWN)
        default = self._returned_argument(node, RETURNED_ARGUMENTS["builtins.dict.get"], scope)
        return _dedupe((*held, *(default or (ExtV("builtins.None"),))))

    def _prefixed(self, receivers: tuple, prefix: str) -> tuple:
        found: list = []
        for value in receivers:
            if isinstance(value, InstV) and isinstance(value.cls, ClassInfo):
                found.append(PrefixedV(value.cls, value.exact, prefix))
            elif not (isinstance(value, ExtV) and value.qualname.startswith("builtins.")):
                found.append(UNKNOWN)  # a class, a module, an object of unknown class: nothing resolves it
        return tuple(found)

    def _returned_argument(self, node: ast.Call, position: int, scope: Scope) -> tuple:
        """The values of the argument at `position` of a call, when it is passed by position."""
        given = call_argument(node, position)
        return self.eval(given, scope) if given is not None else ()

    def _external_call(self, qualname: str, node: ast.Call, scope: Scope) -> tuple:
        if qualname == "builtins.super":
            owner = scope.owner
            if isinstance(owner, FunctionInfo) and owner.cls is not None:
                return (SuperV(owner.cls),)
            return (UNKNOWN,)
        if qualname == "builtins.property":  # property(fget, ...): reading the attribute calls fget
            getter = property_argument(node, "getter")
            getters = tuple(FuncV(v.func, None, "property") for v in self.eval(getter, scope) if isinstance(v, FuncV)) if getter else ()
            return getters or (InstV(qualname),)
        if qualname == "builtins.type" and len(node.args) == 1:
            return tuple(ClassV(v.cls, v.exact) if isinstance(v, InstV) else UNKNOWN for v in self.eval(node.args[0], scope))
        if qualname.endswith(".__new__") and node.args and not isinstance(node.args[0], ast.Starred):
            # object's or a C class's __new__ makes an instance of the class it is passed (`self =
            # cls.__new__(cls, **kwargs)` in ssl.SSLSocket._create, `object.__new__(cls)` in singletons)
            return _dedupe([InstV(v.cls, v.exact) if isinstance(v, ClassV) else UNKNOWN for v in self.eval(node.args[0], scope)])
        if qualname in CALLING_WRAPPERS and node.args:
            return (PartialV(self.eval(node.args[0], scope), qualname),)
        if qualname in OPERAND_ACCESSORS:
            return (self._accessor(qualname, node),)
        if qualname == "builtins.iter" and len(node.args) == 2:  # iter(read, b""): calls read at each step
            return (LazyV((), self.eval(node.args[0], scope)),)
        lazy = LAZY_ITERATORS.get(qualname)
        if lazy is not None:
            iterables, function = lazy
            position, keyword = function if isinstance(function, tuple) else (function, None)
            arguments = [a for a in node.args if not isinstance(a, ast.Starred)]
            # half-typed code may pass fewer arguments than the function takes: only those given
            chosen = arguments[iterables:] if isinstance(iterables, int) else [arguments[i] for i in iterables if i < len(arguments)]
            given = call_argument(node, position, keyword)
            called = self.eval(given, scope) if given is not None else ()
            sources = tuple(v for a in chosen for v in self.eval(a, scope))
            # a `*x` may hold the iterables, and the function when it stands at or before its position
            # (multiprocessing.pool's `list(map(*args))` calls what args holds as it is iterated)
            starred = next((i for i, a in enumerate(node.args) if isinstance(a, ast.Starred)), None)
            if starred is not None:
                sources = (*sources, UNKNOWN)
                if given is None and position is not None and starred <= position:
                    called = (*called, UNKNOWN)
            if qualname in FLATTENING_LAZY_ITERATORS:
                sources = _dedupe(sources + self.iterate(sources))
            return (LazyV(sources, called, qualname in UNPACKING_LAZY_ITERATORS, qualname in PASSING_LAZY_ITERATORS,
                          qualname in PAIRING_LAZY_ITERATORS),)
        owner, _, name = qualname.rpartition(".")
        if owner in self.world.model.proxy_wrapping and node.func.__class__ is ast.Attribute:
            return self._proxied(self.eval(node.func.value, scope), owner, name)
        if qualname in ITERATED_RETURNS and node.args and node.args[0].__class__ is not ast.Starred:
            # next(it, default): an element of iterating it, or the default
            return _dedupe((*self.iterate(self.eval(node.args[0], scope)),
                            *self._returned_argument(node, RETURNED_ARGUMENTS[qualname], scope)))
        if qualname in RETURNED_ARGUMENTS:
            returned = (UNKNOWN, *self._returned_argument(node, RETURNED_ARGUMENTS[qualname], scope))
            if qualname == "builtins.getattr" and len(node.args) >= 2:  # a name written out: that attribute
                name = node.args[1]
                if isinstance(name, ast.Constant) and isinstance(name.value, str) and not isinstance(node.args[0], ast.Starred):
                    returned = (*self.attribute(self.eval(node.args[0], scope), name.value), *returned[1:])
                elif not isinstance(node.args[0], ast.Starred) and (prefix := name_prefix(name, scope)):
                    # "visit_%s" % kind: the methods of that prefix, on objects of classes with source
                    returned = (*self._prefixed(self.eval(node.args[0], scope), prefix), *returned[1:])
            return _dedupe(returned)
        if qualname == "builtins.dict":
            return self._dict_made(node, scope)
        if qualname in FACTORY_DICTS:
            return self._factory_dict(node, scope, FACTORY_DICTS[qualname])
        if qualname.startswith("builtins."):
            name = qualname[9:]
            if name in _COLLECTING and name != "sorted" and not node.args and not node.keywords:
                return (ContainerV((), _COLLECTING[name][0]),)  # list(), set(): empty, as [] is
            if name in _COLLECTING and len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
                collected = self._collected(self.eval(node.args[0], scope), *_COLLECTING[name])
                if collected:
                    return collected
                collected = self._collected_instances(self.eval(node.args[0], scope), _COLLECTING[name][0])
                if collected:
                    return collected
            if isinstance(getattr(builtins, name, None), type):
                return (InstV(qualname),)
            returned = BUILTIN_RETURNS.get(name) or BUILTIN_METHOD_RETURNS.get(name)
            return (InstV(f"builtins.{returned}"),) if returned else (UNKNOWN,)
        returned = self._made_by(self.world.model.canonical(qualname))
        if returned:
            return (InstV(returned),)
        if qualname in STDLIB_CLASS_RETURNS:  # a regular expression's match, a group of it
            return tuple(InstV(cls) for cls in STDLIB_CLASS_RETURNS[qualname])
        if qualname in IO_WRAPPERS:  # io.BufferedReader(raw): a C file that reads and writes through `raw`
            return (InstV(qualname, True, tuple(
                () if isinstance(a, ast.Starred) else self.eval(a, scope) for a in node.args[:2])),)
        module_name, _, name = qualname.rpartition(".")
        if isinstance(getattr(_stdlib_c_module(module_name), name, None), type):
            # a C type of the stdlib (weakref.ref, select.poll): an instance of it, whose methods and dunders
            # are the model's or run no Python code (the tables above took the C types that call some)
            return (InstV(qualname),)
        return (UNKNOWN,)

    @staticmethod
    def _collected(values: tuple, kind: str, ordered: bool) -> tuple:
        """What list(xs), tuple(xs), set(xs), frozenset(xs) or sorted(xs) makes of a generator expression or of a
        container a display or comprehension makes (a dict's keys, a view's entries): a container of `kind`
        whose elements are what iterating them gives, in their order where the builtin keeps it (`ordered`);
        () for any other iterable, and for a display with a `*x` (its positions are not the display's)."""
        found = []
        for value in values:
            if isinstance(value, GenExpV):
                found.append(ContainerV(((value.node.elt, comprehension_scope(value.scope, value.node)),), kind, True))
            elif isinstance(value, ContainerV) and (value.each or value.keys or not any(
                    isinstance(expr, ast.Starred) for expr, _ in value.elements)):
                unordered = value.each or not ordered or value.kind in _UNORDERED  # tuple(a set): in no known order
                found.append(ContainerV(value.elements, kind, unordered, value.keys, _iterated_part(value)))
            else:
                return ()
        return tuple(found)

    def _collected_instances(self, values: tuple, kind: str) -> tuple:
        """What list(obj), tuple(obj), set(obj) or sorted(obj) makes of objects of classes with source whose
        iteration the code shows (Evaluator._iterated_instance): a `list[X]` (a `tuple[X, ...]`) of what it
        gives; () where any of them gives an unknown value (the builtin's own result then, as before)."""
        if not values or not all(isinstance(v, InstV) and isinstance(v.cls, ClassInfo) for v in values):
            return ()
        elements = self.iterate(values)
        if UNKNOWN in elements:
            return ()
        return (InstV(f"builtins.{kind}", True, (elements, (UNKNOWN,)) if kind == "tuple" else (elements,)),)

    def _dict_made(self, node: ast.Call, scope: Scope) -> tuple:
        """What `dict(...)` makes, as a `dict[K, V]` of the keys and values its arguments show: those of a mapping
        (a display, a comprehension, a declared or made dict), of an iterable of pairs (`zip(keys, values)`
        from its two iterables, `d.items()`, a list of tuples), of `**m`, and the keywords' (str keys).
        No arguments, or ones that may be anything (`*x`), make a dict of unknown entries, as before."""
        if not (node.args or node.keywords):
            return (ContainerV((), "dict"),)  # empty, as {} is
        if len(node.args) > 1 or any(a.__class__ is ast.Starred for a in node.args):
            return (InstV("builtins.dict"),)
        keys: list = []
        values: list = []
        if node.args:
            source = node.args[0]
            zipped = self._zipped_pair(source, scope)
            if zipped is not None:
                keys.extend(self.iterate(self.eval(zipped[0], scope)))
                values.extend(self.iterate(self.eval(zipped[1], scope)))
            else:
                for value in self.eval(source, scope):
                    if self._is_mapping(value):
                        self._mapping_entries(value, keys, values)
                    else:  # an iterable of (key, value) pairs
                        pairs = self.iterate((value,))
                        keys.extend(self.item(pairs, 0))
                        values.extend(self.item(pairs, 1))
        for keyword in node.keywords:
            if keyword.arg is None:
                for value in self.eval(keyword.value, scope):
                    self._mapping_entries(value, keys, values)
            else:
                keys.append(InstV("builtins.str"))
                values.extend(self.eval(keyword.value, scope))
        return (InstV("builtins.dict", True, (_dedupe(keys) or (UNKNOWN,), _dedupe(values) or (UNKNOWN,))),)

    def _zipped_pair(self, node: ast.expr, scope: Scope) -> tuple | None:
        """The two iterables of `zip(keys, values)` (a lazy iterator keeps no track of which source is which)."""
        if not (node.__class__ is ast.Call and len(node.args) == 2 and not node.keywords
                and not any(a.__class__ is ast.Starred for a in node.args)):
            return None
        return tuple(node.args) if self.eval(node.func, scope) == (ExtV("builtins.zip"),) else None

    @staticmethod
    def _is_mapping(value) -> bool:
        return (isinstance(value, ContainerV) and value.kind == "dict") or (
            isinstance(value, InstV) and _generic_kind(value.cls) == "mapping")

    def _mapping_entries(self, value, keys: list, values: list) -> None:
        """Adds the keys and values of a mapping to `keys` and `values` (unknown for what is no known mapping)."""
        if isinstance(value, ContainerV) and value.kind == "dict":
            keys.extend(self._entries(value, "key"))
            values.extend(self._entries(value, "value"))
        elif isinstance(value, InstV) and len(value.args) == 2 and _generic_kind(value.cls) == "mapping":
            keys.extend(value.args[0])
            values.extend(value.args[1])
        else:
            keys.append(UNKNOWN)
            values.append(UNKNOWN)

    def _spread(self, element: tuple, part: str) -> tuple:
        """The entries (as `part` says) of the mapping a dict display spreads (`{**a, **b}`). One spreading a name
        that holds the display itself (`kw = {**kw, ...}`, flow-insensitively) adds nothing more to it there:
        its entries are those being gathered (see _iterated_once)."""
        return self._iterated_once((element, part), self._spread_entries, element, part)

    def _spread_entries(self, element: tuple, part: str) -> tuple:
        result: list = []
        for value in self.eval(*element):
            if isinstance(value, ContainerV) and value.kind == "dict":
                result.extend(self._entries(value, part))
            elif isinstance(value, InstV) and len(value.args) == 2 and _generic_kind(value.cls) == "mapping":
                keys, values = value.args
                result.extend(keys if part == "key" else (InstV("builtins.tuple", True, value.args),) if part == "pair" else values)
            else:
                result.append(UNKNOWN)
        return _dedupe(result)

    # -- stores into the containers a name holds -----------------------------------------------------------
    # `d = {}; d["a"] = Conn()`: what the code stores into a dict, list or set a function's (or a module's) name
    # holds joins what the container holds, as the display's own entries do; where the container may reach
    # code not in sight (resolve/container_stores.py), an unknown value joins them too.

    def _bound_values(self, binding: tuple, scope: Scope, name: str) -> tuple:
        """The values one binding gives `name` (binding_values), with what the code stores into the containers
        among them."""
        values = self.binding_values(binding, scope)
        module = getattr(scope.owner, "module", None)
        owners = module.stored_names.get(name) if module is not None else None
        # the binder saw no store into the name where it is bound (anywhere in the module, for a module's name)
        if not owners or (scope.kind != "module" and scope.owner not in owners):
            return values
        owner = scope_code_owner(scope)
        stores = stores_into(owner, name) if owner is not None else None
        if stores is None:
            return values
        # code of other modules may import a module's public name and store into it
        escapes = stores.escapes or (scope.kind == "module" and not name.startswith("_")) or any(
            self.lookup(builtin, scope) != _BUILTIN_VALUES[builtin] for builtin in sorted(stores.builtins))
        made = binding[0] == "assign" and self._makes_factory_dict(binding[1], scope)
        return tuple(self._with_stores(value, stores, escapes, made) for value in values)

    def _makes_factory_dict(self, node: ast.expr, scope: Scope) -> bool:
        """Whether an assignment's value is a call making a defaultdict (its lookups' unknown part, what others
        store, is then the name's stores)."""
        if node.__class__ is not ast.Call:
            return False
        callees = self.eval(node.func, scope)
        return bool(callees) and all(isinstance(v, ExtV) and v.qualname in FACTORY_DICTS for v in callees)

    def _with_stores(self, value, stores: Stores, escapes: bool, made: bool):
        """`value` holding, besides its own entries, those `stores` add (and an unknown one where the container
        `escapes`); a container a display, a comprehension or `dict`, `list`, `set` or `defaultdict` made."""
        if isinstance(value, ContainerV) and value.kind in ("dict", "list", "set") and not value.part:
            elements, keys = value.elements, value.keys
            if made:  # what others store into the defaultdict made here: the name's stores alone
                kept = [i for i, element in enumerate(elements) if element is not _STORED_ELSEWHERE]
                elements = tuple(elements[i] for i in kept)
                keys = tuple(keys[i] for i in kept) if keys else keys
            added = tuple(stores.elements.get(value.kind, ()))
            added_keys = stores.keys if value.kind == "dict" else ()
            unknown = (_STORED_ELSEWHERE,) if escapes else ()
            if value.each:
                # a container the name's binding passes on (`attrs = attrs or {}`) may hold its stores already: each
                # once, however many bindings it came through (as many as the order of evaluation gave, else)
                held = set(elements)
                new = [i for i, element in enumerate(added) if element not in held]
                added = tuple(added[i] for i in new)
                added_keys = tuple(added_keys[i] for i in new) if added_keys else added_keys
                unknown = () if _STORED_ELSEWHERE in held else unknown
            if not added and not unknown and len(elements) == len(value.elements):
                return value
            if value.kind == "dict":
                keys = (*keys, *added_keys, *unknown)
            return ContainerV((*elements, *added, *unknown), value.kind, True, keys)
        if isinstance(value, InstV) and value.exact and value.cls in _STORED_CONTAINERS:
            kind = value.cls[9:]
            unknown = (UNKNOWN,) if escapes else ()
            if kind == "dict" and len(value.args) == 2:  # dict(...): its keys and values, evaluated
                keys, values = list(value.args[0]), list(value.args[1])
                for element, key in zip(stores.elements.get("dict", ()), stores.keys):
                    if key[0] is None:
                        for mapping in self.eval(*element):
                            self._mapping_entries(mapping, keys, values)
                    else:
                        keys.extend(self._element(key))
                        values.extend(self._element(element))
                return InstV(value.cls, True, (_dedupe((*keys, *unknown)), _dedupe((*values, *unknown))))
            if len(value.args) == 1:
                held = [v for element in stores.elements.get(kind, ()) for v in self._element(element)]
                return InstV(value.cls, True, (_dedupe((*value.args[0], *held, *unknown)),))
        return value

    def _element(self, element: tuple) -> tuple:
        """The values of a container's element or key: an expression evaluated in its scope, what iterating a
        `*x`'s value gives, or unknown for a marker (_STORED_ELSEWHERE, _ANY_KEY)."""
        node = element[0]
        if node in _UNSHOWN:
            return (UNKNOWN,)
        if node.__class__ is ast.Starred:
            # `args = (*args, extra)` (flow-insensitively): iterating the display meets itself, and adds nothing
            # more there, its elements being those gathered (see _iterated_once)
            return self._iterated_once(element, self._starred, element)
        return self.eval(*element)

    def _starred(self, element: tuple) -> tuple:
        return self._elements_of(self.eval(element[0].value, element[1]))

    def _factory_dict(self, node: ast.Call, scope: Scope, position: int) -> tuple:
        """What `collections.defaultdict(factory, ...)` makes: a dict whose lookups give what the factory returns
        (any key), next to the entries its other arguments give (a mapping's) and what code not in sight may
        store (_STORED_ELSEWHERE, dropped where a name's binding makes it: see _bound_values)."""
        factory = call_argument(node, position, "default_factory")
        unpacked = any(a.__class__ is ast.Starred for a in node.args) or any(k.arg is None for k in node.keywords)
        if factory is None or unpacked:
            return (InstV("builtins.dict"),)
        call = _FACTORY_CALLS.get(factory)
        if call is None:
            call = _FACTORY_CALLS[factory] = ast.copy_location(ast.Call(func=factory, args=[], keywords=[]), factory)
        elements, keys = [(call, scope), _STORED_ELSEWHERE], [_ANY_KEY, _STORED_ELSEWHERE]
        for given in node.args[position + 1:position + 2]:  # defaultdict(list, mapping)
            elements.append((given, scope))
            keys.append((None, scope))
        if node.keywords:
            elements.append(_STORED_ELSEWHERE)
            keys.append(_ANY_KEY)
        return (ContainerV(tuple(elements), "dict", True, tuple(keys)),)

    def _proxy(self, cls: str, wrapping: tuple, node: ast.Call, scope: Scope) -> InstV:
        """The proxy `node` makes (eventlet's `tpool.Proxy(obj, autowrap=..., autowrap_names=...)`; model table
        PROXY_WRAPPING), carrying what makes what it hands back a proxy again as its args: the classes it wraps
        instances of, and its methods whose results it always wraps (`cls.name`, ExtV), UNKNOWN for either
        where the code does not spell it out. No args where it wraps nothing."""
        if any(k.arg is None for k in node.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
            return InstV(cls, True, ((UNKNOWN,), (UNKNOWN,)))
        (classes_at, classes_keyword), (names_at, names_keyword) = wrapping
        classes: list = []
        given = call_argument(node, classes_at, classes_keyword)
        for value in self.eval(given, scope) if given is not None else ():
            # a tuple of classes (its elements: none for `()`), or one class, as isinstance takes
            classes.extend(self._entries(value, _iterated_part(value)) if isinstance(value, ContainerV) else (value,))
        names: list = []
        given = call_argument(node, names_at, names_keyword)
        for value in self.eval(given, scope) if given is not None else ():
            if not isinstance(value, ContainerV) or value.keys:
                names.append(UNKNOWN)  # one string is a name or any part of it, for `in`
                continue
            for expr, _ in value.elements:
                written = isinstance(expr, ast.Constant) and isinstance(expr.value, str)
                names.append(ExtV(f"{cls}.{expr.value}") if written else UNKNOWN)
        if not classes and not names:
            return InstV(cls)
        return InstV(cls, True, (_dedupe(classes), _dedupe(names)))

    @staticmethod
    def _proxied(receivers: tuple, cls: str, name: str) -> tuple:
        """What calling method `name` of a proxy of class `cls` returns (`__call__`: calling the proxy): a proxy
        again where the proxy was made to wrap that name's results (wrapping the same classes, or none),
        and where it wraps instances of classes, next to what the wrapped object's method returns (unknown)."""
        method = ExtV(f"{cls}.{name}")
        result: list = []
        for value in receivers:
            if not (value.__class__ is InstV and value.cls == cls and value.args):
                result.append(UNKNOWN)
                continue
            classes, names = value.args
            named = method in names
            if named or UNKNOWN in names:
                result.append(InstV(cls))
            if classes:
                result.append(InstV(cls, True, (classes, ())))
            if not named:
                result.append(UNKNOWN)
        return _dedupe(result)

    def _accessor(self, qualname: str, node: ast.Call) -> AccessorV:
        """What operator.itemgetter(k), attrgetter("a", "b.c") or methodcaller("name", ...) returns. Names
        not written out are None; a name that is no string makes the call raise: it reaches nothing."""
        kind = OPERAND_ACCESSORS[qualname]
        if kind == "item":
            return AccessorV(qualname, kind, (None,) * len(node.args))
        names = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if kind == "method":  # the name, then the method's arguments
            names = names[:1]
        return AccessorV(qualname, kind, tuple(
            None if name is None else tuple(name.split(".")) if kind == "attribute" else name
            for name in names if name is None or isinstance(name, str)))

    def _accessed(self, accessor: AccessorV, node: ast.Call, scope: Scope) -> tuple:
        """What calling an accessor returns: the item or the attribute reached (several: a tuple of them)."""
        if len(accessor.names) != 1 or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            return (InstV("builtins.tuple"),) if len(accessor.names) > 1 else (UNKNOWN,)
        objects = self.eval(node.args[0], scope)
        if accessor.kind == "item":
            return self.subscript(objects)
        path = accessor.names[0]
        if accessor.kind == "method" or path is None:
            return (UNKNOWN,)
        for name in path:
            objects = self.attribute(objects, name)
        return objects

    def _entries(self, container: ContainerV, part: str, index: int | None = None) -> list:
        """The values of a container's elements (of element `index` only, where given and its elements do not
        stand for any number, nor come in an order of their own: a set's), as `part` says: the elements themselves ("" or "value": a dict's values), a
        dict's keys ("key") or (key, value) tuples ("pair"). A `**spread`'s are those of the mapping it spreads
        (see _spread)."""
        elements, keys = container.elements, container.keys
        if index is None or container.each or container.kind in _UNORDERED or any(  # a set: any target any element
                element[0].__class__ is ast.Starred for element in elements):  # `*x`: positions unknown past it
            positions = range(len(elements))
        elif index < len(elements):
            positions = (index,)
        else:
            return [UNKNOWN]
        result: list = []
        for position in positions:
            if keys and keys[position][0] is None:
                result.extend(self._spread(elements[position], part))
            elif part == "key":
                result.extend(self._element(keys[position]))
            elif part == "pair":
                result.append(ContainerV((keys[position], elements[position]), "tuple"))
            else:
                result.extend(self._element(elements[position]))
        return result

    def indexed(self, values: tuple, index: ast.expr) -> tuple:
        """What `value[index]` gives: a tuple's element at a constant position (from the end where negative), a
        slice of it with constant bounds a tuple of those elements (of a display without `*x`, a declared
        `tuple[A, B]`, a NamedTuple's fields); any slice of a list or tuple is one of the same kind holding some
        of its elements, of a string a string. Any other index: `subscript`."""
        sliced = index.__class__ is ast.Slice
        position = None if sliced else _constant_index(index)
        if position is None and not sliced:
            return self.subscript(values)
        bounds = _constant_slice(index) if sliced else None
        result: list = []
        for value in values:
            fixed = self._fixed_positions(value)
            if fixed is not None and position is not None:
                if -len(fixed) <= position < len(fixed):  # out of range raises: no value
                    result.extend(fixed[position]())
            elif fixed is not None and bounds is not None:
                if isinstance(value, ContainerV):
                    result.append(ContainerV(value.elements[bounds], "tuple"))
                else:
                    result.append(InstV("builtins.tuple", True, tuple(get() for get in fixed[bounds])))
            elif sliced and isinstance(value, ContainerV) and value.kind in ("list", "tuple"):
                result.append(ContainerV(value.elements, value.kind, True, value.keys, value.part))
            elif sliced and fixed is not None:  # a declared tuple or a NamedTuple, sliced where the code does not say
                result.append(InstV("builtins.tuple", True, (_dedupe([v for get in fixed for v in get()]), (UNKNOWN,))))
            elif sliced and isinstance(value, InstV) and value.cls.__class__ is str and (
                    value.cls in _SLICED_AS_ITSELF or _generic_kind(value.cls) in ("sequence", "tuple")):
                result.append(value)
            elif isinstance(value, InstV) and value.cls in _SLICED_AS_ITSELF and position is not None:
                result.append(InstV(_SLICED_AS_ITSELF[value.cls]))
            else:
                result.extend(self.subscript((value,)))
        return _dedupe(result) or (UNKNOWN,)

    def _fixed_positions(self, value) -> tuple | None:
        """For a tuple whose elements the code shows one by one, a getter of each element's values, in order:
        a display without `*x` (its elements evaluated), a declared `tuple[A, B]` (not `tuple[A, ...]`), an
        instance of a NamedTuple class (its fields, as reading them by name gives); None for any other value."""
        if isinstance(value, ContainerV):
            if value.kind != "tuple" or value.each or value.part or any(e.__class__ is ast.Starred for e, _ in value.elements):
                return None
            return tuple(functools.partial(self._element, element) for element in value.elements)
        if not isinstance(value, InstV):
            return None
        if value.args and (_generic_kind(value.cls) == "tuple" or value.cls.__class__ is str and value.cls.startswith(_RECORD)):
            if len(value.args) == 2 and value.args[1] == (UNKNOWN,) and _generic_kind(value.cls) == "tuple":  # tuple[A, ...]
                return None
            return tuple(functools.partial(_same, held) for held in value.args)
        fields = self._named_fields(value.cls) if isinstance(value.cls, ClassInfo) else None
        if fields is None:
            return None
        return tuple(functools.partial(self.attribute, (value,), name) for name in fields)

    # -- namedtuple's classes --------------------------------------------------------------------------------
    # `P = collections.namedtuple("P", "a b")` (typing.NamedTuple("P", [("a", A)])): the library builds the class
    # with exec or type(), so the call's value is modelled (known_returns.RECORD_FACTORIES): a class named by a
    # string that carries its fields (_RECORD), whose instances hold, as InstV.args, what each field was given.

    def _record_class(self, node: ast.Call, how: str) -> tuple:
        """The class a namedtuple-making call makes, where the call writes out its name and fields; else ()."""
        typename = call_argument(node, 0, "typename")
        given = call_argument(node, 1, "field_names" if how == "names" else "fields")
        if not (isinstance(typename, ast.Constant) and isinstance(typename.value, str)):
            return ()
        names: list | None = None
        if how == "names" and isinstance(given, ast.Constant) and isinstance(given.value, str):
            names = given.value.replace(",", " ").split()
        elif how == "names" and isinstance(given, (ast.List, ast.Tuple)):
            names = [e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None for e in given.elts]
        elif how == "pairs" and isinstance(given, (ast.List, ast.Tuple)):
            names = [e.elts[0].value if isinstance(e, ast.Tuple) and len(e.elts) == 2 and isinstance(e.elts[0], ast.Constant)
                     and isinstance(e.elts[0].value, str) else None for e in given.elts]
        elif how == "pairs" and given is None:  # NamedTuple("P", a=A, b=B)
            names = [k.arg for k in node.keywords if k.arg != "typename"]
        if names is None or not all(n and n.isidentifier() and not n.startswith("_") for n in names):
            return ()  # not written out, or renamed by `rename=True`
        name = typename.value.replace(".", "_").replace("(", "_")
        return (ClassV(f"{_RECORD}{name}({','.join(names)})"),)

    def _record_made(self, cls: str, node: ast.Call, scope: Scope) -> InstV:
        """An instance of a namedtuple class, holding what the call gives each field (unknown: a default, or a
        field a `*x` or `**m` may fill)."""
        fields = _record_fields(cls)
        if any(a.__class__ is ast.Starred for a in node.args) or any(k.arg is None for k in node.keywords):
            return InstV(cls, True, tuple((UNKNOWN,) for _ in fields))
        held = []
        for index, name in enumerate(fields):
            given = call_argument(node, index, name)
            held.append(self.eval(given, scope) if given is not None else (UNKNOWN,))
        return InstV(cls, True, tuple(held))

    def _named_fields(self, cls: ClassInfo) -> tuple | None:
        """The fields of a NamedTuple class (or of a subclass of one), in order: the names its body annotates."""
        for owner in self.mro(cls):
            if isinstance(owner, ClassInfo) and any(annotation_name(base) == "NamedTuple" for base in owner.bases):
                body_marks.read(owner)  # its body's statements, not its bindings (a nested class's: resolve/body_marks.py)
                return tuple(
                    statement.target.id for statement in owner.node.body
                    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                )
        return None

    def subscript(self, values: tuple) -> tuple:
        result: list = []
        for value in values:
            if isinstance(value, ContainerV):  # a dict's values, a list's elements (a view is no subscript)
                result.extend(self._entries(value, value.part))
            elif isinstance(value, InstV) and value.args and _generic_kind(value.cls) == "sequence":
                result.extend(value.args[0])
            elif isinstance(value, InstV) and len(value.args) == 2 and _generic_kind(value.cls) == "mapping":
                result.extend(value.args[1])
            elif isinstance(value, InstV) and (fixed := self._fixed_positions(value)) is not None:
                result.extend(v for get in fixed for v in get())  # a declared tuple[A, B], a NamedTuple
            elif isinstance(value, InstV) and value.args and _generic_kind(value.cls) == "tuple":
                result.extend(value.args[0])  # tuple[A, ...]
            else:
                result.append(UNKNOWN)
        return _dedupe(result) or (UNKNOWN,)

    def iterate(self, values: tuple) -> tuple:
        """Values produced by iterating `values` (elements of literal containers and annotated generics, what
        a generator or a generator expression yields)."""
        return self._iterated_values(values) or (UNKNOWN,)

    def _elements_of(self, values: tuple) -> tuple:
        """What iterating `values` gives for an iteration under way (_iterated_once): unknown where nothing is
        known, but nothing where what it was given is part of a component under way (whose union holds it)."""
        outer, self._deferred = self._deferred, False
        result = self._iterated_values(values)
        deferred, self._deferred = self._deferred, outer or self._deferred
        return result if result or deferred else (UNKNOWN,)

    def _iterated_values(self, values: tuple) -> tuple:
        """What iterating `values` gives, () where nothing is known."""
        result: list = []
        for value in values:
            if isinstance(value, InstV) and value.args and _generic_kind(value.cls) in ("sequence", "mapping", "iterator"):
                result.extend(value.args[0])
            elif isinstance(value, GenV) and value.func.is_generator and not value.func.is_async:
                result.extend(self._yielded(value.func))
            elif isinstance(value, GenExpV):  # (f(x) for x in xs) gives f(x), evaluated in its own scope
                result.extend(self.eval(value.node.elt, comprehension_scope(value.scope, value.node)))
            elif isinstance(value, ContainerV):  # a dict gives its keys
                result.extend(self._entries(value, _iterated_part(value)))
            elif isinstance(value, LazyV) and value.passes:  # iter(x), reversed(x), a chain: x's elements
                result.extend(self._elements_of(value.sources) if value.sources else (UNKNOWN,))
            elif isinstance(value, LazyV) and value.pairs:  # enumerate(x), zip(a, b): tuples
                result.append(InstV("builtins.tuple"))
            elif isinstance(value, InstV) and isinstance(value.cls, ClassInfo) and self._named_fields(value.cls) is None:
                result.extend(self._iterated_instance(value))
            elif isinstance(value, InstV) and value.cls in ITERATED_ELEMENTS:  # an items view's pairs, whatever it holds
                result.append(InstV(ITERATED_ELEMENTS[value.cls]))
            else:
                result.extend(self.subscript((value,)))
        return _dedupe(result)

    def _iterated_instance(self, value: InstV) -> tuple:
        """What iterating an object of a class with source gives: what its `__iter__` generator yields, what
        iterating what its `__iter__` returns gives (`return iter(self.items)`), or, where it returns self, what
        its `__next__` returns. Unknown where the class has no such method of its own (a C base's, the old
        protocol's __getitem__), and next to those for an object that may be a subclass's (whose override may
        give anything)."""
        result: list = [] if value.exact else [UNKNOWN]
        for method in self.member(value, "__iter__"):
            if not (isinstance(method, FuncV) and method.binding == "method" and method.wrapper is None):
                result.append(UNKNOWN)
            elif self._returns_self(method.func):
                for step in self.member(value, "__next__"):
                    ok = isinstance(step, FuncV) and step.binding == "method" and step.wrapper is None
                    result.extend(self.returns(step.func) if ok else (UNKNOWN,))
            else:
                key = ("iterating", method.func)
                if key in self._iterating:  # iterating it iterates itself (`yield from self`): a cycle
                    self._cyclic = True
                    result.append(UNKNOWN)
                    continue
                self._iterating.add(key)
                try:
                    result.extend(self.iterate(self.returns(method.func)))
                finally:
                    self._iterating.discard(key)
        return tuple(result)

    def _yielded(self, func: FunctionInfo) -> tuple:
        """What a generator yields: its declared `-> Iterator[X]` (Generator, Iterable) where it says, else the
        values of its `yield` expressions (SQLAlchemy's `visitor_iterator`, a property yielding visitors);
        `yield from x` what iterating x gives (generators yielding from each other: see _iterated_once)."""
        return self._iterated_once(("yielded", func), self._yielded_values, func)

    def _yielded_values(self, func: FunctionInfo) -> tuple:
        node = func.node
        if getattr(node, "returns", None) is not None:
            declared = tuple(v for v in self.annotation(node.returns, func.scope.parent or func.scope)
                             if isinstance(v, InstV) and v.args and _generic_kind(v.cls) == "iterator")
            if declared:
                return self.iterate(declared)
        values: list = []
        found = None
        for found in _own_yields(func):
            if isinstance(found, ast.YieldFrom):  # what iterating its value gives
                values.extend(self._elements_of(self.eval(found.value, func.scope)))
            else:
                values.extend(self.eval(found.value, func.scope) if found.value is not None else (ExtV("builtins.None"),))
        return _dedupe(values) if found is not None else (UNKNOWN,)

    def item(self, values: tuple, index: int) -> tuple:
        """Item `index` of a tuple-like value (for unpacking)."""
        result: list = []
        for value in values:
            if isinstance(value, ContainerV):  # (a dict's keys)
                result.extend(self._entries(value, _iterated_part(value), index))
            elif isinstance(value, InstV) and value.args and _generic_kind(value.cls) == "tuple":
                args = value.args
                result.extend(args[index] if index < len(args) and not (len(args) == 2 and args[1] == (UNKNOWN,)) else args[0])
            elif isinstance(value, InstV) and value.args and _generic_kind(value.cls) in ("sequence", "iterator"):
                result.extend(value.args[0])
            elif isinstance(value, InstV) and isinstance(value.cls, ClassInfo) and (fields := self._fixed_positions(value)):
                result.extend(fields[index]() if index < len(fields) else (UNKNOWN,))  # a NamedTuple's field
            elif isinstance(value, InstV) and value.cls.__class__ is str and value.cls.startswith(_RECORD) and value.args:
                result.extend(value.args[index] if index < len(value.args) else (UNKNOWN,))  # a namedtuple's field
            elif isinstance(value, InstV) and isinstance(value.cls, ClassInfo) and self._named_fields(value.cls) is None:
                result.extend(self._iterated_instance(value))  # what its __iter__ gives, in any order
            else:
                result.append(UNKNOWN)
        return _dedupe(result) or (UNKNOWN,)

    def caught(self, node: ast.expr, scope: Scope) -> tuple:
        """What `except node as e` binds e to: an instance of one of the classes named (or a subclass)."""
        classes = node.elts if isinstance(node, ast.Tuple) else (node,)
        result: list = []
        for value in (v for element in classes for v in self.eval(element, scope)):
            if isinstance(value, ClassV):
                result.append(InstV(value.cls, exact=False))
            elif isinstance(value, ExtV) and value.qualname.startswith("builtins.") and isinstance(getattr(builtins, value.qualname[9:], None), type):
                result.append(InstV(value.qualname, exact=False))
            else:
                result.append(UNKNOWN)
        return _dedupe(result) or (UNKNOWN,)

    def entered(self, values: tuple) -> tuple:
        """What `with value as x` binds x to."""
        result: list = []
        for value in values:
            if isinstance(value, InstV) and isinstance(value.cls, ClassInfo):
                for method in self.member(value, "__enter__"):
                    if not isinstance(method, FuncV):
                        result.append(UNKNOWN)
                    elif self._returns_self(method.func):
                        result.extend(self._on_receiver(method.func, self.returns(method.func), (value,)))
                    else:
                        result.extend(self.returns(method.func))
            else:
                result.append(UNKNOWN)
        return _dedupe(result) or (UNKNOWN,)


def overridable(value) -> bool:
    """Whether `value` is an instance or class that may be a subclass's whose methods override its class's: a
    class with source "or a subclass" (`self`, an annotation), or a builtin type narrowed from an unknown value
    (`isinstance(x, dict)`: a source subclass of dict may override `items`; `InstV.subclassed`). Calling its
    methods and dunders also reaches the overrides (the call graph's ("override", class, name) keys, over
    World.subclasses). An annotated builtin (`x: dict`) stays the builtin's own."""
    if value.__class__ is InstV:
        return not value.exact and (value.cls.__class__ is not str or value.subclassed)
    return value.__class__ is ClassV and not value.exact and value.cls.__class__ is not str


def _narrowed_to(cls) -> InstV:
    """What an unknown value is where `isinstance` against `cls` held: an instance of it or of a subclass."""
    return InstV(cls, exact=False, subclassed=cls.__class__ is str)


def _bound_before(bindings: list, use: ast.Name) -> list:
    """The bindings of a class body's name that it made before `use`: a class body runs top to bottom, and a
    name it binds later is still the enclosing scope's (`_select = select.select` above `def select` in
    selectors.py reads the module `select`). Bindings without a position (imports) count."""
    where = (use.lineno, use.col_offset)
    kept = []
    for binding in bindings:
        node = binding[1].node if binding[0] in ("def", "class") else binding[1] if binding[0] in _VALUE_BINDINGS else None
        if node is None or not hasattr(node, "end_lineno") or (node.end_lineno, node.end_col_offset) <= where:
            kept.append(binding)
    return kept


_VALUE_BINDINGS = frozenset(("assign", "annotation", "iter", "unpack", "unpack_iter", "enter", "caught"))


def _raises_not_implemented(func: FunctionInfo) -> bool:
    """Whether a function's body, its docstring aside, is `raise NotImplementedError[(...)]` alone."""
    body = getattr(func.node, "body", None)
    if not isinstance(body, list):
        return False
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise):
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def _own_returns(func: FunctionInfo):
    """The `return` statements of a function's own body (not those of functions and classes inside it)."""
    stack = list(func.node.body) if hasattr(func.node, "body") and isinstance(func.node.body, list) else []
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Return):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        elif isinstance(node, ast.stmt):
            for field in _blocks_of(type(node)):
                stack.extend(getattr(node, field))
        elif isinstance(node, (ast.excepthandler, ast.match_case)):
            stack.extend(node.body)


# function -> (its body, its own yields): an editor's every run asked again for the generators of unchanged
# modules (a walk of the whole body each time); kept while the function has that body (an edit kept in place
# gives it another: resolve/body_edits.py)
_OWN_YIELDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _own_yields(func: FunctionInfo) -> tuple:
    """The `yield` and `yield from` expressions of a function's own body (not of functions, lambdas and
    classes inside it), in the order of the walk. Reads the body, each time (resolve/body_marks.py)."""
    return body_marks.kept_with_body(_OWN_YIELDS, func, lambda f: tuple(_walk_own_yields(f)))


def _walk_own_yields(func: FunctionInfo):
    stack = list(func.node.body) if isinstance(getattr(func.node, "body", None), list) else []
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(ast.iter_child_nodes(node))


_ANY = frozenset({"typing.Any", "typing_extensions.Any"})  # annotations that say nothing of the class
_GENERIC_KINDS = {
    "sequence": ("list", "List", "Sequence", "MutableSequence", "deque", "Deque", "set", "Set", "frozenset",
                 "FrozenSet", "AbstractSet", "MutableSet", "Collection"),
    "iterator": ("Iterable", "Iterator", "Generator", "Reversible", "KeysView", "ValuesView", "dict_keys", "dict_values",
                 "dict_items"),
    "mapping": ("dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "DefaultDict", "OrderedDict", "ChainMap"),
    "tuple": ("tuple", "Tuple"),
}
_GENERIC_BY_NAME = {name: kind for kind, names in _GENERIC_KINDS.items() for name in names}


def _generic_kind(cls) -> str | None:
    name = cls.rpartition(".")[2] if isinstance(cls, str) else cls.name
    return _GENERIC_BY_NAME.get(name)


# the model's tables the evaluator reads directly; configuring a model keeps them (checked all the same)
_MODEL_TABLES_READ = ("packages", "aliases", "classes", "attributes", "bases", "registries")


def call_argument(node: ast.Call, position: int | None, keyword: str | None = None) -> ast.expr | None:
    """The argument a call writes out for a parameter: by `keyword`, else at `position` (none at or past a
    `*x`, whose length is unknown)."""
    given = next((k.value for k in node.keywords if k.arg == keyword), None) if keyword else None
    if given is None and position is not None and position < len(node.args):
        if not any(isinstance(a, ast.Starred) for a in node.args[:position + 1]):
            given = node.args[position]
    return given


def property_argument(node: ast.Call, slot: str) -> ast.expr | None:
    """What `property(fget, fset, fdel)` runs for `slot` ("getter", "setter", "deleter")."""
    return call_argument(node, *PROPERTY_ARGUMENTS[slot])


def _registered_modules(package: str, name: str) -> list[str]:
    """The modules a registry's key may stand for, most dots first (`orm_persistence` -> orm.persistence,
    then orm_persistence): each `_` of the key is a dot or an underscore of the module's name."""
    parts = name.split("_")
    if not all(parts) or len(parts) > 6:  # `_private`, `a__b`: no module of the registry; and a bound on the tries
        return []
    found = []
    for mask in range(1 << (len(parts) - 1)):
        dotted = parts[0]
        for index, part in enumerate(parts[1:]):
            dotted += ("." if mask >> index & 1 else "_") + part
        found.append(f"{package}.{dotted}")
    return sorted(found, key=lambda candidate: (-candidate.count("."), candidate))


def name_prefix(node: ast.expr, scope: Scope, follow: bool = True) -> str | None:
    """The constant start of a name built at run time: `"visit_%s" % kind`, `"visit_" + kind`,
    `f"visit_{kind}"`, `"visit_{}".format(kind)`, or a local name every assignment of which is one."""
    text = None
    if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
        if isinstance(node.op, ast.Mod):
            text = node.left.value.partition("%")[0]
        elif isinstance(node.op, ast.Add):
            text = node.left.value
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        text = node.values[0].value if len(node.values) > 1 else None
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
          and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        text = node.func.value.value.partition("{")[0]
    elif isinstance(node, ast.Name) and follow:
        bindings = scope.bindings.get(node.id, ())
        if bindings and all(b[0] == "assign" for b in bindings):
            found = {name_prefix(b[1], scope, follow=False) for b in bindings}
            text = found.pop() if len(found) == 1 else None
    # "_" + name names no family of methods (every private one would be a candidate): no prefix
    return text if text and any(c.isalnum() for c in text) else None


def base_class(base: ast.expr) -> ast.expr:
    """The class a base of a class statement names: `Result[Unpack[_Ts]]` (a generic alias) is `Result`."""
    return base.value if isinstance(base, ast.Subscript) else base


def argument_key(func: FunctionInfo, index: int) -> str:
    """The name a computation that read what callers pass for a parameter (instances and classes) records
    among the modules it read, so the second pass knows what to collect again (CallGraph.refine_with_arguments)."""
    return f"§{func.qualname}#{index}"


def callables_key(func: FunctionInfo, index: int) -> str:
    """The name a computation that read the functions callers pass for a parameter records among the modules
    it read (Evaluator.passed_callables): apart from the parameter's own ("§qualname#index"), which its
    instances and classes are read under, so that the many functions holding a parameter only callables
    are passed for are not collected again in the second pass (SQLAlchemy: 4,549 collected again -> 3,744)."""
    return argument_key(func, index) + "()"


def defaulted_key(func: FunctionInfo, index: int) -> str:
    """The name a computation that took a parameter to hold its default records among the modules it read
    (Evaluator.left_to_default): the parameter's own key, marked."""
    return argument_key(func, index) + "="


def _defining_modules(values) -> frozenset[str]:
    """The names of the modules defining the classes and functions in abstract values (and in what they hold: a
    literal container's or a generator expression's scopes too)."""
    return frozenset(
        held.module_name if isinstance(held, Scope) else held.module.name
        for held in held_definitions(values) if isinstance(held, Scope) or held.module is not None)


def _storable(value) -> bool:
    """Whether stores into `value` add to what it holds (Evaluator._with_stores): a dict, list or set a display, a
    comprehension or a call made."""
    if value.__class__ is ContainerV:
        return value.kind in ("dict", "list", "set") and not value.part
    return value.__class__ is InstV and value.exact and value.cls in _STORED_CONTAINERS


def held_name(attr: str) -> str:
    """The name the stores into the containers attributes called `attr` hold are kept under among the stores
    (`self._d[k] = v`: Evaluator._with_held_stores), apart from the stores of the attribute itself, so reading a
    container an attribute holds waits for the second pass only where code stores into such containers."""
    return f"[]{attr}"


def stored_key(attr: str) -> str:
    """The name a computation that read what other code stores in attributes called `attr` records among
    the modules it read: an argument key, as a parameter's ("§qualname#index") is (see Evaluator._stored)."""
    return f"§@{attr}"


def _only_none(bindings) -> bool:
    """Whether every binding is `= None` (or, in a class body, a declared `Any`): an attribute a class
    leaves to others to set."""
    return all(
        b[0] == "assign" and type(b[1]) is ast.Constant and b[1].value is None
        or b[0] == "annotation" and annotation_name(b[1]) == "Any"
        for b in bindings)


def _met_cycle(entry: tuple) -> bool:
    """Whether computing a memo entry met a cycle guard (see Evaluator._entry)."""
    return len(entry) > 2 and entry[3]


def _same_answers(old, new, questions: set[tuple]) -> bool:
    """Whether model `new` answers every question asked of `old` the same."""
    if any(getattr(old, table) != getattr(new, table) for table in _MODEL_TABLES_READ):
        return False
    for question in questions:
        if question[0] == "returns":
            if old.returns.get(question[1]) != new.returns.get(question[1]):
                return False
        elif old.lookup_method(*question[1:]) != new.lookup_method(*question[1:]):
            return False
    return True


# guards of memoised computations (Evaluator._memoised): what a cycle gives
def _unknown(*_) -> tuple:
    return (UNKNOWN,)


def _parameter_alone(func: FunctionInfo, index: int) -> tuple:
    return (ParamV(func, index),)


def _class_alone(cls: ClassInfo) -> list:
    return [cls]


_CONSTANT_VALUES: dict[type, tuple] = {}
# the start of the name of a class collections.namedtuple() or typing.NamedTuple() made (Evaluator._record_class)
_RECORD = "collections.namedtuple:"


def assigned_on_instances(cls: ClassInfo, attr: str) -> list | tuple:
    """What `cls`'s methods assign to `attr` on its instances (`self.attr = v`: (binding, method) pairs), the
    bodies of those methods read: their expressions are nodes of the bodies (resolve/body_marks.py)."""
    assigned = cls.instance_attrs.get(attr, ())
    for _, method in assigned:
        body_marks.read(method)
    return assigned


@functools.lru_cache(maxsize=1024)
def _record_fields(cls: str) -> tuple:
    """The fields of a namedtuple class named so (`collections.namedtuple:P(a,b)`), () for any other class."""
    if not cls.startswith(_RECORD):
        return ()
    fields = cls.rpartition("(")[2][:-1]
    return tuple(fields.split(",")) if fields else ()


def _iterated_part(container: ContainerV) -> str:
    """What iterating a container gives of its entries (see ContainerV.part): a dict its keys."""
    return "key" if container.kind == "dict" else container.part


def _same(values: tuple) -> tuple:
    return values


def _constant_index(node: ast.expr) -> int | None:
    """The int an index writes out (`1`, `-1`), else None."""
    if node.__class__ is ast.UnaryOp and node.op.__class__ is ast.USub:
        inner = _constant_index(node.operand)
        return -inner if inner is not None else None
    if node.__class__ is ast.Constant and node.value.__class__ is int:
        return node.value
    return None


def _constant_slice(node: ast.expr) -> slice | None:
    """The slice a subscript writes out with constant bounds (`[1:]`, `[:-1]`, `[::-1]`), else None."""
    if node.__class__ is not ast.Slice:
        return None
    bounds = []
    for bound in (node.lower, node.upper, node.step):
        value = _constant_index(bound) if bound is not None else None
        if bound is not None and value is None:
            return None
        bounds.append(value)
    return slice(*bounds) if bounds[2] != 0 else None


def _lacks(cls, attr: str) -> bool:
    """Whether an object of exactly the builtin type `cls` (a qualified name) has no attribute `attr`: reading it
    raises AttributeError (its instances hold no attributes of their own)."""
    if cls.__class__ is not str or not cls.startswith("builtins."):
        return False
    name = cls[9:]
    kind = getattr(builtins, name, None)
    return (isinstance(kind, type) and kind.__dictoffset__ == 0 and not hasattr(kind, attr)
            and attr not in BUILTIN_ATTRIBUTES_SINCE_3_11.get(name, ()))


def _builtin_kinds(values: tuple) -> set | None:
    """The builtin types of `values` by name (`str`, `tuple`, `NoneType`), None where one may be of another class
    (or a subclass of a builtin type)."""
    kinds = set()
    for value in values:
        cls = value.__class__
        if cls is InstV and value.cls.__class__ is str and value.cls.startswith("builtins.") and value.exact \
                and not value.subclassed:
            kinds.add(value.cls[9:])
        elif cls is ContainerV:
            kinds.add(value.kind)
        elif cls is ExtV and value.qualname == "builtins.None":
            kinds.add("NoneType")
        else:
            return None
    return kinds


def _constant_values(constant) -> tuple:
    """(InstV of the constant's builtin type,), one per type."""
    kind = type(constant)
    values = _CONSTANT_VALUES.get(kind)
    if values is None:
        values = _CONSTANT_VALUES[kind] = (InstV(f"builtins.{kind.__name__}"),)
    return values


# the fields of a statement that hold statements, handlers or cases, in the order of its _fields
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_BLOCKS: dict[type, tuple] = {}


def _blocks_of(kind: type) -> tuple:
    blocks = _BLOCKS.get(kind)
    if blocks is None:
        blocks = _BLOCKS[kind] = tuple(field for field in kind._fields if field in _BLOCK_FIELDS)
    return blocks


def _stdlib_c_module_has(module_name: str, name: str) -> bool:
    """Whether a C module of the stdlib (no source to read: `posix`, `_socket`, `_warnings`) defines `name`.

    The module is imported to ask, whether or not this process imported it before, so the
    answer does not depend on the process (the language server imports `socket` for itself,
    the command line may not). Only C code of this interpreter's stdlib qualifies: compiled
    in, or an extension module in the stdlib's own folder, never a file of the analysed code."""
    module = _stdlib_c_module(module_name)
    return module is not None and hasattr(module, name)


def _written_out(annotation: ast.expr) -> ast.expr | None:
    """An annotation's expression: a string one (`"Foo[int]"`) parsed, None if it does not parse."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            return ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    return annotation


def _signed_number(node: ast.UnaryOp) -> bool:
    """`-1`, `+0.5`, `~0`: a sign on a number written out, of the number's type."""
    operand = node.operand
    if operand.__class__ is not ast.Constant:
        return False
    kind = type(operand.value)
    if node.op.__class__ is ast.Invert:
        return kind is int
    return node.op.__class__ in (ast.USub, ast.UAdd) and kind in (int, float, complex)


def _c_constant(module_name: str, name: str) -> tuple:
    """A string, number or bool a C module of the stdlib holds (`sys.platform`, `os.WNOHANG`), as an instance of
    its type: `sys.platform.startswith("linux")` is a str method's bool, not a call of something unknown."""
    value = c_constant_value(module_name, name)
    return (InstV(f"builtins.{type(value).__name__}"),) if value is not None else ()


def c_constant_value(module_name: str, name: str):
    """The string, number or bool a C module of the stdlib holds under `name` (`posix.WNOHANG`: 1), read from this
    interpreter's module (the target runs on this machine); None for anything else."""
    value = getattr(_stdlib_c_module(module_name), name, None)
    return value if type(value) in _C_CONSTANT_TYPES else None


@functools.cache
def _stdlib_c_module(module_name: str):
    """The module, if it is C code of this interpreter's stdlib: compiled in, or one of the private
    accelerators (`_socket`, `_hashlib`) in the stdlib's own folder; never `readline` and the like,
    whose import does things. None when it is not, or does not import here (a missing system library)."""
    if module_name not in sys.stdlib_module_names:
        return None
    if module_name not in sys.builtin_module_names:
        spec = importlib.machinery.PathFinder.find_spec(module_name, _stdlib_folders())
        if not (module_name.startswith("_") and spec is not None
                and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)):
            return None
    try:
        return importlib.import_module(module_name)
    except (ImportError, OSError):
        return None


@functools.cache
def _stdlib_folders() -> list[str]:
    """This interpreter's stdlib folders on sys.path (lib-dynload, DLLs): under its base prefix, not site-packages."""
    bases = {os.path.abspath(sys.base_prefix) + os.sep, os.path.abspath(sys.base_exec_prefix) + os.sep}
    return [p for p in sys.path if p and "site-packages" not in p and os.path.isdir(p)
            and any(os.path.abspath(p).startswith(base) for base in bases)]


def _qualname(cls) -> str:
    return cls if isinstance(cls, str) else cls.qualname


def _c3_merge(sequences: list[list]) -> list:
    result: list = []
    sequences = [s for s in sequences if s]
    while sequences:
        for sequence in sequences:
            head = sequence[0]
            if not any(head in s[1:] for s in sequences):
                break
        else:  # inconsistent hierarchy: fall back to depth-first order
            head = sequences[0][0]
        result.append(head)
        sequences = [[c for c in s if c != head] for s in sequences]
        sequences = [s for s in sequences if s]
    return result


def _notes(log: list, start: int) -> tuple:
    """The decorator applications noted in `log` from `start` on, each once, in the order first noted: an
    entry's notes take in those of every entry it replayed, so kept as logged they repeated (SQLAlchemy:
    812k notes replayed, 3.6k distinct ones a collection); replaying one twice changes nothing."""
    return tuple(dict.fromkeys(log[start:]))


def _dedupe(values) -> tuple:
    if len(values) <= 1:
        return tuple(values)
    if len(values) < 5:  # comparing a few values is cheaper than hashing them
        seen = []
        for value in values:
            if value not in seen:
                seen.append(value)
    else:  # many (every binding of a name, every return): hashing keeps it linear
        seen = list(dict.fromkeys(values))
    if len(seen) > 1:  # UNKNOWN goes last
        for index, value in enumerate(seen):
            if value is UNKNOWN:  # by identity: no value's __eq__ runs
                del seen[index]
                seen.append(UNKNOWN)
                break
    return tuple(seen)
