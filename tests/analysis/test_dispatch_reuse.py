"""Dispatch expansions kept across a workspace's runs follow the edits that change them.

A long-lived workspace keeps the members of each dispatch key with the list of methods (or
subclasses) they were derived from, and reuses them while that list is the same objects in the
same order (`CallGraph._derived`). An edited module is a new object with new methods: every
edit below replaces or adds an element of such a list, and the reused workspace must then
give what a fresh one gives.
"""

from __future__ import annotations

import pytest

from switchpoint.analysis.api import Options, open_workspace
from tests.analysis._edits import check_edits as _check
from tests.analysis._edits import points as _points

QUIET = "def body(self):\n        return 1\n"
SWITCHING = "def body(self):\n        gevent.sleep(0)\n"


def _methods(name: str, body: str, decorator: str = "") -> str:
    """A module with a class whose method `name` has the given body."""
    return f"import gevent\n\nclass Impl:\n    {decorator}{body.replace('body', name)}"


def _using(module: str, name: str) -> str:
    """Code that makes the world load `module` (an import alone does not: a name resolving into it does)."""
    return f"import {module}\n\ndef make_{module}():\n    return {module}.{name}()\n\n"


def test_a_method_of_unknown_receivers_edited_to_switch(tmp_path):
    # ("dispatch", "area"): the list of methods called `area` keeps its length, its element is new
    app = _using("shapes", "Impl") + "def measure(shape):\n    return shape.area()\n"
    seen = _check(tmp_path, {"app.py": app, "shapes.py": _methods("area", QUIET)}, [
        ("shapes.py", _methods("area", SWITCHING)),
        ("shapes.py", _methods("area", QUIET)),
        ("shapes.py", _methods("area", SWITCHING)),
    ])
    assert [len(points) for points in seen] == [1, 0, 1]


def test_a_module_binding_the_name_joins_the_world(tmp_path):
    # the list grows: what was derived from its start is continued, not taken as the whole
    app = _using("shapes", "Impl") + "def measure(shape):\n    return shape.area()\n"
    more = "import gevent\n\nclass Square:\n    def area(self):\n        gevent.sleep(0)\n"
    seen = _check(tmp_path, {"app.py": app, "shapes.py": _methods("area", QUIET), "squares.py": more}, [
        ("app.py", _using("squares", "Square") + app),
        ("app.py", app),
    ])
    assert [len(points) for points in seen] == [1, 0]


def test_an_override_in_a_subclass_edited_to_switch(tmp_path):
    # ("override", Base, "run"): the subclass's module is replaced, its class is a new object
    base = "class Base:\n    def run(self):\n        return 1\n"
    sub = "import gevent\nfrom base import Base\n\nclass Fast(Base):\n    def run(self):\n        return 2\n"
    app = _using("sub", "Fast") + "from base import Base\n\ndef go(thing: Base):\n    thing.run()\n"
    seen = _check(tmp_path, {"app.py": app, "base.py": base, "sub.py": sub}, [
        ("sub.py", sub.replace("return 2", "gevent.sleep(0)")),
        ("sub.py", sub),
    ])
    assert [len(points) for points in seen] == [1, 0]


def test_what_an_override_returns_edited(tmp_path):
    # ("result", Base, "rows", ("iter",)): app's entry is reused while the override it iterates changes
    base = "class Base:\n    def rows(self):\n        return []\n"
    sub = "import gevent\nfrom base import Base\n\nclass Fast(Base):\n    def rows(self):\n        return [1]\n"
    generator = sub.replace("return [1]", "gevent.sleep(0)\n        yield 1")
    app = _using("sub", "Fast") + "from base import Base\n\ndef go(thing: Base):\n    for row in thing.rows():\n        print(row)\n"
    seen = _check(tmp_path, {"app.py": app, "base.py": base, "sub.py": sub}, [
        ("sub.py", generator),
        ("sub.py", sub),
        ("sub.py", generator),
    ])
    assert [[(line, certainty) for line, certainty, _ in points] for points in seen] == [[(9, "possible")], [], [(9, "possible")]]
    assert seen[0][0][2] == ("app.go", "sub.Fast.rows", "gevent.sleep")


