"""Whole-program facts the race rules share: spawn sites, what escapes to other virtual threads.

Computed once per analysis (cached weakly on its summaries) over the project's own
functions (not the standard library, site-packages or switchpoint's runtime):

* spawn sites: calls that start a virtual thread (`gevent.spawn`, `eventlet.spawn`,
  `switchpoint.runtime.spawn`, `TaskGroup.spawn`, `asyncio.create_task`/`gather`,
  `Greenlet(run)`, `threading.Thread(target=...)`, servers with a handler, ...);
* shared parameters, classes and closure cells: what another virtual thread can
  reach. A spawn argument escapes when the spawner keeps using it (a global, a
  parameter, `self`, a closure cell, a local loaded again or passed again from a
  loop); escaping objects make their classes shared, and sharing flows on through
  call sites to callee parameters, and through attributes of shared objects;
* classes that flow into each parameter from call and spawn sites, used to
  confirm `possible` switch points on receivers of unknown class.

Functions a framework runs concurrently (invisible spawns) can be declared with
`spawned = ["myapp.views.*"]` in `[tool.switchpoint]`. With no spawn site and no
declared function the program is single-threaded and nothing is shared.

An editor's workspace analyses again after each edit, so what evaluating one function's
code tells (its calls' callee names, its spawn sites, the classes and parameters its
arguments may be, what its calls pass on to which callees: `_Calls`, `_value`,
`_Passing`) is remembered across runs per function (`_facts.py`), reused while what the
evaluation read is unchanged; rules remember their own per-function facts the same way
(`Program.remembered`: accessor summaries and in-place changes in `_flow.py`, what is handed
to thread pools in `hub_blocking_call.py`), each also checked, if it says how (`holds`), against
what else it depends on in the run. Only the whole-program steps on top run in every analysis, over
those remembered facts: recording spawn sites, sharing (a worklist over the calls passing
something on), and the flow of classes into parameters (solved for the parameters asked, `_ParamClasses`).
"""

from __future__ import annotations

import ast
import functools
import os
import re
import weakref
from dataclasses import dataclass, field
from typing import NamedTuple

from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, Scope
from switchpoint.analysis.resolve.infer import ClassV, DispatchV, ExtV, FuncV, InstV, ParamV, PartialV
from switchpoint.analysis.rules._facts import RunFacts, reading
from switchpoint.analysis.rules._per_run import PerRun

# last name of the callee -> where the spawned callable is: an argument index, a keyword,
# "coro" (the first argument is a coroutine call) or "coros" (every argument is)
SPAWNERS: dict[str, object] = {
    "spawn": 0, "spawn_n": 0, "spawn_raw": 0, "spawn_later": 1, "spawn_after": 1, "spawn_after_local": 1,
    "start_new_thread": 0, "start_soon": 0, "Greenlet": 0, "greenlet": 0, "Thread": "target",
    "StreamServer": 1, "WSGIServer": 1, "create_task": "coro", "ensure_future": "coro", "gather": "coros",
}
# spawners that run the callable over the elements of an iterable: the elements are not shared
MAPPERS = ("gevent.pool.Group.map", "gevent.pool.Group.imap", "gevent.pool.Group.imap_unordered",
           "eventlet.GreenPool.imap", "eventlet.GreenPool.starmap")
_LIBRARY_PATH = re.compile(r"[\\/](site-packages|dist-packages|lib[\\/]python\d+\.\d+)[\\/]")


@dataclass
class SpawnSite:
    caller: FunctionInfo
    node: ast.Call
    spawned: list[tuple[FunctionInfo, int]]  # (function, 1 if bound to a receiver else 0)
    invocations: list[tuple] = field(default_factory=list)  # (callable node, positional args, keywords)
    names: list[str] = field(default_factory=list)  # callee_names of the spawning call


