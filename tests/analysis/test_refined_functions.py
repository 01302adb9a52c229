"""Which functions the second pass collects again (`CallGraph.refine_with_arguments`).

The instances and classes callers pass for a parameter are read wherever the parameter's value is; the
functions they pass for it only where it is called (`Evaluator.passed_callables`, its own argument key). A
function that only holds such a parameter (tests its truth, stores it) keeps its first-pass operations, one
that calls it (directly, or stored and called through an attribute) is collected again and reaches what
is passed; one passed an instance is collected again too.
"""

from __future__ import annotations

from switchpoint.analysis.api import Options
from switchpoint.analysis.workspace import Workspace

PROGRAM = """\
import gevent


def work():
    gevent.sleep(0)


class Box:
    def get(self):
        gevent.sleep(0)


class Holder:
    def __init__(self, fn):
        if fn:
            self.fn = fn

    def go(self):
        return self.fn()


def keep(fn):
    if fn:
        return [fn]


def run(fn):
    fn()


def use(box):
    box.get()


def main():
    keep(work)
    run(work)
    Holder(work).go()
    use(Box())
"""


def _graph(tmp_path):
    (tmp_path / "app.py").write_text(PROGRAM)
    workspace = Workspace(Options())
    return workspace.derive([tmp_path / "app.py"]).graph


def _refined(graph) -> set[str]:
    return {func.qualname for phase, func in graph.collected if phase == "refined"}


def test_a_function_only_holding_a_passed_callable_is_not_collected_again(tmp_path):
    refined = _refined(_graph(tmp_path))
    assert "app.keep" not in refined and "app.Holder.__init__" not in refined
    assert {"app.run", "app.Holder.go", "app.use"} <= refined


def test_what_the_collected_again_reach(tmp_path):
    graph = _graph(tmp_path)
    ops = {func.qualname: ops for func, ops in graph.ops.items()}
    work = next(func for func in graph.ops if func.qualname == "app.work")
    get = next(func for func in graph.ops if func.qualname == "app.Box.get")
    for name, callee in (("app.run", work), ("app.Holder.go", work), ("app.use", get)):
        assert any(target[0] is callee for op in ops[name] for target in op.targets), name
