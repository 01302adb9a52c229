"""The call graph: functions reached from the roots, their operations, and the expansion of dispatch keys.

The graph is discovered from the roots outwards (each reached function's operations
are collected once, or reused from an earlier run or process), dispatch keys are
expanded over the world until nothing new is loaded, and callbacks are bound to the
parameters callees call. A second pass collects again, with what callers pass, the
functions whose parameters that types. Growing re-derives only what each step can
change (see docs/model.md, Incrementality); across a workspace's runs, what is derived
from one collected entry (`_Scan`: callees, keys, call sites, reverse edges) is kept with
it, and a dispatch key's members with the index list they were derived from (`Reusable`).
`reverse_edges` and `callers` serve the search of `effects/solve.py`: the reverse edges are the
last run's brought up to date by difference (`reverse.ReverseIndex`), so an edit touches only the
callees of functions and keys whose edges changed, and re-sorts only those callers lists.
"""

from __future__ import annotations

from collections import deque

from switchpoint.analysis.callgraph.arguments import argument_texts
from switchpoint.analysis.callgraph.defaults import asked_defaults, left_to_defaults
from switchpoint.analysis.callgraph.dispatch import PREFIX_MARK, property_slot
from switchpoint.analysis.callgraph.ops import (
    AWAIT, IMPLICIT, LOCAL, TOO_DEEP, UNKNOWN_CALLABLE, Collected, Op, mark_value,
)
from switchpoint.analysis.callgraph.reverse import ReverseIndex
from switchpoint.analysis.callgraph.sites import SiteCollector
from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, header_node
from switchpoint.analysis.resolve.infer import (
    ARGUMENT_TABLES, CONTEXT_MANAGER_DECORATORS, UNKNOWN, AccessorV, ClassV, CtxV, DispatchV, ExtV, FuncV, GenExpV, GenV,
    InstV, LazyV, ParamV, PartialV, PrefixedV, assigned_on_instances, held_name, overridable,
)

INVISIBLE = ("dispatch", "propdispatch", "override", "result", "attr")  # keys that never appear in a chain
_ALL_DISPATCH = object()  # in the stale names of _expand_dispatch: every ("dispatch", name) key
_ABSENT = object()  # not in World.modules (a module name never asked for in this world)
_DISPLACED_KEPT = 2  # refined entries kept per function besides the current one
_NONE: frozenset = frozenset()
CLASS_KEYS = ("override", "result", "attr")  # keys naming a class: (kind, class, method or attribute name, ...)
# why a function was collected rather than reused (CallGraph.collected_why, the workspace's stats): no entry of an
# earlier run in memory (nor a stored one that holds), "rebound" where earlier runs had entries of its module's
# functions (its module was bound again, an edit: new definitions, which no entry is kept for); its own body was
# edited, its module kept (resolve/body_edits.py); its newest entry read a module or another function's body that
# is another object now; its refined signature changed (what callers pass, or stores, as text)
COLLECTED_BECAUSE = ("new", "rebound", "edited", "read_changed", "arguments")
_STALE_BECAUSE = {"§": "arguments", "edited": "edited"}  # CallGraph._stale_mark -> the reason, else read_changed


_CHECKPOINT_EVERY = 250  # functions collected between two checkpoints (a few hundred ms of a cold run)


class Reusable:
    """Collected operations of one run, for the next: first-pass ones and refined ones."""

    def __init__(self):
        self.first: dict[FunctionInfo, Collected] = {}
        self.refined: dict[FunctionInfo, Collected] = {}
        # refined entries a later run replaced (what other callers passed), newest first: an editor
        # analysing another open file in between must not make the next edit collect them again
        self.displaced: dict[FunctionInfo, list[Collected]] = {}
        # abstract value -> its text in refined entries' signatures (the run's values only: they hold
        # classes and functions, compared by identity, so a text is never that of another module's)
        self.value_texts: dict = {}
        # "§qualname#index" -> (what callers pass, as arguments.argument_texts compares it, its text): the last run's
        self.argument_texts: dict = {}
        # dispatch key -> [(a list its members were derived from, those members)]: see CallGraph._derived
        self.members: dict[tuple, list] = {}
        self.node_orders: dict = {}  # call graph node -> its place in the witness order (CallGraph._edge_order)
        self.edge_orders: dict = {}  # id(reverse edge) -> (the edge, its place in the witness order)
        self.reverse_index: ReverseIndex | None = None  # the reverse edges of the last run (CallGraph.reverse_edges)

    def of(self, phase: str) -> dict[FunctionInfo, Collected]:
        return self.first if phase == "first" else self.refined

    def with_unreached(self, earlier: Reusable | None, still_current) -> Reusable:
        """This run's entries, after those of `earlier` that this run did not reach and whose module is
        still current (`still_current(func)`): a file that failed to parse hides its callees for a moment,
        and an editor analysing another open file in between does not make the next edit start cold.
        The same goes for dispatch members derived from lists of current functions and classes only (an
        entry keeps its own scan)."""
        kept = Reusable()
        for phase in ("first", "refined"):
            if earlier is not None:
                kept.of(phase).update((f, e) for f, e in earlier.of(phase).items() if still_current(f))
            kept.of(phase).update(self.of(phase))
        kept.value_texts, kept.node_orders, kept.edge_orders = self.value_texts, self.node_orders, self.edge_orders
        kept.argument_texts = self.argument_texts
        kept.reverse_index = self.reverse_index
        kept.members = dict(self.members)
        if earlier is not None:
            kept._keep_displaced(earlier, still_current)
            for key, versions in earlier.members.items():
                if key not in kept.members and (key[0] not in CLASS_KEYS or isinstance(key[1], str) or still_current(key[1])):
                    current = [v for v in versions if all(still_current(item) for item in v[0])]
                    if current:
                        kept.members[key] = current
        return kept

    def take_finished(self, stopped: Reusable) -> None:
        """Add the entries of a run that was stopped before its end (`api.Cancelled`). Each entry holds or fails on
        its own marks and signature, so the next run may reuse them; the other tables stay this one's, since the
        stopped run's are partial. A refined entry it replaces is kept as displaced."""
        self.first.update(stopped.first)
        for func, entry in stopped.refined.items():
            earlier = self.refined.get(func)
            if earlier is not None and earlier is not entry:
                self.displaced[func] = [earlier, *self.displaced.get(func, ())][:_DISPLACED_KEPT]
            self.refined[func] = entry

    def _keep_displaced(self, earlier: Reusable, still_current) -> None:
        """The refined entries of `earlier` (and those it kept) that this one's replaced, a few per function."""
        for func in {*earlier.refined, *earlier.displaced}:
            if not still_current(func):
                continue
            current = self.refined.get(func)
            versions = [e for e in (earlier.refined.get(func), *earlier.displaced.get(func, ())) if e is not None and e is not current]
            if versions:
                self.displaced[func] = versions[:_DISPLACED_KEPT]


