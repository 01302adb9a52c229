"""The binder: one pass over a module's statements records scopes, functions, classes and bindings.

It walks statements only (expressions are left to `infer` and `callgraph.sites`,
which walk what they need when they need it; but for a walrus's target, looked for in
the statements over a line that says `:=`), so binding a module costs a fraction
of parsing it. Bindings are flow-insensitive: every assignment to a name in a
scope is one of its possible values; but of an `if` whose test the target decides before running
(`sys.platform`, `sys.version_info`, a name another module binds to such a test: resolve/static_conditions.py)
only the branch taken is bound; a conditional expression's taken arm is noted for collection and inference.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from switchpoint.analysis.resolve.container_adds import Made, augmented, method_call, subscript_store
from switchpoint.analysis.resolve.known_returns import CONTAINER_STORES
from switchpoint.analysis.resolve.static_conditions import (
    RUNNING, Decider, TargetFacts, absolute_module, top_level_bindings,
)
from switchpoint.analysis.syntax import SourceText

# Binding shapes (tuples keep them small; the first item says which):
#   ("def", FunctionInfo)            ("class", ClassInfo)
#   ("module", "a.b")                 `import a.b as c` / the package bound by `import a.b`
#   ("from", "a.b", "name")           `from a.b import name`
#   ("assign", expr)                  ("annotation", expr)
#   ("iter", expr)                    a `for` target: an element of iterating expr
#   ("unpack", expr, i)               `a, b = expr`: item i of expr
#   ("unpack_iter", expr, i)          `for a, b in expr`: item i of an element of expr
#   ("enter", expr)                   a `with ... as` target: what __enter__ returns
#   ("caught", expr)                  an `except expr as` name: an instance of expr's classes
#   ("param", FunctionInfo, index)    ("unknown",)
#   ("elsewhere", binding, Scope)     a module name bound in a function that declares it `global`; a walrus in
#                                     a comprehension, evaluated in the comprehension's scope
Binding = tuple
_NO_NAMES: frozenset[str] = frozenset()
# the methods that store into a builtin container of some kind (`append`, `update`, `setdefault`, ...)
STORING_METHODS = frozenset(name for methods in CONTAINER_STORES.values() for name in methods)


class Scope:
    __slots__ = (
        "kind", "owner", "parent", "bindings", "globals", "nonlocals", "module_name", "comprehensions", "narrowing",
        "reaching",
    )

    def __init__(self, kind: str, owner, parent: Scope | None, module_name: str = ""):
        self.kind = kind  # "module", "class", "function" or "comprehension" (see comprehension_scope)
        self.owner = owner
        self.parent = parent  # lexical parent used for name lookup (never a class scope)
        self.module_name = module_name or (parent.module_name if parent is not None else "")
        # tuples, not lists: most names have one binding (a list of one takes twice the room)
        self.bindings: dict[str, tuple[Binding, ...]] = {}
        # names declared `global` / `nonlocal` here: most scopes declare none and share the empty set
        self.globals: frozenset[str] = _NO_NAMES
        self.nonlocals: frozenset[str] = _NO_NAMES
        self.comprehensions: dict | None = None  # comprehension node -> its scope, made on first use
        self.narrowing: dict | None = None  # a function's: read -> the type tests over it (narrowing.guards)
        self.reaching = None  # a function's: read -> the bindings that may reach it (reaching.reaching)

    def bind(self, name: str, binding: Binding) -> None:
        if name in self.globals:  # `global x` then `x = ...`: the module's x, of a value of this scope
            self.module_scope().bind(name, ("elsewhere", binding, self))
            return
        found = self.bindings.get(name)
        self.bindings[name] = (binding,) if found is None else (*found, binding)

    def module_scope(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


class FunctionInfo:
    """A function, method, lambda or a module's top-level code (kind "module")."""

    __slots__ = (
        "qualname", "name", "module", "node", "scope", "cls", "kind", "decorators",
        "params", "is_async", "_is_generator", "__weakref__",
    )

    def __init__(self, qualname, name, module, node, scope, cls, kind, decorators, params, is_async):
        self.qualname: str = qualname
        self.name: str = name
        self.module: Module = module
        self.node = node
        self.scope: Scope = scope
        self.cls: ClassInfo | None = cls
        self.kind: str = kind
        self.decorators: list[ast.expr] | tuple = decorators  # the node's own list (never changed)
        self.params: tuple[str, ...] = params
        self.is_async: bool = is_async
        self._is_generator: bool | None = None

    @property
    def is_generator(self) -> bool:
        """True for a generator function: calling it runs none of its body."""
        if self._is_generator is None:
            node = header_node(self)  # the walk keeps nothing: a body not read yet stays unread (lazy_bodies.py)
            self._is_generator = self.kind != "module" and self._mentions_yield(node) and _contains_yield(node)
        return self._is_generator

    def _mentions_yield(self, node) -> bool:
        """A cheap text test before walking the tree: most functions never say `yield`."""
        source = self.module.source if self.module is not None else None
        if source is None or not hasattr(node, "end_lineno"):
            return True
        return source.mentions("yield", node.lineno, node.end_lineno)

    @property
    def statement_scope(self) -> Scope:
        """The scope its def statement stands in, where the decorators and defaults are evaluated: a method's
        is its class's body (which the method's own scope skips: a class's names are not visible inside the
        functions it defines), a nested function's the enclosing function's."""
        if self.cls is not None:
            return self.cls.scope
        return self.scope.parent or self.scope

    def decorator_names(self) -> list[str]:
        return [dotted_name(d.func if isinstance(d, ast.Call) else d) for d in self.decorators]

    def __repr__(self) -> str:
        return f"<function {self.qualname}>"


