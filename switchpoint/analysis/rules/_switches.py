"""Which switch points the race rules count: certain ones, and possible ones the program confirms.

A `possible` switch point is one the engine cannot rule out because the receiver's
class is unknown (any class with a switching method of that name might answer) or
a subclass might override the method (or return, or assign to an attribute, an object
whose method switches). Counting all of them would flag nearly every
`x[k] += 1` in a program with one switching `__getitem__` (the trap that took
ESLint's require-atomic-updates out of its recommended set). So a possible switch
point counts only when the program shows an object of a switching class reaching
that receiver: the receiver is a parameter, and a call or spawn site passes it an
instance of a class whose method of that name may switch; or the point switches
through a subclass (its override of the method called, what its override returns,
what it assigns to an attribute the base class reads: the graph's "override",
"result" and "attr" keys) and an instance of that subclass is shared by virtual
threads. The chain then goes through that class's method, which must switch for certain: a member that
itself only possibly switches (a call on a receiver of unknown class, deep down) confirms nothing, or the
guess would be confirmed by another guess (SQLAlchemy's `ScalarSelect.where`, through `Select.where` and
`coercions.expect` to an `<unknown callable>`, was reported as a lost update so).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from switchpoint.analysis.api import CERTAIN
from switchpoint.analysis.callgraph.graph import CLASS_KEYS
from switchpoint.analysis.callgraph.ops import Op
from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo
from switchpoint.analysis.resolve.infer import ParamV
from switchpoint.analysis.rules._per_run import PerRun
from switchpoint.analysis.rules._program import program_of


@dataclass(frozen=True)
class Switch:
    op: Op
    certainty: str
    chain: tuple[str, ...]

    @property
    def node(self) -> ast.AST:
        return self.op.first


def counted_switches(context, func: FunctionInfo) -> dict[int, Switch]:
    """id(op) -> Switch for every operation of `func` the race rules treat as a switch point."""
    found = {}
    for op in context.graph.ops.get(func, ()):
        switch = counted_switch(context, func, op)
        if switch is not None:
            found[id(op)] = switch
    return found


def counted_switch(context, func: FunctionInfo, op: Op) -> Switch | None:
    result = context.summaries.op_result(func, op)
    if result is None:
        return None
    certainty, chain = result
    if certainty == CERTAIN:
        return Switch(op, certainty, tuple(chain))
    return _confirmed(context, func, op)


def _confirmed(context, func: FunctionInfo, op: Op) -> Switch | None:
    return _confirmed_receiver(context, func, op) or _confirmed_override(context, func, op)


def _confirmed_override(context, func: FunctionInfo, op: Op) -> Switch | None:
    """A point that switches through a subclass, where an instance of that subclass is shared by virtual
    threads: `self.connect()` where it overrides `connect` with a switching method (an "override" key),
    `self.opener().read()` where its override of `opener` returns an object whose `read` switches (a
    "result" key), `self.source.read()` where it assigns such an object to `source` (an "attr" key). Each
    shared subclass's own members are asked (`CallGraph.members_through`): another subclass's switching
    override confirms nothing. The chain is the shortest through any of them (certain ones first), the
    first of equally short ones in the subclasses' name order, as witnesses are (not in the order modules loaded)."""
    best = None
    summaries = context.summaries
    for key, _, _ in op.targets:
        # most keys switch through no subclass, whichever is shared: those are passed over at once
        if isinstance(key, tuple) and key[0] in CLASS_KEYS and (key in summaries.any or key in summaries.certain):
            found = _through_shared(context, key)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
    if best is None:
        return None
    _, member = best
    return Switch(op, "possible", (func.qualname, *summaries.chain(member, True)))


# summaries of a run -> {class key: (shared classes counted, its best member through a shared subclass or None)}
_THROUGH_SHARED: PerRun[dict] = PerRun()  # by the run's summaries


def _through_shared(context, key: tuple) -> tuple | None:
    """(distance, member) of the member of `key` nearest a sure switch through a shared subclass, or None;
    once per key in a run (a base method's key is asked from each of its points)."""
    summaries = context.summaries
    program = program_of(context)
    known = _THROUGH_SHARED.get(summaries, dict)
    found = known.get(key)
    if found is not None and found[0] == len(program.shared_classes):
        return found[1]
    best = None
    evaluator = context.evaluator
    shared = [sub for sub in context.graph.world.subclasses(key[1], evaluator.mro)
              if program.shares_instances_of(sub, evaluator)]
    for sub in sorted(shared, key=_class_name):
        for member in context.graph.members_through(key, sub):
            distance = summaries.certain.get(member)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, member)
    known[key] = (len(program.shared_classes), best)
    return best


def _confirmed_receiver(context, func: FunctionInfo, op: Op) -> Switch | None:
    names = sorted({key[1] for key, _, _ in op.targets if isinstance(key, tuple) and key[0] in ("dispatch", "propdispatch")})
    receiver = _receiver(op)
    if not names or receiver is None:
        return None
    program = program_of(context)
    dispatch = context.graph.collector.dispatch
    for value in context.evaluator.eval(receiver, func.scope):
        if not isinstance(value, ParamV) or value.func is not func:
            continue
        for cls in sorted(program.param_classes.get((func, value.index), ()), key=_class_name):
            if not isinstance(cls, ClassInfo):
                continue
            for name in names:
                method = dispatch.method(cls, name)
                if isinstance(method, FunctionInfo):
                    if context.summaries.certainty(method) == CERTAIN:
                        chain = (func.qualname, *context.summaries.chain(method, True))
                        return Switch(op, "possible", chain)
    return None


def _receiver(op: Op) -> ast.AST | None:
    node = op.first
    if op.kind in ("subscript", "store_subscript", "del_subscript", "attribute", "store_attribute", "del_attribute"):
        return node.value
    if op.kind == "call" and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.value
    if op.kind == "augassign":
        return node.target.value if isinstance(node.target, (ast.Subscript, ast.Attribute)) else node.target
    if op.kind == "contains" and isinstance(node, ast.Compare):
        return node.comparators[-1]
    if op.kind in ("with_enter", "with_exit"):
        return node
    if op.kind == "for_iter":
        return op.last
    return None


def _class_name(cls) -> str:
    return cls if isinstance(cls, str) else cls.qualname
