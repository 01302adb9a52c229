"""Effect summaries: which functions may switch, how surely, and the shortest witness chain.

Over the call graph (`callgraph/graph.py`), a 0-1 breadth-first search backwards from
the primitives computes, for every function, its distance to a primitive twice: over
certain edges only and over all edges. That search is the least fixpoint of "may
switch" (cycles that never reach a primitive do not switch; nothing is cut off by
depth), and its predecessor links are the shortest witness chains. The same search
from the hub-blocking calls gives what may block the hub.
"""

from __future__ import annotations

from collections import deque

from switchpoint.analysis.api import CERTAIN, POSSIBLE
from switchpoint.analysis.callgraph.graph import INVISIBLE, CallGraph
from switchpoint.analysis.callgraph.ops import AWAIT, IMPLICIT, UNKNOWN_CALLABLE, Op
from switchpoint.analysis.resolve.binder import FunctionInfo


class Summaries:
    """Distances to a primitive over certain edges and over all edges, with next hops."""

    def __init__(self, graph: CallGraph, source_kind: str = "prim"):
        self.graph = graph
        self.source_kind = source_kind  # "prim": may switch; "block": may block the hub
        self.certain: dict = {}
        self.any: dict = {}
        self.next_certain: dict = {}
        self.next_any: dict = {}
        self._solve()

    def _solve(self) -> None:
        reverse, all_sources = self.graph.reverse_edges()
        callers = self.graph.callers  # sorted (for the witness order) when first asked
        sources = {key for key in all_sources if key[0] == self.source_kind and key != UNKNOWN_CALLABLE}
        certain_dist = self.certain
        far = 1 << 30
        for only_certain, dist, nxt in ((True, self.certain, self.next_certain), (False, self.any, self.next_any)):
            queue = deque()
            possible_sources = () if only_certain or self.source_kind != "prim" else (UNKNOWN_CALLABLE,)
            for source in [*sorted(sources), *possible_sources]:
                dist[source] = 0
                queue.append(source)
            while queue:
                node = queue.popleft()
                preds = reverse.get(node)
                if preds is None:
                    continue
                if len(preds) > 1:
                    preds = callers(node)
                here = dist[node]
                for pred, certain, via in preds:
                    if only_certain and not certain:
                        continue
                    if via == IMPLICIT:  # a string: equal, not the same, once restored from the op store
                        # an implicit dunder or property getter on a receiver of unknown class reaches
                        # only methods that switch for certain: otherwise every ==, repr(), for and
                        # attribute of unknowns would chain guess upon guess through the whole world
                        # (see docs/model.md)
                        if node not in certain_dist:
                            continue
                        via = None
                    if isinstance(pred, tuple) and pred[0] in INVISIBLE:  # an invisible node: weight 0
                        if here < dist.get(pred, far):
                            dist[pred] = here
                            nxt[pred] = (node, via)
                            queue.appendleft(pred)
                    elif here + 1 < dist.get(pred, far):
                        dist[pred] = here + 1
                        nxt[pred] = (node, via)
                        queue.append(pred)

    def certainty(self, node) -> str | None:
        if node == AWAIT:
            return CERTAIN if self.source_kind == "prim" else None
        if node in self.certain:
            return CERTAIN
        if node in self.any:
            return POSSIBLE
        return None

    def chain(self, node, certain: bool) -> list[str]:
        """Names from `node` down to the primitive, invisible dispatch nodes left out."""
        nxt = self.next_certain if certain else self.next_any
        names: list[str] = []
        seen = set()
        while node is not None and node not in seen:
            seen.add(node)
            if isinstance(node, FunctionInfo):
                names.append(node.qualname)
            elif isinstance(node, tuple) and node[0] in ("prim", "block"):
                names.append(node[1])
                break
            hop = nxt.get(node)
            if hop is None:
                break
            node, via = hop
            if via:
                names.extend(via if isinstance(via, tuple) else (via,))
        return names

    def op_result(self, func: FunctionInfo, op: Op):
        """(certainty, chain) of an operation, or None if it cannot switch."""
        best = None
        for key, certain, via in op.targets:
            if key == AWAIT:
                if self.source_kind != "prim":
                    continue
                return CERTAIN, [func.qualname, "await"]
            if isinstance(key, tuple) and key[0] == "param":
                continue
            if via == IMPLICIT:  # what a class statement runs: followed only where it switches for certain
                if key not in self.certain:
                    continue
                via = None
            if certain is True and key in self.certain:
                rank = (0, self.certain[key])
            elif key in self.any:
                rank = (1, self.any[key])
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, key, via)
        if best is None:
            return None
        (tier, _), key, via = best
        chain = [func.qualname] + (list(via) if isinstance(via, tuple) else [via] if via else []) + self.chain(key, tier == 0)
        return (CERTAIN if tier == 0 else POSSIBLE), chain


__all__ = ["Summaries"]
