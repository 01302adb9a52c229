"""A workspace: the project's files, the target environment, and the analysis run over them.

`analyze_paths` is the batch entry (CLI); `set_text`/`analyze_file` serve editors,
whose unsaved texts shadow the files on disk. Each analysis builds a fresh world, reusing
parsed modules and collected operations from the cache layer; a run whose inputs are all
unchanged answers with the last report (`_unchanged_report`), and one after an edit kept in place that
changes no call or adds calls of what its graph has takes the last run's graph (`_kept_graph_run`, kept_run.py).
"""

from __future__ import annotations

import ast
import gc
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from switchpoint.analysis.api import (
    CERTAIN, Cancelled, FileReport, FunctionSummary, Options, Position, Problem, Range, Report, YieldPoint,
)
from switchpoint.analysis.callgraph.op_store import OpStore
from switchpoint.analysis.callgraph.ops import TOO_DEEP
from switchpoint.analysis.callgraph.sites import SiteCollector
from switchpoint.analysis.config import Config, find_pyproject, load_config
from switchpoint.analysis.kept_run import KeptRun
from switchpoint.analysis.callgraph.anchors import Position as _Stored
from switchpoint.analysis.callgraph.export import export_call_graph
from switchpoint.analysis.callgraph.graph import COLLECTED_BECAUSE, CallGraph, Reusable
from switchpoint.analysis.effects.solve import Summaries
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, Module, header_node
from switchpoint.analysis.resolve.environment import target_facts, target_sys_path
from switchpoint.analysis.resolve.infer import Evaluator
from switchpoint.analysis.resolve.module_cache import ModuleCache
from switchpoint.analysis.resolve.module_shape import same_shape
from switchpoint.analysis.resolve.modules import ModuleFinder, module_name_for
from switchpoint.analysis.resolve.static_conditions import TargetFacts
from switchpoint.analysis.resolve.project import ProjectScope
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.result_cache import ResultCache, cache_key
from switchpoint.analysis.rules import RuleContext, run_rules
from switchpoint.analysis.rules._regular_files import hub_blocking_summaries
from switchpoint.analysis.semantics.patching import detect_patches, effective_flags
from switchpoint.analysis.semantics.primitives import load_model

SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", ".switchpoint_cache"})


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[str], list[Problem]]:
    """Python files under the given files and folders (sorted), and a problem per bad path."""
    files: list[str] = []
    problems: list[Problem] = []
    for given in paths:
        path = str(given)
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                files.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
        elif os.path.isfile(path):
            files.append(path)
        else:
            problems.append(Problem(display_path(path), "no such file or directory"))
    return sorted(dict.fromkeys(os.path.abspath(f) for f in files)), problems


def display_path(path: str) -> str:
    """Relative to the current folder for files under it, else as absolute."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd + os.sep):
        return os.path.relpath(absolute, cwd)
    return path if not os.path.isabs(path) else absolute


@dataclass
class _Plan:
    files: list[str]
    named: list[tuple[str, str, str]]  # (path, module name, root)
    search: list[str]
    config: Config
    bad_paths: list[Problem]
    project_roots: list[str]  # the analysed files' roots and Options.project_roots (resolve/project.py)
    facts: TargetFacts  # what the target interpreter decides before running (resolve/static_conditions.py)


@dataclass
class _Run:
    world: World
    modules: list[Module]
    evaluator: Evaluator
    graph: CallGraph
    summaries: Summaries
    blocking: Summaries
    config: Config
    project_modules: frozenset[str]


@dataclass
class _KeptReport:
    """The last run's report and what it was made of (Workspace._probe)."""
    inputs: tuple
    world: World
    modules: list[Module]  # of the plan's files, in its order
    report: Report
    stats: dict
    run: KeptRun | None = None  # what the next run may take after an edit kept in place (kept_run.py)


