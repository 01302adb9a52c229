"""What marks per function body read would let a body edit reuse: of the functions an edit collects again, which
read the edited function's body.

    cd DIR_WITH_THE_PROJECT && PYTHONPATH=CHECKOUT python benchmarks/engine/body_reads.py MODULE [--python PY]
        [--edits N]

Opens an editor's workspace, analyses MODULE, then N times makes the body edit of `edits.py` and analyses again.
In each edit's run the edited module's functions count reads of their bodies as `lazy_bodies.py` does (a read of
the function's node or of its scope's bindings; headers go through `binder.header_node`), noted as a name
`¶qualname` in the evaluator's deps, so a read carried by a memo table counts for the collection reusing it.
For each function the run collected again it says whether that collection read the edited function's body, read
only other bodies of the module (its own excluded), or none. An entry that read no edited body would hold under
marks per body read, were its module's definitions kept (benchmarks/README.md, "What the unmet targets would
take"). What such a hook cannot see: the values a body puts where the binder points into it (instance
attributes, attribute stores, nested definitions, decided tests: `lazy_bodies._kept_whole`), reported as a
caveat when the edited function is one of those. A measurement, not the engine: the `¶` names become marks of
no module in the run's entries.
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
from collections import Counter

from edits import _body_anchor, edited
from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.callgraph import graph
from switchpoint.analysis.resolve import lazy_bodies, world
from switchpoint.analysis.resolve.binder import FunctionInfo, Scope, header_node

BODY = "¶"
_BINDINGS_SLOT = Scope.bindings
_reader = {"evaluator": None}  # the evaluator of the collection under way
_collected: list = []  # (phase, function) of each collection since last cleared


class _TrackedFunction(FunctionInfo):
    __slots__ = ()

    @property
    def node(self):
        _note(self)
        return header_node(self)


class _TrackedScope(Scope):
    __slots__ = ()

    @property
    def bindings(self):
        _note(self.owner)
        return _BINDINGS_SLOT.__get__(self)


def _note(func) -> None:
    evaluator = _reader["evaluator"]
    if evaluator is not None:
        evaluator.deps.add(BODY + func.qualname)


def _track(edited_path: str) -> None:
    """Watch the edited module's functions as each run loads it, and note which collection is under way."""
    load_file = world.World.load_file

    def tracked_load(self, path, name):
        module = load_file(self, path, name)
        if os.path.abspath(path) == edited_path:
            for func in module.functions:
                if func.kind != "module" and type(func) is FunctionInfo and type(func.scope) is Scope:
                    func.__class__, func.scope.__class__ = _TrackedFunction, _TrackedScope
        return module

    collect = graph.CallGraph._collect

    def tracked_collect(self, func):
        _collected.append((self.phase, func))
        _reader["evaluator"] = self.collector.ev
        try:
            return collect(self, func)
        finally:
            _reader["evaluator"] = None

    world.World.load_file = tracked_load
    graph.CallGraph._collect = tracked_collect


def _edited_function(module, new_text: str, old_text: str):
    """The innermost function of `module` (the edited text's) whose body holds the inserted line."""
    line, _ = _body_anchor(ast.parse(old_text), old_text.splitlines(keepends=True))
    best = None
    for func in module.functions:
        node = header_node(func)
        if func.kind != "module" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.body[0].lineno <= line <= node.end_lineno and (best is None or node.lineno > header_node(best).lineno):
            best = func
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module")
    parser.add_argument("--python", default=None)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    edited_path = os.path.abspath(args.module)
    gc.disable()
    ws = open_workspace(Options(python=args.python, whole_results=False))
    with open(args.module, encoding="utf-8") as handle:
        text = handle.read()
    ws.analyze_file(args.module)
    _track(edited_path)
    for index in range(args.edits):
        new_text = edited(text, "body", index)
        _collected.clear()
        ws.set_text(args.module, new_text)
        ws.analyze_file(args.module)
        module = next(m for m in ws._last_world.modules.values()
                      if m is not None and m.path and os.path.abspath(m.path) == edited_path)
        target = _edited_function(module, new_text, text)
        counts: Counter = Counter()
        for phase, func in _collected:
            entry = ws._ops.of(phase)[func]  # what the run collected, kept for the next
            read = {name[1:] for name, _ in entry.marks if name.startswith(BODY)} - {func.qualname}
            own = "own" if func.module is module else "other"
            if func is target:
                kind = "the edited function"
            elif target.qualname in read:
                kind = "read the edited body"
            elif read:
                kind = "read other bodies of the module only"
            elif own == "own" or any(held is module for _, held in entry.marks):
                kind = "read no other body of the module"
            else:
                kind = "did not read the module"
            counts[phase, own, kind] += 1
        caveat = " (binder points into it: reads not all seen)" if target in lazy_bodies._kept_whole(module) else ""
        print(f"edit {index}: {target.qualname}{caveat}; {ws.stats['collected']} collections")
        for (phase, own, kind), count in sorted(counts.items()):
            print(f"  {phase:8s} {own:6s} {kind:40s} {count}")


if __name__ == "__main__":
    main()
