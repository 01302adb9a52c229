"""Rules: race, hub-blocking and atomicity checks over the engine's switch points.

One module per rule; `ALL_RULES` is the one registration line per rule. Each rule
module defines `CODE`, `NAME`, `check(context)` and a docstring that is its user
documentation. `run_rules` also applies the `[tool.switchpoint]` rule selection
of the file's project and `# switchpoint: ignore[...]` comments (SP001 reports
unused ones).
"""

from __future__ import annotations

import os

from switchpoint.analysis.rules import (
    atomic_region_violated,
    check_then_act,
    hub_blocking_call,
    iteration_while_switching,
    lost_update,
    switching_finalizer,
    unanalysable_file,
    unused_suppression,
)
from switchpoint.analysis.rules._base import Rule, RuleContext, modules_of_run, project_config

ALL_RULES: tuple = (
    unused_suppression,
    unanalysable_file,
    lost_update,
    check_then_act,
    iteration_while_switching,
    hub_blocking_call,
    switching_finalizer,
    atomic_region_violated,
)


def rules() -> list[Rule]:
    """Metadata of every registered rule, in code order."""
    return sorted((Rule.of(module) for module in ALL_RULES), key=lambda rule: rule.code)


def unknown_selectors(selectors) -> list[str]:
    """The rule codes or prefixes among `selectors` that name no registered rule (`SP999`, `SP4`): selecting
    them alone would run nothing and pass, so configuration and flags refuse them."""
    codes = [rule.CODE for rule in ALL_RULES]
    return [selector for selector in selectors if not any(code.startswith(selector) for code in codes)]


def run_rules(context: RuleContext) -> tuple[list, list[str]]:
    """Findings of every registered rule on one analysed file, selection and suppressions applied, and what
    failed: a message per rule that raised (the file's report carries it as a problem, the other rules'
    findings stand)."""
    enabled = context.settings().rule_enabled
    modules_of_run(context)  # the world as the graph left it, before any rule of the run loads more
    findings, failures = [], []
    for rule in ALL_RULES:
        if enabled(rule.CODE):
            try:
                findings.extend(rule.check(context))
            except RecursionError as error:  # absurdly deep code: say so instead of failing the whole file
                failures.append(_failure(rule, error))
            except Exception as error:  # noqa: BLE001 -- one broken rule must not take the analysis down
                if os.environ.get("SWITCHPOINT_RAISE"):
                    raise
                failures.append(_failure(rule, error))
    if context.module.source is None:
        return findings, failures
    return unused_suppression.apply(context.path, context.module.source.text, findings, enabled), failures


def _failure(rule, error: BaseException) -> str:
    return f"rule {rule.CODE} failed ({type(error).__name__}: {error})"


def _selection(path: str | None):
    return project_config(path).rule_enabled
