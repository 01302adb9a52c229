"""An editor's last run, kept for its next one: when an edit of an analysed file is kept in place
(resolve/body_edits.py) and changes nothing the run derived but where things are and the edited functions' own
edges, the next run is this one with the edited bodies' entries collected again (callgraph/kept_graph.py) and
the reports made again.

`KeptRun.patched` checks what the graph does not record before asking callgraph/kept_graph.py: that the edited
texts turn on no monkey patch (semantics/patching.py looks for its hints in a module's text), that the edited
bodies mention the functions whose parameters' defaults the refining pass asked about as they did
(callgraph/defaults.py reads every mention),
and that no edited function stores into other objects' attributes (`obj.x = v`, `obj.items.append(v)`) that the
refining pass reads: it reads those stores from the graph, `CallGraph.arguments`, as the last run found them,
nodes of the old bodies; a store on what is no object of a source class (a module, an unknown value) it never
reads. A module's top-level code changed by an edit kept in place stores as it did, from the same nodes
(resolve/top_level_edits.py changes simple statements only), and mentions what it did but in the statements
changed.
Which classes are live follows from the words of the code that runs (resolve/live_classes.py): those of an
analysed module's function bodies are not part of its shape (resolve/module_shape.py), so an edit kept in place
may gain or lose some, and the graph is kept only where the world says none of those can change what a fresh
world makes live (`World.live_words_matter`: the name of a class whose liveness reads words, a base whose
subclasses are asked for). Evaluators are made afresh for the collections and the rules (an earlier run's
memo tables hold what the old bodies gave). The summaries are solved again when edges changed, else kept; what
may block the hub is solved again then too, and when an entry collected again calls `os.read`/`os.write`
(whether those are on regular files is read from the body).
"""

from __future__ import annotations

from dataclasses import dataclass

from switchpoint.analysis.callgraph.defaults import mentions
from switchpoint.analysis.callgraph.graph import CallGraph
from switchpoint.analysis.callgraph.kept_graph import keep_graph
from switchpoint.analysis.callgraph.sites import SiteCollector
from switchpoint.analysis.effects.solve import Summaries
from switchpoint.analysis.resolve import class_edits
from switchpoint.analysis.resolve.binder import Module, header_node
from switchpoint.analysis.resolve.infer import Evaluator
from switchpoint.analysis.resolve.live_classes import kept_functions_words
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.rules._per_run import forget_run
from switchpoint.analysis.rules._regular_files import calls_file_io, hub_blocking_summaries
from switchpoint.analysis.semantics.patching import PATCH_CALL_HINTS


@dataclass
class Patched:
    """What a kept run gives the next: its graph brought to the edit, with a fresh evaluator for the rules."""
    evaluator: Evaluator
    summaries: Summaries
    blocking: Summaries
    functions: list  # those collected again
    edited: int  # of them, because their own body changed
    read_changed: int  # because they read a changed body