class CallGraph:
    """Functions reached from the roots, their operations, and the expansion of dispatch keys."""

    def __init__(self, collector: SiteCollector, progress=None, previous: Reusable | None = None, store=None):
        self.collector = collector
        self.progress = progress
        # operations of earlier runs, reused while every module their collection read is still the
        # same object (see resolve.infer's deps) and, when refined, the arguments they read are the same
        self.previous = previous if previous is not None else Reusable()
        # an OpStore: operations of earlier processes, reused while those modules' texts are the same
        self.store = store
        self.cache = Reusable()  # what this run used, for the next
        self.phase = "first"  # then "refined": collecting with what callers pass (refine_with_arguments)
        self.arguments: dict | None = None  # what the refining pass's evaluator was given, once it ran
        self.defaults_asked: tuple = ()  # the parameters it asked whether every caller leaves to their defaults
        self._argument_reprs: dict[str, str] = {}  # "§qualname#index" -> what callers pass, as text
        self.collected: set[tuple[str, FunctionInfo]] = set()  # (phase, function) this run computed
        self._checkpointed = 0  # how many of those there were at the last checkpoint
        # why those were not reused, counted: COLLECTED_BECAUSE's reasons (see _operations)
        self.collected_why: dict[str, int] = dict.fromkeys(COLLECTED_BECAUSE, 0)
        # the mark the last failed _holds found changed ("§" for a refined signature, "edited" for the own body)
        self._stale_mark = ""
        self._earlier_modules: set[str] | None = None  # names of the modules earlier runs' entries are of (_why_new)
        self.reused = 0
        self.members_reused = 0  # keys whose members were derived by evaluating, reused whole (_evaluated)
        self.world = collector.ev.world
        self.ops: dict[FunctionInfo, list[Op]] = {}
        self.expansions: dict[tuple, list] = {}  # dispatch key -> its members, for keys that have some
        self._expanded: set[tuple] = set()  # every key expanded so far, with or without members
        self._key_parameters: dict[tuple, frozenset] = {}  # evaluating key -> the "§" parameters its members read
        self.called_params: dict[FunctionInfo, set[int]] = {}
        self._params_grown: list[FunctionInfo] = []  # a function each time its called_params grew, in order
        # dispatch keys of the graph's operations, in the order first seen; by the name they dispatch on;
        # per function (refinement replaces some functions' operations) or result key (the keys among its
        # members); seen since the last expansion
        self._keys: dict[tuple, None] = {}
        self._keys_named: dict[str, list[tuple]] = {}
        self._prefix_names: dict[str, None] = {}  # the names of _keys_named that end in PREFIX_MARK, in order seen
        self._keys_of: dict[FunctionInfo, dict[tuple, None]] = {}
        self._key_users: dict[tuple, int] = {}  # key -> how many functions' operations target it
        self._fresh_keys: list[tuple] = []
        self._unscanned: list[tuple] = []  # (function, _Scan) added to the graph since the last indexing
        self._scans: dict[FunctionInfo, _Scan] = {}  # function -> the scan of the entry its operations came from
        self._rebound: set[FunctionInfo] = set()  # functions whose operations callback binding rewrote
        self._overriding: dict[tuple, tuple] = {}  # (class, name) -> (subclasses list, its length, overrides)
        self._passing: list = []  # _Scan.passed of functions with call or spawn sites passing arguments, in scan order
        self._with_callargs = _CallSites()  # call sites passing arguments: where callbacks are bound
        self._forwarding = _CallSites()  # those passing a parameter of their function on
        self._reverse = None
        # the reverse edges, shared with the last run's cache (and the next's): brought up to date, not rebuilt
        if self.previous.reverse_index is None:
            self.previous.reverse_index = ReverseIndex()
        self._reverse_index = self.cache.reverse_index = self.previous.reverse_index
        self._node_orders: dict = self.cache.node_orders  # node -> _node_order(node), for sorting callers
        self._edge_orders: dict = self.cache.edge_orders  # id(edge) -> (edge, _edge_order(edge))
        self._by_module: dict[int, list[FunctionInfo]] | None = None  # functions_of's index
        self._mark_pairs: dict[str, tuple] = {}  # module name -> its (name, module) mark, shared by entries
        self._marks: dict[tuple, tuple] = {}  # the pairs' ids -> the one marks tuple of those pairs (see _collect)
        self._held: dict[int, tuple] = {}  # id(marks) -> (marks, _still_read's answer for them in this world)
        self._signatures: dict[int, tuple] = {}  # id(marks) -> (marks, signature(marks)) in the refined phase
        self._expanded_generation = -1
        self._expanded_replacements = 0
        self._expanded_imports: frozenset[str] = frozenset()
        self._live_known = 0  # how many of the world's live classes (LiveClasses.joined) the expansion took
        self._modelled_live_known = 0  # and of its live modelled classes (LiveClasses.modelled_joined)
        self._unnamed: list[FunctionInfo] = []  # functions added since the live classes last heard of them

    def functions_of(self, module) -> list[FunctionInfo]:
        """The module's functions in the graph (its top-level code, lambdas included), in graph order;
        indexed once per grown graph, not scanned per analysed file."""
        if self._by_module is None:
            self._by_module = {}
            for func in self.ops:
                self._by_module.setdefault(id(func.module), []).append(func)
        return self._by_module.get(id(module), [])

    def grow(self, roots) -> None:
        self._by_module = None
        pending = deque(f for f in roots if f not in self.ops)
        while True:
            while pending:
                func = pending.popleft()
                if func in self.ops:
                    continue
                entry = self._operations(func)
                self.ops[func] = list(entry.ops)  # a copy: callbacks bound below replace ops in it
                self._unnamed.append(func)
                scan = self._scan(func, entry)
                self._unscanned.append((func, scan))
                self.checkpoint(len(pending))
                pending.extend(entry.lambdas)
                pending.extend(callee for callee in scan.callees if callee not in self.ops)
            new = self._expand_dispatch() + self._bind_callbacks()
            pending.extend(f for f in new if f not in self.ops)
            if not pending:
                return

    def refine_with_arguments(self, make_collector) -> None:
        """Second pass: collect again, with what callers pass, the functions whose parameters it types.

        Instances and classes passed at call sites and to spawners (`gevent.spawn(f, t)`)
        become extra values of the parameter (next to the parameter itself, which still
        dispatches as unknown), so `t[key]` inside f is certain when every known caller
        passes an IODict. Functions passed as arguments are left to the callback rule,
        which is precise per call site.
        """
        arguments = self._argument_values()
        arguments[("stored", None)] = self._outside_stores()
        # the parameters the first pass's collections would take the defaults of, where no caller passes them
        self.defaults_asked = asked_defaults(
            (func, scan.parameters_read) for func, scan in self._scans.items() if scan.parameters_read)
        arguments[("defaulted", None)] = left_to_defaults(self.world, self.defaults_asked)
        if len(arguments) == len(ARGUMENT_TABLES) and not any(arguments[(table, None)] for table in ARGUMENT_TABLES):
            return
        self.collector = make_collector(arguments)
        self.arguments = arguments
        self.phase = "refined"
        self._argument_reprs = argument_texts(
            arguments, self.previous.value_texts, self.cache.value_texts, self.previous.argument_texts, self.cache.argument_texts)
        typed = set(self._argument_reprs)
        for key, read in self._key_parameters.items():  # what overrides return, subclasses assign, with these
            if key in self._keys and not typed.isdisjoint(read):
                self._expanded.discard(key)
                self._fresh_keys.append(key)
        scans = self._scans  # every function of cache.first is in the graph, scanned as that entry
        functions = {f for f in self.cache.first if not typed.isdisjoint(scans[f].parameters_read)}
        refined = sorted((f for f in functions if f in self.ops), key=lambda f: f.qualname)
        entries = {}
        for index, func in enumerate(refined):
            entry = entries[func] = self._operations(func)
            self.ops[func] = list(entry.ops)
            self.checkpoint(len(refined) - index - 1)
        self._index_refined(entries)
        self._reverse = None
        # every target of the first pass's operations is in the graph already: only refined ones can add
        self.grow([callee for f in self.ops if f in functions for callee in self._scans[f].callees])

    def checkpoint(self, pending: int | None = None, every: int = _CHECKPOINT_EVERY) -> None:
        """Progress, and a point where the run may be stopped (`api.Cancelled`), once `every` functions were
        collected (not reused) since the last: a stopped run leaves the next what it collected (workspace._run),
        and one stopped after reusing alone would leave it the same way to go, keystroke after keystroke. After
        the last pass `every=1`: once the graph is done, anything collected is worth keeping. `pending`: how many
        functions are known to be left, if any are."""
        if self.progress is None or len(self.collected) - self._checkpointed < every:
            return
        self._checkpointed = len(self.collected)
        if pending is None:
            self.progress()
        else:
            self.progress(len(self.ops), len(self.ops) + pending)

    def can_take(self, func: FunctionInfo, phase: str, old: Collected, new: Collected) -> bool:
        """Whether `new`, `func`'s entry of `phase` collected again after an edit kept in place
        (callgraph/kept_graph.py), may replace `old` with nothing but `func`'s own edges changing: it targets every
        function and key `old` did (what only `func` reached would be left out of a fresh graph) and nothing the
        graph has not reached or expanded, calls the same parameters and spawns the same, passes nothing to a
        function that calls a parameter (callback binding), passes on the same parameters to the same callees,
        and, a first-pass entry, passes at its call sites what `old` did (what the second pass is given:
        `_argument_values`)."""
        old_scan, new_scan = self._scan(func, old), self._scan(func, new)
        if (new_scan.params != old_scan.params or _forwarded(new_scan) != _forwarded(old_scan)
                or [op.spawned for op in old.ops if op.spawned] != [op.spawned for op in new.ops if op.spawned]):
            return False
        if phase == "first" and _passed_effect(new_scan) != _passed_effect(old_scan):
            return False
        called = self.called_params
        if any(called.get(callee) for _, op in (*old_scan.with_callargs, *new_scan.with_callargs) for callee, _ in op.callargs):
            return False
        before = {target[0] for op in old.ops for target in op.targets}
        after = {target[0] for op in new.ops for target in op.targets}
        if not before <= after:
            return False
        for key in after - before:
            if key.__class__ is tuple and key[0] in INVISIBLE:
                if key not in self._keys:
                    return False
            elif isinstance(key, FunctionInfo) and key not in self.ops:
                return False
        return True

    def take(self, func: FunctionInfo, entries: dict[str, Collected]) -> None:
        """Replace `func`'s entries (phase -> entry) as `can_take` allowed: its operations, call sites and keys
        indexed anew, the reverse edges made again when next asked (only `func`'s differ: reverse.ReverseIndex)."""
        for phase, entry in entries.items():
            self.cache.of(phase)[func] = entry
        current = self.cache.refined.get(func) or self.cache.first[func]
        self._by_module = None if func not in self.ops else self._by_module  # a function added: a node more
        self.ops[func] = list(current.ops)
        self._index_refined({func: current})
        self._reverse = None

    def drop_reusables(self) -> None:
        """Drop what only a next run would reuse, for a workspace that never runs again (called once the
        graph is grown and its entries stored): first-pass entries that refinement replaced, dispatch
        members with the lists they were derived from, argument values' texts.
        What solving and the rules read stays: the graph's own indexes, the entries in use (`rules/_facts.py`
        looks at them) and the node orders."""
        cache = self.cache
        for func in cache.refined:
            cache.first.pop(func, None)
        cache.members, cache.value_texts, cache.argument_texts = {}, {}, {}

    # what only growing the graph, refining it and keeping it across an edit read, and the rules' marks of
    # what their facts read for a later run (`signature`: rules/_facts.py, which a one-shot run does not mark)
    _GROWTH_TABLES = ("_passing", "_with_callargs", "_forwarding", "_marks", "_mark_pairs", "_held", "_keys",
                      "_keys_named", "_prefix_names", "_keys_of", "_key_users", "_expanded", "_fresh_keys",
                      "_unscanned", "_scans", "_params_grown", "_key_parameters", "collected", "_signatures",
                      "_argument_reprs")

    def drop_growth_tables(self) -> None:
        """Drop the indexes only growing the graph reads, for a workspace that never runs again (called once the
        graph is solved, its reverse edges built: `reverse_edges` needs `_scans` only to build them). What
        solving again, the rules (`members_through`, `callers`, `functions_of`) and the reports read
        stays. The tables become None, so a later reader fails loudly rather than reading an empty table:
        the reports and rules reuse what they held (django: 11 MB less peak RSS)."""
        if self._reverse is None:
            raise RuntimeError("drop_growth_tables before the reverse edges are built")
        for name in self._GROWTH_TABLES:
            setattr(self, name, None)
        self._reverse_index.parts = None  # what each node contributed, for the next run's update by difference

    def _index_refined(self, refined: dict[FunctionInfo, Collected]) -> None:
        """Index again after refinement replaced the operations of `refined` (function -> its refined
        entry): their dispatch keys and call sites are dropped and scanned anew, and every call site is
        bound again by the new collector."""
        self._with_callargs = _CallSites(e for e in self._with_callargs.entries if e[0] not in refined)
        self._forwarding = _CallSites(e for e in self._forwarding.entries if e[0] not in refined)
        self._passing = [entry for entry in self._passing if entry[2] not in refined]
        scans = {func: self._scan(func, entry) for func, entry in refined.items()}
        # a function's keys are its refined entry's now: those it no longer targets lose a user first (all of
        # them, as dropping every key and noting the new ones again would, which keys are the graph's being
        # the same), and only those new to it are noted below; most refined entries target the keys they did
        for func in refined:
            self._rebound.discard(func)  # its operations are the refined entry's now
            keys = scans[func].keys
            old = self._keys_of.get(func)
            if old is None or (len(old) == len(keys) and all(key in old for key in keys)):
                continue
            kept = set(keys)
            for key in [key for key in old if key not in kept]:
                del old[key]
                self._drop_key_user(key)
        for func in self.ops:
            if func in refined:
                self._index_function(func, scans[func])

    def _argument_values(self) -> dict:
        """(callee, index) -> (instances and classes passed, modules passing them); plus, under
        ("callables", None), (callee, index) -> functions passed (including decorator applications)."""
        found: dict = {}  # (callee, index) -> (values as an ordered set, modules passing them)
        callables: dict = {}  # (callee, index) -> callables as an ordered set
        self._index_new_functions()
        for site, calls, _ in self._passing:  # a function's sites, values sorted by kind once per entry (_passed)
            for callee, groups in calls:
                targets = (callee,)
                if callee.cls is not None and callee.kind == "method":
                    # a call of a method may run an override in a subclass: it receives the same arguments
                    targets += self._overrides(callee)
                if not groups:
                    continue
                for target in targets:
                    for index, instances, passed in groups:
                        if instances:
                            key = (target, index)
                            known = found.get(key)
                            if known is None:
                                known = found[key] = ({}, set())
                            known[0].update(instances)
                            known[1].add(site)
                        if passed:  # functions passed, and UNKNOWN when something unresolvable is (a possible call)
                            key = (target, index)
                            known = callables.get(key)
                            if known is None:
                                callables[key] = dict(passed)
                            else:
                                known.update(passed)
        self._forward_instances(found)
        for key, functions in self.collector.ev.decorated.items():
            known = callables.setdefault(key, {})
            for function in sorted(functions, key=lambda f: f.qualname):
                known[FuncV(function)] = None
        result = {key: (tuple(values), frozenset(sites)) for key, (values, sites) in found.items()}
        result[("callables", None)] = {key: tuple(values) for key, values in callables.items()}
        return result

    def _forward_instances(self, found: dict) -> None:
        """A parameter a method passes on as it is to a method of its own class (`self.setup(app)` in
        `Arbiter.__init__(self, app)`) receives what the forwarding method's callers pass: `found` ((callee,
        index) -> (values, modules passing them)) grows to its fixpoint along those call sites, the
        forwarding method's module joining those the values came from. Only within a class: followed into
        any callee, the values of an edited module reached hundreds of library functions (typing's,
        inspect's), each collected again at every edit (sqlalchemy's decl_api.py: 129 -> 326 an edit)."""
        edges: dict = {}  # (function, parameter index) -> [(callee, index, module of the forwarding site)]
        for func, op in self._forwarding.entries:
            for callee, bound in op.callargs:
                if func.cls is None or callee.cls is not func.cls:
                    continue
                targets = (callee,)
                if callee.cls is not None and callee.kind == "method":
                    targets += self._overrides(callee)
                for index, values in bound.items():
                    for value in values:
                        if isinstance(value, ParamV) and value.func is func:
                            edges.setdefault((func, value.index), []).extend(
                                (target, index, func.scope.module_name) for target in targets)
        pending = [key for key in edges if key in found]
        while pending:
            source = pending.pop()
            values, sites = found[source]
            for target, index, module in edges.get(source, ()):
                key = (target, index)
                known = found.get(key)
                if known is None:
                    known = found[key] = ({}, set())
                before = (len(known[0]), len(known[1]))
                known[0].update(values)
                known[1].update(sites)
                known[1].add(module)
                if (len(known[0]), len(known[1])) != before and key in edges:
                    pending.append(key)

    def _outside_stores(self) -> dict:
        """Attribute name -> ((function, binding, receivers), ...): the stores `expr.name = value` in the first
        pass's graph on objects of source classes (receivers: (class, exact) of what `expr` evaluates to),
        but a method's on its own `self`, which the class's instance attributes hold already. Read by the
        second pass's evaluator for attributes a class leaves to others (Evaluator._stored); the stores into
        a container the attribute holds (`obj.items.append(v)`) under `held_name(name)` (_with_held_stores). Only those of
        the functions the first pass reached: a set every run order reaches, as what the first pass
        collected is; stores found by the second pass alone are not seen."""
        found: dict[str, list] = {}
        for func in sorted((f for f in self.ops if f.module is not None and f in f.module.attribute_stores), key=_node_order):
            scan = self._scans[func]  # of the first-pass entry: refinement has not replaced any yet
            if scan.stores is None:
                scan.stores = self.stores_of(func, self.collector.ev)
            for name, store in scan.stores:
                found.setdefault(name, []).append(store)
        return {name: tuple(stores) for name, stores in found.items()}

    @staticmethod
    def stores_of(func: FunctionInfo, evaluator) -> tuple:
        """((name, (func, binding, receivers)), ...) of `func`'s stores on objects of source classes, the
        receivers evaluated by `evaluator`. Kept with the entry's scan: collecting the function evaluated each
        receiver (what `__setattr__` the store runs), so the modules that evaluation read are among the
        entry's marks, and the answer holds while the entry does."""
        stores = []
        for target, binding in func.module.attribute_stores[func]:
            receivers = tuple(dict.fromkeys(
                (v.cls, v.exact) for v in evaluator.eval(target.value, func.scope)
                if isinstance(v, InstV) and isinstance(v.cls, ClassInfo)))
            if receivers:
                name = held_name(target.attr) if binding[0] == "contained" else target.attr
                stores.append((name, (func, binding, receivers)))
        return tuple(stores)

    def _overrides(self, method: FunctionInfo) -> tuple:
        """The methods that override `method` in the subclasses loaded (and indexed) so far."""
        subs = self.world.subclasses(method.cls, self.collector.ev.mro)
        key = (method.cls, method.name)
        known = self._overriding.get(key)
        # the index's list only grows (and is a new one once a replaced module made it rebuild)
        if known is not None and known[0] is subs and known[1] == len(subs):
            return known[2]
        name = method.name
        found = tuple(binding[1] for sub in subs for binding in sub.scope.bindings.get(name, ()) if binding[0] == "def")
        self._overriding[key] = (subs, len(subs), found)
        return found

    def _collect(self, func: FunctionInfo) -> Collected:
        entry = self.collected_now(func)
        self.cache.of(self.phase)[func] = entry
        self.collected.add((self.phase, func))
        return entry

    def collected_now(self, func: FunctionInfo) -> Collected:
        """`func` collected in this phase with the current collector (kept nowhere: see `_collect`)."""
        evaluator = self.collector.ev
        deps = evaluator.tracking()
        # what earlier collections and the graph's own evaluations noted is kept in their entries (memo or
        # Collected) already, and no evaluation is under way here: only this collection's notes are needed
        # (kept whole, replays made the log millions of entries long: 314 MiB on sqlalchemy)
        evaluator.decorated_log.clear()
        try:
            ops = self.collector.collect(func)
        except RecursionError:
            # pathologically deep code (generated expressions, towers of decorators): never silence,
            # the function is taken to possibly switch, as a call of something unknown would
            ops = [Op("call", func.node)]
            ops[0].targets.append((UNKNOWN_CALLABLE, False, TOO_DEEP))
            self.collector.ops = []
        lambdas = self.collector.take_lambdas()
        deps.add(func.scope.module_name)
        body = body_marks.own(func)  # its own body, whatever the collector went through: kept apart
        if body is not None:
            deps.discard(body[0])
        marks = self._marks_of(deps)
        return Collected(ops, lambdas, marks, self.signature(marks), evaluator.notes_since(0), body)

    def _marks_of(self, deps: set) -> tuple:
        """The marks of a computation that read `deps`: per name, the module (None for an argument key "§...",
        the body read for a body mark "¶...": resolve/body_marks.py), as they are now."""
        world = self.world
        marks = tuple(self._mark(name, mark_value(name, world)) for name in sorted(deps) if name)
        # one tuple for equal marks (half of a large program's entries share theirs): less room, and the next
        # run checks each tuple once (_holds)
        return self._marks.setdefault(tuple(map(id, marks)), marks)

    def _mark(self, name: str, module) -> tuple:
        """The (name, module) pair of a collected entry's marks, one per name and module object: the same
        pairs recur in most entries (a hundred thousand of them in a large program)."""
        pair = self._mark_pairs.get(name)
        if pair is None or pair[1] is not module:  # by identity: a replaced module is another mark
            pair = self._mark_pairs[name] = (name, module)
        return pair

    def signature(self, marks) -> tuple | None:
        """What a refined collection read of the arguments callers pass (None in the first pass)."""
        if self.phase == "first":
            return None
        known = self._signatures.get(id(marks))
        if known is not None and known[0] is marks:  # marks tuples are shared: most entries' were made already
            return known[1]
        reprs = self._argument_reprs
        made = tuple((name, reprs.get(name)) for name, _ in marks if name[0] == "§")
        self._signatures[id(marks)] = (marks, made)
        return made

    def _operations(self, func: FunctionInfo) -> Collected:
        """The operations of `func` in this phase: reused from an earlier run or process, else collected."""
        world = self.world
        entry, unloaded, why = None, False, None
        candidates = [self.previous.of(self.phase).get(func)]
        if self.phase == "refined":
            candidates += self.previous.displaced.get(func, ())
        for candidate in candidates:
            if candidate is not None:
                own = candidate.body
                if own is not None and own[1] is not header_node(func).body:  # its own body was edited in place
                    unloaded, self._stale_mark = None, "edited"
                else:
                    unloaded = self._holds(candidate)
                if unloaded is not None:
                    entry = candidate
                    break
                if why is None:  # the newest entry's reason
                    why = _STALE_BECAUSE.get(self._stale_mark, "read_changed")
        if entry is None and self.store is not None:
            entry = self.store.restore(func, self.collector.ev, self.phase, self.signature)
            unloaded = True
        if entry is None:
            self.collected_why[why or self._why_new(func)] += 1
            return self._collect(func)
        if unloaded:  # what collecting it would have loaded (nothing, when all of it is loaded)
            _load_modules(world, entry.marks)
        self.reused += 1
        self.cache.of(self.phase)[func] = entry
        # what collecting it told the evaluator on the side: decorators applied, for _argument_values
        if entry.decorated:
            self.collector.ev.restore_decorated(entry.decorated)
        return entry

    def _holds(self, entry: Collected) -> bool | None:
        """None when an earlier run's entry no longer holds, else whether some module it read is not
        loaded yet. Checked without loading anything (World.peek): a check that fails must leave the
        world as a cold run would have it, and a cold run loads only what its collections read."""
        if (entry.signature is not None or self.phase != "first") and entry.signature != self.signature(entry.marks):
            self._stale_mark = "§"
            return None
        marks = entry.marks
        known = self._held.get(id(marks))
        if known is not None and known[0] is marks:  # asked for another entry with these marks already
            held = known[1]
        else:
            held = self._still_read(marks)
            self._held[id(marks)] = (marks, held)
        if held.__class__ is str:  # the name of the mark found changed: kept for the stats (_operations)
            self._stale_mark = held
            return None
        return held

    def _still_read(self, marks: tuple) -> bool | str:
        """The name of the first module (or body) of `marks` that is no longer the object it was, else whether a
        module is not loaded yet."""
        world = self.world
        modules = world.modules  # what peek answers for a module of this world, directly
        unloaded = False
        for name, module in marks:
            current = modules.get(name, _ABSENT)
            if current is _ABSENT:
                if name[0] == "§":
                    continue
                if name[0] == body_marks.BODY:
                    current = body_marks.current(name, world)
                else:
                    unloaded = True
                    current = world.peek(name)
            if current is not module:
                return name
        return unloaded

    def _why_new(self, func: FunctionInfo) -> str:
        """Why `func`, which no earlier entry is kept for, has none: its module was bound again ("rebound", an
        edit made new definitions) or none of its module's functions had one ("new")."""
        if self._earlier_modules is None:
            previous = self.previous
            self._earlier_modules = {f.scope.module_name for table in (previous.first, previous.refined) for f in table}
        return "rebound" if func.scope.module_name in self._earlier_modules else "new"

    def _expand_dispatch(self) -> list[FunctionInfo]:
        world = self.world
        if self._expanded_generation < 0 or world.replacements != self._expanded_replacements:
            stale = None  # the first time, or a module was replaced (members may have gone): expand all
        elif self._expanded_generation == world.generation:
            stale = set()  # nothing loaded since: only new keys can grow
        else:
            # only keys named by what the modules loaded since bind (a method, a class attribute, a
            # trap) can grow, and keys of plain dispatch when the modelled packages imported changed
            stale = world.member_names_since(self._expanded_generation)
            imported = world.model_methods_imported()
            if imported != self._expanded_imports:
                self._expanded_imports = imported
                stale.add(_ALL_DISPATCH)
        self._expanded_generation, self._expanded_replacements = world.generation, world.replacements
        newly_live = self._newly_live()  # their methods join plain dispatch keys
        if stale is not None:
            stale.update(newly_live)
        found: list[FunctionInfo] = []
        keys = self._keys_to_expand(stale)
        while keys:
            for key in keys:
                self._expanded.add(key)
                members = self._members(key)
                if len(members) != len(self.expansions.get(key, ())):
                    self.expansions[key] = members
                    found.extend(m for m in members if isinstance(m, FunctionInfo))
                    if key[0] == "result" or key[0] == "attr":  # what overrides return (subclasses assign) may be of a class that may be a subclass...
                        for member in members:
                            if isinstance(member, tuple) and member[0] in INVISIBLE:
                                self._note_key(key, member)  # ...or unknown: keys of their own
            keys = self._keys_to_expand(set()) if self._fresh_keys else None
            if not keys:  # classes that became live as the expansion loaded modules
                newly_live = self._newly_live()
                keys = self._keys_to_expand(newly_live) if newly_live else None
        return found

    def _newly_live(self) -> set[str]:
        """The names of the methods of classes that became live (World.live_classes) since last asked, once
        the functions added to the graph since are heard of (what they name may be made as they run)."""
        evaluator = self.collector.ev
        live = self.world.live_classes(evaluator)
        if self._unnamed:
            live.reach(self._unnamed, evaluator)
            self._unnamed = []
        known, self._live_known = self._live_known, len(live.joined)
        names = {name for cls in live.joined[known:] for name in _method_names(cls)}
        known, self._modelled_live_known = self._modelled_live_known, len(live.modelled_joined)
        model = self.world.model
        names.update(name for cls in live.modelled_joined[known:] for name in model.method_names(cls))
        return names

    def _keys_to_expand(self, stale: set | None) -> list[tuple]:
        """Keys never expanded, and expanded ones that `stale` says may have grown (None: every key)."""
        self._index_new_functions()
        fresh, self._fresh_keys = self._fresh_keys, []
        if stale is None:
            return list(self._keys)
        expanded = self._expanded
        keys = [key for key in fresh if key not in expanded]
        prefixes = [(name[:-1], name) for name in self._prefix_names if self._keys_named[name]]
        heads = tuple(head for head, _ in prefixes)  # one test per stale name first: most match none
        for name in stale:
            keys.extend(key for key in self._keys_named.get(name, ()) if key in expanded)
            if heads and name is not _ALL_DISPATCH and name.startswith(heads):
                for head, pattern in prefixes:  # a subclass's visit_table grows ("override", cls, "visit_*")
                    if name.startswith(head):
                        keys.extend(key for key in self._keys_named[pattern] if key in expanded)
        if _ALL_DISPATCH in stale:
            keys.extend(key for key in self._keys if key[0] == "dispatch" and key in expanded)
        return list(dict.fromkeys(keys))

    def _note_key(self, func: FunctionInfo, key: tuple) -> None:
        """A dispatch key one of `func`'s operations targets."""
        keys_of = self._keys_of.setdefault(func, {})
        if key in keys_of:
            return
        keys_of[key] = None
        users = self._key_users.get(key, 0)
        self._key_users[key] = users + 1
        if not users:
            self._keys[key] = None
            self._name_key(key)
            self._fresh_keys.append(key)

    def _name_key(self, key: tuple) -> None:
        """Index a key new to the graph by the name it dispatches on."""
        name = _key_name(key)
        named = self._keys_named.get(name)
        if named is None:
            named = self._keys_named[name] = []
            if name.endswith(PREFIX_MARK):  # listed apart: _keys_to_expand looks at these on every call
                self._prefix_names[name] = None
        named.append(key)

    def _drop_key_user(self, key: tuple) -> None:
        """One function less targets `key` (its operations were replaced): the last one takes it away."""
        users = self._key_users.pop(key) - 1
        if users:
            self._key_users[key] = users
        else:
            del self._keys[key]
            self._keys_named[_key_name(key)].remove(key)

    def _index_new_functions(self) -> None:
        """Scan functions collected since last time: dispatch keys, parameter calls, call sites with arguments."""
        unscanned, self._unscanned = self._unscanned, []
        for func, scan in unscanned:
            self._index_function(func, scan)

    def _index_function(self, func: FunctionInfo, scan: _Scan) -> None:
        """Index a function whose operations are still those `scan` was made of (no callback bound yet)."""
        self._scans[func] = scan
        if scan.keys:
            # _note_key's work, inline (the hottest loop of indexing): the function's keys are not noted yet
            keys_of = self._keys_of.setdefault(func, {})
            users = self._key_users
            for key in scan.keys:
                if key in keys_of:
                    continue
                keys_of[key] = None
                count = users.get(key, 0)
                users[key] = count + 1
                if not count:
                    self._keys[key] = None
                    self._name_key(key)
                    self._fresh_keys.append(key)
        if scan.params:
            params = self.called_params.setdefault(func, set())
            before = len(params)
            params.update(scan.params)
            if len(params) != before:
                self._params_grown.append(func)
        if scan.passed is not None:
            self._passing.append(scan.passed)
            self._with_callargs.entries.extend(scan.with_callargs)
            self._forwarding.entries.extend(scan.forwarding)

    def _scan(self, func: FunctionInfo, entry: Collected) -> _Scan:
        """What indexing and the reverse edges need of a function's operations as collected. Kept on
        the collected entry, so a reused entry is not scanned again."""
        scan = entry.scan
        if scan is None or scan.func is not func:
            scan = entry.scan = _Scan(func, entry)
        return scan

    def _members(self, key: tuple) -> list:
        """The members of a dispatch key in the world as loaded now. What the world's indexes give
        (methods of that name, subclasses) is turned into members element by element: what was derived
        from a list (this run or the last) is reused for any list equal to it or starting with it."""
        world = self.world
        kind = key[0]
        evaluator = self.collector.ev
        if kind == "dispatch":  # a receiver of unknown class: of a class that may have instances
            name = key[1]
            members = self._derived(key, world.live_methods_named(name, evaluator), self._dispatched)
            members += [("prim", q) for q in world.model_methods_named(name, evaluator)]
            members += [("prim", q) for q in world.traps_named(name)]
            return members
        if kind == "propdispatch":
            return self._derived(key, world.live_methods_named(key[1], evaluator), self._property_getters)
        if kind == "override":
            return self._derived(key, world.subclasses(key[1], evaluator.mro), self._class_key_deriver(kind))
        # "result" and "attr" keys evaluate: the parameters that read are noted, for the second pass to expand
        # again the keys whose parameters it types (refine_with_arguments)
        outer = evaluator.deps
        deps = evaluator.tracking()
        try:
            return self._evaluated(key, world.subclasses(key[1], evaluator.mro), self._class_key_deriver(kind))
        finally:
            evaluator.deps = outer
            outer.update(deps)
            read = [name for name in deps if name[0] == "§"]
            if read:
                self._key_parameters[key] = frozenset(read)
            else:
                self._key_parameters.pop(key, None)

    def members_through(self, key: tuple, sub: ClassInfo) -> list:
        """The members a key naming a class ("override", "result", "attr") has through one subclass `sub` alone:
        its overrides, what doing the key's operation with what they return or with what it assigns runs
        (the race rules ask which subclass makes a possible point switch: rules/_switches.py). Derived as
        `_members` derives them, but neither kept nor noted: the rules ask this after the graph is built."""
        members: list = []
        self._class_key_deriver(key[0])(key, [sub], members)
        return members

    def _class_key_deriver(self, kind: str):
        """How the members of a key naming a class (CLASS_KEYS) are derived from a list of its subclasses."""
        if kind == "override":
            return self._overriding_members
        return self._result_members if kind == "result" else self._attribute_members

    def _derived(self, key: tuple, source: list, derive) -> list:
        """`derive(key, source, members)` continued from what an equal list, or the longest list `source`
        starts with, gave earlier: a derivation goes element by element (members of source[i:] come after
        those of source[:i]). Kept per key with a copy of the list, unless it evaluated something
        (`derive` returns False): evaluating reads modules and notes decorators, which a reuse would not."""
        if not source:  # nothing to derive from: no members (half the keys of a large program)
            return []
        versions, best, _ = self._kept_version(key, source)
        if best is not None and len(best[0]) == len(source):
            _keep(versions, best)
            return list(best[1])
        members = list(best[1]) if best is not None else []
        if derive(key, source[len(best[0]) if best is not None else 0:], members):
            versions.append((list(source), tuple(members)))
        return members

    def _evaluated(self, key: tuple, source: list, derive) -> list:
        """`_derived` for a key whose derivation evaluates (what overrides return, subclasses assign): a
        version is kept with what the evaluation read (`_Evaluation`: modules, arguments' texts, decorators
        noted) and reused, or continued, only while that holds as for a collected entry (`_holds`); its
        reuse notes what the evaluation noted, and loads the modules it read. Called with the evaluator's
        dependencies being tracked (`_members`); a derivation that met a cycle guard is not kept (its
        result may depend on the order of evaluation, as Evaluator.to_keep has it)."""
        if not source:
            return []
        versions, best, unloaded = self._kept_version(key, source, self._holds)
        evaluator = self.collector.ev
        if best is not None:
            self._replay(best[2], unloaded)
            if len(best[0]) == len(source):
                _keep(versions, best)
                self.members_reused += 1
                return list(best[1])
        members = list(best[1]) if best is not None else []
        logged = len(evaluator.decorated_log)
        earlier = evaluator.watch_cycles()
        derive(key, source[len(best[0]) if best is not None else 0:], members)
        if not evaluator.cycles_met(earlier):
            notes = evaluator.notes_since(logged)
            if best is not None and best[2].decorated:
                notes = tuple(dict.fromkeys(best[2].decorated + notes))
            versions.append((list(source), tuple(members), self._evaluation(evaluator.deps, notes)))
        return members

    def _kept_version(self, key: tuple, source: list, holds=None) -> tuple[list, tuple | None, object]:
        """This run's versions of `key` (created empty), and the kept version (this run's or the last's) whose
        list is `source` or the longest list `source` starts with; with `holds`, only a version whose
        evaluation still holds (`holds(version[2])` is not None), and what that returned."""
        versions = self.cache.members.get(key)
        if versions is None:
            versions = self.cache.members[key] = []
        size = len(source)
        best, held = None, None
        for version in (*versions, *self.previous.members.get(key, ())):
            known = len(version[0])
            if known > size or (best is not None and known <= len(best[0])):
                continue
            # compares by identity first: FunctionInfo, ClassInfo
            if not (version[0] == source if known == size else source[:known] == version[0]):
                continue
            if holds is not None:
                state = holds(version[2])
                if state is None:
                    continue
                held = state
            best = version
            if known == size:
                break
        return versions, best, held

    def _evaluation(self, deps: set, notes: tuple) -> _Evaluation:
        """What a derivation that read `deps` (module names, "§" argument keys) and noted `notes` depends on."""
        marks = self._marks_of(deps)
        return _Evaluation(marks, self.signature(marks), notes)

    def _replay(self, evaluation: _Evaluation, unloaded: bool) -> None:
        """What reusing a kept derivation does in place of evaluating: the modules it read are noted as
        read and loaded (`unloaded`: some are not yet), and the decorator applications it noted are noted."""
        evaluator = self.collector.ev
        if unloaded:
            _load_modules(self.world, evaluation.marks)
        evaluator.deps.update(evaluation.names)
        if evaluation.decorated:
            for decorator, decorated in evaluation.decorated:
                evaluator.decorate(decorator, decorated)

    def _dispatched(self, key: tuple, methods: list, members: list) -> bool:
        name = key[1]
        members.extend(m for m in methods if not (m.is_generator and name not in ("__iter__",)))
        return True

    def _property_getters(self, key: tuple, methods: list, members: list) -> bool:
        members.extend(m for m in methods if property_slot(m, key[1], self.collector.ev) == "getter")
        return True

    def _overriding_members(self, key: tuple, subs: list, members: list) -> bool:
        name = key[2]
        if name.endswith(PREFIX_MARK):  # the methods whose names start with a prefix (dispatch.prefixed_targets)
            prefix = name[:-1]
            for sub in subs:
                for attr, bindings in sub.scope.bindings.items():
                    if attr.startswith(prefix):
                        members.extend(b[1] for b in bindings if b[0] == "def" and not b[1].is_generator and b[1] not in members)
            return True
        evaluator, dispatch = self.collector.ev, self.collector.dispatch
        derived = True  # from bindings alone
        for sub in subs:
            for binding in sub.scope.bindings.get(name, ()):
                if binding[0] == "def":
                    if not (binding[1].is_generator and name != "__iter__"):  # calling a generator runs nothing
                        members.append(binding[1])
                elif binding[0] == "assign":  # `message_class = Message`: what self.message_class() runs
                    derived = False
                    values = tuple(v for v in evaluator.binding_values(binding, sub.scope) if isinstance(v, (ClassV, FuncV)))
                    members.extend(t[0] for t in dispatch.call_targets(values, None) if t[0] not in members)
        return derived

    def _result_members(self, key: tuple, subs: list, members: list) -> bool:
        """What doing `operation` (ops.ITERATED, ops.CONTAINS, ("dunder", name), ("call", method name))
        with the result of a call of `name` on an object that may be of a subclass of `cls` runs, for a
        key ("result", cls, name, operation): the targets of that operation on what each override of
        `name` in `subs` returns (a generator: its body; an object: its class's methods), possible. Values
        of unknown class are left out: the rule for unknown receivers would make such a call site reach
        every method of that name (the base's own result is the collected operation's). Members that are
        keys themselves (an override of the object's method) are expanded as keys (_expand_dispatch).
        Evaluates (returns): never kept."""
        name = key[2]
        evaluator = self.collector.ev
        returned = (_call_results(evaluator, b[1]) for sub in subs for b in sub.scope.bindings.get(name, ()) if b[0] == "def")
        self._add_operation_targets(returned, key[3], members)
        return False

    def _attribute_members(self, key: tuple, subs: list, members: list) -> bool:
        """What doing `operation` with an attribute `name` of an object that may be of a subclass of `cls`
        (`next(self.iterator)` in a base class's method) runs, for a key ("attr", cls, name, operation): the
        targets of that operation on what each class of `subs` assigns to it, in its body or on `self` in its
        methods (SQLAlchemy's ChunkedIteratorResult.__init__ setting the `iterator` IteratorResult's methods
        step), possible; values of unknown class left out, as for a "result" key (_result_members). What the
        class itself and its bases assign is the collected operation's. Evaluates: never kept."""
        name = key[2]
        evaluator = self.collector.ev

        def assigned(sub) -> tuple:
            values: list = []
            for binding in sub.scope.bindings.get(name, ()):
                if binding[0] == "assign":
                    values.extend(evaluator.binding_values(binding, sub.scope))
            for binding, method in assigned_on_instances(sub, name):
                if binding[0] != "annotation":
                    values.extend(evaluator.binding_values(binding, method.scope))
            return tuple(values)

        self._add_operation_targets((assigned(sub) for sub in subs), key[3], members)
        return False

    def _add_operation_targets(self, value_groups, operation: tuple, members: list) -> None:
        """Add to `members` the targets of `operation` (_operation_targets) on each group of values, those of
        unknown class left out, outside any function's collection (a parameter's callables count for their
        own call site only)."""
        evaluator, dispatch = self.collector.ev, self.collector.dispatch
        current, dispatch.current = dispatch.current, None  # no function is being collected
        try:
            for values in value_groups:
                known = _known(values)
                if not known:
                    continue
                for target, certain, _ in _operation_targets(evaluator, dispatch, known, operation):
                    if certain is LOCAL or (isinstance(target, tuple) and target[0] in ("await", "param")):
                        continue
                    if target not in members:
                        members.append(target)
        finally:
            dispatch.current = current

    def _bind_callbacks(self) -> list[FunctionInfo]:
        """Turn 'callee calls its parameter i' into edges from the call site to the argument."""
        self._index_new_functions()
        self._forward_called_params()
        found: list[FunctionInfo] = []
        sites = self._with_callargs
        called = self.called_params
        positions = sites.to_visit(self._params_grown)
        if len(positions) > len(called):
            # most sites pass nothing to a function that calls it: found from those functions' sites
            # (an edit's graph visits every site, some thousands, and a few hundred functions call a parameter)
            calling = set()
            for callee, params in called.items():
                if params:
                    calling.update(sites.calling(callee))
            positions = [position for position in positions if position in calling]
        else:
            positions = [position for position in positions
                         if any(called.get(callee) for callee, _ in sites.entries[position][1].callargs)]
        for position in positions:  # each passes something to a function that calls it
            func, op = sites.entries[position]
            new = self._callback_targets(func, op)
            if new:
                # the collected op is shared with the cache (and later runs): this run's graph gets a copy
                copy = op.with_targets(op.targets + new)
                ops = self.ops[func]
                ops[ops.index(op)] = copy
                self._rebound.add(func)
                sites.entries[position] = (func, copy)
                for target in new:
                    if isinstance(target[0], tuple) and target[0][0] in INVISIBLE:
                        self._note_key(func, target[0])
                    if isinstance(target[0], FunctionInfo):
                        found.append(target[0])
        return found

    def _forward_called_params(self) -> None:
        """called_params is itself a fixpoint: a function passing its parameter on to a callee that calls
        it calls it too. A worklist over the forwarding call sites: those indexed since the last time,
        and then those calling a function whose called parameters grew."""
        sites = self._forwarding
        called = self.called_params
        pending = sites.to_visit(self._params_grown)
        while pending:
            func, op = sites.entries[pending.pop()]
            params = called.get(func)
            before = len(params) if params is not None else 0
            for callee, bound in op.callargs:
                for index in called.get(callee, ()):
                    for value in bound.get(index, ()):
                        if isinstance(value, ParamV) and value.func is func:
                            if params is None:
                                params = called[func] = set()
                            params.add(value.index)
            if params is not None and len(params) != before:
                self._params_grown.append(func)
                pending.extend(sites.calling(func))
        sites.seen(self._params_grown)

    def _callback_targets(self, func: FunctionInfo, op: Op) -> list:
        """Targets a call site gains from the functions it passes to callees that call them."""
        dispatch = self.collector.dispatch
        added = []
        for callee, bound in op.callargs:
            for index in self.called_params.get(callee, ()):
                if UNKNOWN in bound.get(index, ()):
                    # passing something unresolvable to a function that calls it
                    added.append((UNKNOWN_CALLABLE, False, callee.qualname))
                values = tuple(v for v in bound.get(index, ()) if not isinstance(v, ParamV))
                forwarded = tuple(v for v in bound.get(index, ()) if isinstance(v, ParamV) and v.func is func)
                targets = dispatch.call_targets(values, func, True, callee.qualname)
                for param in forwarded:  # run_it(fn) inside run_twice(fn): what run_twice's callers pass
                    passed = self.collector.ev.callables.get((func, param.index), ())
                    targets += [(t[0], LOCAL, t[2]) for t in dispatch.call_targets(passed, func, True, callee.qualname)]
                added.extend(targets)
        return [t for t in dict.fromkeys(added) if t not in op.targets]

    def reverse_edges(self) -> tuple[dict, set]:
        """Callee -> [(caller, certain, via)] over the whole graph, and the primitive nodes; built once.
        A function's edges are derived once per collected entry (`_Scan.edges`); only functions whose
        operations callback binding rewrote are walked again. The map is the last run's brought up to
        date (`reverse.ReverseIndex`): only the callees of functions and keys whose edges changed are touched."""
        if self._reverse is None:
            self._index_new_functions()
            parts: dict = {}
            sources: set = set()
            scans, rebound = self._scans, self._rebound
            for func, ops in self.ops.items():
                if func in rebound:
                    keys, edges, found = _edges(func, ops)
                    parts[func] = (keys, edges)
                else:
                    scan = scans[func]
                    parts[func] = (scan.edge_callees, scan.edges)
                    found = scan.sources
                if found:
                    sources.update(found)
            for key, members in self.expansions.items():
                edge = (key, False, IMPLICIT if _implicit_call(key) else None)
                parts[key] = (tuple(members), (edge,) * len(members))
                for member in members:
                    if isinstance(member, tuple) and member[0] in ("prim", "block"):
                        sources.add(member)
            self._reverse_index.update(parts)
            self._reverse = (self._reverse_index.reverse, sources)
        return self._reverse

    def callers(self, node) -> list:
        """[(caller, certain, via)] of `node` in a fixed order. The search takes the first of equally
        short hops: an order that does not depend on the order functions were collected or modules
        loaded gives the same witness every time. Sorted when first asked (most nodes never are), and
        kept sorted across runs while the edit leaves the node's callers as they were."""
        callers = self.reverse_edges()[0].get(node, ())
        if len(callers) > 1:
            sorted_nodes = self._reverse_index.sorted
            if node not in sorted_nodes:
                sorted_nodes.add(node)
                callers.sort(key=self._edge_order)
        return callers

    def _edge_order(self, edge: tuple) -> tuple:
        # by the edge's identity: a reused entry's edges are the same tuples run after run (_Scan.edges)
        known = self._edge_orders.get(id(edge))
        if known is None or known[0] is not edge:
            known = self.previous.edge_orders.get(id(edge))
            if known is None or known[0] is not edge:
                known = (edge, self._new_edge_order(edge))
            self._edge_orders[id(edge)] = known
        return known[1]

    def _new_edge_order(self, edge: tuple) -> tuple:
        node, certain, via = edge
        order = self._node_orders.get(node)
        if order is None:  # a function's or key's order never changes: kept from the last run
            order = self.previous.node_orders.get(node) or _node_order(node)
            self._node_orders[node] = order
        return (order, not certain, str(via))


