"""Which `os.read` / `os.write` calls go to a regular file the function itself just created (for SP201).

Reading or writing a regular file never waits for a peer: the kernel completes it (or fails it) without
the readiness wait that makes a pipe, socket or tty read hold up the hub for as long as the other side
takes. `os.read` and `os.write` are hub-blocking calls in the model because most descriptors may be
anything; this module finds the ones that provably are a new regular file, so the rule does not report
them (`tempfile.mkstemp()`, and so `gettempdir()`, `TemporaryFile()`, ..., writes a probe file once).

A descriptor counts only when every binding of its local name in the function is one of:

* the first item of `tempfile.mkstemp(...)` unpacked (`fd, path = tempfile.mkstemp()`);
* `os.open(path, flags, ...)` whose flags include both `O_CREAT` and `O_EXCL` (written out, or through
  names whose every assignment does: tempfile's `_bin_openflags`). Such an open creates the file or fails,
  so it is never a FIFO, socket or device someone else made.

A parameter, a global, a closure cell, an attribute or any other binding form (a loop target, a walrus) is
not followed: such descriptors stay blocking. A run's blocking summaries are solved without the edges
from functions whose every such call is a regular-file one (`hub_blocking_summaries`, once a run, where the
workspace solves them), so their callers, in the project or in a library, stop reaching a blocking call
through them: for SP201 and for the file report's blocking calls alike. A function's answer, and what its
body stores into each name, are taken once per run (its body walked once, however many names are asked of).
"""

from __future__ import annotations

import ast

from switchpoint.analysis.effects.solve import Summaries
from switchpoint.analysis.resolve.binder import FunctionInfo
from switchpoint.analysis.rules._per_run import PerRun
from switchpoint.analysis.rules._program import body_calls, body_nodes, callee_names, resolve_root
from switchpoint.analysis.rules._pruned_graph import PrunedGraph

FILE_IO = frozenset({"os.read", "os.write"})
# calls that return the descriptor of a regular file they create: name -> index of the descriptor in the
# returned tuple (None: the result itself, once its flags are checked)
NEW_FILE_OPENERS = {"tempfile.mkstemp": 0, "os.open": None}
_CREATE_FLAGS = ("O_CREAT", "O_EXCL")
_FLAG_DEPTH = 4  # names of names of flags followed at most this far


class _Stores:
    """What one function's (module's) own body stores into its names, from one walk of it."""

    __slots__ = ("names", "assigns", "augmented", "called")

    def __init__(self, func: FunctionInfo):
        self.names: dict[str, list[ast.Name]] = {}  # name -> the nodes storing into it (any binding form)
        self.assigns: dict[str, list[ast.Assign]] = {}  # name -> the assignments with it as a whole target
        self.augmented: dict[str, list[ast.AugAssign]] = {}  # name -> `name op= ...`
        # id(stored Name) -> (its index in an unpacked target or None, the call) for `target = call(...)`
        self.called: dict[int, tuple[int | None, ast.Call]] = {}
        for node in body_nodes(func):
            kind = type(node)
            if kind is ast.Name and isinstance(node.ctx, ast.Store):
                self.names.setdefault(node.id, []).append(node)
            elif kind is ast.Assign:
                for target in node.targets:
                    if type(target) is ast.Name:
                        self.assigns.setdefault(target.id, []).append(node)
                if len(node.targets) == 1 and type(node.value) is ast.Call:
                    target = node.targets[0]
                    for index, element in ((None, target), *enumerate(getattr(target, "elts", ()))):
                        if type(element) is ast.Name:
                            self.called[id(element)] = (index, node.value)
            elif kind is ast.AugAssign and type(node.target) is ast.Name:
                self.augmented.setdefault(node.target.id, []).append(node)


class _RunAnswers:
    """One run's answers, by function: its regular-file calls, and its stores (each body walked once)."""

    __slots__ = ("calls", "_stores")

    def __init__(self) -> None:
        self.calls: dict[FunctionInfo, frozenset[int]] = {}
        self._stores: dict[FunctionInfo, _Stores] = {}

    def stores(self, func: FunctionInfo) -> _Stores:
        stores = self._stores.get(func)
        if stores is None:
            stores = self._stores[func] = _Stores(func)
        return stores


_ANSWERS: PerRun[_RunAnswers] = PerRun()  # by the run's call graph