def test_what_a_subclass_assigns_edited(tmp_path):
    # ("attr", Base, "rows", ("iter",)): app's entry is reused while what the subclass assigns changes
    base = "class Base:\n    def __init__(self):\n        self.rows = []\n\n    def each(self):\n        for row in self.rows:\n            print(row)\n"
    sub = ("import gevent\nfrom base import Base\n\ndef gen():\n    gevent.sleep(0)\n    yield 1\n\n"
           "class Fast(Base):\n    def __init__(self):\n        self.rows = [1]\n")
    generator = sub.replace("self.rows = [1]", "self.rows = gen()")
    app = _using("sub", "Fast") + "from base import Base\n\ndef go(thing: Base):\n    thing.each()\n"
    seen = _check(tmp_path, {"app.py": app, "base.py": base, "sub.py": sub}, [
        ("sub.py", generator),
        ("sub.py", sub),
        ("sub.py", generator),
    ])
    assert [[(line, certainty) for line, certainty, _ in points] for points in seen] == [[(9, "possible")], [], [(9, "possible")]]
    assert seen[0][0][2] == ("app.go", "base.Base.each", "sub.gen", "gevent.sleep")


def test_a_module_assigning_the_attribute_joins_the_world_later(tmp_path):
    # ("attr", Base, "rows", ("iter",)) is expanded before sub.py loads (only Mid.other, an override found by
    # expanding another key, reaches it): the module joining names "@rows" (World.member_names_since)
    base = ("class Base:\n    def __init__(self):\n        self.rows = []\n\n    def each(self):\n"
            "        for row in self.rows:\n            print(row)\n\n    def other(self):\n        return 1\n")
    mid = "from base import Base\n\nclass Mid(Base):\n    def other(self):\n        import sub\n        return sub.Fast()\n"
    sub = ("import gevent\nfrom base import Base\n\ndef gen():\n    gevent.sleep(0)\n    yield 1\n\n"
           "class Fast(Base):\n    def __init__(self):\n        self.rows = gen()\n")
    app = _using("mid", "Mid") + "from base import Base\n\ndef go(thing: Base):\n    thing.other()\n    thing.each()\n"
    for name, text in {"app.py": app, "base.py": base, "mid.py": mid, "sub.py": sub, "pyproject.toml": ""}.items():
        (tmp_path / name).write_text(text)
    found = _points(open_workspace(Options()).analyze_file(tmp_path / "app.py"))
    assert [(line, certainty, chain) for line, certainty, chain in found if line == 10] == [
        (10, "possible", ("app.go", "base.Base.each", "sub.gen", "gevent.sleep"))]


def test_a_property_of_unknown_receivers_edited_to_switch(tmp_path):
    # ("propdispatch", "size"): a getter read on a receiver of unknown class
    app = _using("boxes", "Impl") + "def show(thing):\n    return thing.size\n"
    seen = _check(tmp_path, {"app.py": app, "boxes.py": _methods("size", QUIET, "@property\n    ")}, [
        ("boxes.py", _methods("size", SWITCHING, "@property\n    ")),
        ("boxes.py", _methods("size", QUIET, "@property\n    ")),
    ])
    assert [len(points) for points in seen] == [1, 0]


def test_analysing_another_file_in_between_keeps_what_an_edit_reuses(tmp_path, monkeypatch):
    # an editor re-checks other open files between two edits of one: the edit must still find the
    # scans and members its previous run derived, not only those of the file analysed last
    from switchpoint.analysis.callgraph import graph

    app = _using("shapes", "Impl") + "def measure(shape):\n    return shape.area()\n"
    files = {"app.py": app, "shapes.py": _methods("area", SWITCHING), "other.py": "def alone():\n    return 1\n"}
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    kept = open_workspace(Options())
    kept.analyze_file(tmp_path / "app.py")
    kept.analyze_file(tmp_path / "other.py")

    scanned = []

    class CountingScan(graph._Scan):
        def __init__(self, func, entry):
            scanned.append(func.qualname)
            super().__init__(func, entry)

    derived = []
    dispatched = graph.CallGraph._dispatched

    def counting_dispatched(self, key, methods, members):
        derived.append(key)
        return dispatched(self, key, methods, members)

    monkeypatch.setattr(graph, "_Scan", CountingScan)
    monkeypatch.setattr(graph.CallGraph, "_dispatched", counting_dispatched)
    kept.set_text(tmp_path / "app.py", app + "\n_edited = [1]\n")  # a run (a literal alone keeps the graph)
    points = _points(kept.analyze_file(tmp_path / "app.py"))
    assert [name for name in scanned if not name.startswith("app")] == []  # shapes.py's scans were kept
    assert ("dispatch", "area") not in derived  # and the members of shape.area()
    fresh = open_workspace(Options())
    fresh.set_text(tmp_path / "app.py", app + "\n_edited = 1\n")
    assert points == _points(fresh.analyze_file(tmp_path / "app.py")) and len(points) == 1


