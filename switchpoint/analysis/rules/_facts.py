"""Facts the rules compute from one function's code, kept across the runs of a workspace while still valid.

An editor re-analyses after each keystroke, and the whole-program facts of `_program.py`
would otherwise evaluate every call of every project function again. What the rules learn
by evaluating the expressions of one function (a call's callees, an argument's classes) is
remembered per function (`RunFacts.remembered`) with what the evaluation read, recorded
as the call graph's collected operations record it (`Evaluator.deps`, through its memo
tables): the modules read, each as the object it was, and the parameters whose arguments
it read ("§qualname#index"), each with the text `CallGraph.signature` gives for them. The
modules of the functions and classes a remembered fact holds count as read too: an
argument can carry a class without its module being read.

A later run reuses a function's facts only if every module read is still the same object
(`World.peek`, which loads nothing) and every argument text is the same; else they are
computed afresh, so a run answers as a cold run would. Most of that check is done by the
call graph already: while a function's collected operations (`graph.cache`) are the same
objects as when its facts were last checked, the modules and argument texts they were
checked against are unchanged, and only the names the rules read beyond them are looked
at (`FunctionFacts.extras`). Reused facts load the modules their evaluation read, as
`CallGraph._operations` does for reused operations, so the world ends as a cold run leaves it.

The facts live in a store per module cache (one per workspace, referenced weakly), pruned
of the modules the cache no longer holds, and emptied when the run's model changes (its patch
flags or configuration): as the workspace reuses no collected operations then either.
"""

from __future__ import annotations

import ast
import weakref

from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo

_MISSING = object()
_CONFLICT = object()  # a name read as two different objects: the facts are never valid again

# ModuleCache -> (model key, {FunctionInfo: FunctionFacts}); a workspace's module cache lives as long as it does
_STORES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class FunctionFacts:
    """What the rules remembered of one function, and what computing it read."""

    __slots__ = ("marks", "memo", "entries", "extras")

    def __init__(self, entries: tuple):
        self.marks: dict[str, object] = {}  # module name -> Module or None; "§qualname#index" -> argument text
        self.memo: dict = {}  # key -> what a rule computed under it
        self.entries = entries  # the function's collected operations (first pass, refined) when last checked
        self.extras: dict[str, object] = {}  # the marks those collected operations do not vouch for


class RunFacts:
    """The function facts of one analysis run: reused from earlier runs while valid, else computed."""

    def __init__(self, graph, evaluator, model_key):
        self.graph = graph
        self.world = graph.world
        self.ev = evaluator
        self.functions = _functions_store(graph.world, model_key)
        self._first, self._refined = graph.cache.first, graph.cache.refined
        self._valid: dict[FunctionInfo, FunctionFacts] = {}  # checked in this run
        self._current: dict[str, object] = {}  # mark name -> what it is in this run
        self._loaded: set[str] = set()
        self._coverage: dict[FunctionFacts, set[str]] = {}  # _covered of the entries of facts computed in this run
        # what a computation read is marked for a later run to check the facts by; a one-shot run has none
        # (World.watch_bodies): its marks were ~8 MB of django's run, alive until its last report
        self._marking = self.world.watch_bodies

    def remembered(self, func: FunctionInfo, key, compute, *args, owners=None, holds=None):
        """`compute(*args)`, which evaluates code of `func` only, remembered under `key` while valid.

        `owners(result)` names the functions and classes the result holds that no remembered computation
        nested in this one returned (by default, every one in it: see `_owners`). `holds(result)`, when
        given, says whether a remembered result still holds for what else it depends on in this run
        (whole-program facts the evaluator does not track): if not, it is computed afresh."""
        facts = self._facts(func)
        found = facts.memo.get(key, _MISSING)
        if found is not _MISSING and holds is not None and not holds(found):
            found = _MISSING
        if found is _MISSING:
            found = self._tracked(facts, compute, args)
            self._mark_owners(facts, (owners or _owners)(found))
            facts.memo[key] = found
        return found

    def remembered_of(self, functions, key, compute, owners=None, holds=None) -> dict:
        """{func: remembered(func, key, compute, func, owners=owners, holds=holds)} for many functions: the
        same, with the common case (result remembered and holding) taken without computing anything."""
        found = {}
        for func in functions:
            result = self._facts(func).memo.get(key, _MISSING)
            if result is _MISSING or (holds is not None and not holds(result)):
                result = self.remembered(func, key, compute, func, owners=owners, holds=holds)
            found[func] = result
        return found

    # -- validity ------------------------------------------------------------------------------------

    def _facts(self, func: FunctionInfo) -> FunctionFacts:
        facts = self._valid.get(func)
        if facts is None:
            facts = self._valid[func] = self._checked(func)
        return facts

    def _checked(self, func: FunctionInfo) -> FunctionFacts:
        """The function's facts if still valid (loading what they read), else new empty ones."""
        first, refined = self._first.get(func), self._refined.get(func)
        facts = self.functions.get(func)
        if facts is not None:
            if facts.entries[0] is first and facts.entries[1] is refined:
                extras = facts.extras
                if not extras:  # the common case, asked for every function of the program
                    return facts
                if self._still_valid(extras):
                    self._load(extras)  # the rest was loaded with the collected operations
                    return facts
            elif self._still_valid(facts.marks):
                self._load(facts.marks)
                facts.entries = (first, refined)
                covered = _covered(facts.entries)
                facts.extras = {name: then for name, then in facts.marks.items() if name not in covered}
                return facts
        facts = FunctionFacts((first, refined))
        own = body_marks.own(func)
        if own is not None and self._marking:  # its own body, which the rules read whatever they go through (Collected.body)
            facts.marks[own[0]] = own[1]
        if func.module is not None and self._marking:  # else nothing to prune it by, or no later run: computed in every run
            self.functions[func] = facts
        return facts

    def _still_valid(self, marks: dict) -> bool:
        known = self._current
        for name, then in marks.items():
            current = known.get(name, _MISSING)
            if current is _MISSING:
                current = self._now(name)
            if current is not then and (type(then) is not str or current != then):
                return False
        return True

    def _now(self, name: str):
        """What a mark name is in this run: the module `World.peek` finds, or the argument text."""
        current = self._current.get(name, _MISSING)
        if current is _MISSING:
            if name[0] == "§":
                signature = self.graph.signature(((name, None),))  # None in a run that refined nothing
                current = signature[0][1] if signature else None
            elif body_marks.is_mark(name):
                current = body_marks.current(name, self.world)
            else:
                current = self.world.peek(name)
            self._current[name] = current
        return current

    def _load(self, marks: dict) -> None:
        """Load what evaluating the reused facts loaded: the world ends as a cold run leaves it."""
        loaded = self._loaded
        for name in marks:
            if name not in loaded:
                loaded.add(name)
                if name[0] != "§" and not body_marks.is_mark(name):
                    self.world.module(name)

    # -- recording what a computation read -------------------------------------------------------------

    def _tracked(self, facts: FunctionFacts, compute, args: tuple):
        """compute(*args), with what it read marked on the facts. Tracked on its own even when nested in another
        computation (of this function or another): the enclosing one may not keep what it reads (`_flow._isolated`)."""
        deps: set[str] = set()
        try:
            # nested in another computation: that one read it too (passed on)
            return reading(self.ev, deps, True, compute, *args)
        finally:
            # marked even when it raised: what it remembered on the way (nested computations) read these
            if self._marking:
                for name in deps:
                    if name:
                        self._mark(facts, name, self._read(name))
            else:  # the modules read are loaded all the same: the world ends as a marking run's
                for name in deps:
                    if name and name[0] != "§" and not body_marks.is_mark(name):
                        self.world.module(name)

    def _read(self, name: str):
        if name[0] == "§" or body_marks.is_mark(name):
            return self._now(name)
        module = self.world.module(name)  # loaded by the evaluation already, or loaded as a collection would
        self._current[name] = module
        self._loaded.add(name)
        return module

    def _mark_owners(self, facts: FunctionFacts, owners) -> None:
        if not self._marking:
            return
        modules = {id(owner.module): owner.module for owner in owners}
        for module in modules.values():
            if module is not None:
                # a function or class of a module that is no longer current came through an argument:
                # such facts are not kept
                current = module if self._now(module.name) is module else _CONFLICT
                self._mark(facts, module.name, current)

    def _covered(self, facts: FunctionFacts) -> set[str]:
        covered = self._coverage.get(facts)
        if covered is None:
            covered = self._coverage[facts] = _covered(facts.entries)
        return covered

    def _mark(self, facts: FunctionFacts, name: str, value) -> None:
        marks = facts.marks
        then = marks.get(name, _MISSING)
        if then is _MISSING:
            marks[name] = value
            if value is _CONFLICT or name not in self._covered(facts):
                facts.extras[name] = value
        elif then is not value and (type(then) is not str or then != value):
            marks[name] = facts.extras[name] = _CONFLICT


