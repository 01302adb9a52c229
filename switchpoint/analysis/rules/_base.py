"""What a rule sees of one analysed file: its module, the call graph, summaries and switch points."""

from __future__ import annotations

from dataclasses import dataclass

from switchpoint.analysis.callgraph.sites import Op
from switchpoint.analysis.effects.solve import CallGraph, Summaries
from switchpoint.analysis.resolve.binder import FunctionInfo, Module
from switchpoint.analysis.resolve.infer import Evaluator


@dataclass
class RuleContext:
    module: Module
    path: str  # as displayed in reports
    graph: CallGraph
    summaries: Summaries
    evaluator: Evaluator

    def switching_ops(self, func: FunctionInfo) -> list[tuple[Op, str, list[str]]]:
        """(op, certainty, chain) for each operation of `func` that may switch."""
        found = []
        for op in self.graph.ops.get(func, ()):
            result = self.summaries.op_result(func, op)
            if result is not None:
                found.append((op, *result))
        return found