_NODE_SLOT = FunctionInfo.node  # the slot itself, which resolve/lazy_bodies.py's subclasses shadow


def header_node(func: FunctionInfo):
    """A function's def node for reading its header (name, arguments, decorators, positions, the first
    statement's line) without counting as a read of its body: a library body nobody read is dropped after
    the call graph's first growth, leaving a stub there (resolve/lazy_bodies.py)."""
    return _NODE_SLOT.__get__(func)


class ClassInfo:
    __slots__ = (
        "qualname", "name", "module", "node", "scope", "statement_scope", "bases", "metaclass", "instance_attrs",
        "held_stores", "__weakref__",
    )

    def __init__(self, qualname, name, module, node, scope, statement_scope):
        self.qualname: str = qualname
        self.name: str = name
        self.module: Module = module
        self.node: ast.ClassDef = node
        self.scope: Scope = scope
        # where its class statement stands, which evaluates the bases and keywords there: an enclosing
        # class's body, whose names `scope` (its parent skips class scopes) does not see
        self.statement_scope: Scope = statement_scope
        self.bases: list[ast.expr] = node.bases  # the node's own list (never changed)
        self.metaclass: ast.expr | None = next((k.value for k in node.keywords if k.arg == "metaclass"), None)
        # attribute -> [(binding, method it is assigned in)] from `self.x = ...` / `self.x: T = ...`
        self.instance_attrs: dict[str, list[tuple[Binding, FunctionInfo]]] = {}
        # attribute -> [(("contained", statement, adds), method it is in)] from `self._d[k] = v`,
        # `self.items.append(v)`: the stores into the container an instance attribute holds, made by the class's
        # own methods on `self` (resolve/container_adds.py; adds None: a store not followed)
        self.held_stores: dict[str, list[tuple[tuple, FunctionInfo]]] = {}

    def __repr__(self) -> str:
        return f"<class {self.qualname}>"