class _Evaluation:
    """What a kept derivation of a key's members read (CallGraph._evaluated), checked before reuse as a
    collected entry is (`marks`, `signature`: see Collected), and the decorator applications it noted."""

    __slots__ = ("marks", "signature", "decorated", "names")

    def __init__(self, marks: tuple, signature, decorated: tuple):
        self.marks, self.signature, self.decorated = marks, signature, decorated
        self.names = tuple(name for name, _ in marks)  # what a reuse notes as read


class _CallSites:
    """(function, op) of call sites passing arguments, indexed by callee, with which of them to visit
    again: those added since the last visit, and those calling a function whose called parameters grew
    (read from the graph's log of those growths, `CallGraph._params_grown`, from where the last visit left it)."""

    def __init__(self, entries=()):
        self.entries: list[tuple] = list(entries)
        self._indexed = 0  # how many of entries _by_callee covers
        self._by_callee: dict[FunctionInfo, list[int]] = {}  # callee -> positions in entries
        self._grown_seen = 0  # how much of the growth log the last visit covered

    def to_visit(self, grown: list) -> list[int]:
        entries, by_callee = self.entries, self._by_callee
        positions = set(range(self._indexed, len(entries)))
        for position in range(self._indexed, len(entries)):
            for callee, _ in entries[position][1].callargs:
                found = by_callee.get(callee)
                if found is None:
                    by_callee[callee] = [position]
                else:
                    found.append(position)
        self._indexed = len(entries)
        for callee in grown[self._grown_seen:]:
            positions.update(by_callee.get(callee, ()))
        self._grown_seen = len(grown)
        return sorted(positions)

    def calling(self, callee: FunctionInfo) -> list[int]:
        return self._by_callee.get(callee, [])

    def seen(self, grown: list) -> None:
        """Every call site was visited with the called parameters as they are now."""
        self._grown_seen = len(grown)


