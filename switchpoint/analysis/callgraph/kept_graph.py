"""The last run's call graph kept across an edit kept in place (resolve/body_edits.py): an editor's body edit that
changes no call, or only adds calls of what the graph has, costs its collections, a solve and its file's report,
not a run.

After an edit inside function bodies (or of top-level statements nothing else reads: the module's top-level code is
then the changed function) the module, its functions and classes are the objects they were, so the last graph still
names them. Each collected entry that read a changed body (its own, or another's through
inference: body marks, resolve/body_marks.py) is collected again, and no dispatch key's members may have been
derived by evaluating one. A fresh run derives the same graph when each new entry agrees with its old one on
what the graph reads of an entry besides its operations (lambdas, argument keys read, refined signature,
decorators noted) and either
- gives the same operations (kinds, targets, what they pass) in the same order: its operations (and the graph's
  copies of them) take the anchors of the new ones (where in the new body they are), and a new entry of those
  operations with the new marks and body replaces it; the summaries stay;
- or changes only the function's own edges (`CallGraph.can_take`: every old target still targeted, new ones
  reached or expanded already, the same parameters called, nothing passed that the second pass or callback
  binding would read differently): the new entry replaces it, indexed anew (`CallGraph.take`), and the
  workspace solves again.
Otherwise it changes nothing and answers None (a callee dropped, a function the graph never reached called, a
value passed that holds a node of the old body, a lambda made), and the workspace runs as usual.

What the graph does not record (patches the code turns on, which parameters callers leave to their defaults) the
workspace checks before asking (kept_run.py), and so whether the words the edited bodies gained or lost may change
which classes are live (`World.live_words_matter`).
"""

from __future__ import annotations

from contextlib import contextmanager

from switchpoint.analysis.callgraph.graph import CallGraph
from switchpoint.analysis.callgraph.ops import Collected
from switchpoint.analysis.callgraph.sites import SiteCollector
from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import header_node


def keep_graph(graph: CallGraph, edited: list, first, refined) -> tuple[list, int, bool] | None:
    """Keep `graph` across the edits `edited` ((module, its functions whose bodies changed), World.kept_in_place)
    when collecting again, with the evaluators `first` and `refined` (the refining pass's, or `first` when the
    graph had none), what read the changed bodies changes nothing but those functions' own edges: (the functions
    collected again, how many of those because their own body changed, whether edges changed), or None with the
    graph untouched."""
    changed = {body_marks.name_of(func) for _, functions in edited for func in functions}
    changed.update(body_marks.every_body(module.name) for module, _ in edited)
    if _evaluation_read(graph, changed):
        return None
    stale = _stale_entries(graph, changed)
    generation = graph.world.generation
    redone = []
    for phase_now, evaluator in (("first", first), ("refined", refined)):
        with _collecting(graph, phase_now, evaluator):
            redone += [(phase_now, func, old, graph.collected_now(func)) for entry_phase, func, old in stale
                       if entry_phase == phase_now]
    # a function a def statement added (resolve/top_level_edits.py): a root of a fresh graph, with no entry yet
    added = [func for _, functions in edited for func in functions
             if func.kind != "module" and func not in graph.ops and func not in graph.cache.first]
    with _collecting(graph, "first", first):
        added = [(func, graph.collected_now(func)) for func in added]
    if graph.world.generation != generation:  # collecting loaded a module: the world the graph knew grew
        return None
    taken: dict = {}  # function -> {phase: new entry} of those whose operations differ
    for func, new in added:
        # as an entry of no operations that changed (its edges all new): none passed that the second pass reads
        # (`can_take`), nor a parameter or a stored attribute it reads typed by it
        if (new.lambdas or new.decorated or graph._scan(func, new).parameters_read
                or not graph.can_take(func, "first", Collected([], (), ()), new)):
            return None
        taken[func] = {"first": new}
    for phase_now, func, old, new in redone:
        if not _same_entry(old, new):
            if not (_same_frame(old, new) and graph.can_take(func, phase_now, old, new)):
                return None
            taken[func] = {}
    for phase_now, func, old, new in redone:
        if func in taken:
            taken[func][phase_now] = new
            continue
        # the graph's list was made from the entry in use (callback binding replaced some by copies, in place)
        current = graph.cache.refined.get(func) or graph.cache.first.get(func)
        _take_anchors(old, new, graph.ops[func] if current is old else ())
        # a new entry, as a run collecting it would make (what the rules remembered of the function holds while
        # its entries are the same objects: rules/_facts.py), of the operations the graph holds
        entry = graph.cache.of(phase_now)[func] = Collected(old.ops, old.lambdas, new.marks, new.signature, new.decorated, new.body)
        entry.scan = old.scan
    for func, entries in taken.items():
        graph.take(func, entries)
    edited_functions = {func for _, functions in edited for func in functions}
    functions = list(dict.fromkeys([*(func for _, func, _, _ in redone), *(func for func, _ in added)]))
    return functions, sum(1 for func in functions if func in edited_functions), bool(taken)