@dataclass
class Program:
    functions: list[FunctionInfo]
    spawns: list[SpawnSite] = field(default_factory=list)
    spawned: set[FunctionInfo] = field(default_factory=set)
    shared_params: set[tuple[FunctionInfo, int]] = field(default_factory=set)
    shared_classes: set[ClassInfo] = field(default_factory=set)
    shared_cells: set[tuple[str, str]] = field(default_factory=set)  # (qualname of the defining function, name)
    # per project function of the graph: (call, callee_names) of each call of its body, in order
    named_calls: dict[FunctionInfo, tuple] = field(default_factory=dict)
    # per project function of the graph: (call, the functions it may run) of each call of its body running one
    called: dict[FunctionInfo, tuple] = field(default_factory=dict)

    declared: bool = False  # `spawned = [...]` in [tool.switchpoint] named some function
    _shared_mro: tuple = (-1, frozenset())  # (len(shared_classes), every class in their MROs)
    _facts: RunFacts | None = None  # the run's function facts
    _param_classes: _ParamClasses | None = None

    @property
    def concurrent(self) -> bool:
        return bool(self.spawns) or self.declared

    @property
    def param_classes(self) -> _ParamClasses:
        """(function, parameter index) -> the classes flowing into it, solved for the parameters asked (only
        possible switch points and accessors called on parameters ask)."""
        return self._param_classes

    def remembered(self, func: FunctionInfo, key: str, compute, *args, owners=None, holds=None):
        """`compute(*args)`, which evaluates code of `func` only, remembered across runs while what it
        read is unchanged (`_facts.py`): for rules' own per-function facts, under keys of their own.
        `owners(result)` names the functions and classes in the result, `holds(result)` checks what else a
        remembered result depends on in this run (both as `RunFacts.remembered` takes them)."""
        return self._facts.remembered(func, key, compute, *args, owners=owners, holds=holds)

    def remembered_of(self, functions, key: str, compute, owners=None, holds=None) -> dict:
        """{func: remembered(func, key, compute, func, owners=owners, holds=holds)} for many functions, checked in bulk."""
        return self._facts.remembered_of(functions, key, compute, owners=owners, holds=holds)

    def shares_instances_of(self, cls, evaluator) -> bool:
        """Whether `cls` or one of its subclasses is shared (its instances reach other virtual threads)."""
        # asked for every `self.x` a walk reads: gathered again only when shared_classes grew (it never shrinks)
        if self._shared_mro[0] != len(self.shared_classes):
            bases = frozenset(base for shared in self.shared_classes for base in evaluator.mro(shared))
            self._shared_mro = (len(self.shared_classes), bases)
        return cls in self._shared_mro[1]


_PROGRAMS: PerRun[Program] = PerRun()  # by the run's summaries


def program_of(context) -> Program:
    return _PROGRAMS.get(context.summaries, lambda: _Builder(context).build())


def is_project_function(func: FunctionInfo) -> bool:
    module = func.module
    if module is None or module.path is None:
        return False
    return _is_project_module(module.name, module.path)


def _project_functions(functions) -> list[FunctionInfo]:
    """The project's functions among `functions`, in their order (asked once per module, not per function)."""
    by_module: dict[int, bool] = {}
    found = []
    for func in functions:
        project = by_module.get(id(func.module))
        if project is None:
            project = by_module[id(func.module)] = is_project_function(func)
        if project:
            found.append(func)
    return found


@functools.lru_cache(maxsize=4096)  # asked for every function of the graph, a few modules' worth of answers
def _is_project_module(name: str, path: str) -> bool:
    return not name.startswith("switchpoint.runtime") and not _LIBRARY_PATH.search(path)


def body_nodes(func: FunctionInfo) -> tuple[ast.AST, ...]:
    """Every node of a function's own body in pre-order: nested functions, lambdas and class bodies
    excluded (a module's class bodies run as part of the module, so they are included there), and
    so are expression contexts and operators, which no rule looks at."""
    return _body(func).nodes


def body_calls(func: FunctionInfo) -> tuple[ast.Call, ...]:
    """The calls among `body_nodes(func)`, in the same order."""
    return _body(func).calls


def body_withs(func: FunctionInfo) -> tuple[ast.AST, ...]:
    """The `with` and `async with` statements among `body_nodes(func)`, in the same order."""
    return _body(func).withs


