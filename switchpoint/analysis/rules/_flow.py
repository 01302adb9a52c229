"""The race rules' view of one function: reads, tests, switch points and writes of shared state, in order.

`FlowWalker` walks a function body in evaluation order with a small abstract state
per path (branches are walked separately and joined; a path that returns, raises,
breaks or continues stops there; a loop body is walked once and joined with the
path that skips it). Along the way it keeps:

* read facts: a read of a place (`self.n`, `cache[key]`, a global), the locks held
  then, and the first counted switch point met after it on this path;
* taint: which read facts each local variable and expression value depends on;
* guards: the read facts of the `if`/`while` tests that guard the current point
  (kept after the `if` when one branch left the function or the loop);
* held locks (`with lock:`, `lock.acquire()` ... `lock.release()`).

At each write it records a `LostUpdate` (the written value depends on a read of the
same place, switched since) or a `CheckThenAct` (a guarding test read the place,
switched since). It also records loops over shared places whose body switches
(`SweptLoop`) and switch points inside atomic regions.

Calls into the project's own getters and setters (`t.get(key)`, `t.set(key, v)`)
are followed through accessor summaries: the places of their parameters they read
into their return value or store to, translated to the caller's arguments.
A place is a root (global, parameter, closure cell, local) and a path of
attribute names and item keys (the key's source text).

A walk also notes every in-place change of a container that other functions can name
(`Change`), shared or not: which containers a function changes does not depend on what
the run shares, so SP103 remembers them per function across a workspace's runs
(`remembered_changes`, `Program.remembered`) and asks in every run only which of them
are shared. Accessor summaries are remembered per function and depth the same way. What
a walk's changes (or a summary) depend on beyond the function's code is what resolving
the accessors it calls read (`FlowWalker.deps`) and what it asked the run beyond the
evaluator (`FlowWalker.asked`): whether a function is in the call graph, which methods
the classes reaching a parameter dispatch to, and the summaries of the accessors it
follows, by value (so an edit that leaves a summary as it was invalidates none of the
walks that followed it).
"""

from __future__ import annotations

import ast
import functools
import itertools
from dataclasses import dataclass
from typing import NamedTuple

from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo
from switchpoint.analysis.resolve.infer import ClassV, DispatchV, FuncV, ParamV
from switchpoint.analysis.rules._facts import reading
from switchpoint.analysis.rules._locks import is_lock, locked_functions
from switchpoint.analysis.rules._per_run import PerRun
from switchpoint.analysis.rules._program import body_withs, is_project_function, program_of, resolve_root, root_shared
from switchpoint.analysis.rules._switches import Switch, counted_switches

# method calls on a place, by name: reads of an item (key = first argument), reads of the whole
# container, stores of an item, and in-place mutations of the container
ITEM_READS = frozenset({"get", "__getitem__"})
CONTAINER_READS = frozenset({"keys", "values", "items", "copy", "count", "index", "__len__", "__contains__"})
ITEM_STORES = frozenset({"__setitem__"})
MUTATIONS = frozenset({
    "append", "extend", "insert", "remove", "discard", "add", "clear", "update", "pop", "popitem",
    "appendleft", "popleft", "extendleft", "sort", "reverse", "setdefault", "__delitem__", "rotate",
})
LOAD_KINDS = frozenset({"call", "construct", "format", "hash", "subscript", "attribute", "binop", "unaryop",
                        "compare", "contains", "await", "yield_from", "bool"})
_PARAM = "param"
_OTHER_KINDS = ("binop", "unaryop", "format", "yield_from", "bool")  # ops anchored on any other expression
_UNASKED = object()


@dataclass(frozen=True)
class Fact:
    id: int
    place: tuple
    node: ast.AST
    locks: frozenset


@dataclass(frozen=True)
class LostUpdate:
    read: Fact
    switch: Switch
    write: ast.AST
    place: tuple


@dataclass(frozen=True)
class CheckThenAct:
    test: Fact
    switch: Switch
    action: ast.AST
    place: tuple


@dataclass(frozen=True)
class SweptLoop:
    loop: ast.AST
    iterable: ast.AST
    place: tuple
    switch: Switch


@dataclass(frozen=True)
class AtomicViolation:
    region: ast.AST
    switch: Switch


@dataclass(frozen=True)
class Val:
    taint: frozenset = frozenset()
    place: tuple | None = None


EMPTY = Val()


class State:
    __slots__ = ("live", "switched", "guards", "env", "held")

    def __init__(self):
        self.live: set[int] = set()
        self.switched: dict[int, Switch] = {}
        self.guards: frozenset[int] = frozenset()
        self.env: dict[str, Val] = {}
        self.held: frozenset = frozenset()

    def copy(self) -> State:
        other = State()
        other.live = set(self.live)
        other.switched = dict(self.switched)
        other.guards = self.guards
        other.env = dict(self.env)
        other.held = self.held
        return other


def join(states: list[State | None]) -> State | None:
    alive = [s for s in states if s is not None]
    if not alive:
        return None
    result = alive[0].copy()
    for other in alive[1:]:
        result.live |= other.live
        for fact, switch in other.switched.items():
            result.switched.setdefault(fact, switch)
        result.guards &= other.guards
        # each name's Val(a.taint | b.taint, a.place if a.place == b.place else None), a name missing on one
        # side counting as EMPTY; most are the very same Val on both paths (copies share them), kept as is
        env, others = result.env, other.env
        for name, a in env.items():
            b = others.get(name)
            if b is None:
                if a.place is not None:
                    env[name] = Val(a.taint)
            elif a is not b:
                env[name] = Val(a.taint | b.taint, a.place if a.place == b.place else None)
        for name, b in others.items():
            if name not in env:
                env[name] = Val(b.taint)
        result.held &= other.held
    return result