def test_another_files_callers_do_not_displace_what_an_edit_reuses(tmp_path):
    # lib.use is refined with what its callers pass: Thing (from mid.py) when app.py is analysed, Other
    # for other.py. Analysing other.py in between must leave the entry refined for app.py's callees
    # (it read mid.py, not app.py, so app.py's edits leave it valid) for app.py's next edit to reuse.
    files = {
        "lib.py": "def use(thing):\n    thing.run()\n",
        "things.py": "import gevent\n\nclass Thing:\n    def run(self):\n        gevent.sleep(0)\n\n"
                     "class Other:\n    def run(self):\n        return 1\n",
        "mid.py": "import lib\nimport things\n\ndef run_it():\n    lib.use(things.Thing())\n",
        "app.py": "import mid\n\ndef go():\n    mid.run_it()\n",
        "other.py": "import lib\nimport things\n\ndef go():\n    lib.use(things.Other())\n",
    }
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    app = tmp_path / "app.py"

    def collected_by_edit(between: bool) -> tuple[int, list]:
        kept = open_workspace(Options())
        kept.analyze_file(app)
        if between:
            kept.analyze_file(tmp_path / "other.py")
        kept.set_text(app, files["app.py"] + "\n_edited = 1\n")
        points = _points(kept.analyze_file(app))
        return kept.stats["collected"], points

    alone, points = collected_by_edit(between=False)
    assert collected_by_edit(between=True) == (alone, points)
    assert len(points) == 1 and points[0][1] == "certain"  # mid.run_it() switches through Thing.run


def test_an_edit_making_a_library_class_or_none(tmp_path):
    # ("dispatch", "area") reaches a library class's method only while some code that runs may make one
    # (World.live_classes): the library (under site-packages) edited to make it and not, the project edited
    # to name it and not
    shapes = "import gevent\n\ndef helper():\n    return 1\n\nclass Impl:\n    def area(self):\n        gevent.sleep(0)\n"
    app = _using("shapes", "helper") + "def measure(shape):\n    return shape.area()\n"
    seen = _check(tmp_path, {"app.py": app, "site-packages/shapes.py": shapes}, [
        ("site-packages/shapes.py", shapes.replace("return 1", "return Impl()")),
        ("site-packages/shapes.py", shapes),
        ("app.py", app + "\ndef make():\n    return shapes.Impl\n"),
        ("app.py", app),
    ])
    assert [len(points) for points in seen] == [1, 0, 1, 0]


def test_an_edit_reaching_the_code_that_makes_a_library_class(tmp_path):
    # the library's class is named only in a function: live while the call graph reaches it
    shapes = ("import gevent\n\ndef helper():\n    return 1\n\ndef build():\n    return Impl()\n\n"
              "class Impl:\n    def area(self):\n        gevent.sleep(0)\n")
    app = _using("shapes", "helper") + "def measure(shape):\n    return shape.area()\n"
    seen = _check(tmp_path, {"app.py": app, "site-packages/shapes.py": shapes}, [
        ("app.py", app + "\ndef go():\n    shapes.build()\n"),
        ("app.py", app),
    ])
    assert [len(points) for points in seen] == [1, 0]


def test_an_edit_making_a_modelled_class_or_none(tmp_path):
    # ("dispatch", "__next__") reaches gevent's _WaitIterator.__next__ only while code that runs says `iwait`
    # (the model's MADE_BY): in the library (under site-packages), reached or not, and in the project
    waits = "import gevent\n\ndef helper():\n    return 1\n\ndef wait_all(greenlets):\n    return list(greenlets)\n"
    app = ("import gevent\n" + _using("waits", "helper") + "def pause():\n    gevent.sleep(0)\n\n"
           "def count(values):\n    for value in values:\n        pass\n")
    seen = _check(tmp_path, {"app.py": app, "site-packages/waits.py": waits}, [
        ("site-packages/waits.py", waits.replace("list(greenlets)", "list(gevent.iwait(greenlets))")),  # a body nothing reaches
        ("app.py", app + "\ndef go():\n    waits.wait_all([])\n"),  # reached: its words run
        ("site-packages/waits.py", waits),
        ("app.py", app + "\ndef go(greenlets):\n    return gevent.iwait(greenlets)\n"),
        ("app.py", app),
    ])
    waiting = [[p for p in points if p[2][-1] == "gevent._hub_primitives._WaitIterator.__next__"] for points in seen]
    # count's `for`, and go's call of wait_all, whose list(...) iterates what iwait returns
    assert [len(points) for points in waiting] == [0, 2, 0, 1, 0]
    assert all(len(points) - len(iterating) == 1 for points, iterating in zip(seen, waiting))  # pause's sleep