class Workspace:
    def __init__(self, options: Options, one_shot: bool = False):
        self.options = options
        # analyses once and is dropped (`api.analyze`, the CLI): keeps nothing for a next run, which lowers
        # the peak memory of that one run; an editor's workspace keeps what its next run reuses
        self.one_shot = one_shot
        self.overlays: dict[str, str] = {}
        self._trees: dict[str, tuple] = {}  # path -> (its overlay text, the tree the caller parsed), see set_text
        self.model = load_model()
        self.module_cache = ModuleCache()
        # kept across runs for incremental re-analysis: operations per function, lambdas per node
        self._ops = Reusable()
        self._results: tuple = ()  # MROs, return values, module members for the next run (Evaluator.to_keep)
        self._lambdas: dict = {}
        self._model_key: tuple | None = None
        self._facts: TargetFacts | None = None  # the target of the last run
        self._last_world: World | None = None
        self._kept: _KeptReport | None = None  # the last report, while its inputs are unchanged (_probe)
        # of the last run: functions in the graph, how many reused, how many collected and why ("collected_new"...)
        self.stats: dict[str, int] = {}

    # -- editor texts ------------------------------------------------------------------------------

    def set_text(self, path: str | Path, text: str, tree: ast.Module | None = None) -> None:
        """Unsaved editor text for `path`; `tree`, when the caller parsed it already (the language server
        checks each text's syntax first), is taken instead of parsing it again: it must be `ast.parse(text)`."""
        absolute = os.path.abspath(path)
        self.overlays[absolute] = text
        if tree is not None:
            self._trees[absolute] = (text, tree)
        else:
            self._trees.pop(absolute, None)

    def forget_text(self, path: str | Path) -> None:
        self.overlays.pop(os.path.abspath(path), None)
        self._trees.pop(os.path.abspath(path), None)

    def invalidate(self, path: str | Path) -> None:
        """A file changed on disk (not open in the editor): read it afresh next time."""
        absolute = os.path.abspath(path)
        self.overlays.pop(absolute, None)
        self._trees.pop(absolute, None)
        self.module_cache.drop(absolute)

    def definition(self, qualname: str):
        """(absolute path, Range of the name) of a function or class of the last analysis, or None."""
        world = self._last_world
        if world is None:
            return None
        module_name = qualname
        while module_name:
            module = world.modules.get(module_name)
            if module is not None and module.source is not None:
                if module_name == qualname:
                    return os.path.abspath(module.path), Range(Position(1, 1), Position(1, 1))
                for item in [*module.functions, *module.classes]:
                    if item.qualname == qualname:
                        return os.path.abspath(module.path), _name_range(item, module.source)
                return None
            module_name = module_name.rpartition(".")[0]
        return None

    def _world(self, plan: _Plan) -> World:
        """A world over the plan's search path, sharing this workspace's module cache and trees."""
        world = World(ModuleFinder(plan.search), self.model, self.overlays, self.module_cache, self._trees,
                      ProjectScope(plan.project_roots), plan.facts, watch_bodies=not self.one_shot)
        world.before_keep = self._anchor_restored
        return world

    def _anchor_restored(self, module: Module) -> None:
        """The operations of `module`'s functions read back from the disk store anchored at their nodes, before an
        edit kept in place moves those (resolve/body_edits.py): their stored positions (callgraph/anchors.py) name
        the lines of the text they were stored for, which are the module's until then. The entries kept for the
        next run and the last run's graph, which a kept graph continues (its operations may be copies)."""
        tables = [self._ops.first, self._ops.refined]
        graph_ops = None
        kept = self._kept.run if self._kept is not None else None
        if kept is not None:
            tables += [kept.graph.cache.first, kept.graph.cache.refined]
            graph_ops = kept.graph.ops
        displaced = self._ops.displaced
        for func in (module.top, *module.functions):
            found = [table.get(func) for table in tables]
            lists = [entry.ops for entry in (*found, *displaced.get(func, ())) if entry is not None]
            if graph_ops is not None and func in graph_ops:
                lists.append(graph_ops[func])
            for ops in lists:
                for op in ops:
                    first, last = op.anchors()
                    if first.__class__ is _Stored or last.__class__ is _Stored:
                        op.move_to(op.first, op.last)

    def _still_current(self, func) -> bool:
        module = func.module
        return module is not None and module.path is not None and self.module_cache.holds(module)

    # -- analysis ----------------------------------------------------------------------------------

    def analyze_file(self, path: str | Path, cancelled: Callable[[], bool] | None = None) -> FileReport:
        """Analyse one file (its imports are followed as usual); `cancelled` as for analyze_paths."""
        report = self.analyze_paths([path], cancelled)
        return report.files[0] if report.files else FileReport(display_path(str(path)))

    def config_for(self, paths: list) -> Config:
        if self.options.config is not None:
            return self.options.config
        return load_config(find_pyproject(str(paths[0]) if paths else "."))

    def analyze_paths(self, paths: Iterable[str | Path], cancelled: Callable[[], bool] | None = None) -> Report:
        """Analyse files and folders. `cancelled()` is asked now and then (every few hundred functions, between
        phases and files): when it returns True the analysis stops with `Cancelled`, and what the workspace
        keeps for its next run is what it was before (or, once the call graph is done, what this run made)."""
        with _no_cyclic_gc(self.one_shot):
            return self._analyze_paths(paths, _Checkpoints(self.options.progress, cancelled))

    def _analyze_paths(self, paths: Iterable[str | Path], checkpoints: _Checkpoints) -> Report:
        plan = self._plan(paths)
        inputs = self._inputs(plan)
        probe, same = self._probe(plan, inputs) or (None, False)
        edited = probe.kept_in_place if probe is not None else []
        if same and not edited:
            return self._unchanged_report()
        keep_results = self.options.cache_dir and self.options.whole_results and not self.overlays
        disk = ResultCache(self.options.cache_dir) if keep_results else None
        key = cache_key(os.getcwd(), plan.files, plan.search, repr(plan.config), plan.bad_paths,
                        sorted(plan.project_roots)) if disk else None
        if disk is not None:
            cached = disk.load(key)
            if cached is not None:
                return cached
        run = self._kept_graph_run(edited, plan.config) if same else None
        if run is None:
            run = self._run(plan, checkpoints, edited)
        reports = []
        done = len(run.graph.ops)
        for index, module in enumerate(run.modules):
            checkpoints.reached(done + index, done + len(run.modules))  # reports and rules come after the graph
            reports.append(self._file_report(module, run))
        reports.extend(FileReport(p.path, problems=(p,)) for p in plan.bad_paths)
        report = Report(tuple(reports))
        if not self.one_shot:
            kept_run = KeptRun.of(run.world, run.graph, run.summaries, run.blocking, run.modules)
            self._kept = _KeptReport(inputs, run.world, run.modules, report, dict(self.stats), kept_run)
        if disk is not None:
            loaded = run.world.loaded()
            # and the modules whose text decided tests of those (`from ._common import LINUX`)
            read = [m.path for m in loaded if m.path] + [file[0] for m in loaded for file in m.condition_files]
            del run  # its graph, summaries and evaluator can go before the report is written
            disk.store(key, read, report)
        return report

    def call_graph(self, paths: Iterable[str | Path], include_libraries: bool = False) -> dict[str, list[str]]:
        """The resolved call graph in PyCG's adjacency format, with dunder and callback edges."""
        with _no_cyclic_gc(self.one_shot):
            run = self.derive(paths)
        return export_call_graph(run.graph, {m.name for m in run.modules}, include_libraries)

    def derive(self, paths: Iterable[str | Path]) -> _Run:
        """What a run over `paths` derives before any report: its modules, call graph, evaluator and summaries.

        For tools that read the engine's own structures (the call-graph export, benchmarks, tests); editors and
        the CLI ask for reports (`analyze_paths`)."""
        return self._run(self._plan(paths))

    def _plan(self, paths: Iterable[str | Path]) -> _Plan:
        paths = list(paths)
        config = self.config_for(paths)
        files, bad_paths = expand_paths(paths)
        files.extend(p for p in self.overlays if p not in files and any(_under(p, str(g)) for g in paths))
        files.sort()
        named = [(f, *module_name_for(f)) for f in files]
        roots = list(dict.fromkeys(root for _, _, root in named))
        python = self.options.python or config.python
        search = roots + list(self.options.extra_paths) + list(target_sys_path(python))
        project_roots = roots + list(self.options.project_roots)
        return _Plan(files, named, search, config, bad_paths, project_roots, target_facts(python))

    def _inputs(self, plan: _Plan) -> tuple:
        """What shapes a run's reports besides the modules it loads: the plan and the folder paths are shown from."""
        return (plan.named, plan.search, repr(plan.config), plan.bad_paths, plan.project_roots, plan.facts,
                None if self.options.absolute_paths else os.getcwd())

    def _probe(self, plan: _Plan, inputs: tuple) -> tuple[World, bool] | None:
        """Whether the last run's modules are what a run now would take: (a world that loaded the plan's files,
        whether every module name the last run asked for gives the same module object in it). The same object:
        the same text, nothing new found in its place, the same names read by its decided tests
        (`World.would_give`), or an analysed file edited inside its bodies, kept in place (resolve/body_edits.py:
        the world's kept_in_place lists those, for the run that follows whatever the answer). None when the plan
        is not the last run's. A look at each loaded file."""
        kept = self._kept
        if kept is None or kept.inputs != inputs:
            return None
        world = self._world(plan)
        files, same = {}, True
        for (path, name, _), module in zip(plan.named, kept.modules):
            if not world.would_give(name, module, path) and world.load_file(path, name) is not module:
                same = False
            files[name] = module
        if same:
            for name, module in kept.world.modules.items():
                if files.get(name, module) is not module or (name not in files and not world.would_give(name, module)):
                    same = False
                    break
        return world, same

    def _unchanged_report(self) -> Report:
        """The last run's report, when nothing it depends on changed (`_probe`): a new run would derive the same
        graph from the same modules. The editor asks again for the text analysed last (a save, a change back
        to it, a re-check of that document): that costs the check alone."""
        kept = self._kept
        self.stats = dict(kept.stats, reused=kept.stats.get("functions", 0), collected=0, from_disk=0, unchanged=1,
                          same_shape=0, reshaped=0, kept_in_place=0, graph_kept=0,
                          **{f"collected_{why}": 0 for why in COLLECTED_BECAUSE})
        return kept.report

    def _kept_graph_run(self, edited: list, config: Config) -> _Run | None:
        """The last run brought to edits kept in place (`edited`, World.kept_in_place) where they change nothing it
        derived but where things are and the edited functions' own edges (kept_run.py), else None."""
        kept = self._kept
        if kept.run is None:
            return None
        patched = kept.run.patched(edited, self._lambdas, self._results)
        if patched is None:
            return None
        self._kept = None  # its graph is this run's now: a run stopped before its report must not answer with the old one
        graph = kept.run.graph
        for phase in ("first", "refined"):  # the entries collected again, for the next run
            made, kept_for_next = graph.cache.of(phase), self._ops.of(phase)
            kept_for_next.update((func, made[func]) for func in patched.functions if func in made)
        collected = patched.edited + patched.read_changed
        self.stats = dict(kept.stats, functions=len(graph.ops), reused=len(graph.ops) - collected, collected=collected,
                          from_disk=0, unchanged=0,
                          same_shape=len(edited), reshaped=0, kept_in_place=len(edited), graph_kept=1,
                          **{f"collected_{why}": 0 for why in COLLECTED_BECAUSE})
        self.stats.update(collected_edited=patched.edited, collected_read_changed=patched.read_changed)
        world = kept.run.world
        return _Run(world, kept.modules, patched.evaluator, graph, patched.summaries, patched.blocking,
                    config, frozenset(m.name for m in kept.modules))

    def _run(self, plan: _Plan, checkpoints: _Checkpoints | None = None, edited: list = ()) -> _Run:
        """A run over the plan; `edited`: the edits kept in place a probe of this plan met loading its files
        (`_probe`), which this run's world finds as they are now."""
        checkpoints = checkpoints or _Checkpoints(self.options.progress, None)
        self._kept = None  # replaced once this run's report is made (_analyze_paths)
        if plan.facts != self._facts:  # another target binds other branches: nothing bound for the last one holds
            self.module_cache, self._ops, self._results, self._facts = ModuleCache(), Reusable(), (), plan.facts
        world = self._world(plan)
        world.kept_in_place.extend(edited)
        modules = [world.load_file(path, name) for path, name, _ in plan.named]
        evaluator = Evaluator(world, self._lambdas)
        config = plan.config
        flags = effective_flags(detect_patches(modules, evaluator), config.monkey_patch)
        world.model = self.model.configured(
            flags,
            config.is_declared_switching if config.switching else None,
            config.is_declared_non_switching if config.non_switching else None,
        )
        evaluator.note_model()  # what detection evaluated under the unconfigured model is computed again
        model_key = (frozenset(flags), repr(config))
        same_model = self._model_key == model_key
        if same_model:
            evaluator.adopt(self._results)
        store = self._op_store(flags, config)
        graph = CallGraph(SiteCollector(evaluator), checkpoints.reached, self._ops if same_model else None, store)
        try:
            graph.grow([f for m in modules for f in [m.top, *m.functions]])
            # what the graph did not reach is seldom read later: those library bodies go until something does
            dropped = world.drop_unread_bodies()
            graph.checkpoint()  # not after the edited functions alone: a stop here would leave the next the same way
            graph.refine_with_arguments(lambda arguments: SiteCollector(Evaluator(world, self._lambdas, arguments)))
            graph.checkpoint(every=1)  # the last chance to stop before what this run made replaces what was kept
        except Cancelled:
            # a newer text stopped the run: what it collected is reused by the next as any entry is (its marks and
            # signature decide), so keystrokes during a long first analysis do not each start it over
            if not self.one_shot:
                if not same_model:
                    self._ops, self._model_key = Reusable(), model_key
                self._ops.take_finished(graph.cache)
                self._results = evaluator.to_keep()  # its memo tables hold finished results only (checkpoints
                # fall between two functions' collections)
            raise
        if store is not None:
            store.save(graph, self.overlays)
        # the lambdas of bodies an edit replaced in place (resolve/body_edits.py) are no function any more
        gone = _lambdas_of_edited(self._lambdas, world.kept_in_place)
        if self.one_shot:
            graph.drop_reusables()
        else:
            self._ops = graph.cache.with_unreached(
                self._ops if same_model else None, lambda func: func not in gone and self._still_current(func))
            self._results = evaluator.to_keep()
        self._model_key = model_key
        reshaped = self._reshaped(modules, world)
        self._last_world = world if not self.one_shot else None  # for definition(), which one shot never serves
        self.stats = {
            "functions": len(graph.ops), "reused": graph.reused, "modules": len(world.loaded()),
            "collected": len(graph.collected), "from_disk": store.restored if store is not None else 0,
            "keys_reused": graph.members_reused, "unchanged": 0, "bodies_dropped": dropped,
            "same_shape": reshaped.count(False), "reshaped": reshaped.count(True),
            "kept_in_place": len(world.kept_in_place), "graph_kept": 0,
            **{f"collected_{why}": count for why, count in graph.collected_why.items()},
        }
        # a lambda's FunctionInfo lives as long as its module's text: the kept entries above may name it,
        # and a second one for the same node would be a second function in the graph
        self._lambdas = {node: f for node, f in self._lambdas.items() if f not in gone and self._still_current(f)}
        summaries, blocking = Summaries(graph), hub_blocking_summaries(graph, graph.collector.ev)
        if self.one_shot:  # solved: what only growing the graph read can go before the reports and rules
            graph.drop_growth_tables()
            graph.collector.ev.drop_pools()
            world.forget_made_words()
        return _Run(world, modules, graph.collector.ev, graph, summaries, blocking, config,
                    frozenset(m.name for m in modules))

    def _reshaped(self, modules: list[Module], world: World) -> list[bool]:
        """For each analysed file the last run saw as another module object, or that this run's loading updated
        in place (an edit inside bodies, resolve/body_edits.py): whether its shape changed
        (resolve/module_shape.py)."""
        last = self._last_world
        if last is None:
            return []
        kept = {id(module) for module, _ in world.kept_in_place}
        earlier = [(last.modules.get(m.name), m) for m in modules]
        return [id(new) not in kept and not same_shape(old, new) for old, new in earlier
                if old is not None and (old is not new or id(new) in kept)]

    def _op_store(self, flags, config: Config) -> OpStore | None:
        """The on-disk store of collected operations, when this workspace keeps a disk cache."""
        if not self.options.cache_dir:
            return None
        model = (sorted(flags.items()), config.switching, config.non_switching, self._facts)
        return OpStore(self.options.cache_dir, cache_key(model)[:16])

    def _file_report(self, module: Module, run: _Run) -> FileReport:
        graph, summaries, blocking = run.graph, run.summaries, run.blocking
        path = os.path.abspath(module.path) if self.options.absolute_paths else display_path(module.path)
        problems = ()
        if module.problem:
            problems = (Problem(path, module.problem, module.error_range),)
        if module.source is None:
            return FileReport(path, problems=problems)
        source = module.source
        points: list[YieldPoint] = []
        blocking_calls: list[YieldPoint] = []
        per_function: dict[FunctionInfo, int] = {}
        owned = graph.functions_of(module)
        for func in owned:
            for op in graph.ops[func]:
                result = summaries.op_result(func, op)
                if result is not None:
                    certainty, chain = result
                    points.append(YieldPoint(path, source.span(*op.anchors()), op.kind, certainty, tuple(chain)))
                    per_function[func] = per_function.get(func, 0) + 1
                    continue
                blocked = blocking.op_result(func, op)
                if blocked is not None:
                    certainty, chain = blocked
                    blocking_calls.append(YieldPoint(path, source.span(*op.anchors()), op.kind, certainty, tuple(chain)))
        problems += tuple(_too_deep_problems(path, source, owned, graph.ops))
        functions = []
        for func in module.functions:
            certainty = summaries.certainty(func)
            functions.append(FunctionSummary(
                path, func.qualname, _name_range(func, source), certainty is not None, certainty,
                tuple(summaries.chain(func, certainty == CERTAIN)) if certainty else (), per_function.get(func, 0),
            ))
        context = RuleContext(module, path, graph, summaries, blocking, run.evaluator, run.config, run.project_modules)
        findings, failures = run_rules(context)
        problems += tuple(Problem(path, failure) for failure in failures)
        return FileReport(
            path, _sorted_points(points), tuple(sorted(functions, key=_function_order)), problems, tuple(sorted(findings)),
            _sorted_points(blocking_calls),
        )


