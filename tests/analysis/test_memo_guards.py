"""A computation the evaluator keeps (an expression's values, a function's returns) holds a recursion guard
in its memo table while it runs; one that raises (RecursionError in absurdly deep code) leaves nothing
there, so asking again computes it again instead of answering with the guard for the rest of the run."""

from __future__ import annotations

import ast

import pytest

from switchpoint.analysis.resolve.infer import Evaluator, InstV
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model

APP = """\
class Job:
    pass


def make():
    return Job()
"""


def _evaluator(tmp_path):
    (tmp_path / "app.py").write_text(APP)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    module = world.load_file(str(tmp_path / "app.py"), "app")
    return module, Evaluator(world)


def _raising_once(monkeypatch, evaluator, name: str) -> None:
    original = getattr(evaluator, name)
    raised = []

    def once(*args):
        if not raised:
            raised.append(True)
            raise RecursionError
        return original(*args)

    monkeypatch.setattr(evaluator, name, once)


def test_returns_that_raised_are_computed_again(tmp_path, monkeypatch):
    module, evaluator = _evaluator(tmp_path)
    make = next(f for f in module.functions if f.name == "make")
    _raising_once(monkeypatch, evaluator, "_returns_tracked")
    with pytest.raises(RecursionError):
        evaluator.returns(make)
    assert [v.cls.name for v in evaluator.returns(make) if isinstance(v, InstV)] == ["Job"]


def test_an_expression_that_raised_is_evaluated_again(tmp_path, monkeypatch):
    module, evaluator = _evaluator(tmp_path)
    make = next(f for f in module.functions if f.name == "make")
    call = next(n for n in ast.walk(make.node) if isinstance(n, ast.Call))
    _raising_once(monkeypatch, evaluator, "_eval")
    with pytest.raises(RecursionError):
        evaluator.eval(call, make.scope)
    assert [v.cls.name for v in evaluator.eval(call, make.scope) if isinstance(v, InstV)] == ["Job"]