@dataclass
class Module:
    name: str
    path: str | None
    source: SourceText | None
    tree: ast.Module | None
    is_package: bool = False
    problem: str | None = None
    scope: Scope | None = None
    top: FunctionInfo | None = None  # the module's own top-level code
    functions: list[FunctionInfo] = field(default_factory=list)
    classes: list[ClassInfo] = field(default_factory=list)
    # what `from m import *` binds, where the module says it once and for all: the names of a literal `__all__`
    # assigned at its top level, the only mention of `__all__` in its text (nothing extends or rebinds it)
    all_names: tuple[str, ...] | None = None
    error_range: object = None  # api.Range of the syntax error, when `problem` is one
    digest: bytes | None = None  # hash of the text it was bound from (None: no text), keys on-disk caches
    # function (the module's `top` for its top-level code) -> [(target, binding)] of its stores `expr.name = v`
    # on anything but its own `self` (those are the class's instance_attrs): `response.raw = resp` in
    # requests' HTTPAdapter.build_response, the only place `Response.raw` gets a value (CallGraph._outside_stores)
    attribute_stores: dict = field(default_factory=dict)
    # `if` statement or conditional expression -> the branch the target takes (True: the body), where it decides
    # the test before running (resolve/static_conditions.py); collection collects only that branch
    decided: dict = field(default_factory=dict)
    # name -> the functions (the module's `top` for its top-level code) whose statements store into it as a
    # container (`d[k] = v`, `d.update(...)`, `lst.append(v)`, `lst += v`): only the uses of a name stored into
    # where it is bound (anywhere in the module, for a module's name) are walked (resolve/container_stores.py)
    stored_names: dict = field(default_factory=dict)
    # ((module, name), value) of each name of another module a decided test read (`from ._common import LINUX`,
    # resolve/imported_conditions.py): the binding holds while they are what they were (World.conditions_hold)
    condition_deps: tuple = ()
    condition_files: tuple = ()  # (path, fingerprint) of the files those values were read from

    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def dotted_name(node: ast.expr) -> str:
    """`a.b.c` for a chain of names and attributes, else the empty string."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def annotation_name(node: ast.expr) -> str:
    """The last name of what an annotation names: `typing.ClassVar[int]` -> "ClassVar", `Any` -> "Any"."""
    return dotted_name(node.value if isinstance(node, ast.Subscript) else node).rpartition(".")[2]


# the bindings an attribute store on another object is recorded with (Module.attribute_stores)
_STORED_BINDINGS = frozenset({"assign", "unpack", "iter", "unpack_iter", "enter"})
_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
# statements that bind no name and hold no statements (the binder skips them first: they are most)
_BINDS_NOTHING = frozenset({ast.Expr, ast.Return, ast.Raise, ast.Pass, ast.Break, ast.Continue, ast.Assert, ast.Delete})


def _contains_yield(node: ast.AST) -> bool:
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(child, _SCOPE_NODES):
            continue
        stack.extend(ast.iter_child_nodes(child))
    return False


def _instance_dict(node, function: FunctionInfo) -> bool:
    """Whether `node` is a method's own instance dictionary: `vars(self)` or `self.__dict__`."""
    first = function.params[0] if function.params and function.kind == "method" else None
    if first is None:
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars":
        return len(node.args) == 1 and isinstance(node.args[0], ast.Name) and node.args[0].id == first
    return (isinstance(node, ast.Attribute) and node.attr == "__dict__" and isinstance(node.value, ast.Name)
            and node.value.id == first)


def parameter_default(args: ast.arguments, index: int) -> ast.expr | None:
    """The default of the parameter at `index` (binding order, as `parameters`), or None."""
    positional = [*args.posonlyargs, *args.args]
    if index < len(positional):
        offset = index - (len(positional) - len(args.defaults))
        return args.defaults[offset] if offset >= 0 else None
    index -= len(positional) + (1 if args.vararg else 0)
    return args.kw_defaults[index] if 0 <= index < len(args.kwonlyargs) else None


def parameters(args: ast.arguments) -> list[ast.arg]:
    """Parameters in binding order: positional-only, positional, *args, keyword-only, **kwargs."""
    params = [*args.posonlyargs, *args.args]
    if args.vararg:
        params.append(args.vararg)
    params.extend(args.kwonlyargs)
    if args.kwarg:
        params.append(args.kwarg)
    return params


# statements that hold no statements, whose expressions may hold a conditional expression the target decides
_SIMPLE = frozenset({ast.Expr, ast.Return, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Raise, ast.Assert})
_TESTED = _SIMPLE | {ast.If, ast.While}  # and the tests of these


_ELSE = re.compile(r"else\b(?!\s*:)")  # no leading \b: a literal first is searched fast


def _else_lines(source: SourceText | None) -> list[int] | None:
    """The lines (1-based, ascending) that say `else` not as an `else:` block does; None for none."""
    if source is None or "else" not in source.text:
        return None
    ends = source.line_ends()
    lines = sorted({bisect_left(ends, match.start() + 1) + 1 for match in _ELSE.finditer(source.text)})
    return lines or None


