"""What a rule sees of one analysed file (`RuleContext`), what a rule is (`Rule`), and finding helpers.

A rule module defines `CODE`, `NAME`, `check(context) -> list[Finding]`, and a
module docstring that is its user documentation (harvested into docs/rules.md).
`Rule.of(module)` turns such a module into the metadata the CLI formats show.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass

from switchpoint.analysis.api import Finding, Related
from switchpoint.analysis.callgraph.ops import Op
from switchpoint.analysis.callgraph.graph import CallGraph
from switchpoint.analysis.effects.solve import Summaries
from switchpoint.analysis.resolve.binder import FunctionInfo, Module
from switchpoint.analysis.resolve.infer import Evaluator
from switchpoint.analysis.rules._per_run import PerRun


@dataclass
class RuleContext:
    module: Module
    path: str  # as displayed in reports
    graph: CallGraph
    summaries: Summaries
    blocking: Summaries  # which functions may block the hub, solved once per run (_regular_files.hub_blocking_summaries)
    evaluator: Evaluator
    config: object = None  # the run's Config; None: read the nearest pyproject.toml
    project_modules: frozenset[str] = frozenset()  # names of the analysed files' modules

    def settings(self):
        return self.config if self.config is not None else project_config(self.module.path)

    def switching_ops(self, func: FunctionInfo) -> list[tuple[Op, str, list[str]]]:
        """(op, certainty, chain) for each operation of `func` that may switch."""
        found = []
        for op in self.graph.ops.get(func, ()):
            result = self.summaries.op_result(func, op)
            if result is not None:
                found.append((op, *result))
        return found

    def own_functions(self) -> list[FunctionInfo]:
        """The module's top-level code and every function defined in it (lambdas included)."""
        return list(self.graph.functions_of(self.module))

    def range_of(self, node: ast.AST, last: ast.AST | None = None):
        return self.module.source.span(node, last if last is not None else node)

    def related(self, node: ast.AST, message: str, last: ast.AST | None = None) -> Related:
        return Related(self.path, self.range_of(node, last), message)

    def switch_related(self, switch) -> Related:
        """The switch point of a race, with its chain; `possible` ones (confirmed by the program) say so."""
        label = "switch point" if switch.certainty == "certain" else "possible switch point"
        return self.related(switch.op.first, f"{label}: " + " -> ".join(switch.chain), switch.op.last)

    def finding(self, code: str, node: ast.AST, message: str, related=(), chain=(), last: ast.AST | None = None) -> Finding:
        return Finding(self.path, self.range_of(node, last), code, message, tuple(related), tuple(chain))

    def race_finding(self, code: str, message: str, before: tuple, switch, after: tuple) -> Finding:
        """A race reported on its last step: `before` and `after` are (node, note) for the read or test
        and the write or action, with the switch point between them as related information."""
        related = (self.related(before[0], before[1]), self.switch_related(switch), self.related(after[0], after[1]))
        return self.finding(code, after[0], message, related, switch.chain)

    def text(self, node: ast.AST, limit: int = 40) -> str:
        """The source text of a node, shortened for messages."""
        text = ast.unparse(node)
        return text if len(text) <= limit else text[: limit - 3] + "..."


_LOADED: PerRun[frozenset[str]] = PerRun()  # by the run's call graph


def modules_of_run(context: RuleContext) -> frozenset[str]:
    """Names of the modules the run's world held when its graph had grown, before any rule ran.

    Rules resolve names as they go, which can load modules (or record opaque ones such as gevent) into
    the world: `world.modules` read later depends on which files' rules ran before. This snapshot is
    taken once per run (keyed weakly by its call graph, which each run makes anew); `run_rules` takes
    it before it runs the first rule of the run, so it is the same whatever order files are checked in.
    """
    return _LOADED.get(context.graph, lambda: frozenset(context.graph.world.modules))


@dataclass(frozen=True)
class Rule:
    """A rule's metadata for reports and docs: code, kebab-case name, one-line summary, full doc."""

    code: str
    name: str
    summary: str
    doc: str
    default_severity: str = "warning"

    @classmethod
    def of(cls, module) -> Rule:
        doc = (module.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else ""
        return cls(module.CODE, module.NAME, summary, doc, getattr(module, "SEVERITY", "warning"))


def project_config(path: str | None):
    """`[tool.switchpoint]` of the pyproject.toml nearest to an analysed file; the defaults when it is
    missing or broken (the CLI validates it first and reports errors with exit code 2). `load_config`
    parses a file again only when it changed: editors re-run rules often."""
    from switchpoint.analysis.config import Config, ConfigError, find_pyproject, load_config

    try:
        return load_config(find_pyproject(path or os.getcwd()))
    except ConfigError:
        return Config()


def short_chain(chain) -> str:
    """A witness chain without its first element (the function the finding is in), for messages."""
    names = list(chain[1:]) or list(chain)
    shown = [".".join(name.split(".")[-2:]) if i < len(names) - 1 else name for i, name in enumerate(names)]
    return " -> ".join(shown)
