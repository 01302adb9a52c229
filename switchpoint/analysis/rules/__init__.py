"""Rules: race, hub-blocking and atomicity checks over the engine's switch points.

One module per rule; `ALL_RULES` is the one registration line per rule.
"""

from __future__ import annotations

from switchpoint.analysis.rules._base import RuleContext

ALL_RULES: tuple = ()


def run_rules(context: RuleContext) -> list:
    """Findings of every registered rule on one analysed file."""
    findings = []
    for rule in ALL_RULES:
        findings.extend(rule.check(context))
    return findings