class _Checkpoints:
    """Where a run reports progress (`Options.progress`) and may be stopped (`cancelled`, see analyze_paths)."""

    def __init__(self, progress, cancelled: Callable[[], bool] | None):
        self._progress = progress
        self._cancelled = cancelled

    def reached(self, done: int | None = None, known: int | None = None) -> None:
        """Raise Cancelled if the run is to stop; else report (done, known), when given, as progress."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled
        if self._progress is not None and done is not None:
            self._progress(done, known)


# inference recurses along long chains of definitions, and the parser's tree building (3.11's conversion to
# Python objects, 3.12's and 3.13's construction) refuses trees deeper than a multiple of it
RECURSION_LIMIT = 8000
# A one-shot analysis that made more young objects than this leaves them to the oldest generation untraversed
# (sqlalchemy's and django's packages make 4-5 million; a test fixture's run tens of thousands)
PROMOTE_ABOVE = 1_000_000
_promoted_untraversed = False  # the last one-shot analysis did, and no full collection ran since


@contextmanager
def _no_cyclic_gc(one_shot: bool = False):
    """An analysis allocates millions of small objects and frees little until it ends: the cyclic
    collector would traverse every AST node again and again for nothing (measured: a third of the time).
    It also recurses deeply, so the recursion limit is raised for its duration.

    Turned back on, the collector's next allocation would traverse everything the analysis made, all of
    it young (1.7 of 14 s CPU of a cold run of SQLAlchemy). After a big one-shot analysis, whose objects are
    about to be dropped (the CLI exits), they are moved to the oldest generation untraversed instead
    (`freeze` then `unfreeze` only relink lists). Full collections, counted by objects that survived younger
    ones, would come late for them, so a next one-shot analysis in the same process (a program calling
    `analyze` in a loop) first collects fully, when the last run is garbage: worth it after a big run only,
    hence `PROMOTE_ABOVE` (a full collection costs more than a test fixture's whole analysis)."""
    global _promoted_untraversed
    collecting = gc.isenabled()
    if collecting and one_shot and _promoted_untraversed:
        _promoted_untraversed = False
        gc.collect()
    limit = sys.getrecursionlimit()
    gc.disable()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            if one_shot and gc.get_count()[0] > PROMOTE_ABOVE:
                gc.freeze()
                gc.unfreeze()
                _promoted_untraversed = True
            gc.enable()


def _lambdas_of_edited(lambdas: dict, kept_in_place: list) -> set[FunctionInfo]:
    """The lambda functions of `lambdas` (node -> function) written in a body an edit kept in place replaced."""
    # (a module's top-level code an edit changed holds no lambda: resolve/top_level_edits.py keeps simple statements)
    edited = {func for _, functions in kept_in_place for func in functions if func.kind != "module"}
    gone = set()
    for func in lambdas.values() if edited else ():
        scope = func.scope.parent
        while scope is not None and scope.owner not in edited:
            scope = scope.parent
        if scope is not None:
            gone.add(func)
    return gone


def _under(path: str, given: str) -> bool:
    given = os.path.abspath(given)
    return path == given or path.startswith(given.rstrip(os.sep) + os.sep)


def _sorted_points(points: list[YieldPoint]) -> tuple[YieldPoint, ...]:
    """The distinct points in the dataclass's order, found through their fields as one flat tuple each: equal
    and ordered as the points are, at a fraction of the cost (the dataclass hashes and compares tuples of
    nested dataclasses in Python: 0.24 s CPU of SQLAlchemy's run)."""
    unique = {_point_order(point): point for point in points}
    return tuple(unique[key] for key in sorted(unique))


def _point_order(point: YieldPoint) -> tuple:
    start, end = point.range.start, point.range.end
    return (point.path, start.line, start.column, end.line, end.column, point.kind, point.certainty, point.chain)


def _function_order(summary: FunctionSummary) -> tuple:
    """A function summary's fields as one flat tuple, in their order (see _point_order)."""
    start, end = summary.range.start, summary.range.end
    return (summary.path, summary.qualname, start.line, start.column, end.line, end.column, summary.may_switch,
            summary.certainty, summary.chain, summary.points)


def _too_deep_problems(path: str, source, functions, ops) -> Iterable[Problem]:
    """A problem for each function the call graph could not collect (nested past the recursion limit): it is
    taken to possibly switch, and without a word its one possible point would be a riddle."""
    for func in functions:
        collected = ops[func]
        if len(collected) == 1 and any(target[2] == TOO_DEEP for target in collected[0].targets):
            yield Problem(path, f"`{func.qualname}` is nested too deeply to analyse: taken to possibly switch",
                          _name_range(func, source))


def _name_range(func: FunctionInfo | ClassInfo, source) -> Range:
    # a library function's body (go to definition) need not be read
    node = header_node(func) if isinstance(func, FunctionInfo) else func.node
    line = node.lineno
    text = source._line(line)
    byte_start = node.col_offset
    prefix = text.encode("utf-8")[byte_start:].decode("utf-8", "replace")
    offset = prefix.find(func.name)
    column = source.column(line, byte_start) + (offset if offset >= 0 else 0)
    return Range(Position(line, column), Position(line, column + len(func.name)))