@dataclass
class FlowResult:
    lost_updates: list
    check_then_acts: list
    swept_loops: list
    atomic_violations: list
    changes: tuple  # `Change` of every in-place change of a container not local to the function, shared or not
    deps: frozenset  # what the changes depend on, as `FlowWalker.deps`
    asked: tuple  # (question, answer) of what the walk asked the run beyond the evaluator (`FlowWalker._ask`)


class Change(NamedTuple):
    """An in-place change of a container (`c.append(x)`, `c[k] = v`, `del c[k]`) met by a walk. Whether
    it changes shared state depends on the run (`mutated_containers`); the change itself depends only on
    the function's code, what evaluating it reads, and `FlowResult.asked`."""

    written: tuple  # the place written: the container, or the item stored into it
    container: tuple
    node: ast.AST


_RESULTS: PerRun[dict] = PerRun()  # by the run's summaries
# summaries of a run -> {call: (FlowWalker._resolved_callees, what resolving it read)}
_CALLEES: PerRun[dict] = PerRun()  # by the run's summaries


def flow_of(context, func: FunctionInfo) -> FlowResult:
    """The walk of `func` (memoised per analysis: keyed weakly by its summaries, which each analysis makes anew).
    A walk reads only what is fixed for the run and accessor summaries, which depend on nothing but
    (function, depth) (see `accessor_summary`): it is the same whichever walks ran before it.

    A function with no switch point (97% of django's) can hold no race, swept loop or atomic violation: it is
    not walked here (`_NO_RACES`). Its in-place changes, which only SP103 wants and only when some loop is
    swept, come from a walk for changes alone (`_changes`), which finds the same changes reading the same."""
    cache = _RESULTS.get(context.summaries, dict)
    result = cache.get(func)
    if result is None:
        counted = counted_switches(context, func)
        if not counted:
            cache[func] = _NO_RACES
            return _NO_RACES
        locked = not isinstance(func.node, ast.Lambda) and func in locked_functions(context)
        walker = FlowWalker(context, func, summary=False, locked=locked, counted=counted)
        walker.run()
        result = FlowResult(walker.lost, walker.check_acts, walker.loops_found, walker.atomic_found,
                            tuple(walker.changes), frozenset(walker.deps), tuple(walker.asked.items()))
        cache[func] = result
    return result


# what flow_of gives for a function with no switch point; its changes are not known (a walk of its own)
_NO_RACES = FlowResult((), (), (), (), (), frozenset(), ())


def mutated_containers(context, func: FunctionInfo, changes) -> list:
    """(mutation_key, node) of the `Change`s that change a shared container, in walk order."""
    program, evaluator = program_of(context), context.evaluator
    found = []
    for change in changes:
        if shared_place(program, evaluator, func, change.written):
            key = mutation_key(context, func, change.container)
            if key is not None:
                found.append((key, change.node))
    return found


def remembered_changes(context, functions) -> dict:
    """{func: the `Change`s of its walk} for many functions, remembered across runs (`Program.remembered`):
    reused while what the walk read is unchanged and the run answers what it asked the same."""
    program = program_of(context)
    # whole-program facts a full walk (`_changes`) asks for, computed before any function's walk is tracked:
    # else the facts of the function under way would be computed inside its own, untracked
    locked_functions(context)
    holds = functools.partial(_answers_hold, context)
    found = program.remembered_of(
        functions, "in-place changes", functools.partial(_changes, context), owners=_asked_owners, holds=holds,
    )
    return {func: remembered.value for func, remembered in found.items()}


class _Remembered(NamedTuple):
    """A walk's result remembered across runs (`Program.remembered`), with what it asked the run."""

    value: object  # the `Change`s of a walk, or an `AccessorSummary`
    asked: tuple  # `FlowWalker.asked`: it holds while the run answers the same


def _changes(context, func: FunctionInfo) -> _Remembered:
    walked = (_RESULTS.peek(context.summaries) or {}).get(func)  # the walk the race rules made of an analysed function
    if walked is None and func.module is not None and func.module.name in context.project_modules:
        # the rules of its file walk it in this run anyway (`flow_of`): one walk instead of two
        walked = _isolated(context.evaluator, flow_of, context, func)
    if walked is not None and walked is not _NO_RACES:
        changes, deps, asked = walked.changes, walked.deps, walked.asked
    else:  # a library function, or one with no switch point: walked for its changes alone
        walker = FlowWalker(context, func, summary=False, changes_only=True)
        _isolated(context.evaluator, walker.run)
        changes, deps, asked = tuple(walker.changes), walker.deps, tuple(walker.asked.items())
    context.evaluator.deps.update(deps)
    return _Remembered(changes, asked)


def _isolated(evaluator, compute, *args):
    """compute(*args), without what the evaluator reads for it counting as read by an enclosing computation
    (`Evaluator.deps`): a walk's changes and summary depend on what resolving its accessors reads
    (`FlowWalker.deps`), not on what computing the summaries of those accessors read (they are asked by
    value, and remembered with what they read), nor on what a full walk reads of locks and switch points."""
    return reading(evaluator, set(), False, compute, *args)


def _asked_owners(remembered: _Remembered):
    """The functions a remembered walk's result holds (`RunFacts.remembered`): those its questions name and
    the methods `_dispatched` answered. Its places, changes and summaries hold names, numbers and syntax only."""
    for question, answer in remembered.asked:
        yield question[1]
        if question[0] == _DISPATCHED:
            yield from answer


def _answers_hold(context, remembered: _Remembered) -> bool:
    answers = _answers_of(context)
    for question, answer in remembered.asked:
        now = answers.get(question, _UNASKED)
        if now is _UNASKED:
            now = _answer(context, question)
        if now is not answer and now != answer:
            return False
    return True