class Binder:
    """Fills a `Module` with scopes, functions and classes."""

    def __init__(self, module: Module, facts: TargetFacts = RUNNING, conditions=None, decide: bool = True):
        self.module = module
        # False: no test is decided (binding again a body where none was: resolve/lazy_bodies.py)
        self._decide = decide
        # the names of other modules the decisions read, through `conditions` (resolve/imported_conditions.py),
        # with their values, and the modules whose text those values read
        self.answers: dict[tuple[str, str], object] = {}
        self.reads: set[str] = set()
        self._conditions = conditions
        imported = self._imported if conditions is not None else None
        # the same tests decided twice: as the code runs (TYPE_CHECKING false), and for binding, where what
        # `if TYPE_CHECKING:` imports stays bound for the annotations that name it
        self._running = Decider(facts, type_checking=False, imported=imported, single=self._single)
        self._binding = Decider(facts, type_checking=None, imported=imported, single=self._single)
        self._top_level: dict[str, tuple | None] | None = None
        # only statements over a line that says `else` (not as `else:`) may hold a conditional expression
        self._else_lines = _else_lines(module.source) if decide else None
        # only a module whose text says `:=` may hold a walrus, and only statements over a line that says it
        self._made = Made()  # the nodes container stores into attributes stand for (container_adds.py)
        self._walrus_source = module.source if module.source is not None and ":=" in module.source.text else None

    def bind(self) -> Module:
        module = self.module
        scope = Scope("module", module, None, module.name)
        module.scope = scope
        top = FunctionInfo(module.name, "<module>", module, module.tree, scope, None, "module", (), (), False)
        scope.owner = top
        module.top = top
        self._body(module.tree.body, scope, module.name, None, None)
        return module

    def bind_body(self, info: FunctionInfo) -> None:
        """Binds the statements of a function's body into its scope, as `bind` did (its parameters are bound)."""
        self._body(header_node(info).body, info.scope, info.qualname, None, info)

    # -- statements -------------------------------------------------------------------------

    def _body(self, statements, scope: Scope, prefix: str, cls: ClassInfo | None, function: FunctionInfo | None):
        for statement in statements:
            self._statement(statement, scope, prefix, cls, function)

    def _statement(self, node, scope, prefix, cls, function):
        kind = type(node)
        walrus_source = self._walrus_source
        if walrus_source is not None and walrus_source.mentions(":=", node.lineno, node.end_lineno or node.lineno):
            bind_walruses(_own_expressions(node), scope)
        if kind is ast.Expr and function is not None and function.cls is not None:
            self._instance_dict_setdefault(node.value, function)
        if kind is ast.Expr or kind is ast.Assign or kind is ast.AugAssign or kind is ast.AnnAssign:
            owner = function if function is not None else self.module.top if scope.kind == "module" else None
            self._note_container_store(node, owner)
        if kind in _TESTED and self._else_lines is not None:
            self._conditional_expressions(node, kind, scope)
        if kind in _BINDS_NOTHING:
            return
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            self._function(node, scope, prefix, cls)
        elif kind is ast.ClassDef:
            self._class(node, scope, prefix)
        elif kind is ast.Assign:
            for target in node.targets:
                self._target(target, ("assign", node.value), scope, function)
            if scope.kind == "module" and len(node.targets) == 1 and type(node.targets[0]) is ast.Name:
                self._note_alias(node.targets[0].id, node.value)
            if scope.kind == "module" and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                self._record_all(node)
        elif kind is ast.AnnAssign:
            if node.value is not None:
                self._target(node.target, ("assign", node.value), scope, function)
            self._target(node.target, ("annotation", node.annotation), scope, function)
        elif kind is ast.AugAssign:
            pass  # `x += y` keeps x's type (ints stay ints; __iadd__ returns self by convention)
        elif kind is ast.Import:
            for alias in node.names:
                self._note_import(alias, scope)
                if alias.asname:
                    scope.bind(alias.asname, ("module", alias.name))
                else:
                    top = alias.name.partition(".")[0]
                    scope.bind(top, ("module", top))
        elif kind is ast.ImportFrom:
            base = absolute_module(self.module.package(), node.module, node.level)
            for alias in node.names:
                if alias.name == "*":
                    scope.bind("*", ("star", base))
                    continue
                scope.bind(alias.asname or alias.name, ("from", base, alias.name))
                if scope.kind == "module":
                    self._note_from_import(alias.asname or alias.name, base, alias.name)
        elif kind is ast.For or kind is ast.AsyncFor:
            self._target(node.target, ("iter", node.iter), scope, function)
            self._body(node.body, scope, prefix, cls, function)
            self._body(node.orelse, scope, prefix, cls, function)
        elif kind is ast.With or kind is ast.AsyncWith:
            for item in node.items:
                if item.optional_vars is not None:
                    self._target(item.optional_vars, ("enter", item.context_expr), scope, function)
            self._body(node.body, scope, prefix, cls, function)
        elif kind is ast.If:
            taken = self._taken_branch(node, scope)
            if taken is not False:
                self._body(node.body, scope, prefix, cls, function)
            if taken is not True:
                self._body(node.orelse, scope, prefix, cls, function)
        elif kind is ast.While:
            self._body(node.body, scope, prefix, cls, function)
            self._body(node.orelse, scope, prefix, cls, function)
        elif kind is ast.Try or kind is ast.TryStar:
            self._body(node.body, scope, prefix, cls, function)
            for handler in node.handlers:
                if handler.name:  # `except* E as group` binds an ExceptionGroup, not an E
                    caught = handler.type is not None and kind is ast.Try
                    scope.bind(handler.name, ("caught", handler.type) if caught else ("unknown",))
                self._body(handler.body, scope, prefix, cls, function)
            self._body(node.orelse, scope, prefix, cls, function)
            self._body(node.finalbody, scope, prefix, cls, function)
        elif kind is ast.Match:
            for case in node.cases:
                self._body(case.body, scope, prefix, cls, function)
        elif kind is ast.Global:
            scope.globals = scope.globals | frozenset(node.names)
        elif kind is ast.Nonlocal:
            scope.nonlocals = scope.nonlocals | frozenset(node.names)

    def _imported(self, module: str, name: str):
        value = self.answers[(module, name)] = self._conditions.value(module, name, self.reads)
        return value

    def _taken_branch(self, node: ast.If, scope: Scope) -> bool | None:
        """The branch of `node` the target takes (True: its body), noted for collection, and the branch to bind:
        None where the test is undecided, or decided only by TYPE_CHECKING."""
        if not self._decide:
            return None
        local = self._bound_locally(scope, frozenset())
        running = self._running.truth(node.test, local)
        if running is None:
            return None
        self.module.decided[node] = running
        return self._binding.truth(node.test, local)

    def _conditional_expressions(self, node, kind, scope: Scope) -> None:
        """Notes the arm the target takes of each conditional expression `a if <test> else b` in the expressions
        of a simple statement, or in an `if`'s or `while`'s test, over lines that say `else`."""
        roots = [node] if kind in _SIMPLE else [node.test]
        lines = self._else_lines
        index = bisect_left(lines, roots[0].lineno)
        if index == len(lines) or lines[index] > (roots[0].end_lineno or roots[0].lineno):
            return
        stack = [(root, frozenset()) for root in roots]
        while stack:
            current, inner = stack.pop()
            child_kind = type(current)
            if child_kind is ast.IfExp:
                taken = self._running.truth(current.test, self._bound_locally(scope, inner))
                if taken is not None:
                    self.module.decided[current] = taken
            elif child_kind is ast.Lambda:  # its parameters, a comprehension's targets: not the module's names
                inner = inner | {p.arg for p in parameters(current.args)}
            elif child_kind in COMPREHENSIONS:
                inner = inner | {n.id for g in current.generators for n in ast.walk(g.target) if type(n) is ast.Name}
            stack.extend((child, inner) for child in ast.iter_child_nodes(current))

    def _bound_locally(self, scope: Scope, inner: frozenset):
        """Whether a name a test reads is not the module's there: bound in `inner` (a lambda's parameters, a
        comprehension's targets) or, above the test, in the function or class body it is written in (or one
        around it), but for `import sys` / `import os`, which are those modules anywhere. None: none can be."""
        if scope.kind == "module" and not inner:
            return None

        def bound(name: str) -> bool:
            if name in inner:
                return True
            current = scope
            while current is not None and current.kind != "module":
                if name in current.globals:
                    return False
                found = current.bindings.get(name)
                if found is not None:
                    return name not in ("sys", "os") or any(b != ("module", name) for b in found)
                current = current.parent
            return False

        return bound

    def _single(self, name: str, how: tuple) -> bool:
        """Whether the module binds `name` at its top level only as `how` says (static_conditions.top_level_bindings,
        found the first time a test reads a name the module binds)."""
        if self._top_level is None:
            self._top_level = top_level_bindings(self.module.tree, self.module.package())
        return self._top_level.get(name) == how

    # what the module binds, told to both deciders (each keeps its own)

    def _note_alias(self, name: str, value: ast.expr) -> None:
        """`_mswindows = (sys.platform == "win32")` at a module's top level: the name stands for the test where
        it is bound only there."""
        self._running.note_alias(name, value)
        self._binding.note_alias(name, value)

    def _note_import(self, alias: ast.alias, scope: Scope) -> None:
        """`import compat` at the top level makes `compat.py312` a name of that module; `import sys` and
        `import os` anywhere (the old reading of tests, kept)."""
        local = alias.asname or alias.name.partition(".")[0]
        module = alias.name if alias.asname else local
        if scope.kind == "module" or (module in ("sys", "os") and local == module):
            self._running.note_import(local, module)
            self._binding.note_import(local, module)

    def _note_from_import(self, name: str, module: str, attribute: str) -> None:
        """`from ._common import LINUX` at the top level: the name is what `_common` binds."""
        self._running.note_from_import(name, module, attribute)
        self._binding.note_from_import(name, module, attribute)

    def _instance_dict_setdefault(self, node, function: FunctionInfo) -> None:
        """`vars(self).setdefault("name", value)` (socketserver's ThreadingMixIn) sets self.name as an
        assignment does."""
        if (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault"
            and len(node.args) == 2 and not node.keywords and _instance_dict(node.func.value, function)
            and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
        ):
            function.cls.instance_attrs.setdefault(node.args[0].value, []).append((("assign", node.args[1]), function))

    def _note_container_store(self, node, owner: FunctionInfo | None) -> None:
        """Notes the name a statement stores into as a container: `d[k] = v`, `lst += v`, `d.update(...)`,
        `d.setdefault(k, v).append(x)`, `x = d.setdefault(k, v)` (Module.stored_names; not in a class body)."""
        if owner is None:
            return
        kind = type(node)
        stored = self.module.stored_names
        if kind is ast.Assign or kind is ast.AnnAssign:
            # a defaultdict's lookups give what its factory makes, and what is stored: its name's uses tell which
            made = isinstance(node.value, ast.Call) and dotted_name(node.value.func).rpartition(".")[2] == "defaultdict"
            for target in node.targets if kind is ast.Assign else (node.target,):
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    stored.setdefault(target.value.id, set()).add(owner)
                elif made and isinstance(target, ast.Name):
                    stored.setdefault(target.id, set()).add(owner)
                elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute):
                    self._note_attribute_store(owner, target.value, node, subscript_store(target, node, self._made))
                elif isinstance(target, (ast.Tuple, ast.List)):
                    for element in target.elts:  # `self._d[a], b = ...`: stored, what not followed
                        element = element.value if isinstance(element, ast.Starred) else element
                        if isinstance(element, ast.Subscript) and isinstance(element.value, ast.Attribute):
                            self._note_attribute_store(owner, element.value, node, None)
        elif kind is ast.AugAssign:
            if isinstance(node.target, ast.Name):
                stored.setdefault(node.target.id, set()).add(owner)
            elif isinstance(node.target, ast.Attribute):  # `self._items += [x]` extends the list it holds
                self._note_attribute_store(owner, node.target, node, augmented(node, self._made))
            return
        call = node.value
        while isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            receiver = call.func.value
            if isinstance(receiver, ast.Name) and call.func.attr in STORING_METHODS:
                stored.setdefault(receiver.id, set()).add(owner)
            elif isinstance(receiver, ast.Attribute) and call.func.attr in STORING_METHODS:
                self._note_attribute_store(owner, receiver, call, method_call(call.func.attr, call, self._made))
            call = receiver

    def _note_attribute_store(self, owner: FunctionInfo, attribute: ast.Attribute, node, adds: list | None) -> None:
        """`self._d[k] = v`, `obj.items.append(v)`: a store into the container an attribute holds, with what it adds
        (resolve/container_adds.py; None: a store not followed). A method's on its own `self` is its class's
        (`ClassInfo.held_stores`), any other among the module's attribute stores (`Module.attribute_stores`, which
        the second pass reads); both read by `Evaluator._with_held_stores`."""
        if adds == []:
            return
        binding = ("contained", node, adds)
        receiver = attribute.value
        if owner.cls is not None and owner.params and isinstance(receiver, ast.Name) and receiver.id == owner.params[0]:
            owner.cls.held_stores.setdefault(attribute.attr, []).append((binding, owner))
        else:
            self.module.attribute_stores.setdefault(owner, []).append((attribute, binding))

    def _target(self, target, binding, scope, function):
        if isinstance(target, ast.Name):
            scope.bind(target.id, binding)
        elif (
            isinstance(target, ast.Subscript) and binding[0] == "assign" and function is not None
            and function.cls is not None and _instance_dict(target.value, function)
            and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str)
        ):  # `vars(self)["name"] = value`, `self.__dict__["name"] = value`
            function.cls.instance_attrs.setdefault(target.slice.value, []).append((binding, function))
        elif isinstance(target, (ast.Tuple, ast.List)):
            starred = any(isinstance(e, ast.Starred) for e in target.elts)
            for index, element in enumerate(target.elts):
                if binding[0] == "assign" and not starred:
                    self._target(element, ("unpack", binding[1], index), scope, function)
                elif binding[0] == "iter" and not starred:
                    self._target(element, ("unpack_iter", binding[1], index), scope, function)
                else:
                    self._target(element, ("unknown",), scope, function)
        elif isinstance(target, ast.Starred):
            self._target(target.value, ("unknown",), scope, function)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and function is not None
            and function.cls is not None
            and function.params
            and target.value.id == function.params[0]
            and binding[0] in ("assign", "annotation", "unpack")
        ):
            function.cls.instance_attrs.setdefault(target.attr, []).append((binding, function))
        elif isinstance(target, ast.Attribute):
            if isinstance(target.value, ast.Name) and scope.kind == "module":
                # `SSLContext.sslsocket_class = SSLSocket` after both classes (ssl.py): an attribute of a class
                # of this module set at its top level is one of the class's values of that name, evaluated
                # where it is written (the class body's `sslsocket_class = None` alone made `wrap_socket` call
                # nothing, so the handshake it does was missed)
                for found in scope.bindings.get(target.value.id, ()):
                    if found[0] == "class":
                        found[1].scope.bind(target.attr, ("elsewhere", binding, scope))
            owner = function if function is not None else self.module.top if scope.kind == "module" else None
            if owner is not None and binding[0] in _STORED_BINDINGS:  # (a class body's are left: rare)
                self.module.attribute_stores.setdefault(owner, []).append((target, binding))

    def _record_all(self, node: ast.Assign):
        value, module = node.value, self.module
        if not any(node is statement for statement in module.tree.body):
            return  # under an `if` or `try`: it may not run, and then a star import binds every public name
        if module.source is None or module.source.text.count("__all__") != 1:
            return  # extended (`__all__ += ...`, `.extend`), rebound or written through globals(): not all said here
        if isinstance(value, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        ):
            module.all_names = tuple(e.value for e in value.elts)

    # -- definitions --------------------------------------------------------------------------

    def _function(self, node, scope: Scope, prefix: str, cls: ClassInfo | None) -> FunctionInfo:
        params = parameters(node.args)
        info = self._function_info(node, scope if scope.kind != "class" else scope.parent, prefix, cls, params)
        own = info.scope
        for index, param in enumerate(params):
            own.bind(param.arg, ("param", info, index))
        scope.bind(node.name, ("def", info))
        self._body(node.body, own, f"{prefix}.{node.name}", None, info)
        return info

    def _function_info(self, node, lexical_parent: Scope, prefix: str, cls: ClassInfo | None, params) -> FunctionInfo:
        """The function the def `node` defines, with its scope (empty), added to the module's functions."""
        own = Scope("function", None, lexical_parent)
        info = FunctionInfo(
            f"{prefix}.{node.name}", node.name, self.module, node, own, cls,
            "method" if cls is not None else "function",
            node.decorator_list, tuple(p.arg for p in params), isinstance(node, ast.AsyncFunctionDef),
        )
        own.owner = info
        self.module.functions.append(info)
        return info

    def _class(self, node: ast.ClassDef, scope: Scope, prefix: str) -> ClassInfo:
        info = self._class_info(node, scope, prefix)
        scope.bind(node.name, ("class", info))
        self._body(node.body, info.scope, f"{prefix}.{node.name}", info, None)
        return info

    def _class_info(self, node: ast.ClassDef, scope: Scope, prefix: str) -> ClassInfo:
        """The class the class statement `node` in `scope` defines, with its scope (empty), added to the module's
        classes."""
        own = Scope("class", None, scope if scope.kind != "class" else scope.parent, scope.module_name)
        info = ClassInfo(f"{prefix}.{node.name}", node.name, self.module, node, own, scope)
        own.owner = info
        self.module.classes.append(info)
        return info


COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def comprehension_scope(scope: Scope, node) -> Scope:
    """The scope of the comprehension `node` written in `scope`, made on first use and kept by `scope` (the
    binder walks statements only). As in CPython, its targets are its own locals, bound as a `for`
    statement's are (an element of iterating the iterable, item i of one for `a, b`); its first iterable is
    evaluated where the comprehension is written (a class body's names are seen there), the rest of it in
    its own scope, whose parent skips a class body as a function's does. A walrus in it binds in the
    enclosing function (`bind_walruses`). Its owner is that of `scope`: the function (class,
    module) it is part of."""
    own_scopes = scope.comprehensions
    if own_scopes is None:
        own_scopes = scope.comprehensions = {}
    own = own_scopes.get(node)
    if own is None:
        own = Scope("comprehension", scope.owner, scope if scope.kind != "class" else scope.parent, scope.module_name)
        for index, generator in enumerate(node.generators):
            _bind_comprehension_target(generator.target, ("iter", generator.iter), own, scope if index == 0 else None)
        own_scopes[node] = own
    return own


def _bind_comprehension_target(target, binding: Binding, own: Scope, outer: Scope | None) -> None:
    """Binds a comprehension's target in its scope `own`; `binding` evaluated in `outer` where given (the first
    iterable's), else in `own`."""
    if isinstance(target, ast.Name):
        own.bind(target.id, binding if outer is None else ("elsewhere", binding, outer))
    elif isinstance(target, (ast.Tuple, ast.List)):
        starred = any(isinstance(e, ast.Starred) for e in target.elts)
        for index, element in enumerate(target.elts):
            if binding[0] == "iter" and not starred:
                _bind_comprehension_target(element, ("unpack_iter", binding[1], index), own, outer)
            else:
                _bind_comprehension_target(element, ("unknown",), own, None)
    elif isinstance(target, ast.Starred):
        _bind_comprehension_target(target.value, ("unknown",), own, None)
    # (an attribute or a subscript as a target binds no name)