class _Scan:
    """What a run needs of one function's operations as collected (before callbacks are bound), derived
    once per collected entry: the functions it calls (in order, for growing the graph), dispatch keys,
    parameters called, what its call and spawn sites pass (`passed`), (function, op) of call sites
    passing arguments and of those forwarding parameters, its reverse edges (`edges[i]`, that is
    (function, certain, via), into `edge_callees[i]`) and primitives, and the arguments' keys its
    collection read. Kept as long as the entry: small tuples, the empty ones shared."""

    __slots__ = (
        "func", "callees", "keys", "params", "passed", "with_callargs", "forwarding", "edge_callees", "edges",
        "sources", "parameters_read", "stores",
    )

    def __init__(self, func: FunctionInfo, entry: Collected):
        ops = entry.ops
        callees = []
        keys: dict[tuple, None] = {}
        params: set[int] = set()
        passing, with_callargs, forwarding = [], [], []
        for op in ops:
            for key, _, _ in op.targets:
                if isinstance(key, FunctionInfo):
                    callees.append(key)
                elif isinstance(key, tuple) and key[0] in INVISIBLE:
                    keys[key] = None
                elif isinstance(key, tuple) and key[0] == "param":
                    params.add(key[1])
            if op.callargs or op.spawned:
                passing.append(op)
            if op.callargs:
                with_callargs.append((func, op))
                if any(isinstance(v, ParamV) for _, bound in op.callargs for vs in bound.values() for v in vs):
                    forwarding.append((func, op))
        self.func = func
        self.callees = tuple(callees)
        # the arguments' keys ("§qualname#index") the collection read: refine_with_arguments
        self.parameters_read = tuple(name for name, _ in entry.marks if name[0] == "§")
        self.stores = None  # the function's attribute stores with their receivers' classes (CallGraph.stores_of)
        self.keys, self.params = tuple(keys), frozenset(params) if params else _NONE
        self.with_callargs, self.forwarding = tuple(with_callargs), tuple(forwarding)
        # (module of the sites, what they pass, the function): what _argument_values reads of the sites
        self.passed = (func.scope.module_name, _passed(passing), func) if passing else None
        self.edge_callees, self.edges, self.sources = _edges(func, ops)