class _Body:
    """What the rules read of one function's syntax (and scopes): its body's nodes, and facts derived from
    them when first asked. It holds no FunctionInfo (the key it is kept under, weakly)."""

    __slots__ = ("nodes", "calls", "withs", "roots", "classmethod", "assigned")

    def __init__(self, nodes: tuple):
        self.nodes = nodes
        self.calls = tuple(n for n in nodes if type(n) is ast.Call)
        self.withs = tuple(n for n in nodes if type(n) is ast.With or type(n) is ast.AsyncWith)
        self.roots: dict[int, tuple | None] = {}  # id(expression) -> expression_root
        self.classmethod: bool | None = None  # _classmethod, once asked
        self.assigned: tuple | None = None  # _assigned_values, once asked


# FunctionInfo -> (its body, _Body). Several rules read the same bodies; kept across runs while the function
# has that body (an edit kept in place gives it another: resolve/body_edits.py).
_BODIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# fields that only ever hold expression contexts and operators
_LEAF_FIELDS = frozenset({"ctx", "op", "ops"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _body(func: FunctionInfo) -> _Body:
    """Reads the body, each time (resolve/body_marks.py)."""
    return body_marks.kept_with_body(_BODIES, func, lambda f: _Body(_walk_body(f)))


def _walk_body(func: FunctionInfo) -> tuple[ast.AST, ...]:
    # ast.iter_child_nodes inlined, without the leaf fields: this walk is the rules' largest cost on big files
    node = func.node
    in_module = func.kind == "module"
    stack = [node.body] if isinstance(node, ast.Lambda) else list(reversed(node.body))
    found = []
    while stack:
        current = stack.pop()
        found.append(current)
        kind = type(current)
        if kind is ast.Name or kind is ast.Constant:
            continue
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            stack.extend(reversed(current.decorator_list))
            continue
        if kind is ast.Lambda or (kind is ast.ClassDef and not in_module):
            continue
        fields = _CHILD_FIELDS.get(kind)
        if fields is None:
            fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _LEAF_FIELDS)
        children = []
        for name in fields:
            value = getattr(current, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        children.append(item)
            elif isinstance(value, ast.AST):
                children.append(value)
        children.reverse()
        stack.extend(children)
    return tuple(found)


def last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return last_name(node.func)
    return ""


def callee_names(evaluator, node: ast.Call, scope: Scope) -> list[str]:
    """Qualified names of what a call may run (resolved), or the callee's last name if unresolved."""
    return _names(evaluator, evaluator.eval(node.func, scope), node)


def _names(evaluator, values: tuple, node: ast.Call) -> list[str]:
    names = []
    for value in values:
        if isinstance(value, FuncV):
            names.append(value.func.qualname)
        elif isinstance(value, ExtV):
            names.append(evaluator.world.model.canonical(value.qualname))
        elif isinstance(value, ClassV):
            names.append(value.cls if isinstance(value.cls, str) else value.cls.qualname)
        elif isinstance(value, DispatchV):
            names.append(value.name)
    return names or [last_name(node.func)]


def calls_with_names(context, func: FunctionInfo):
    """(call, callee_names) of each call of `func`'s body, in order: as the run's program found them
    (`Program.named_calls`) once built (the race rules build it first) for a project function, else evaluated now."""
    program = _PROGRAMS.peek(context.summaries)
    named = program.named_calls.get(func) if program is not None else None
    if named is not None:
        return named
    return [(node, callee_names(context.evaluator, node, func.scope)) for node in body_calls(func)]


def resolve_root(name: str, func: FunctionInfo):
    """("param", index) | ("global", module name) | ("cell", defining qualname) | ("local",) for a name in a function."""
    scope = func.scope
    if func.kind == "module" or name in scope.globals:
        return ("global", func.module.name)
    bindings = None if name in scope.nonlocals else scope.bindings.get(name)
    if bindings:
        for binding in bindings:
            if binding[0] == "param" and binding[1] is func:
                return ("param", binding[2])
        return ("local",)
    parent = scope.parent
    while parent is not None:
        if name in parent.bindings:
            if parent.kind == "module":
                return ("global", func.module.name)
            owner = parent.owner
            return ("cell", owner.qualname if owner is not None else "?")
        parent = parent.parent
    return ("global", func.module.name)


class _Calls(NamedTuple):
    """What evaluating one function's calls tells the builder (remembered across runs, `_facts.py`)."""

    named: tuple  # (call, callee_names) of each call of body_calls(func)
    callees: tuple  # (call, the functions it may run) of each call among them that may run one, in order
    spawns: tuple  # (call, spawned, invocations, callee names) of each spawn site among them, in order
    passes: tuple  # ((callee, parameter index), argument) of each argument passed to a known callee
    passing: _Passing


class _Passing(NamedTuple):
    """The calls of one function that pass a name (or what hangs off one) to a known project callee,
    indexed by what those names are rooted at, for `_Builder._propagate`. A root is (resolve_root, name)."""

    calls: tuple  # (call, [(callee, offset)], receiver root or None, argument roots, keyword roots)
    always: tuple  # positions in calls of those passing a global, or the class of a classmethod: always shared
    cells: tuple  # (position, key in Program.shared_cells) of those passing a closure cell or a captured local
    by_param: dict  # parameter index -> positions of those passing something rooted at that parameter


def _called(calls: _Calls) -> list:
    """The functions `_Calls` holds: its calls' callees (those its arguments are passed to among them) and
    what its spawn sites spawn."""
    found = [callee for _, callees in calls.callees for callee in callees]
    found += [spawned for site in calls.spawns for spawned, _ in site[1]]
    return found


def _passing(func: FunctionInfo, calls: list[tuple]) -> _Passing:
    """_Passing of `func`, given (call, callees) of its calls."""
    entries, always, cells, by_param = [], [], [], {}
    classmethod = func.kind == "method" and func.cls is not None and _classmethod(func)
    known = _body(func).roots
    for call, callees in calls:
        if not callees:
            continue
        receiver = expression_root(func, call.func.value, known) if isinstance(call.func, ast.Attribute) else None
        args = tuple(None if isinstance(arg, ast.Starred) else expression_root(func, arg, known) for arg in call.args)
        keywords = tuple(expression_root(func, keyword.value, known) for keyword in call.keywords)
        roots = [rooted for rooted in (receiver, *args, *keywords) if rooted is not None]
        if not roots:
            continue
        position = len(entries)
        entries.append((call, callees, receiver, args, keywords))
        for root, name in roots:  # as root_shared answers for each kind of root
            kind = root[0]
            if kind == "global" or (kind == "param" and root[1] == 0 and classmethod):
                always.append(position)
            elif kind == "cell":
                cells.append((position, (root[1], name)))
            elif kind == "local":
                cells.append((position, (func.qualname, name)))
            if kind == "param":
                by_param.setdefault(root[1], []).append(position)
    by_param = {index: tuple(dict.fromkeys(positions)) for index, positions in by_param.items()}
    return _Passing(tuple(entries), tuple(dict.fromkeys(always)), tuple(cells), by_param)


class _Builder:
    def __init__(self, context):
        self.ev = context.evaluator
        self.graph = context.graph
        model = self.graph.world.model
        self.facts = RunFacts(self.graph, self.ev, (getattr(model, "patch_flags", None), repr(context.config)))
        functions = _project_functions(self.graph.ops)
        self.program = Program(functions, _facts=self.facts)
        self._load_counts: dict[FunctionInfo, dict[str, int]] = {}
        self._shared_values: set[tuple[FunctionInfo, int]] = set()  # (function, id(node)) given to _share_value
        self.calls: dict[FunctionInfo, _Calls] = self.facts.remembered_of(functions, "calls", self._evaluate_calls, _called)

    def build(self) -> Program:
        program = self.program
        program.named_calls = {func: calls.named for func, calls in self.calls.items()}
        program.called = {func: calls.callees for func, calls in self.calls.items()}
        for func, calls in self.calls.items():
            for call, spawned, invocations, names in calls.spawns:
                self._record(func, call, spawned, invocations, names)
        self._declared_spawns()
        program._param_classes = _ParamClasses(self.facts, self.ev, self.calls)
        if program.concurrent:
            self._globals()
            self._propagate()
        return program

    # -- evaluating a function's calls (remembered) -----------------------------------------------------

    def _evaluate_calls(self, func: FunctionInfo) -> _Calls:
        ev, scope = self.ev, func.scope
        named, callees, resolved_calls, spawns, passes = [], [], [], [], []
        for call in body_calls(func):
            values = ev.eval(call.func, scope)
            call_names = _names(ev, values, call)
            functions = [v for v in values if isinstance(v, FuncV)]
            resolved = [
                (v.func, 1 if v.binding in ("method", "class") else 0) for v in functions
                if v.binding not in ("property", "contextmanager")
            ]
            named.append((call, call_names))
            if functions:
                callees.append((call, tuple(v.func for v in functions)))
            resolved_calls.append((call, resolved))
            for callee, offset in resolved:
                for index, arg in enumerate(call.args):
                    if not isinstance(arg, ast.Starred):
                        passes.append(((callee, index + offset), arg))
                for keyword in call.keywords:
                    if keyword.arg in callee.params:
                        passes.append(((callee, callee.params.index(keyword.arg)), keyword.value))
            for site in self._spawn_sites(func, call, call_names):
                spawns.append(site)
                _, spawned, invocations, _ = site
                for _, args, _ in invocations:
                    for callee, offset in spawned:
                        passes.extend(((callee, index + offset), arg) for index, arg in enumerate(args))
        return _Calls(tuple(named), tuple(callees), tuple(spawns), tuple(passes), _passing(func, resolved_calls))

    def _value(self, func: FunctionInfo, node: ast.AST) -> tuple[tuple, tuple]:
        return _value(self.facts, self.ev, func, node)

    # -- spawn sites ------------------------------------------------------------------------------

    def _spawn_sites(self, func: FunctionInfo, call: ast.Call, names: list[str]) -> list[tuple]:
        """(call, spawned, invocations, names) for each virtual thread the call starts."""
        if any(n in MAPPERS for n in names):
            spawned = self._callables(func, call.args[0]) if call.args else []
            return [(call, spawned, [], names)]
        where = next((SPAWNERS[n.rpartition(".")[2]] for n in names if n.rpartition(".")[2] in SPAWNERS), None)
        if where is None:
            return []
        if where in ("coro", "coros"):
            coros = call.args if where == "coros" else call.args[:1]
            return [
                (call, self._callables(func, coro.func), [(coro.func, coro.args, coro.keywords)], names)
                for coro in coros if isinstance(coro, ast.Call)
            ]
        if isinstance(where, int):
            if len(call.args) <= where:
                target = next((k.value for k in call.keywords if k.arg in ("run", "handle", "application", "func", "fn")), None)
                args = []
            else:
                target, args = call.args[where], call.args[where + 1:]
            keywords = [k for k in call.keywords if k.arg not in ("run", "handle", "application", "func", "fn")]
        else:
            target = next((k.value for k in call.keywords if k.arg == where), None)
            argument = next((k.value for k in call.keywords if k.arg == "args"), None)
            args = list(argument.elts) if isinstance(argument, (ast.Tuple, ast.List)) else []
            keywords = []
        if target is None:
            return []
        return [(call, self._callables(func, target), [(target, args, keywords)], names)]

    def _declared_spawns(self) -> None:
        """Functions `spawned = [...]` names: a framework (a WSGI server, aiohttp) runs them concurrently."""
        from switchpoint.analysis.config import _matches
        from switchpoint.analysis.rules._base import project_config

        patterns = {}
        folders: dict[str, object] = {}  # folder -> its config: one look for pyproject.toml per folder of modules
        files: dict[str, object] = {}  # path -> its folder's config: one dirname per module, not per function
        for func in self.program.functions:
            path = func.module.path
            config = files.get(path)
            if config is None:
                folder = os.path.dirname(path)
                config = folders.get(folder)
                if config is None:
                    config = folders[folder] = project_config(path)
                files[path] = config
            if config.spawned and _matches(func.qualname, tuple(config.spawned), patterns):
                self.program.spawned.add(func)
                self.program.declared = True
                if func.kind == "method" and func.cls is not None:
                    self.program.shared_classes.add(func.cls)  # one handler object serves every request

    def _callables(self, func: FunctionInfo, node: ast.AST) -> list[tuple[FunctionInfo, int]]:
        found = []
        for value in self.ev.eval(node, func.scope):
            if isinstance(value, PartialV):
                found.extend((v.func, 0) for v in value.target if isinstance(v, FuncV))
            elif isinstance(value, FuncV):
                found.append((value.func, 1 if value.binding in ("method", "class") else 0))
        return found

    def _record(self, func, call, spawned, invocations, names) -> None:
        program = self.program
        # copies: the lists are remembered for later runs (`_Calls`), a site belongs to this run
        program.spawns.append(SpawnSite(func, call, list(spawned), list(invocations), list(names)))
        for target, _ in spawned:
            program.spawned.add(target)
            for cell in _free_names(target):
                program.shared_cells.add(cell)
        for target_node, args, keywords in invocations:
            for callee, offset in spawned:
                if isinstance(target_node, ast.Attribute) and offset and self.escapes(func, target_node.value, call):
                    self._share_value(func, target_node.value)
                    program.shared_params.add((callee, 0))
                for index, arg in enumerate(args):
                    if not isinstance(arg, ast.Starred) and self.escapes(func, arg, call):
                        program.shared_params.add((callee, index + offset))
                        self._share_value(func, arg)
                for keyword in keywords:
                    if keyword.arg in callee.params and self.escapes(func, keyword.value, call):
                        program.shared_params.add((callee, callee.params.index(keyword.arg)))
                        self._share_value(func, keyword.value)

    def escapes(self, func: FunctionInfo, node: ast.AST, site: ast.AST) -> bool:
        """Whether an argument handed to a new virtual thread stays reachable from the spawner too."""
        base = node
        while isinstance(base, (ast.Attribute, ast.Subscript)):
            base = base.value
        if not isinstance(base, ast.Name):
            return False  # a fresh object (a call, a literal) or a constant
        root = resolve_root(base.id, func)
        if root[0] != "local":
            return True
        if self._loads(func).get(base.id, 0) > 1 or (func.qualname, base.id) in self.program.shared_cells:
            return True
        loop = _enclosing_loop(func, site)
        return loop is not None and not _assigns(loop, base.id)

    def _loads(self, func: FunctionInfo) -> dict[str, int]:
        """How often each name is read in a function's own body (counted once per function)."""
        counts = self._load_counts.get(func)
        if counts is None:
            counts = {}
            for node in body_nodes(func):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    counts[node.id] = counts.get(node.id, 0) + 1
            self._load_counts[func] = counts
        return counts

    def _share_value(self, func: FunctionInfo, node: ast.AST) -> None:
        # the classes of a value are fixed for the run and sharing only adds: each value is shared once
        key = (func, id(node))
        if key in self._shared_values:
            return
        self._shared_values.add(key)
        for cls in self._value(func, node)[0]:
            if isinstance(cls, ClassInfo):
                self.program.shared_classes.add(cls)

    # -- sharing through globals, call sites and attributes ------------------------------------------

    def _globals(self) -> None:
        for func in self.program.functions:
            if func.kind == "module":
                for node in _assigned_values(func):
                    self._share_value(func, node)

    def _propagate(self) -> None:
        """Sharing flows on to the parameters shared arguments are passed to, the classes of what they
        hold, and what shared classes' instances are assigned, until nothing changes. A worklist over
        the calls passing something on (`_Passing`): a call is looked at when something it passes is
        shared, and again when a parameter it passes became shared or the class of a method's `self`
        did (every step only adds, so the fixpoint is the one rounds over every call reach)."""
        spreading = _Spreading(self)
        spreading.classes_grew()
        while spreading.pending:
            self._spread(spreading, *spreading.next_call())
            spreading.classes_grew()

    def _spread(self, spreading: _Spreading, func: FunctionInfo, entry: tuple) -> None:
        """What one call passes on: its shared receiver and arguments share the callee's parameters."""
        call, callees, receiver, args, keywords = entry
        program, ev = self.program, self.ev
        receiver_shared = receiver is not None and root_shared(program, ev, func, *receiver)
        for callee, offset in callees:
            if offset and receiver_shared:
                spreading.share_param((callee, 0))
            for index, (arg, rooted) in enumerate(zip(call.args, args)):
                if rooted is not None and root_shared(program, ev, func, *rooted):
                    spreading.share_param((callee, index + offset))
                    self._share_value(func, arg)
            for keyword, rooted in zip(call.keywords, keywords):
                if keyword.arg in callee.params and rooted is not None and root_shared(program, ev, func, *rooted):
                    spreading.share_param((callee, callee.params.index(keyword.arg)))


class _Spreading:
    """The worklist of `_Builder._propagate`: calls passing something on, and which of them to look at (again)."""

    def __init__(self, builder: _Builder):
        self.builder = builder
        self.program = program = builder.program
        self.passing = {func: calls.passing for func, calls in builder.calls.items() if calls.passing.calls}
        self.methods: dict = {}  # class -> its methods passing on something rooted at `self`
        self.pending: list[tuple[FunctionInfo, int]] = []  # (function, position in its _Passing.calls)
        self._queued: set[tuple[FunctionInfo, int]] = set()
        self._classes: set = set()  # shared classes whose instance attributes were shared
        self._bases: set = set()  # every class in their MROs: a method of one of these has a shared `self`
        for func, passing in self.passing.items():
            if 0 in passing.by_param and func.cls is not None and func.kind == "method":
                self.methods.setdefault(func.cls, []).append(func)
            for position in passing.always:
                self._queue((func, position))
            for position, cell in passing.cells:
                if cell in program.shared_cells:  # closure cells are all known before sharing flows
                    self._queue((func, position))
        for key in list(program.shared_params):
            self._wake(key)

    def next_call(self) -> tuple[FunctionInfo, tuple]:
        key = self.pending.pop()
        self._queued.discard(key)
        func, position = key
        return func, self.passing[func].calls[position]

    def _queue(self, key: tuple[FunctionInfo, int]) -> None:
        if key not in self._queued:
            self._queued.add(key)
            self.pending.append(key)

    def _wake(self, param: tuple[FunctionInfo, int]) -> None:
        """Look (again) at the calls passing on something rooted at a parameter that is shared now."""
        func, index = param
        passing = self.passing.get(func)
        if passing is not None:
            for position in passing.by_param.get(index, ()):
                self._queue((func, position))

    def share_param(self, param: tuple[FunctionInfo, int]) -> None:
        shared = self.program.shared_params
        if param not in shared:
            shared.add(param)
            self._wake(param)

    def classes_grew(self) -> None:
        """Share what instances of newly shared classes are assigned; wake the calls of their methods."""
        program, builder = self.program, self.builder
        while len(self._classes) != len(program.shared_classes):
            for cls in [c for c in program.shared_classes if c not in self._classes]:
                self._classes.add(cls)
                for base in builder.ev.mro(cls):
                    if base not in self._bases:
                        self._bases.add(base)
                        for method in self.methods.get(base, ()):
                            self._wake((method, 0))
                for entries in cls.instance_attrs.values():
                    for binding, method in entries:
                        if binding[0] == "assign":
                            builder._share_value(method, binding[1])


def expression_root(func: FunctionInfo, node: ast.AST, roots: dict | None = None) -> tuple | None:
    """(resolve_root of an expression's base name, the name), or None when it is no name.
    `roots`: the function's `_Body.roots`, when the caller asks for many."""
    if roots is None:
        roots = _body(func).roots
    rooted = roots.get(id(node), False)
    if rooted is False:
        base = node
        while isinstance(base, (ast.Attribute, ast.Subscript)):
            base = base.value
        rooted = roots[id(node)] = (resolve_root(base.id, func), base.id) if isinstance(base, ast.Name) else None
    return rooted


def _value(facts: RunFacts, evaluator, func: FunctionInfo, node: ast.AST) -> tuple[tuple, tuple]:
    """(classes of the instances, (function, index) of the parameters) an expression of `func` may be
    (remembered per function)."""
    return facts.remembered(func, id(node), _evaluated_value, evaluator, func, node)


def _evaluated_value(evaluator, func: FunctionInfo, node: ast.AST) -> tuple[tuple, tuple]:
    values = evaluator.eval(node, func.scope)
    classes = tuple(v.cls for v in values if isinstance(v, InstV))
    return classes, tuple((v.func, v.index) for v in values if isinstance(v, ParamV))


class _ParamClasses:
    """(function, parameter index) -> the classes flowing into it: the least sets such that each argument's
    classes, and the classes of a parameter passed on, reach the parameter they are passed to (`_Calls.passes`
    of every function). Solved for the parameters asked and those passed on to them only (a set closed under
    "passed from", so what it finds for them is the least solution's), as few are asked: only the arguments
    passed to those are evaluated (`_value`), not every argument of the program. It holds no `_Builder`: the
    program would hold it in turn, and a run's program (its facts, its graph) is freed as soon as the run is."""

    def __init__(self, facts: RunFacts, evaluator, calls: dict):
        self._facts = facts
        self._evaluator = evaluator
        self._passed: dict[tuple[FunctionInfo, int], list] = {}  # parameter -> (caller, argument) of what it is passed
        for func, found in calls.items():
            for key, arg in found.passes:
                self._passed.setdefault(key, []).append((func, arg))
        self._solved: dict[tuple[FunctionInfo, int], set] = {}

    def get(self, key: tuple[FunctionInfo, int], default=()):
        if key not in self._solved:
            self._solve(key)
        return self._solved[key] or default

    def _solve(self, asked: tuple[FunctionInfo, int]) -> None:
        solved = self._solved
        flows: dict[tuple, list] = {}  # parameter not solved yet -> _value of each argument passed for it
        pending = [asked]
        while pending:
            key = pending.pop()
            if key in flows:
                continue
            flows[key] = reading(self._evaluator, set(), False, self._passed_values, key)
            pending.extend(source for _, sources in flows[key] for source in sources if source not in solved)
        classes = {key: set() for key in flows}
        passed_on: dict[tuple, list] = {}  # parameter -> parameters it is passed to, among those being solved
        for key, values in flows.items():
            for found, sources in values:
                classes[key].update(found)
                for source in sources:
                    if source in classes:
                        passed_on.setdefault(source, []).append(key)
                    else:
                        classes[key].update(solved[source])  # solved before: final
        pending = [source for source in passed_on if classes[source]]
        while pending:
            source = pending.pop()
            passed = classes[source]
            for key in passed_on[source]:
                found = classes[key]
                before = len(found)
                found |= passed
                if len(found) != before and key in passed_on:
                    pending.append(key)
        solved.update(classes)

    def _passed_values(self, key: tuple[FunctionInfo, int]) -> list:
        """`_value` of each argument passed for a parameter. What evaluating them reads is theirs (each
        remembered with its function's facts), not the asker's: what asks depends on the classes found, by value
        (`_flow._answer`), or is not remembered (counted switch points)."""
        facts, evaluator = self._facts, self._evaluator
        return [_value(facts, evaluator, func, arg) for func, arg in self._passed.get(key, ())]


def root_shared(program: Program, evaluator, func: FunctionInfo, root: tuple, name: str) -> bool:
    """Whether the object a name's root denotes can be reached by another virtual thread."""
    if not program.concurrent:
        return False
    kind = root[0]
    if kind == "global":
        return True
    if kind == "cell":
        return (root[1], name) in program.shared_cells
    if kind == "param":
        index = root[1]
        if (func, index) in program.shared_params:
            return True
        if index == 0 and func.cls is not None and func.kind == "method":
            if _classmethod(func):
                return True  # `cls.count`: a class attribute, shared by every virtual thread
            return program.shares_instances_of(func.cls, evaluator)
        return False
    if kind == "local":  # a local of a function whose nested spawned function captures it
        return (func.qualname, name) in program.shared_cells
    return False


def _classmethod(func: FunctionInfo) -> bool:
    """Whether a method is decorated `classmethod` (asked for every `self` root sharing looks at)."""
    body = _body(func)
    if body.classmethod is None:
        body.classmethod = "classmethod" in func.decorator_names()
    return body.classmethod


def _free_names(func: FunctionInfo):
    """(defining function, name) of the closure cells a function (and lambdas in it) reads."""
    seen = set()
    for node in ast.walk(func.node):
        if isinstance(node, ast.Name) and node.id not in seen:
            seen.add(node.id)
            root = resolve_root(node.id, func)
            if root[0] == "cell":
                yield (root[1], node.id)


def _assigned_values(func: FunctionInfo) -> tuple[ast.AST, ...]:
    """The values assigned in a function's own body (asked of modules' top-level code, once per run)."""
    body = _body(func)
    if body.assigned is None:
        body.assigned = tuple(
            node.value for node in body.nodes if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None
        )
    return body.assigned


def _enclosing_loop(func: FunctionInfo, site: ast.AST):
    found = None
    for node in body_nodes(func):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            for child in ast.walk(node):
                if child is site:
                    found = node  # the innermost loop is met last
    return found


def _assigns(loop: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(loop))