def scope_within(scope: Scope, root: ast.AST, node: ast.AST) -> Scope:
    """The scope `node`, written in the code of `root` whose scope is `scope` (not inside a function or lambda
    there), is evaluated in: `scope`, or that of the comprehensions around it (past their first iterable)."""
    if not hasattr(node, "lineno"):
        return scope
    start, end = (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)
    stack = [(root, scope)]
    while stack:
        current, where = stack.pop()
        if current is node:
            return where
        if current is not root and getattr(current, "lineno", None) is not None and not (
            (current.lineno, current.col_offset) <= start and end <= (current.end_lineno, current.end_col_offset)
        ):
            continue
        if current is not root and isinstance(current, COMPREHENSIONS):
            inner = comprehension_scope(where, current)
            first, *rest = current.generators
            stack.append((first.iter, where))
            stack.extend((child, inner) for child in (first.target, *first.ifs, *rest))
            stack.extend((child, inner) for child in (
                (current.key, current.value) if isinstance(current, ast.DictComp) else (current.elt,)))
        else:
            stack.extend((child, where) for child in ast.iter_child_nodes(current))
    return scope


def _own_expressions(statement) -> list:
    """The parts of a statement that are not statements themselves (its test, iterable, value, targets,
    decorators, a `case`'s guard): the binder walks the statements in its body on its own."""
    parts = []
    for _, value in ast.iter_fields(statement):
        for part in value if isinstance(value, list) else (value,):
            if isinstance(part, ast.match_case):
                if part.guard is not None:
                    parts.append(part.guard)
            elif isinstance(part, ast.AST) and not isinstance(part, (ast.stmt, ast.excepthandler)):
                parts.append(part)
    return parts