def _forwarded(scan: _Scan) -> frozenset:
    """(callee, its parameter index, the function's parameter index) of each parameter a function passes on as it
    is: what the fixpoints over forwarding sites read (`_forward_called_params`, `_forward_instances`)."""
    func = scan.func
    return frozenset((callee, index, value.index) for _, op in scan.forwarding for callee, bound in op.callargs
                     for index, values in bound.items() for value in values
                     if isinstance(value, ParamV) and value.func is func)


def _passed_effect(scan: _Scan) -> dict:
    """What a function's call and spawn sites give `_argument_values`, per (callee, index): the instances and the
    callables passed, each in the order first passed (the union it makes over all functions' sites, in order,
    is the same for any sites whose unions these are)."""
    effect: dict = {}
    for callee, groups in scan.passed[1] if scan.passed is not None else ():
        for index, instances, passed in groups:
            known = effect.setdefault((callee, index), ({}, {}))
            known[0].update(dict.fromkeys(instances or ()))
            known[1].update(dict.fromkeys(passed or ()))
    return {key: (tuple(instances), tuple(passed)) for key, (instances, passed) in effect.items()}


def _passed(ops) -> tuple:
    """What call and spawn sites pass, in order: ((callee, ((index, instances, classes and generators, callables),
    ...)), ...) per call, the values of each kind as ordered sets (dicts, never changed once made; None
    when there are none). A generator passed runs its body where the callee iterates the parameter
    (`consume(numbers())`): iterating a value of unknown class reaches no generator's body. A function
    without source passed (a C class or function, `DecompressReader(fp, BZ2Decompressor)`) is a callable
    passed as a function with source is: left out, the callee's call of the parameter had no caller in sight
    and called an unknown callable."""
    calls = []
    for op in ops:
        for callee, bound in (*op.callargs, *op.spawned):
            groups = []
            for index, values in bound.items():
                instances, passed = {}, {}
                for value in values:
                    if isinstance(value, (InstV, ClassV, GenV)):
                        instances[value] = None
                    elif isinstance(value, (FuncV, PartialV, AccessorV, PrefixedV, ExtV)) or value is UNKNOWN:
                        passed[value] = None
                if instances or passed:
                    groups.append((index, instances or None, passed or None))
            if groups or (callee.cls is not None and callee.kind == "method"):  # asking for overrides indexes subclasses
                calls.append((callee, tuple(groups)))
    return tuple(calls)


