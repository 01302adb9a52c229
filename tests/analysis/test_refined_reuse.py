"""A callee's refined collection (typed by what callers pass) across an edit of a calling module.

The refined entry depends on the modules defining what callers pass (their classes are in its operations), not on
the modules the passing call sites are in: which modules pass is part of the parameter's text, compared before
reuse (callgraph/arguments.py). So an edit of a caller's module that passes the same values keeps the callee's
entry, and one whose own classes are passed collects it again. Each run is compared with a fresh workspace's.
"""

from __future__ import annotations

from switchpoint.analysis.api import Options, open_workspace

LIB = '''\
import gevent


class Conn:
    def send(self):
        gevent.sleep(0)


class Quiet:
    def send(self):
        pass


def use(conn):
    conn.send()


def forward(conn):
    use(conn)
'''
APP = '''\
from lib import Conn, Quiet, forward, use


class Local:
    def send(self):
        pass


def caller():
    use(PASSED)
    forward(PASSED)


def other():
    x = 1
    return x
'''


def _app(passed: str, x: int) -> str:
    return APP.replace("PASSED", passed).replace("x = 1", f"x = {x}")


def _report(report) -> tuple:
    return report.yield_points, report.findings, report.functions, report.blocking_calls, report.problems


def _refined(workspace, qualname: str):
    return next(entry for func, entry in workspace._ops.refined.items() if func.qualname == qualname)


def _edit(tmp_path, passed: str, edits: list[tuple[str, int]], callee: str = "lib.use", appended: str = "") -> list[bool]:
    """Analyse app.py passing `passed` to lib.use, then after each edit of app.py (what it passes, and the value
    `other` assigns; `appended` added at its end, the n-th edit n times): whether the callee's refined entry was
    reused (the same object as before the edit). Every run is checked against a fresh workspace."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text(LIB)
    app = tmp_path / "app.py"
    app.write_text(_app(passed, 0))
    kept = open_workspace(Options())
    kept.analyze_file(app)
    reused = []
    for now_passed, number in edits:
        before = _refined(kept, callee)
        text = _app(now_passed, number) + appended * (len(reused) + 1)
        kept.set_text(app, text)
        found = kept.analyze_file(app)
        fresh = open_workspace(Options())
        fresh.set_text(app, text)
        assert _report(found) == _report(fresh.analyze_file(app)), (now_passed, number)
        reused.append(_refined(kept, callee) is before)
    return reused


def test_an_edit_of_a_caller_passing_another_modules_instance_keeps_the_callees_refined_entry(tmp_path):
    assert _edit(tmp_path, "Conn()", [("Conn()", 1), ("Conn()", 2)]) == [True, True]


def test_an_edit_of_a_caller_passing_its_own_modules_instance_collects_the_callee_again(tmp_path):
    # the entry holds app.Local, which the edited module defines anew: a top-level name added changes its shape
    assert _edit(tmp_path, "Local()", [("Local()", 1), ("Local()", 2)], appended="\n_y = 1\n") == [False, False]


def test_an_edit_inside_a_body_of_a_caller_passing_its_own_modules_instance_keeps_the_callees_refined_entry(tmp_path):
    # the module is kept in place (resolve/body_edits.py): app.Local is the class the entry holds, and the
    # edited body (`other`'s) is none the entry read
    assert _edit(tmp_path, "Local()", [("Local()", 1), ("Local()", 2)]) == [True, True]


FAR = '''\
class Far:
    def send(self):
        pass


def spare():
    x = 0
    return x
'''


def test_an_edit_undone_in_the_module_defining_what_is_passed_on_collects_the_callee_again(tmp_path):
    """lib.forward holds far.Far, passed from app.py, without reading far.py (it passes it on to lib.use). An
    edit of far.py undone gives the first run's parameter text again (it names far.py by its text's hash), but
    far.Far is a new class object, which the first run's entry (kept among the displaced ones) does not hold. (The
    edit adds a top-level name, so far.py is bound anew: an edit inside bodies alone keeps its classes,
    resolve/body_edits.py.)"""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text(LIB)
    (tmp_path / "far.py").write_text(FAR)
    app = tmp_path / "app.py"
    app.write_text("from far import Far\nfrom lib import forward\n\n\ndef caller():\n    forward(Far())\n")
    kept = open_workspace(Options())
    kept.analyze_file(app)
    first = _refined(kept, "lib.forward")
    reused = []
    for x in (1, 0):
        text = FAR.replace("x = 0", f"x = {x}") + ("\n_y = 1\n" if x else "")
        kept.set_text(tmp_path / "far.py", text)
        found = kept.analyze_file(app)
        fresh = open_workspace(Options())
        fresh.set_text(tmp_path / "far.py", text)
        assert _report(found) == _report(fresh.analyze_file(app)), x
        reused.append(_refined(kept, "lib.forward") is first)
    assert reused == [False, False]


def test_an_edit_changing_what_a_caller_passes_collects_the_callee_again(tmp_path):
    assert _edit(tmp_path, "Conn()", [("Quiet()", 1), ("Conn()", 2)]) == [False, False]


def test_the_callee_switches_only_with_what_switches_passed(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text(LIB)
    app = tmp_path / "app.py"
    chains = {}
    for passed in ("Conn()", "Quiet()"):
        app.write_text(_app(passed, 0))
        report = open_workspace(Options()).analyze_file(app)
        chains[passed] = [(p.certainty, p.chain) for p in report.yield_points]
    assert chains["Conn()"] and chains["Conn()"][0][0] == "certain"
    assert all(certainty != "certain" for certainty, _ in chains["Quiet()"])