@contextmanager
def _collecting(graph: CallGraph, phase: str, evaluator):
    """The graph collecting as `phase` with `evaluator`, its own phase and collector back after."""
    collector, was = graph.collector, graph.phase
    graph.phase, graph.collector = phase, SiteCollector(evaluator)
    try:
        yield
    finally:
        graph.collector, graph.phase = collector, was


def _evaluation_read(graph: CallGraph, changed: set[str]) -> bool:
    """Whether a dispatch key's members this run derived by evaluating (CallGraph._evaluated) read a changed body."""
    for versions in graph.cache.members.values():
        for version in versions:
            if len(version) > 2 and any(name in changed for name in version[2].names):
                return True
    return False


def _stale_entries(graph: CallGraph, changed: set[str]) -> list[tuple]:
    """(phase, function, entry) of this run's entries that read a changed body, their own or another's."""
    read: dict[int, bool] = {}  # id(marks) -> whether they name a changed body: entries share marks tuples
    stale = []
    for phase, table in (("first", graph.cache.first), ("refined", graph.cache.refined)):
        for func, entry in table.items():
            own = entry.body
            if own is not None and own[1] is not header_node(func).body:
                stale.append((phase, func, entry))
                continue
            marks = entry.marks
            hit = read.get(id(marks))
            if hit is None:
                hit = read[id(marks)] = any(name in changed for name, _ in marks)
            if hit:
                stale.append((phase, func, entry))
    return stale


def _same_frame(old: Collected, new: Collected) -> bool:
    """Whether two collections of one function agree on all the graph reads of an entry but its operations."""
    return (old.lambdas == new.lambdas and old.signature == new.signature and old.decorated == new.decorated
            and _arguments_read(old) == _arguments_read(new))


def _same_entry(old: Collected, new: Collected) -> bool:
    """Whether two collections of one function give the graph the same: all but where the operations are."""
    if len(old.ops) != len(new.ops) or not _same_frame(old, new):
        return False
    return all(
        a.kind == b.kind and a.targets == b.targets and a.callargs == b.callargs and a.spawned == b.spawned
        for a, b in zip(old.ops, new.ops))


def _arguments_read(entry: Collected) -> list[str]:
    """The argument keys ("§...") among an entry's marks: which parameters the second pass types (`_Scan`). The
    other marks say only when the entry holds: a collection replaying a memo notes less than one computing it."""
    return [name for name, _ in entry.marks if name[0] == "§"]


def _take_anchors(old: Collected, new: Collected, in_graph: list) -> None:
    """The operations of `old` (and the graph's list made from them, where callbacks bound replaced some by
    copies) anchored where `new`'s are."""
    for index, op in enumerate(new.ops):
        anchors = op.anchors()
        old.ops[index].move_to(*anchors)
        if in_graph:
            in_graph[index].move_to(*anchors)
