"""Rules: race, hub-blocking and atomicity checks over the engine's switch points.

One module per rule; `ALL_RULES` is the one registration line per rule. Each rule
module defines `CODE`, `NAME`, `check(context)` and a docstring that is its user
documentation. `run_rules` also applies `# switchpoint: ignore[...]` comments and
the `[tool.switchpoint]` rule selection of the file's project.
"""

from __future__ import annotations

from switchpoint.analysis.rules import lost_update
from switchpoint.analysis.rules._base import Rule, RuleContext

ALL_RULES: tuple = (
    lost_update,
)


def rules() -> list[Rule]:
    """Metadata of every registered rule, in code order."""
    return sorted((Rule.of(module) for module in ALL_RULES), key=lambda rule: rule.code)


def run_rules(context: RuleContext) -> list:
    """Findings of every registered rule on one analysed file."""
    findings = []
    for rule in ALL_RULES:
        findings.extend(rule.check(context))
    return findings