def regular_file_calls(graph, evaluator, func: FunctionInfo) -> frozenset[int]:
    """ids of the `os.read` / `os.write` calls of `func`'s own body whose descriptor is a new regular file."""
    answers = _ANSWERS.get(graph, _RunAnswers)
    found = answers.calls.get(func)
    if found is None:
        found = answers.calls[func] = frozenset(
            id(node) for node in body_calls(func)
            if node.args and isinstance(node.args[0], ast.Name)
            and FILE_IO.intersection(callee_names(evaluator, node, func.scope))
            and _new_file(evaluator, answers, func, node.args[0].id))
    return found


def hub_blocking_summaries(graph, evaluator) -> Summaries:
    """What may block the hub in a run's graph, solved once: without the edges to `os.read` / `os.write` from
    functions whose every such call is on a new regular file."""
    reverse, _ = graph.reverse_edges()
    dropped: dict[tuple, set] = {}  # block key -> callers whose edges to it go
    for key in sorted(FILE_IO):
        source = ("block", key)
        for caller in {edge[0] for edge in reverse.get(source, ()) if isinstance(edge[0], FunctionInfo)}:
            if _all_regular(graph, evaluator, caller, source):
                dropped.setdefault(source, set()).add(caller)
    return Summaries(PrunedGraph(graph, dropped_edges=dropped) if dropped else graph, "block")


def calls_file_io(graph, func: FunctionInfo) -> bool:
    """Whether `func`'s operations call `os.read` or `os.write` as hub-blocking: what `hub_blocking_summaries`
    prunes by reading the body (a body edited keeps such summaries only if it calls neither: kept_run.py)."""
    return any(key.__class__ is tuple and key[0] == "block" and key[1] in FILE_IO
               for op in graph.ops.get(func, ()) for key, _, _ in op.targets)


def _all_regular(graph, evaluator, func: FunctionInfo, source: tuple) -> bool:
    regular = None
    for op in graph.ops.get(func, ()):
        if any(key == source for key, _, _ in op.targets):
            if regular is None:
                regular = regular_file_calls(graph, evaluator, func)
            if op.kind != "call" or id(op.first) not in regular:
                return False
    return regular is not None


def _new_file(evaluator, answers: _RunAnswers, func: FunctionInfo, name: str) -> bool:
    """Whether every binding of local `name` in `func` is a new regular file's descriptor."""
    if resolve_root(name, func)[0] != "local":
        return False
    stores = answers.stores(func)
    stored = stores.names.get(name)
    if not stored:
        return False
    for store in stored:
        opener = stores.called.get(id(store))
        if opener is None or not _opens_new_file(evaluator, answers, func, *opener):
            return False
    return True


def _opens_new_file(evaluator, answers: _RunAnswers, func: FunctionInfo, index, call: ast.Call) -> bool:
    for opener in callee_names(evaluator, call, func.scope):
        if opener not in NEW_FILE_OPENERS or NEW_FILE_OPENERS[opener] != index:
            continue
        if index is not None:
            return True
        flags = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "flags"), None)
        if flags is not None and all(_has_flag(answers, func, flags, flag, _FLAG_DEPTH) for flag in _CREATE_FLAGS):
            return True
    return False


def _has_flag(answers: _RunAnswers, func: FunctionInfo, node: ast.AST, flag: str, depth: int) -> bool:
    """Whether a flags expression surely has `flag` set: `os.O_EXCL`, an `|` with it, or a name every
    assignment of which has it (`|=` keeps what is set)."""
    if isinstance(node, ast.Attribute):
        return node.attr == flag
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _has_flag(answers, func, node.left, flag, depth) or _has_flag(answers, func, node.right, flag, depth)
    if not isinstance(node, ast.Name) or depth <= 0:
        return False
    if node.id == flag:
        return True
    root = resolve_root(node.id, func)
    owner = func if root[0] == "local" else func.module.top if root[0] == "global" and func.module is not None else None
    # (a parameter or a closure cell: not followed)
    if owner is None:
        return False
    stores = answers.stores(owner)
    bindings = 0  # plain assignments; with the `|=` ones, they must be every store of the name
    for statement in stores.assigns.get(node.id, ()):
        if len(statement.targets) != 1 or not _has_flag(answers, owner, statement.value, flag, depth - 1):
            return False
        bindings += 1
    augmented = stores.augmented.get(node.id, ())
    if any(not isinstance(statement.op, ast.BitOr) for statement in augmented):
        return False
    return bindings > 0 and len(stores.names.get(node.id, ())) == bindings + len(augmented)