# What a walk asks the run beyond the evaluator (whole-program facts, not tracked by `Evaluator.deps`):
_IN_GRAPH = "in graph"  # (_IN_GRAPH, function): whether the call graph holds the function
_DISPATCHED = "dispatched"  # (_DISPATCHED, function, index, name): `_dispatched`
_SUMMARY = "summary"  # (_SUMMARY, function, depth): `accessor_summary`
_ANSWERS: PerRun[dict] = PerRun()  # by the run's summaries: {question: answer}


def _answers_of(context) -> dict:
    return _ANSWERS.get(context.summaries, dict)


def _answer(context, question: tuple):
    """The run's answer to a question a walk asks beyond the evaluator (once per run)."""
    answers = _answers_of(context)
    answer = answers.get(question, _UNASKED)
    if answer is _UNASKED:
        kind = question[0]
        if kind == _IN_GRAPH:
            answer = question[1] in context.graph.ops
        elif kind == _DISPATCHED:
            answer = _dispatched(context, *question[1:])
        else:
            answer = accessor_summary(context, *question[1:])
        answers[question] = answer
    return answer


def _dispatched(context, func: FunctionInfo, index: int, name: str) -> tuple:
    """The functions a method `name` called on parameter `index` of `func` runs, for the classes the program
    lets reach that parameter (`Program.param_classes`)."""
    dispatch = context.graph.collector.dispatch
    found = []
    for cls in program_of(context).param_classes.get((func, index), ()):
        method = dispatch.method(cls, name) if isinstance(cls, ClassInfo) else None
        if isinstance(method, FunctionInfo):
            found.append(method)
    return tuple(found)


def enters_atomic_region(context, func: FunctionInfo) -> bool:
    """Whether `func` is decorated `atomic` or has a `with atomic():` of its own: only then can its
    walk find atomic violations (the walk costs far more than this look at its `with` statements)."""
    evaluator = context.evaluator
    if decorated_atomic(evaluator, func):
        return True
    return any(
        is_atomic(evaluator, item.context_expr, func.scope)
        for node in body_withs(func) for item in node.items
    )


def is_atomic(evaluator, node: ast.AST, scope) -> bool:
    """A call of the runtime's `atomic` (`with rt.atomic():`)."""
    if not isinstance(node, ast.Call):
        return False
    for value in evaluator.eval(node.func, scope):
        name = value.cls.qualname if isinstance(value, ClassV) and isinstance(value.cls, ClassInfo) else getattr(value, "qualname", "")
        if name.startswith("switchpoint.runtime") and name.endswith(".atomic"):
            return True
    return False


def decorated_atomic(evaluator, func: FunctionInfo) -> bool:
    decorators = getattr(func.node, "decorator_list", ())
    return any(is_atomic(evaluator, d if isinstance(d, ast.Call) else ast.Call(func=d, args=[], keywords=[]), func.scope)
               for d in decorators)


def place_text(place: tuple) -> str:
    text = place[0][2]
    for step in place[1:]:
        if step[0] == "attr":
            text += f".{step[1]}"
        else:
            key = step[1]
            text += f"[{key if isinstance(key, str) else '...'}]"
    return text


def mutation_key(context, func: FunctionInfo, place: tuple | None):
    """A name for a container that code in different functions can agree on (None for locals)."""
    if place is None:
        return None
    kind, detail, name = place[0]
    steps = place[1:]
    if kind in ("global", "cell"):
        return (kind, detail, name, *steps)
    if kind == _PARAM and steps:
        root = self_root(context, func) if detail == 0 else None
        if root is not None:
            return ("self", root, *steps)
        return ("param", *steps)
    return None


def self_root(context, func: FunctionInfo) -> str | None:
    """For a method, the qualified name of its class hierarchy's root class, by which what `self` reaches
    is named (base and subclass agree); None for other functions."""
    if func.cls is None or func.kind != "method":
        return None
    return [c for c in context.evaluator.mro(func.cls) if isinstance(c, ClassInfo)][-1].qualname


def shared_place(program, evaluator, func: FunctionInfo, place: tuple) -> bool:
    """Whether a place a walk of `func` meets is state other virtual threads can reach."""
    kind = place[0][0]
    if kind in (_PARAM, "local") and len(place) == 1:
        return False  # rebinding a parameter or a local never touches shared state
    if kind == _PARAM:
        return root_shared(program, evaluator, func, ("param", place[0][1]), place[0][2])
    if kind == "local":
        return root_shared(program, evaluator, func, ("local",), place[0][2])
    return root_shared(program, evaluator, func, place[0][:2], place[0][2])


