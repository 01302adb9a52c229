"""The call graph's reverse edges (callee -> its callers), kept across a workspace's runs and brought up
to date by difference.

An editor's edit makes a new graph of mostly the same parts: each function contributes the edges of its
operations (`_Scan.edges`, the same tuples while its collected entry is reused) and each dispatch key
one edge to each of its members. Building the whole map again was an edit's largest single step after
collecting; `ReverseIndex.update` compares each node's part with the one it contributed last time and
touches only the callees of those that changed. The map is exactly the one a build from scratch gives as
a multiset of edges per callee; the order within a list differs, and that order is never read unsorted
(the search sorts a callee's callers into the witness order before taking them, `CallGraph.callers`).
A list left unchanged stays sorted, so only the callees an edit touched are sorted again.
"""

from __future__ import annotations


class ReverseIndex:
    """callee -> [(caller, certain, via)], and what each node contributed to it."""

    def __init__(self):
        self.reverse: dict = {}
        self.parts: dict = {}  # node (a function or a dispatch key) -> (callees, edges): edges[i] goes into callees[i]
        self.sorted: set = set()  # callees whose list is in the witness order (see CallGraph.callers)

    def update(self, parts: dict) -> None:
        """Make the map the union of `parts` (node -> (callees, edges)), touching only the callees of nodes
        whose part is not the one they contributed last time (compared by identity, then equality)."""
        reverse, old_parts, unsorted = self.reverse, self.parts, self.sorted.discard
        removed: dict = {}  # callee -> ids of the edges it loses
        added = []
        kept = {}
        for node, part in parts.items():
            old = old_parts.pop(node, None)
            if old is not None:
                if (old[0] is part[0] and old[1] is part[1]) or old == part:
                    kept[node] = old  # the edges in the lists are the old tuples (equal ones)
                    continue
                _note_removed(removed, old)
            added.append(part)
            kept[node] = part
        for old in old_parts.values():  # nodes no longer in the graph
            _note_removed(removed, old)
        for callee, gone in removed.items():
            # by identity: an edge tuple is made for one node's part, and a list holds the very tuples of the
            # parts that put them there, each as often as its part has it. One pass per callee (list.remove
            # compared tuples along lists thousands long); what stays keeps its order: sorted stays sorted
            callers = reverse[callee]
            left = [edge for edge in callers if id(edge) not in gone]
            if left:
                callers[:] = left
            else:
                del reverse[callee]
                unsorted(callee)
        for part in added:  # after the removals: a new part may hold some of an old one's tuples
            for callee, edge in zip(*part):
                callers = reverse.get(callee)
                if callers is None:
                    reverse[callee] = [edge]
                else:
                    callers.append(edge)
                    unsorted(callee)
        self.parts = kept


def _note_removed(removed: dict, part: tuple) -> None:
    for callee, edge in zip(*part):
        gone = removed.get(callee)
        if gone is None:
            removed[callee] = {id(edge)}
        else:
            gone.add(id(edge))