def _edges(func: FunctionInfo, ops: list[Op]) -> tuple[tuple, tuple, frozenset]:
    """The reverse edges of a function's operations, as (callees, (func, certain, via) per callee) with one
    tuple per distinct edge, and the primitives among the callees."""
    callees, edges = [], []
    made: dict = {}  # (certain, via) -> the edge
    sources = set()
    for op in ops:
        for key, certain, via in op.targets:
            if key == AWAIT or certain is LOCAL or (isinstance(key, tuple) and key[0] == "param"):
                continue
            edge = made.get((certain, via))
            if edge is None:
                edge = made[(certain, via)] = (func, certain, via)
            callees.append(key)
            edges.append(edge)
            if isinstance(key, tuple) and key[0] in ("prim", "block"):
                sources.add(key)
    return tuple(callees), tuple(edges), frozenset(sources) if sources else _NONE


def _method_names(cls: ClassInfo) -> tuple:
    """The names of the methods a class defines (the plain dispatch keys its becoming live may grow); kept on
    its module, which is shared across worlds: every class becomes live again in each run's new world."""
    module = cls.module
    known = module.__dict__.get("_method_names") if module is not None else None
    if known is None:
        known = {}
        if module is not None:
            module.__dict__["_method_names"] = known
    names = known.get(cls)
    if names is None:
        names = known[cls] = tuple(name for name, bindings in cls.scope.bindings.items() if any(b[0] == "def" for b in bindings))
    return names


