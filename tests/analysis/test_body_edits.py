"""Edits inside function bodies, in the analysed module and in another, report as a fresh analysis does.

These are the edits a graph kept across runs would serve (resolve/module_shape.py: the module keeps its
shape), and the ones next to them that must take the full path (a generator made, an instance attribute
assigned: the shape changes). Each edit is checked against a fresh workspace, and the workspace's stats say
which kind of edit it was (`same_shape`, `reshaped`), so the cases test what they are named for.
"""

from __future__ import annotations

import random
import re

from switchpoint.analysis.api import Options, open_workspace
from tests.analysis._edits import check_edits
from tests.random_edits import RUNTIME, STATEMENTS, body_edited

# every body word the edits below bring in is said in a body already (a new word changes the shape)
LIB = '''\
import gevent


class Store:
    def __init__(self):
        self.items = []

    def put(self, item):
        self.items.append(item)

    def spare(self, item):
        gevent.sleep(0)
        self.count = item
        return item
'''
APP = '''\
import gevent
from lib import Store


def helper(store):
    store.put(1)


def caller():
    helper(Store())
    return 1


def spare():
    gevent.sleep(0)
'''


def _app_helper(body: str) -> str:
    return APP.replace("    store.put(1)\n", body)


def _lib_put(body: str) -> str:
    return LIB.replace("        self.items.append(item)\n", body)


def _kinds(stats: list[dict]) -> list[str]:
    return ["same" if s["same_shape"] and not s["reshaped"] else "reshaped" if s["reshaped"] else "-" for s in stats]


def test_a_body_edit_in_the_analysed_module_makes_a_callers_point_appear_and_go(tmp_path):
    stats = []
    seen = check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", _app_helper("    store.put(1)\n    gevent.sleep(0)\n")),
        ("app.py", _app_helper("    store.put(1)\n")),
        ("app.py", _app_helper("    store.put(1)\n    gevent.sleep(0)\n")),
    ], stats=stats)
    assert [len(points) for points in seen] == [3, 1, 3]  # helper's sleep, caller's call of helper, spare's
    assert _kinds(stats) == ["same", "same", "same"]


def test_a_body_edit_in_another_module_makes_a_callers_point_appear_and_go(tmp_path):
    stats = []
    seen = check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("lib.py", _lib_put("        self.items.append(item)\n        gevent.sleep(0)\n")),
        ("lib.py", _lib_put("        self.items.append(item)\n")),
        ("lib.py", _lib_put("        gevent.sleep(item)\n")),
    ], stats=stats)
    assert [len(points) for points in seen] == [3, 1, 3]  # store.put(1), helper(Store()), spare's sleep
    # lib.py is not among the analysed files: the count is of app.py's module, which the edits leave alone
    assert _kinds(stats) == ["-", "-", "-"]


def test_a_body_edit_making_a_callee_a_generator_changes_the_shape(tmp_path):
    stats = []
    seen = check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", _app_helper("    store.put(1)\n    gevent.sleep(0)\n")),
        ("app.py", _app_helper("    store.put(1)\n    yield gevent.sleep(0)\n")),  # calling it runs nothing
        ("app.py", _app_helper("    store.put(1)\n    gevent.sleep(0)\n")),
    ], stats=stats)
    assert [len(points) for points in seen] == [3, 2, 3]
    assert _kinds(stats) == ["same", "reshaped", "reshaped"]


def test_a_body_edit_assigning_an_instance_attribute_changes_the_shape(tmp_path):
    stats = []
    gone = APP.replace("from lib import Store\n", "from lib import Store\n\n\nclass Local:\n"
                       "    def put(self, item):\n        self.count = item\n\n    def count(self):\n        pass\n")
    assigned = gone.replace("        self.count = item\n", "        self.count = item\n        self.items = item\n")
    seen = check_edits(tmp_path, {"app.py": gone, "lib.py": LIB}, [
        ("app.py", assigned), ("app.py", gone),
    ], stats=stats)
    assert [len(points) for points in seen] == [1, 1]  # spare's sleep
    assert _kinds(stats) == ["reshaped", "reshaped"]


def test_random_body_edits_report_as_a_fresh_analysis(tmp_path):
    """Statements inserted into random function bodies of the runtime's modules (most keep the shape), each
    run compared whole with a fresh workspace's."""
    rng = random.Random(4)
    files = [RUNTIME / name for name in ("_sync.py", "_channels.py", "_waiting.py")]
    current = {path: path.read_text(encoding="utf-8") for path in files}
    kept = open_workspace(Options())
    kept.analyze_file(files[0])
    kinds = []
    for step in range(6):
        changed = rng.choice(files)
        current[changed] = body_edited(rng, current[changed], STATEMENTS)
        kept.set_text(changed, current[changed])
        found = kept.analyze_file(changed)
        kinds.append(_kinds([kept.stats])[0])
        fresh = open_workspace(Options())
        for path, text in current.items():
            fresh.set_text(path, text)
        assert _report(found) == _report(fresh.analyze_file(changed)), f"step {step}: {changed.name}"
    assert "same" in kinds  # the comparison covered edits a kept graph would serve


def _report(report) -> tuple:
    return report.yield_points, report.findings, report.functions, report.blocking_calls, report.problems


def test_the_random_body_edit_inserts_into_a_body():
    text = "def f(x):\n    \'\'\'Doc.\'\'\'\n    return x\n\n\nclass C:\n    def g(self):\n        pass\n"
    made = {body_edited(random.Random(seed), text, ["y = 0"]) for seed in range(20)}
    assert made == {text.replace("    return x", "    y = 0\n    return x"),
                    text.replace("        pass", "        y = 0\n        pass")}