def related_places(a: tuple, b: tuple) -> bool:
    """Equal, or one is an item of the other (`len(pool)` and `pool.append(c)`, `k in cache` and `cache.clear()`).
    An attribute of an object is not related to the object: reading `self.lock` to call a method on it
    says nothing about `self.lock.owner`."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return len(long_) == len(short) + 1 and long_[:-1] == short and long_[-1][0] == "item"


class FlowWalker:
    _ids = itertools.count(1)

    def __init__(self, context, func: FunctionInfo, summary: bool, depth: int = 0, locked: bool = False,
                 changes_only: bool = False, counted: dict | None = None):
        self.context = context
        self.func = func
        self.summary = summary
        # only `changes` wanted: no switch points, reads, races, locks or atomic regions (none changes a place)
        self.changes_only = changes_only
        # which statements hold a lock or are atomic matters to races and atomic violations, not to what a
        # summary reads and stores: a walk evaluates it only when it finds those (its other evaluations are
        # what resolving its accessors reads, `deps`)
        self.finds_races = not summary and not changes_only
        self.depth = depth
        self.locked = locked  # every caller holds a lock (`locked_functions`)
        self.ev = context.evaluator
        self.program = program_of(context)
        # (id(anchor node), op kind) -> the counted switches there, in op order; most nodes have none
        self.switches: dict[tuple[int, str], list[Switch]] = {}
        if self.finds_races:  # what an accessor reads and stores does not depend on where it switches
            if counted is None:
                counted = counted_switches(context, func)
            for op in context.graph.ops.get(func, ()):
                switch = counted.get(id(op))
                if switch is not None:
                    self.switches.setdefault((id(op.first), op.kind), []).append(switch)
        self.switch_nodes = {key[0] for key in self.switches}
        self.facts: dict[int, Fact] = {}
        self.lost: list[LostUpdate] = []
        self.check_acts: list[CheckThenAct] = []
        self.loops_found: list[SweptLoop] = []
        self.atomic_found: list[AtomicViolation] = []
        self.changes: list[Change] = []  # not in summary mode
        # what the changes (and a summary) depend on beyond the code walked: what resolving the accessors
        # called read (`Evaluator.deps`), and what the walk asked the run beyond the evaluator (`_ask`), the
        # accessors' summaries among it. Locks, atomic regions and switch points change no place.
        self.deps: set[str] = set()
        self.asked: dict[tuple, object] = {}  # question -> answer
        self.open_loops: list[list] = []  # [loop node, iterable node, place, first switch]
        self.atomic_depth: list[ast.AST] = []
        self.loop_exits: list[list[State]] = []
        self.returned: set[int] = set()  # summary mode: facts the return value depends on
        self.stores: list[tuple[tuple, frozenset]] = []  # summary mode: (place, value taint)
        self.cut = False  # summary mode: this walk, or one it followed, stopped following calls at MAX_DEPTH
        self.span = -1  # summary mode: `AccessorSummary.span` of this walk
        self._locks = itertools.count(1)

    # -- entry ---------------------------------------------------------------------------------------

    def run(self) -> None:
        state = State()
        node = self.func.node
        for index, name in enumerate(self.func.params):
            taint = frozenset({self._param_fact(index)}) if self.summary else frozenset()
            state.env[name] = Val(taint, ((_PARAM, index, name),))
        if isinstance(node, ast.Lambda):
            value = self.expr(node.body, state)
            self.returned |= value.taint
            return
        body = node.body
        if self.locked:
            state.held = frozenset({("<every caller's lock>", 0)})
        if self.finds_races and decorated_atomic(self.ev, self.func):
            self.atomic_depth.append(node)
        self.block(body, state)

    def _param_fact(self, index: int) -> int:
        fact = Fact(-(index + 1), ((_PARAM, index, "?"),), self.func.node, frozenset())
        self.facts[fact.id] = fact
        return fact.id

    # -- places and facts ----------------------------------------------------------------------------

    def _name_place(self, name: str) -> tuple | None:
        root = resolve_root(name, self.func)
        if root[0] == "global":
            return (("global", root[1], name),)
        if root[0] == "cell":
            return (("cell", root[1], name),)
        if root[0] == "param":
            return ((_PARAM, root[1], name),)
        return (("local", self.func.qualname, name),)

    def interesting(self, place: tuple | None) -> bool:
        if place is None:
            return False
        kind = place[0][0]
        if self.summary:  # what a getter or setter touches: its parameters' state, or globals
            return (kind == _PARAM and len(place) > 1) or kind == "global"
        return shared_place(self.program, self.ev, self.func, place)

    def read(self, place: tuple | None, node: ast.AST, state: State) -> frozenset:
        if self.changes_only or not self.interesting(place):
            return frozenset()
        fact = Fact(next(self._ids), place, node, state.held)
        self.facts[fact.id] = fact
        state.live.add(fact.id)
        return frozenset({fact.id})

    def key(self, node: ast.AST, state: State):
        if self.summary and isinstance(node, ast.Name):
            value = state.env.get(node.id)
            if value is not None and value.place and len(value.place) == 1 and value.place[0][0] == _PARAM:
                return (_PARAM, value.place[0][1])
        return ast.unparse(node)

    # -- switch points ---------------------------------------------------------------------------------

    def fire(self, node: ast.AST, kinds, state: State | None) -> None:
        if state is None or id(node) not in self.switch_nodes:
            return
        for kind in kinds if not isinstance(kinds, str) else (kinds,):
            for switch in self.switches.get((id(node), kind), ()):
                for fact in state.live:
                    state.switched.setdefault(fact, switch)
                for loop in self.open_loops:
                    if loop[3] is None:
                        loop[3] = switch
                for region in self.atomic_depth[-1:]:
                    self.atomic_found.append(AtomicViolation(region, switch))

    # -- writes ------------------------------------------------------------------------------------------

    def write(self, place: tuple | None, value: Val, node: ast.AST, state: State, replaces: bool = True) -> None:
        if place is None:
            return
        if not self.summary:
            self._note_change(place, node, replaces)
        if self.changes_only or not self.interesting(place):
            return
        if self.summary:
            if replaces:
                self.stores.append((place, value.taint))
            return
        reported = False
        if replaces:
            for fact_id in sorted(value.taint & state.live):
                fact = self.facts.get(fact_id)
                switch = state.switched.get(fact_id)
                if fact and switch and fact.place == place and not (fact.locks & state.held):
                    self._report(LostUpdate(fact, switch, node, place), self.lost)
                    reported = True
                    break
        if reported:
            return
        exact_first = sorted(state.guards, key=lambda f: (f not in self.facts or self.facts[f].place != place, f))
        for fact_id in exact_first:
            fact = self.facts.get(fact_id)
            switch = state.switched.get(fact_id)
            if fact and switch and related_places(fact.place, place) and not (fact.locks & state.held):
                self._report(CheckThenAct(fact, switch, node, place), self.check_acts)
                return
        if any(related_places(self.facts[f].place, place) for f in state.guards if f not in state.switched and f in self.facts):
            # acting on the test before any switch (a reservation) settles it: what follows no longer relies on it
            state.guards = frozenset(f for f in state.guards if f in state.switched)

    def _note_change(self, place: tuple, node: ast.AST, replaces: bool) -> None:
        """An in-place change of a container that code elsewhere can name (`mutation_key`), shared or not."""
        if not replaces:
            container = place
        elif len(place) > 1 and place[-1][0] == "item":
            container = place[:-1]  # storing an item changes its container
        else:
            return
        kind = container[0][0]
        if kind in ("global", "cell") or (kind == _PARAM and len(container) > 1):
            self.changes.append(Change(place, container, node))

    def _report(self, race, found: list) -> None:
        """One race per write or action node (a node walked twice, or storing two items, reports once)."""
        node = race.write if isinstance(race, LostUpdate) else race.action
        if all((r.write if isinstance(r, LostUpdate) else r.action) is not node for r in found):
            found.append(race)

    # -- statements ----------------------------------------------------------------------------------------

    def block(self, statements, state: State | None) -> State | None:
        for statement in statements:
            if state is None:
                return None
            state = self.statement(statement, state)
        return state

    def statement(self, node, state: State) -> State | None:
        kind = type(node)
        if kind is ast.Expr:
            if not self._lock_call(node.value, state):
                self.expr(node.value, state)
            return state
        if kind is ast.Assign:
            value = self.expr(node.value, state)
            if isinstance(node.value, (ast.Tuple, ast.List)) or any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
                self.fire(node.value, "unpack", state)
            for target in node.targets:
                self.store(target, value, state)
            return state
        if kind is ast.AnnAssign:
            if node.value is not None:
                self.store(node.target, self.expr(node.value, state), state)
            return state
        if kind is ast.AugAssign:
            self.augassign(node, state)
            return state
        if kind is ast.Return:
            if node.value is not None:
                self.returned |= self.expr(node.value, state).taint
            return None
        if kind is ast.Raise:
            if node.exc is not None:
                self.expr(node.exc, state)
            return None
        if kind is ast.If:
            return self.if_(node, state)
        if kind is ast.While:
            return self.loop(node, None, state)
        if kind is ast.For or kind is ast.AsyncFor:
            return self.loop(node, node.iter, state)
        if kind is ast.With or kind is ast.AsyncWith:
            return self.with_(node, state)
        if kind is ast.Try or kind.__name__ == "TryStar":
            after_body = self.block(node.body, state.copy())
            handlers = [self.block(h.body, join([state, after_body]).copy()) for h in node.handlers]
            orelse = self.block(node.orelse, after_body.copy()) if after_body is not None else None
            merged = join([orelse, *handlers])
            if node.finalbody:
                final = self.block(node.finalbody, (merged or join([state, after_body])).copy())
                return final if merged is not None else None
            return merged
        if kind is ast.Break or kind is ast.Continue:
            if self.loop_exits:
                self.loop_exits[-1].append(state)
            return None
        if kind is ast.Assert:
            self.expr(node.test, state)
            return state
        if kind is ast.Delete:
            for target in node.targets:
                if isinstance(target, (ast.Subscript, ast.Attribute)):
                    base = self.expr(target.value, state)
                    self.fire(target, ("del_subscript", "del_attribute"), state)
                    self.write(base.place, EMPTY, target, state, replaces=False)
            return state
        if kind is ast.Match:
            self.expr(node.subject, state)
            branches = [self.block(case.body, state.copy()) for case in node.cases]
            return join([*branches, state])
        return state  # definitions, imports, global/nonlocal, pass

    def store(self, target, value: Val, state: State) -> None:
        kind = type(target)
        if kind is ast.Name:
            place = self._name_place(target.id)
            if place[0][0] in ("global", "cell"):
                self.write(place, value, target, state)  # rebinding a global or a nonlocal cell
            else:
                state.env[target.id] = Val(value.taint, value.place if _aliasable(value.place) else None)
        elif kind is ast.Attribute or kind is ast.Subscript:
            base = self.expr(target.value, state)
            if kind is ast.Subscript:
                self.expr(target.slice, state)
            self.fire(target, ("store_subscript", "store_attribute"), state)
            place = self._child(base.place, target, state)
            self.write(place, value, target, state)
        elif kind is ast.Tuple or kind is ast.List:
            for element in target.elts:
                self.store(element, Val(value.taint), state)
        elif kind is ast.Starred:
            self.store(target.value, Val(value.taint), state)

    def _child(self, base: tuple | None, node, state: State) -> tuple | None:
        if base is None:
            return None
        if isinstance(node, ast.Attribute):
            return base + (("attr", node.attr),)
        return base + (("item", self.key(node.slice, state)),)

    def augassign(self, node: ast.AugAssign, state: State) -> None:
        target = node.target
        if isinstance(target, (ast.Subscript, ast.Attribute)):
            base = self.expr(target.value, state)
            if isinstance(target, ast.Subscript):
                self.expr(target.slice, state)
            self.fire(target, ("subscript", "attribute"), state)
            place = self._child(base.place, target, state)
            current = Val(base.taint | self.read(place, target, state), place)
        else:
            current = self.expr(target, state)
            place = self._name_place(target.id) if isinstance(target, ast.Name) else None
        value = self.expr(node.value, state)
        self.fire(node, "augassign", state)
        combined = Val(current.taint | value.taint)
        if isinstance(target, (ast.Subscript, ast.Attribute)):
            self.fire(target, ("store_subscript", "store_attribute"), state)
            self.write(place, combined, target, state)
        elif isinstance(target, ast.Name):
            self.store(target, combined, state)

    def if_(self, node: ast.If, state: State) -> State | None:
        test = self.expr(node.test, state)
        self.fire(node.test, "bool", state)
        self.revalidate(test, state)
        guards = frozenset(f for f in test.taint if f > 0)
        body_state = state.copy()
        body_state.guards = state.guards | guards
        else_state = state.copy()
        else_state.guards = state.guards | guards
        after_body = self.block(node.body, body_state)
        after_else = self.block(node.orelse, else_state)
        merged = join([after_body, after_else])
        if merged is not None and after_body is not None and after_else is not None:
            merged.guards = state.guards  # both branches go on: what follows no longer depends on the test
        return merged

    def revalidate(self, test: Val, state: State) -> None:
        """A test on a fresh read (`if self.results.get(uri) is not current: continue`) re-validates
        older reads of the same place: what follows no longer relies on them being current."""
        fresh = {self.facts[f].place for f in test.taint if f > 0 and f in self.facts and f not in state.switched}
        if fresh:
            for fact_id in [f for f in state.switched if f in self.facts and self.facts[f].place in fresh]:
                del state.switched[fact_id]

    def loop(self, node, iterable, state: State) -> State | None:
        tracked = None
        if iterable is not None:
            value = self.expr(iterable, state)
            self.fire(node.target, ("for_iter", "async_for"), state)
            place = value.place
            if place is None and isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute) and iterable.func.attr in ("items", "keys", "values"):
                place = self.expr(iterable.func.value, state.copy()).place
            if self.interesting(place) and not self.summary:
                tracked = [node, iterable, place, None]
            body_state = state.copy()
            self.store(node.target, Val(value.taint), body_state)
        else:
            test = self.expr(node.test, state)
            self.fire(node.test, "bool", state)
            checked = frozenset(f for f in test.taint if f > 0)
            body_state = state.copy()  # a loop's own test does not guard its body: `while not self.done:`
            # bodies that end by setting the flag are the loop's exit, not an action relying on the test
        if tracked:
            self.open_loops.append(tracked)
        self.loop_exits.append([])
        after = self.block(node.body, body_state)
        exits = self.loop_exits.pop()
        if tracked:
            self.open_loops.remove(tracked)
            if tracked[3] is not None:
                self.loops_found.append(SweptLoop(node, iterable, tracked[2], tracked[3]))
        exit_guards = state.guards
        if iterable is None and after is not None:
            # the loop leaves when its test, evaluated again after the body, is false: a wait loop
            # (`while len(pool) >= size: wait()`) checks the state once more, with no switch since
            retest = self.expr(node.test, after)
            self.fire(node.test, "bool", after)
            self.revalidate(retest, after)
            if not exits:
                exit_guards = state.guards | checked | frozenset(f for f in retest.taint if f > 0)
        elif iterable is None and not exits:
            exit_guards = state.guards | checked
        if after is not None:
            after.guards = state.guards
        for exit_state in exits:
            exit_state.guards = state.guards
        merged = join([state, after, *exits])
        if merged is not None:
            merged.guards = exit_guards
        if node.orelse and merged is not None:
            merged = self.block(node.orelse, merged)
        return merged

    def with_(self, node, state: State) -> State | None:
        tokens = []
        atomic = False
        for item in node.items:
            value = self.expr(item.context_expr, state)
            self.fire(item.context_expr, ("with_enter", "async_with_enter"), state)
            if self.is_lock(item.context_expr):
                tokens.append((ast.unparse(item.context_expr), next(self._locks)))
            if self.is_atomic(item.context_expr):
                atomic = True
            if item.optional_vars is not None:
                self.store(item.optional_vars, Val(value.taint), state)
        before = state.held
        state.held = state.held | frozenset(tokens)
        if atomic:
            self.atomic_depth.append(node)
        after = self.block(node.body, state)
        if atomic:
            self.atomic_depth.pop()
        if after is None:
            return None
        after.held = before
        for item in node.items:
            self.fire(item.context_expr, ("with_exit", "async_with_exit"), after)
        return after

    # -- locks and atomic regions ------------------------------------------------------------------------------

    def is_lock(self, node: ast.AST) -> bool:
        return self.finds_races and is_lock(self.ev, node, self.func.scope)

    def is_atomic(self, node: ast.AST) -> bool:
        return self.finds_races and is_atomic(self.ev, node, self.func.scope)

    def _lock_call(self, node, state: State) -> bool:
        """`lock.acquire()` / `lock.release()` as a statement: take or drop the lock token."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("acquire", "release")):
            return False
        if not self.is_lock(node.func.value):
            return False
        self.expr(node, state)
        name = ast.unparse(node.func.value)
        if node.func.attr == "acquire":
            state.held = state.held | {(name, next(self._locks))}
        else:
            state.held = frozenset(t for t in state.held if t[0] != name)
        return True

    # -- expressions -------------------------------------------------------------------------------------------

    def expr(self, node, state: State) -> Val:
        if node is None:
            return EMPTY
        kind = type(node)
        if kind is ast.Name:
            local = state.env.get(node.id)
            if local is not None:
                return local
            place = self._name_place(node.id)
            return Val(self.read(place, node, state), place)
        if kind is ast.Constant:  # the commonest leaf after names: no children to walk
            self.fire(node, _OTHER_KINDS, state)
            return EMPTY
        if kind is ast.Attribute:
            base = self.expr(node.value, state)
            self.fire(node, "attribute", state)
            place = self._child(base.place, node, state)
            return Val(base.taint | self.read(place, node, state), place)
        if kind is ast.Subscript:
            base = self.expr(node.value, state)
            key = self.expr(node.slice, state)
            self.fire(node, "subscript", state)
            place = self._child(base.place, node, state)
            return Val(base.taint | key.taint | self.read(place, node, state), place)
        if kind is ast.Call:
            return self.call(node, state)
        if kind is ast.Await:
            value = self.expr(node.value, state)
            self.fire(node, "await", state)
            return Val(value.taint)
        if kind is ast.Compare:
            values = [self.expr(node.left, state)] + [self.expr(c, state) for c in node.comparators]
            taint = frozenset().union(*(v.taint for v in values))
            self.fire(node, ("contains", "compare"), state)
            operands = [node.left, *node.comparators]
            for index, operator in enumerate(node.ops):
                if isinstance(operator, (ast.In, ast.NotIn)):
                    container = values[index + 1].place
                    if container is not None:
                        taint |= self.read(container + (("item", self.key(operands[index], state)),), node, state)
            return Val(taint)
        if kind is ast.BoolOp:
            taint = frozenset()
            for value in node.values:
                taint |= self.expr(value, state).taint
                self.fire(value, "bool", state)
            return Val(taint)
        if kind is ast.IfExp:
            taint = self.expr(node.test, state).taint
            self.fire(node.test, "bool", state)
            taint |= self.expr(node.body, state).taint | self.expr(node.orelse, state).taint
            return Val(taint)
        if kind is ast.NamedExpr:
            value = self.expr(node.value, state)
            self.store(node.target, value, state)
            return value
        if kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            inner = state.copy()
            taint = frozenset()
            for generator in node.generators:
                value = self.expr(generator.iter, inner)
                self.fire(generator.target, ("for_iter", "async_for"), inner)
                taint |= value.taint
                for name in ast.walk(generator.target):  # comprehension variables are its own locals
                    if isinstance(name, ast.Name):
                        inner.env[name.id] = Val(value.taint)
                for condition in generator.ifs:
                    taint |= self.expr(condition, inner).taint
            parts = (node.key, node.value) if kind is ast.DictComp else (node.elt,)
            for part in parts:
                taint |= self.expr(part, inner).taint
            state.live |= inner.live
            for fact, switch in inner.switched.items():
                state.switched.setdefault(fact, switch)
            return Val(taint)
        if kind is ast.Lambda:
            return EMPTY
        taint = frozenset()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                taint |= self.expr(child, state).taint
        self.fire(node, _OTHER_KINDS, state)
        return Val(taint)

    def call(self, node: ast.Call, state: State) -> Val:
        func = node.func
        receiver = None
        if isinstance(func, ast.Attribute):
            receiver = self.expr(func.value, state)
            taint = receiver.taint
        elif isinstance(func, ast.Name):
            local = state.env.get(func.id)
            taint = local.taint if local is not None else frozenset()
        else:
            taint = self.expr(func, state).taint
        args = [self.expr(a, state) for a in node.args]
        keywords = {k.arg: self.expr(k.value, state) for k in node.keywords}
        for value in args + list(keywords.values()):
            taint |= value.taint
        self.fire(node, ("call", "construct", "format", "hash"), state)
        if receiver is not None and receiver.place is not None:
            taint |= self._method_effect(func.attr, receiver, node, args, state)
        taint |= self._accessor_effect(node, receiver, args, keywords, state)
        return Val(taint)

    def _method_effect(self, name: str, receiver: Val, node: ast.Call, args, state: State) -> frozenset:
        place = receiver.place
        if name in ITEM_READS and node.args:
            return self.read(place + (("item", self.key(node.args[0], state)),), node, state)
        if name in CONTAINER_READS:
            return self.read(place, node, state)
        if name in ITEM_STORES and len(node.args) >= 2:
            self.write(place + (("item", self.key(node.args[0], state)),), args[1], node, state)
        elif name in MUTATIONS:
            self.write(place, EMPTY, node, state, replaces=False)
        return frozenset()

    # -- accessor summaries: helper getters and setters of the project ----------------------------------------

    def _accessor_effect(self, node: ast.Call, receiver: Val | None, args, keywords, state: State) -> frozenset:
        callees = self._callees(node)
        if not callees:
            return frozenset()
        if self.depth >= MAX_DEPTH:
            # only a call of some project accessor is cut: a deeper budget would follow nothing else, so a
            # summary that met no such call is the same at every depth (stored for all, `AccessorSummary.span`)
            self.cut = True
            self.span = max(self.span, 0)
            return frozenset()
        arguments: dict[int, tuple[Val, ast.AST]] = {}
        taint = frozenset()
        for callee, bound in callees:
            offset = 0
            if bound and receiver is not None:
                arguments[0] = (receiver, node.func.value)
                offset = 1
            for index, (value, arg) in enumerate(zip(args, node.args)):
                arguments[index + offset] = (value, arg)
            for name, value in keywords.items():
                if name in callee.params:
                    arguments[callee.params.index(name)] = (value, next(k.value for k in node.keywords if k.arg == name))
            summary = self._ask((_SUMMARY, callee, self.depth + 1))
            self.cut |= summary.cut
            self.span = max(self.span, summary.span + 1)
            for place in summary.reads:
                translated = self._translate(place, arguments, state)
                if translated is not None:
                    taint |= self.read(translated, node, state)
            for place, params in summary.stores:
                translated = self._translate(place, arguments, state)
                if translated is not None:
                    value = Val(frozenset().union(*(arguments[i][0].taint for i in params if i in arguments)))
                    self.write(translated, value, node, state)
        return taint

    def _callees(self, node: ast.Call):
        """Project functions a call runs, with whether they are bound to the receiver. Resolved once per run
        (the full walk and the summaries of a function at each depth meet the same calls); each walk notes
        what resolving it read and asked, as resolving it again would."""
        cache = _CALLEES.get(self.context.summaries, dict)
        resolved = cache.get(node)
        if resolved is None:
            reads: set[str] = set()
            found, questions = reading(self.ev, reads, False, self._resolved_callees, node)
            resolved = cache[node] = (found, reads, questions)
        found, reads, questions = resolved
        self.ev.deps.update(reads)  # an enclosing computation read them too
        self.deps |= reads
        for question in questions:
            self._ask(question)
        return found

    def _resolved_callees(self, node: ast.Call) -> tuple[list, tuple]:
        """(the project functions a call runs, with whether they are bound; the questions asked the run)."""
        found, questions = [], []
        for value in self.ev.eval(node.func, self.func.scope):
            if isinstance(value, FuncV) and value.binding in ("function", "method", "static"):
                found.append((value.func, value.binding == "method"))
            elif isinstance(value, DispatchV) and isinstance(node.func, ast.Attribute):
                for receiver in self.ev.eval(node.func.value, self.func.scope):
                    if isinstance(receiver, ParamV) and receiver.func is self.func:
                        question = (_DISPATCHED, self.func, receiver.index, value.name)
                        questions.append(question)
                        found.extend((method, True) for method in _answer(self.context, question))
        # library classes guard their own state (threading.Event.set takes its lock): only the project's accessors
        projects = []
        for callee, bound in found:
            if callee.kind != "module" and is_project_function(callee):
                question = (_IN_GRAPH, callee)
                questions.append(question)
                if _answer(self.context, question):
                    projects.append((callee, bound))
        return projects, tuple(questions)

    def _ask(self, question: tuple):
        """The run's `_answer`, noted in `asked`: a walk remembered across runs holds while the answers do."""
        answer = self.asked.get(question, _UNASKED)
        if answer is _UNASKED:
            answer = self.asked[question] = _answer(self.context, question)
        return answer

    def _translate(self, place: tuple, arguments, state: State) -> tuple | None:
        if place[0][0] == "global":
            return place  # the same module-level name for every caller
        index = place[0][1]
        if index not in arguments:
            return None
        base = arguments[index][0].place
        if base is None:
            return None
        steps = []
        for step in place[1:]:
            if step[0] == "item" and isinstance(step[1], tuple):
                if step[1][1] not in arguments:
                    return None
                steps.append(("item", ast.unparse(arguments[step[1][1]][1])))
            else:
                steps.append(step)
        return base + tuple(steps)