def _key_name(key: tuple) -> str:
    """The method name a dispatch key dispatches on; for an ("attr", ...) key its attribute's, after an "@"
    (World.member_names_since)."""
    kind = key[0]
    if kind == "attr":
        return "@" + key[2]
    return key[2] if kind in CLASS_KEYS else key[1]


def _call_results(evaluator, method: FunctionInfo) -> tuple:
    """What calling `method` returns (a @contextmanager function: what `with` runs it in), as
    Evaluator.call_result has it; nothing for a property (no call of it)."""
    if method.decorators:
        if any(name in CONTEXT_MANAGER_DECORATORS for name in method.decorator_names()):
            return (CtxV(method),)
        if property_slot(method, method.name, evaluator) is not None:
            return ()
    return evaluator.returns(method)


def _known(values: tuple) -> tuple:
    """`values` but those of unknown class (an unknown object, a parameter, a method of either); a lazy
    iterator keeps the sources and functions of known class (`chain.from_iterable(self.chunks(1))`, the
    callable stored from a parameter maybe any)."""
    known = []
    for v in values:
        if v is UNKNOWN or isinstance(v, (ParamV, DispatchV)):
            continue
        if isinstance(v, LazyV):
            sources, calls = _known(v.sources), _known(v.calls)
            if not sources and not calls:
                continue
            if len(sources) != len(v.sources) or len(calls) != len(v.calls):
                v = LazyV(sources, calls, v.unpacks)
        known.append(v)
    return tuple(known)


