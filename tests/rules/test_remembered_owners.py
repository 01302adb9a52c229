"""A remembered walk's result (`_flow._Remembered`: a function's in-place changes, an accessor summary) names
its functions through what the walk asked (`_flow._asked_owners`), not through a walk over the whole result
(`_facts._owners`, the default): both must find the same functions, whose modules the facts are checked against
when reused in a later run (`RunFacts._mark_owners`)."""

from __future__ import annotations

from pathlib import Path

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.rules import _facts, _flow

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_asked_owners_name_every_function_a_remembered_walk_holds(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    workspace = open_workspace(Options())
    remembered = []
    for fixture in ["lost_update", "iteration_while_switching", "check_then_act"]:
        workspace.analyze_paths([fixture])
        _, store = _facts._STORES[workspace.module_cache]
        remembered += [
            result for facts in store.values() for result in facts.memo.values() if isinstance(result, _flow._Remembered)
        ]
    questions = {question[0] for result in remembered for question, _ in result.asked}
    assert {_flow._SUMMARY, _flow._DISPATCHED, _flow._IN_GRAPH} <= questions, questions
    for result in remembered:
        assert set(_flow._asked_owners(result)) == set(_facts._owners(result)), result