class AccessorSummary(NamedTuple):
    reads: tuple  # parameter-rooted or global places the return value depends on
    stores: tuple  # (parameter-rooted or global place, indices of the parameters the stored value depends on)
    cut: bool = False  # a call was not followed because of the depth limit: deeper budgets may see more
    # how many calls deep below the function its walk met calls of project accessors: -1 if it met none, else
    # 1 + the greatest span of the summaries it followed (0 if it followed none, being cut). Of a summary not
    # cut at depth d, d + span < MAX_DEPTH, and at every depth up to MAX_DEPTH - 1 - span the walk meets the
    # same calls and follows them to equal summaries, none cut: it is the same summary
    span: int = -1


MAX_DEPTH = 3  # accessors are followed this many calls deep from the walked function
_SUMMARIES: PerRun[dict] = PerRun()  # by the run's summaries


def accessor_summary(context, func: FunctionInfo, depth: int) -> AccessorSummary:
    """What `func` reads into its return value and stores, walked `depth` accessor calls below a walk.

    The summary is a function of (func, depth) alone, so it is cached under both: the walk at depth d
    follows accessors only down to MAX_DEPTH, and the depth grows by one at every call followed, so
    recursion (an accessor calling itself, or a cycle of them) ends at MAX_DEPTH without a recursion
    guard. (A cache keyed by the function alone, with a guard that answered "nothing" for a function
    being summarised, made a summary depend on which caller asked first and how deep it was: the
    findings of a file then depended on the order files were checked in.) A summary whose walks never
    hit the depth limit is the same at every depth its span leaves below the limit (every smaller depth, and
    every depth at all when it met no call of an accessor), so it is stored for those too: equal values
    under the same keys, whichever depth asked first. Summaries are remembered across runs (`_Remembered`).
    """
    cache = _SUMMARIES.get(context.summaries, dict)
    summary = cache.get((func, depth))
    if summary is None:
        holds = functools.partial(_answers_hold, context)
        summary = program_of(context).remembered(
            func, (_SUMMARY, depth), _summarised, context, func, depth, owners=_asked_owners, holds=holds,
        ).value
        for shallower in range(1, MAX_DEPTH - summary.span) if not summary.cut else (depth,):
            cache.setdefault((func, shallower), summary)
    return summary


def _summarised(context, func: FunctionInfo, depth: int) -> _Remembered:
    walker = FlowWalker(context, func, summary=True, depth=depth)
    _isolated(context.evaluator, walker.run)
    # what the remembered computation read (`RunFacts._tracked`)
    context.evaluator.deps.update(walker.deps)
    reads = []
    for fact_id in sorted(walker.returned):
        fact = walker.facts.get(fact_id)
        if fact is not None and fact_id > 0 and fact.place not in reads:
            reads.append(fact.place)
    stores = tuple((place, tuple(sorted(-f - 1 for f in taint if f < 0))) for place, taint in walker.stores)
    return _Remembered(AccessorSummary(tuple(reads), stores, walker.cut, walker.span), tuple(walker.asked.items()))


def _aliasable(place: tuple | None) -> bool:
    return place is not None and (len(place) > 1 or place[0][0] in ("global", "cell", _PARAM))