def _operation_targets(evaluator, dispatch, values: tuple, operation: tuple) -> list:
    """Targets of `operation` (see CallGraph._result_members) on `values`, possible."""
    kind = operation[0]
    if kind == "iter":
        return dispatch.iteration_targets(values, False)
    if kind == "contains":  # as SiteCollector._compare has it (a generator has no __contains__: `in` iterates it)
        return (dispatch.dunder_targets(values, (("__contains__", "__iter__"),), False)
                + dispatch.iteration_targets(tuple(v for v in values if isinstance(v, (GenV, GenExpV, LazyV))), False))
    if kind == "dunder":
        targets = dispatch.dunder_targets(values, ((operation[1],),), False)
        if operation[1] in ("__enter__", "__exit__"):  # a @contextmanager generator runs in both halves
            targets += [(v.func, False, None) for v in values if isinstance(v, CtxV)]
        return targets
    attr = operation[1]  # "call": a method of the result called
    targets = dispatch.call_targets(_known(evaluator.attribute(values, attr)), None, False)
    return targets + [(("override", v.cls, attr), False, None) for v in values if overridable(v)]


# dunders an override key may name that a call the syntax shows runs: constructing a class that may be a
# subclass (`cls()`), calling an object (`self()`)
_CALLED_DUNDERS = frozenset({"__init__", "__new__", "__call__"})


def _implicit_call(key) -> bool:
    """Whether a dispatch key stands for a call the syntax does not show, on a receiver of unknown class:
    an implicit dunder (`==`, `for`, `x[k]`) or a property's getter (`x.name`); or an implicit dunder on an
    object that may be a subclass's (`self[k]` in a mixin's method, `x[k]` on a narrowed or annotated dict),
    whose subclass is no better known than an unknown receiver's class: its overrides too are followed where
    they switch for certain (construction and `__call__` are calls the syntax shows)."""
    if key[0] == "propdispatch":
        return True
    if key[0] == "override":
        return key[2].startswith("__") and key[2].endswith("__") and key[2] not in _CALLED_DUNDERS
    return key[0] == "dispatch" and key[1].startswith("__") and key[1].endswith("__")


def _load_modules(world, marks: tuple) -> None:
    """Load the modules of `marks`, as the computation that made them did."""
    for name, _ in marks:
        if name[0] != "§" and name[0] != body_marks.BODY:
            world.module(name)


def _node_order(node) -> tuple:
    if isinstance(node, FunctionInfo):
        header = header_node(node)  # positions: no body read
        return (0, node.qualname, getattr(header, "lineno", 0), getattr(header, "col_offset", 0))
    return (1, tuple(getattr(part, "qualname", part) for part in node))


def _keep(versions: list, version: tuple) -> None:
    """Keep a version found in the last run's (or this run's) versions in this run's, once."""
    if not any(kept is version for kept in versions):
        versions.append(version)
