"""The resolved call graph in PyCG's format: `{"caller": ["callee", ...]}` by qualified name.

Names are fully qualified by module (`pkg.mod.func`, `pkg.mod.Class.method`,
`pkg.mod.outer.inner`, `pkg.mod.func.<lambda>`); a module's top-level code is the
module's own name. Edges include what calls, dunder dispatch (`x[k]` ->
`Class.__getitem__`), construction, callbacks bound to parameters, and modelled
primitives (`gevent.sleep`). Receivers of unknown class add an edge to every
method of that name in the loaded world, as the analysis itself assumes.
"""

from __future__ import annotations

from switchpoint.analysis.callgraph.graph import INVISIBLE, CallGraph
from switchpoint.analysis.resolve.binder import FunctionInfo


def export_call_graph(graph: CallGraph, project_modules: set[str], include_libraries: bool) -> dict[str, list[str]]:
    result: dict[str, set[str]] = {}
    for func, ops in graph.ops.items():
        if not include_libraries and func.module.name not in project_modules:
            continue
        callees = result.setdefault(func.qualname, set())
        for op in ops:
            for key, _, _ in op.targets:
                callees.update(_names(graph, key, set()))
    return {caller: sorted(callees) for caller, callees in sorted(result.items())}


def _names(graph: CallGraph, key, seen: set) -> set[str]:
    if isinstance(key, FunctionInfo):
        return {key.qualname}
    if isinstance(key, tuple) and key[0] in ("prim", "block"):
        return {key[1]}
    if isinstance(key, tuple) and key[0] in INVISIBLE and key not in seen:
        seen.add(key)
        names: set[str] = set()
        for member in graph.expansions.get(key, ()):
            names |= _names(graph, member, seen)
        return names
    return set()
