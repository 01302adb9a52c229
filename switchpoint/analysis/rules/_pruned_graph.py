"""A call graph as `Summaries` reads it (`reverse_edges`, `callers`), less some of its edges or sources.

The blocking rules solve a run's graph again without what they exempt: the edges of callers whose every
`os.read`/`os.write` is on a new regular file (`_regular_files.py`), or the blocking calls that are library-internal
locks (`hub_blocking_call.py`, to find another path past one). The graph itself is never changed.
"""

from __future__ import annotations


class PrunedGraph:
    """`graph` less the edges of `dropped_edges` (node -> callers whose edges to it go) and the blocking
    sources whose names start with one of `dropped_sources`."""

    def __init__(self, graph, dropped_edges: dict[tuple, set] | None = None, dropped_sources: tuple[str, ...] = ()):
        self.graph = graph
        self.dropped_edges = dropped_edges or {}
        self.dropped_sources = dropped_sources

    def reverse_edges(self) -> tuple[dict, set]:
        reverse, sources = self.graph.reverse_edges()
        if self.dropped_edges:
            reverse = dict(reverse)
            for node, callers in self.dropped_edges.items():
                reverse[node] = [edge for edge in reverse.get(node, ()) if edge[0] not in callers]
        if self.dropped_sources:
            sources = {key for key in sources if not (key[0] == "block" and key[1].startswith(self.dropped_sources))}
        return reverse, sources

    def callers(self, node) -> list:
        callers = self.graph.callers(node)
        dropped = self.dropped_edges.get(node)
        return callers if dropped is None else [edge for edge in callers if edge[0] not in dropped]
