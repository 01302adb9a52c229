"""Operations: what the collector makes of each site that may run other code, and what it keeps per function.

An `Op` is one site (its kind, anchor nodes and targets); a `Collected` is what
collecting one function produced, reused by later runs in memory and on disk
(`op_store.py`). The target constants below are shared by the collector, the call
graph and the solver.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.callgraph.anchors import Position, find_node
from switchpoint.analysis.resolve import body_marks

AWAIT = ("await",)
# the `certain` slot of a target that counts for its own operation only, as possible, and never
# for the enclosing function's summary: a call of a parameter with the callables callers pass
LOCAL = "local"
# the `via` of an implicit call followed only into what switches for certain: dunders and property getters on
# a receiver of unknown class (CallGraph.reverse_edges), and what a class statement runs (_class_body)
IMPLICIT = "<implicit dispatch>"
# a call of something no analysis can resolve: a possible point, never silence (docs/model.md)
UNKNOWN_CALLABLE = ("prim", "<unknown callable>")
# the `via` of the one operation a function too deeply nested to collect is left with (a call of something
# unknown over the whole function): shown in its chains, and reported as a problem of its file
TOO_DEEP = "<too deeply nested to analyse>"
# what a ("result", class, method name, operation) key does with what the overrides of that method in the
# class's subclasses return (CallGraph._result_members), and an ("attr", class, attribute name, operation) key
# with what the subclasses assign to that attribute (CallGraph._attribute_members); also ("dunder", name) and
# ("call", method name)
ITERATED = ("iter",)
CONTAINS = ("contains",)  # `x in result`: its __contains__ (or __iter__), or a generator iterated
ENTERED = ("dunder", "__enter__")
EXITED = ("dunder", "__exit__")


def prim(qualname: str) -> tuple:
    return ("prim", qualname)


class Op:
    """One operation that may run other code: kind, anchor nodes, targets."""

    __slots__ = ("kind", "_first", "_last", "home", "targets", "callargs", "spawned")

    def __init__(self, kind: str, first: ast.AST | Position, last: ast.AST | Position | None = None, home=None,
                 targets: list[tuple] | None = None):
        self.kind = kind
        self._first = first
        self._last = last if last is not None else first
        self.home = home  # read from disk: the function's node, where its anchors' Positions are found
        # (target key, certain, via): key is a FunctionInfo, ("prim", q), ("dispatch", name),
        # ("propdispatch", name), ("override", ClassInfo, name), ("result", ClassInfo, name, operation),
        # ("attr", ClassInfo, name, operation), ("param", index) or AWAIT
        self.targets: list[tuple] = targets if targets is not None else []
        # tuples: most operations pass nothing, the rest pass to one callee
        self.callargs: tuple = ()  # (callee FunctionInfo, {param index: values}) of a synchronous call
        self.spawned: tuple = ()  # (FunctionInfo, {param index: values}) started in another greenlet

    @property
    def first(self) -> ast.AST | Position:
        """The node the operation's range starts at (found on first use if read from disk)."""
        node = self._first
        return node if node.__class__ is not Position else self._anchor("_first")

    @property
    def last(self) -> ast.AST | Position:
        """The node the operation's range ends at."""
        node = self._last
        return node if node.__class__ is not Position else self._anchor("_last")

    def anchors(self) -> tuple:
        """(first, last) as they are: nodes, or Positions standing in for them. Enough for a range,
        without finding the nodes of an operation read from disk."""
        return self._first, self._last

    def move_to(self, first: ast.AST | Position, last: ast.AST | Position) -> None:
        """Anchor the operation at other nodes: where the same operation is in a body an edit replaced in place
        (callgraph/kept_graph.py)."""
        self._first, self._last = first, last

    def _anchor(self, slot: str):
        """The node a stored Position stands for, found in the function's tree and kept."""
        node = _found(self.home, getattr(self, slot))
        setattr(self, slot, node)
        return node

    def with_targets(self, targets: list[tuple]) -> Op:
        """A copy of this operation with other targets (the same anchors and arguments)."""
        copy = Op(self.kind, self._first, self._last, self.home)
        copy.targets, copy.callargs, copy.spawned = targets, self.callargs, self.spawned
        return copy

    def __repr__(self) -> str:
        return f"<op {self.kind} line {getattr(self.first, 'lineno', '?')} {self.targets}>"


def _found(home, position: Position):
    try:
        return find_node(home, position.encoded)
    except (LookupError, TypeError):  # cannot happen for a text with the same hash; the range stays right
        return position


def mark_value(name: str, world):
    """What an entry's mark named `name` holds in `world` now: None for an argument key ("§..."), the body read
    for a body mark ("¶...", resolve/body_marks.py), else the module of that name (loaded)."""
    if name[0] == "§":
        return None
    return body_marks.current(name, world) if name[0] == body_marks.BODY else world.module(name)


class Collected:
    """What collecting one function produced, kept for reuse by later runs (in memory and on disk)."""

    __slots__ = ("ops", "lambdas", "marks", "signature", "decorated", "scan", "body")

    def __init__(self, ops: list[Op], lambdas: tuple, marks: tuple, signature=None, decorated: tuple = (),
                 body: tuple | None = None):
        self.ops = ops
        self.lambdas = lambdas  # lambdas met in the body: functions of their own
        # ((module name, Module or None), ...) the collection read; "§..." argument keys, "¶..." other functions'
        # bodies (resolve/body_marks.py: what those bodies were)
        self.marks = marks
        # (its mark name, the body) of the function's own body, for a project function, kept apart from the marks
        # (which entries reading the same modules and other bodies share): it holds while the body is the same
        self.body = body
        self.signature = signature  # what the refining pass knew of the parameters (refine_with_arguments)
        self.decorated = decorated  # ((decorator, decorated function), ...) the evaluator recorded meanwhile
        self.scan = None  # what the call graph derives from these operations alone, once (callgraph.graph._Scan)