def _counting_derivations(monkeypatch) -> list:
    """The keys whose members a derivation that evaluates computes (what overrides return, subclasses assign)."""
    from switchpoint.analysis.callgraph import graph

    derived = []
    for name in ("_result_members", "_attribute_members"):
        original = getattr(graph.CallGraph, name)

        def counting(self, key, subs, members, original=original):
            derived.append(key[:3])
            return original(self, key, subs, members)

        monkeypatch.setattr(graph.CallGraph, name, counting)
    return derived


ROWS_QUIET = "class Rows:\n    def __iter__(self):\n        return iter([])\n"
ROWS_SWITCHING = "import gevent\n\nclass Rows:\n    def __iter__(self):\n        gevent.sleep(0)\n        return iter([])\n"


# ("result", Base, "rows", ("iter",)) and ("attr", Base, "rows", ("iter",)) are kept across runs (their
# subclass list [Fast] stays the same objects): editing rows.py, which evaluating what Fast.rows returns
# (what Fast.__init__ assigns) read, must derive them again
THIRD_MODULE_KEYS = {
    "result": (
        "class Base:\n    def rows(self):\n        return []\n",
        "class Fast(Base):\n    def rows(self):\n        return Rows()\n",
        "def go(thing: Base):\n    for row in thing.rows():\n        print(row)\n",
    ),
    "attr": (
        "class Base:\n    def __init__(self):\n        self.rows = []\n\n    def each(self):\n        for row in self.rows:\n            print(row)\n",
        "class Fast(Base):\n    def __init__(self):\n        self.rows = Rows()\n",
        "def go(thing: Base):\n    thing.each()\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(THIRD_MODULE_KEYS))
def test_what_a_key_derives_is_of_a_class_edited_in_a_third_module(tmp_path, kind):
    base, fast, go = THIRD_MODULE_KEYS[kind]
    sub = "from base import Base\nfrom rows import Rows\n\n" + fast
    app = _using("sub", "Fast") + "from base import Base\n\n" + go
    seen = _check(tmp_path, {"app.py": app, "base.py": base, "sub.py": sub, "rows.py": ROWS_QUIET}, [
        ("app.py", app + "\n_edited = 1\n"),
        ("rows.py", ROWS_SWITCHING),
        ("rows.py", ROWS_QUIET),
    ])
    assert [[(line, certainty) for line, certainty, _ in points] for points in seen] == [[], [(9, "possible")], []]


def test_an_edit_elsewhere_reuses_what_overrides_return_without_evaluating(tmp_path, monkeypatch):
    base, fast, go = THIRD_MODULE_KEYS["result"]
    sub = "from base import Base\nfrom rows import Rows\n\n" + fast
    app = _using("sub", "Fast") + "from base import Base\n\n" + go
    for name, text in {"app.py": app, "base.py": base, "sub.py": sub, "rows.py": ROWS_SWITCHING, "pyproject.toml": ""}.items():
        (tmp_path / name).write_text(text)
    kept = open_workspace(Options())
    assert len(kept.analyze_file(tmp_path / "app.py").yield_points) == 1
    derived = _counting_derivations(monkeypatch)
    kept.set_text(tmp_path / "app.py", app + "\n_edited = [1]\n")  # a run (a literal alone keeps the graph)
    assert len(kept.analyze_file(tmp_path / "app.py").yield_points) == 1
    assert derived == [] and kept.stats["keys_reused"] >= 1


def test_an_edit_of_a_project_module_nothing_reaches_naming_a_library_class(tmp_path):
    # every function of a project module counts as code that runs, reached or not: a loaded project module
    # (not the analysed file) naming the library's class in a body nothing calls makes it live, and the
    # words are those of the module's current text (LiveClasses adds a module's functions' words at once)
    shapes = "import gevent\n\ndef helper():\n    return 1\n\nclass Impl:\n    def area(self):\n        gevent.sleep(0)\n"
    app = _using("shapes", "helper") + _using("tools", "noop") + "def measure(shape):\n    return shape.area()\n"
    tools = "def noop():\n    return 1\n"
    naming = tools + "\ndef unused():\n    import shapes\n    return shapes.Impl()\n"
    seen = _check(tmp_path, {"app.py": app, "tools.py": tools, "site-packages/shapes.py": shapes}, [
        ("tools.py", naming),
        ("tools.py", tools),
        ("tools.py", naming.replace("Impl()", "helper()")),
        ("tools.py", naming),
    ])
    assert [len(points) for points in seen] == [1, 0, 0, 1]
