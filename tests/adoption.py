"""Whether the results an evaluator takes instead of computing them are the ones it would compute: a checker
for the claim of docs/model.md ("Incrementality") and `resolve/infer.py`, shared by the tests and
`benchmarks/adoption.py` (django, sqlalchemy).

Two ways results are taken:
- `refined`: a refining evaluator (second pass) starts from the first pass's memo tables, less what read a
  parameter its arguments type or met a cycle guard (`Evaluator._inherit_from`);
- `kept`: a workspace's next run takes the MROs, return values and module members an earlier run kept
  (`Evaluator.adopt`, `to_keep`) where the modules they read are the same objects.

While `watching()`, each refining evaluator's taken entries are compared, as it is made, with what a fresh
evaluator (the same world, lambdas and arguments, no table taken) computes for the same key: asked in the
reverse of the order they were computed in (an order dependence shows where the first pass's order hid it),
and where that differs, asked again alone of a new one, with nothing under way. The kept results a workspace
run took likewise, as it keeps its own (`to_keep`) and once it is done. A difference is classified:
`values` (other values), `order` (the same values in another order), `modules` (the same values, other modules
read), `marks` (the same values and modules, other body marks: `_without_marks`), `cyclic` (other values, and the fresh computation met a cycle guard, which the taken entry claims none
could), `guard` (the same values and modules, but the fresh computation met a cycle guard: it would not be kept).
`VALUE_KINDS` are those that can change a report.
Never the engine's path: it computes everything a second time.
"""

from __future__ import annotations

import ast
import contextlib
from collections import Counter
from dataclasses import dataclass, field

from switchpoint.analysis import workspace as workspace_module
from switchpoint.analysis.resolve import body_marks, infer
from switchpoint.analysis.resolve.infer import Evaluator

VALUE_KINDS = frozenset({"values", "order", "modules", "cyclic"})


@dataclass
class Difference:
    way: str  # "refined" or "kept"
    table: str  # "expr", "mro", "returns", "members", "params"
    kind: str  # "values", "order", "modules", "cyclic", "guard"
    key: str  # what was asked, as text
    taken: object
    fresh: object


@dataclass
class Findings:
    checked: Counter = field(default_factory=Counter)  # (way, table) -> entries compared
    differences: list[Difference] = field(default_factory=list)

    def summary(self) -> dict:
        return {"checked": dict(self.checked),
                "differences": dict(Counter((d.way, d.table, d.kind) for d in self.differences))}


def _fresh(template: Evaluator) -> Evaluator:
    """An evaluator of `template`'s world, lambdas and arguments that takes nothing: it computes all it is asked."""
    world = template.world
    first = infer._FIRST_PASS.pop(world, None)  # with no first pass to take from, a refining evaluator takes nothing
    arguments = {**template.arguments, ("callables", None): template.callables, ("stored", None): template.stored}
    try:
        return Evaluator(world, template.lambdas, arguments)
    finally:
        if first is not None:
            infer._FIRST_PASS[world] = first


def _ask(fresh: Evaluator, table: str, key, scope=None):
    """The fresh evaluator's memo entry for `key` of `table`, asked with nothing under way."""
    if table == "expr":
        fresh.eval(key, scope)
        return fresh._memo[scope].get(key)
    if table == "mro":
        fresh.mro(key)
        return fresh._mro.get(key)
    if table == "returns":
        fresh.returns(key)
        return fresh._returns.get(key)
    if table == "members":
        fresh.module_member(*key)
        return fresh._members.get(key)
    fresh.parameter(*key)
    return fresh._params.get(key)


def _describe(table: str, key, scope=None) -> str:
    if table == "expr":
        return f"{scope.module_name}:{getattr(key, 'lineno', '?')}:{getattr(key, 'col_offset', '?')} {ast.unparse(key)[:80]}"
    return repr(key)[:160]


def _compare(findings: Findings, way: str, fresh: Evaluator, table: str, key, taken: tuple, scope=None) -> None:
    findings.checked[(way, table)] += 1
    got = _ask(fresh, table, key, scope)
    if got is not None and _differs(got, taken) is not None:
        # computed under another computation of the fresh evaluator, perhaps: asked alone, at the top
        got = _ask(_fresh(fresh), table, key, scope)
    kind = _differs(got, taken) if got is not None else None  # None: asked inside a rebinding under way
    if kind is not None:
        findings.differences.append(Difference(way, table, kind, _describe(table, key, scope), taken, got))


def _differs(got: tuple, taken: tuple) -> str | None:
    """How a fresh memo entry differs from one taken (see the module's docstring), None if it does not."""
    if got[0] != taken[0]:
        if infer._met_cycle(got):
            return "cyclic"
        same = type(got[0]) is tuple and set(got[0]) == set(taken[0]) and len(got[0]) == len(taken[0])
        return "order" if same else "values"
    if got[1] != taken[1]:
        return "modules" if _without_marks(got[1]) != _without_marks(taken[1]) else "marks"
    return "guard" if infer._met_cycle(got) else None


def _without_marks(read) -> set:
    """The modules of what an entry read, less its body marks (resolve/body_marks.py): an entry computed in a
    function's scope is kept without that function's mark, which whoever asks for it holds already, so which
    marks a computation gathers through such an entry depends on whether it computed or replayed it."""
    return {name for name in read if not body_marks.is_mark(name)}


_TABLES = ("mro", "returns", "members", "params")


def _check_refined(findings: Findings, evaluator: Evaluator) -> None:
    taken = [("expr", key, entry, scope) for scope, memo in evaluator._memo.items() for key, entry in memo.items()]
    taken += [(name, key, entry, None) for name, table in zip(_TABLES, evaluator._tables()) for key, entry in table.items()]
    fresh = _fresh(evaluator)
    for table, key, entry, scope in reversed(taken):  # not the order they were computed in
        if entry is not infer._UNDER_WAY:
            _compare(findings, "refined", fresh, table, key, entry, scope)
    body_marks.reading(evaluator)  # the fresh ones noted their reads; the run goes on with this one


def _check_kept(findings: Findings, evaluator: Evaluator) -> None:
    kept = evaluator._kept
    taken = []
    for name, table in zip(_TABLES, evaluator._kept_tables()):
        known = kept.get(id(table), {})
        taken += [(name, key, entry) for key, entry in table.items() if key in known and known[key][0] is entry]
    if not taken:
        return
    fresh = _fresh(evaluator)
    for table, key, entry in taken:
        _compare(findings, "kept", fresh, table, key, entry)
    body_marks.reading(evaluator)


@contextlib.contextmanager
def watching():
    """Check every refining evaluator made, and every workspace run's kept results, while inside; yields the
    `Findings`."""
    findings = Findings()
    inherit, keep, run = Evaluator._inherit_from, Evaluator.to_keep, workspace_module.Workspace._run

    def checked_inherit(self, first):
        inherit(self, first)
        if first is not None:
            _check_refined(findings, self)

    def checked_keep(self):  # the workspace keeps the first pass's results: what it took is checked first
        _check_kept(findings, self)
        return keep(self)

    def checked_run(self, *args, **kwargs):
        done = run(self, *args, **kwargs)
        if done.evaluator.arguments or done.evaluator.callables or done.evaluator.stored:  # a refining one
            _check_kept(findings, done.evaluator)
        return done

    patched = (Evaluator, "_inherit_from", checked_inherit), (Evaluator, "to_keep", checked_keep), \
        (workspace_module.Workspace, "_run", checked_run)
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    for owner, name, replacement in patched:
        setattr(owner, name, replacement)
    try:
        yield findings
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
