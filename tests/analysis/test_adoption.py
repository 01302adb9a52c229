"""The results an evaluator takes instead of computing them are the ones it would compute (docs/model.md,
"Incrementality"): the refining evaluator's from the first pass, a workspace run's from the run before,
each compared with a fresh evaluator's computation of the same thing in the same world (tests/adoption.py).
Where they differed, a report depended on the order things were evaluated in."""

from __future__ import annotations

from pathlib import Path

from switchpoint.analysis.api import Options, analyze, open_workspace
from tests.adoption import VALUE_KINDS, watching

ROOT = Path(__file__).resolve().parents[2]

# django's shapes the first pass left otherwise than a fresh evaluator computes them: a name rebound through
# itself and stored into (forms/boundfield.py's label_tag: its stores joined once per binding passed through),
# a container's name rebound to a tuple of it and added to (db/models/sql/compiler.py's as_subquery_condition:
# the name's other bindings without their stores), and the value of such a binding asked before the name
# (a cycle's unknown, where asked after it the least fixpoint)
PROGRAM = '''
class Form:
    required_css_class = "required"


class Compiler:
    def compile(self, node):
        return "", [node]

    def inner(self):
        return "", (1,)


def label_tag(form, attrs=None):
    attrs = attrs or {}
    if form.required_css_class:
        attrs = attrs or {}
        if "class" in attrs:
            attrs["class"] += " " + form.required_css_class
        else:
            attrs["class"] = form.required_css_class
    return attrs


def as_sql(compiler, nodes):
    sql, params = [], []
    for node in nodes:
        node_sql, node_params = compiler.compile(node)
        params.extend(node_params)
    params = tuple(params)
    inner_sql, inner_params = compiler.inner()
    params += inner_params
    return sql, params
'''
USE = '''
from lib import Compiler, Form, as_sql, label_tag


def use():
    return label_tag(Form(), {"id": 1}), as_sql(Compiler(), [1])
'''


def _write(folder: Path) -> Path:
    (folder / "lib.py").write_text(PROGRAM)
    (folder / "app.py").write_text(USE)
    return folder / "app.py"


def _differences(findings) -> list:
    return [(d.way, d.table, d.kind, d.key) for d in findings.differences if d.kind in VALUE_KINDS]


def test_what_the_refining_pass_takes_is_what_it_computes_on_the_fixtures():
    with watching() as findings:
        analyze([ROOT / "tests" / "fixtures" / "analysis"])
    assert findings.checked[("refined", "expr")] > 10_000
    assert _differences(findings) == []


def test_what_the_refining_pass_takes_is_what_it_computes_on_django_shapes(tmp_path):
    _write(tmp_path)
    with watching() as findings:
        analyze([tmp_path])
    assert findings.checked[("refined", "expr")] > 0
    assert _differences(findings) == []


def test_what_a_workspace_run_takes_from_the_last_is_what_it_computes(tmp_path):
    app = _write(tmp_path)
    workspace = open_workspace(Options())
    with watching() as findings:
        workspace.analyze_file(app)
        workspace.set_text(app, USE + "\n_edited = [1]\n")  # a run (a literal alone keeps the graph): lib.py's results are taken
        workspace.analyze_file(app)
    assert sum(count for (way, _), count in findings.checked.items() if way == "kept") > 0
    assert _differences(findings) == []