@dataclass
class KeptRun:
    """What an editor's run leaves for `patched`: its world and graph with their summaries, and the text of each
    analysed module as the run saw it (an edit kept in place replaces it on the module)."""
    world: World
    graph: CallGraph
    summaries: Summaries
    blocking: Summaries
    before: dict  # id(module) -> (the module, its Source, its function words as the world's live classes read them)

    @classmethod
    def of(cls, world: World, graph: CallGraph, summaries: Summaries, blocking: Summaries, modules: list[Module]) -> KeptRun:
        # the words as kept on the module (an analysed module's, once the world asked which classes are live; an
        # edit kept in place drops them, `patched` makes them again): None where they are not
        before = {id(module): (module, module.source, kept_functions_words(module)) for module in modules}
        return cls(world, graph, summaries, blocking, before)

    def patched(self, edited: list, lambdas: dict, results: tuple) -> Patched | None:
        """The graph brought to `edited` (World.kept_in_place of a world that gave every other module as the run
        had it), with `lambdas` and `results` as the workspace keeps them; None when a run must be made."""
        graph, world = self.graph, self.world
        asked = {func.name for func, _ in graph.defaults_asked}
        for module, functions in edited:
            known = self.before.get(id(module))
            if known is None or known[0] is not module:
                return None
            texts = (known[1].text, module.source.text)
            if any(hint in text for text in texts for hint in PATCH_CALL_HINTS):
                return None
            if asked and not _same_mentions(graph, functions, asked):
                return None
            if world.live_words_matter(module, known[2]):
                return None  # a word gained or lost may make a class live or not (resolve/live_classes.py)
        lambdas = dict(lambdas)  # a lambda of a new body is a new function: the edit would not be kept
        first = Evaluator(world, lambdas)
        first.adopt(results)
        # (the top-level statements an edit kept in place changed store into nothing, those it kept are the old nodes)
        storing = [func for module, functions in edited for func in functions
                   if func in module.attribute_stores and func.kind != "module"]
        if storing and not _stores_unread(graph, storing, first):
            return None
        refined = Evaluator(world, lambdas, graph.arguments) if graph.arguments is not None else first
        kept = keep_graph(graph, edited, first, refined)
        if kept is None:
            return None
        redone, edited_count, edges_changed = kept
        for entry in graph.cache.refined.values():  # as a run's refining evaluator hears of them
            if entry.decorated:
                refined.restore_decorated(entry.decorated)
        graph.collector = SiteCollector(refined)  # the rules ask the graph with it (members_through)
        forget_run(graph, self.summaries, self.blocking)  # what the rules derived from the old bodies
        if edges_changed:  # solved again: the summaries are new objects, which no rule kept anything under
            self.summaries = Summaries(graph)
        if edges_changed or any(calls_file_io(graph, func) for func in redone):
            self.blocking = hub_blocking_summaries(graph, refined)
        return Patched(refined, self.summaries, self.blocking, redone, edited_count, len(redone) - edited_count)


def _stores_unread(graph: CallGraph, functions: list, evaluator: Evaluator) -> bool:
    """Whether the stores into other objects' attributes the edited `functions` make are none the refining pass
    reads: the graph's table of them (`CallGraph.arguments`, nodes of the old bodies) holds none of theirs, and
    none of the new bodies' is on an object of a source class (`mapperlib._registries[self] = True` on a
    module, `request.headers.update(...)` on an unknown object)."""
    table = (graph.arguments or {}).get(("stored", None), {})
    if any(store[0] in functions for stores in table.values() for store in stores):
        return False
    return not any(CallGraph.stores_of(func, evaluator) for func in functions)


def _same_mentions(graph: CallGraph, functions: list, names: set[str]) -> bool:
    """Whether the edited `functions` mention the functions `names` as their bodies did (callgraph/defaults.py's
    `mentions`), read off the bodies the graph's entries were collected from (a nested function's entry may be
    missing: its enclosing one's body holds it)."""
    for func in functions:
        entry = graph.cache.first.get(func)
        if entry is None and func not in graph.ops and func.kind != "module":  # a def added: mentions none
            if mentions(header_node(func).body, names):
                return False
            continue
        if entry is None or entry.body is None:
            if func.scope.parent is None or func.scope.parent.kind != "function":
                return False
            continue
        before, now = entry.body[1], header_node(func).body
        if func.kind == "module":  # the top-level statements an edit changed (the others are the same nodes)
            kept = {id(statement) for statement in before}.intersection(map(id, now))
            before = [statement for statement in before if id(statement) not in kept]
            now = [statement for statement in now if id(statement) not in kept]
            class_edit = class_edits.edited(func.module)
            if class_edit is not None:  # a class body's statements changed: its class statement is the same node
                before, now = class_edit[0], class_edit[1]
        if mentions(before, names) != mentions(now, names):
            return False
    return True