def bind_walruses(roots, scope: Scope) -> None:
    """Binds the target of each walrus in the expressions `roots`, written in `scope`, as an assignment there
    (PEP 572: one in a comprehension binds in the scope the comprehension is written in, its value evaluated
    in the comprehension's own scope); a lambda's are its own (`make_lambda`)."""
    stack = [(root, scope) for root in roots]
    while stack:
        current, where = stack.pop()
        kind = type(current)
        if kind is ast.NamedExpr:
            binding = ("assign", current.value)
            scope.bind(current.target.id, binding if where is scope else ("elsewhere", binding, where))
            stack.append((current.value, where))
        elif kind is ast.Lambda:
            continue
        elif kind in COMPREHENSIONS:
            inner = comprehension_scope(where, current)
            first, *rest = current.generators
            stack.append((first.iter, where))
            stack.extend((child, inner) for child in (*first.ifs, *rest))
            stack.extend((child, inner) for child in (
                (current.key, current.value) if kind is ast.DictComp else (current.elt,)))
        else:
            stack.extend((child, where) for child in ast.iter_child_nodes(current))


def make_lambda(node: ast.Lambda, scope: Scope, module: Module, prefix: str) -> FunctionInfo:
    """A FunctionInfo for a lambda met while evaluating an expression."""
    own = Scope("function", None, scope if scope.kind != "class" else scope.parent, scope.module_name)
    params = parameters(node.args)
    info = FunctionInfo(f"{prefix}.<lambda>", "<lambda>", module, node, own, None, "lambda", (), tuple(p.arg for p in params), False)
    own.owner = info
    for index, param in enumerate(params):
        own.bind(param.arg, ("param", info, index))
    if module is not None and module.source is not None and module.source.mentions(":=", node.lineno, node.end_lineno):
        bind_walruses((node.body,), own)
    return info