def reading(evaluator, reads: set, passed_on: bool, compute, *args):
    """compute(*args), with the names the evaluator reads for it (`Evaluator.deps`) collected in `reads`, also
    when it raises; they count as read by the computation under way too if `passed_on` (a replay of a
    memoised result would tell it so, `Evaluator._replayed`), else not at all."""
    outer = evaluator.deps
    evaluator.deps = reads
    try:
        return compute(*args)
    finally:
        evaluator.deps = outer
        if passed_on:
            outer.update(reads)


def _covered(entries: tuple) -> set[str]:
    """The mark names whose modules and argument texts a function's collected operations were checked against
    (`CallGraph._operations`), so are unchanged while they are the same objects.

    Argument texts are checked only for a refined collection. Without one, no argument the first pass read
    is typed (`refine_with_arguments` re-collects every function that read one), so none has a text."""
    first, refined = entries
    covered = {name for name, _ in refined.marks} if refined is not None else set()
    if first is not None:
        covered.update(name for name, _ in first.marks if refined is None or name[0] != "§")
    for entry in entries:  # the function's own body, checked apart (Collected.body)
        if entry is not None and entry.body is not None:
            covered.add(entry.body[0])
    return covered


def _functions_store(world, model_key) -> dict:
    """The workspace's function facts (keyed by its module cache) under the run's model, without those of
    modules the cache dropped."""
    cache = world.cache
    kept = _STORES.get(cache)
    if kept is None or kept[0] != model_key:
        kept = _STORES[cache] = (model_key, {})
    store = kept[1]
    held: dict[int, bool] = {}  # id(module) -> whether the cache still holds it
    stale = []
    for func in store:
        current = held.get(id(func.module))
        if current is None:
            current = held[id(func.module)] = cache.holds(func.module)
        if not current:
            stale.append(func)
    for func in stale:
        del store[func]
    return store


def _owners(value):
    """The functions and classes in a remembered result (tuples, lists, dicts and sets of them)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is FunctionInfo or kind is ClassInfo or isinstance(item, FunctionInfo):  # (resolve/lazy_bodies.py)
            yield item
        elif isinstance(item, (tuple, list, set, frozenset)):
            stack.extend(item)
        elif kind is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        elif item is None or kind is str or kind is int or kind is bool or isinstance(item, ast.AST):
            continue
        else:
            raise TypeError(f"cannot remember a {kind.__name__}: its functions and classes would go unchecked")
