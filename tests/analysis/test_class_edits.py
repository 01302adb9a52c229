"""Edits of a class body outside its methods kept in place (resolve/class_edits.py): a method added, a class
attribute nothing else reads, `pass`, a docstring, a comment. Each kept case runs in one workspace and in a fresh one
per edit, whose whole reports and call graphs must agree (tests/analysis/_edits.py), and says by the workspace's stats
which path it took; each refused case says why (`body_edits.refusal`).
"""

from __future__ import annotations

import ast

import pytest

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.resolve import body_edits, body_marks, class_edits
from switchpoint.analysis.resolve.binder import header_node
from tests.analysis._edits import check_edits, whole
from tests.analysis.test_body_edits import _bound

LIB = '''\
import gevent


class Store:
    """A store."""
    limit = 3

    def __init__(self):
        self.items = []

    def put(self, item):
        gevent.sleep(0)
        self.items.append(item)

    def size(self):
        return len(self.items) + self.limit


class Relay:
    def go(self, store):
        store.put(1)
        return store.size()


class Waiter:
    pass


def make():
    return Store()


def fill():
    Relay().go(make())
'''


def _nowhere(words, module, names) -> bool:
    return False


def _after_put(addition: str) -> str:
    return LIB.replace("        self.items.append(item)\n", "        self.items.append(item)\n" + addition)


def _kept(stats: list[dict]) -> list[tuple[int, int]]:
    return [(s["kept_in_place"], s["graph_kept"]) for s in stats]


HEADER = "\n    def _spare(self):\n        pass\n"
FILLED = "\n    def _spare(self):\n        found = self.items\n        return found\n"


SLEEPING = FILLED.replace("        return found\n", "        gevent.sleep(0)\n        return found\n")


@pytest.mark.parametrize("where", ["between", "last"])
def test_a_method_typed_into_a_class_keeps_the_module_and_the_graph_and_taking_it_away_takes_a_run(tmp_path, where):
    # a bare header, then its body filled (a body edit), then a call of a function the graph has: as fresh runs have
    # each; between two methods, the body marks of every function after it name others (what read them collected again)
    if where == "between":
        start, texts = LIB, [_after_put(HEADER), _after_put(FILLED), _after_put(SLEEPING)]
    else:
        start = LIB + "\n\nclass Late:\n    def go(self):\n        pass\n"  # a class last: nothing follows its methods
        texts = [start + HEADER, start + FILLED, start + SLEEPING]
    stats = []
    check_edits(tmp_path, {"app.py": start}, [("app.py", text) for text in [*texts, start]], stats=stats, graphs=True)
    assert _kept(stats) == [(1, 1), (1, 1), (1, 1), (0, 0)]  # a method taken away: a run (as a def's)


def _class_line(line: str) -> str:
    return LIB.replace("    limit = 3\n", "    limit = 3\n" + line)


@pytest.mark.parametrize("edited, again", [
    (_class_line("    _retries = 3\n"), _class_line("    _retries = 5\n")),  # a class attribute nothing reads
    (_class_line("    pass\n"), _class_line("    ...\n")),
    (LIB.replace("class Waiter:\n    pass\n", "class Waiter:\n    \"\"\"Waits.\"\"\"\n"),
     LIB.replace("class Waiter:\n    pass\n", "class Waiter:\n    \"\"\"Sleeps.\"\"\"\n")),  # a docstring for `pass`
    (LIB.replace("    limit = 3\n", "    # the limit\n    limit = 3\n"),
     LIB.replace("    limit = 3\n", "    # limit\n    limit = 3\n")),  # a comment: nothing collected
    (_class_line("    _kind = gevent.sleep\n"), _class_line("    _kind = Store\n")),  # an attribute, a name
], ids=["attribute", "pass", "docstring", "comment", "a-value"])
def test_a_class_statement_nothing_else_reads_keeps_the_module_and_the_graph(tmp_path, edited, again):
    stats = []
    check_edits(tmp_path, {"app.py": LIB}, [("app.py", edited), ("app.py", again), ("app.py", LIB)],
                stats=stats, graphs=True)
    assert _kept(stats) == [(1, 1)] * 3
    assert [s["collected"] for s in stats] == ([0, 0, 0] if "# the limit" in edited else [1, 1, 1])  # the top level


def test_a_class_edit_of_another_module_kept_in_place_takes_a_full_run_that_collects_its_top_level_code(tmp_path):
    stats = []
    check_edits(tmp_path, {"app.py": "from lib import fill\n\n\ndef main():\n    fill()\n", "lib.py": LIB}, [
        ("lib.py", _after_put(HEADER)), ("lib.py", _after_put(FILLED)),
    ], stats=stats, graphs=True)
    assert _kept(stats) == [(1, 0), (1, 0)]


@pytest.mark.parametrize("edited", [
    _after_put("\n    def size2(self):\n        pass\n").replace("return store.size()", "return store.size2()"),
    LIB.replace("    limit = 3\n", "    limit = 4\n"),  # a class attribute a method reads
    _after_put("\n    def go(self):\n        pass\n"),  # a name another class's method has: dispatch of `.go`
    _after_put("\n    def __len__(self):\n        return 0\n"),  # a dunder: called by syntax (len())
    _class_line("    _kind = Idle\n"),  # another module's class, not live: it may be now
], ids=["a-method-called", "a-read-attribute", "an-override-name", "a-dunder", "a-class-word"])
def test_a_class_edit_something_else_may_read_takes_a_run(tmp_path, edited):
    stats = []
    other = "class Idle:\n    pass\n\n\nclass Busy:\n    pass\n"  # loaded (app reads it); Idle said by it alone
    start, edited = (text.replace("import gevent\n", "import gevent\nfrom other import Busy\n") + "\n\ndef _busy():\n    return Busy()\n"
                     for text in (LIB, edited))
    check_edits(tmp_path, {"app.py": start, "other.py": other}, [("app.py", edited), ("app.py", start)],
                stats=stats, graphs=True)
    assert _kept(stats) == [(0, 0), (0, 0)]


def test_a_method_added_whose_body_names_a_class_not_live_keeps_the_module_and_takes_a_run(tmp_path):
    # the method's body words are a body's: a kept graph asks whether they may make a class live (the library's
    # Waiter is now: relay's thing.wait() may be its wait, a point), as for an edited body (test_kept_graph.py)
    from tests.analysis.test_kept_graph import WAITERS, WORDS_APP

    start = WORDS_APP + "\n\nclass Holder:\n    def hold(self):\n        return self\n"
    edited = start + "\n    def _spare(self):\n        return 'Waiter'\n"
    stats = []
    seen = check_edits(tmp_path, {"app.py": start, "site-packages/waiters.py": WAITERS},
                       [("app.py", edited), ("app.py", edited.replace("Waiter", "Waite"))], stats=stats, graphs=True)
    assert _kept(stats) == [(1, 0), (1, 0)] and [len(points) for points in seen] == [1, 0]


@pytest.mark.parametrize("edited, why", [
    (_after_put(HEADER), None),
    (LIB.replace("    limit = 3\n", "    limit = 4\n"), "name said elsewhere"),
    (_after_put("\n    def size(self):\n        pass\n"), "shape"),  # a name bound twice: the functions differ by one
    (_after_put("\n    def go(self):\n        pass\n"), "name said elsewhere"),
    (_after_put("\n    def __len__(self):\n        return 0\n"), "class statement"),
    (_after_put("\n    @property\n    def _spare(self):\n        pass\n"), "class statement"),
    (_after_put("\n    def _spare(self, n=make()):\n        pass\n"), "class statement"),  # a default runs on import
    (_after_put("\n    def _spare(self, n: int):\n        pass\n"), "class statement"),
    (LIB.replace("    limit = 3\n", "    limit = 3\n    _retries: int = 3\n"), "class statement"),  # a field
    (LIB.replace("    limit = 3\n", "    limit = 3\n    _retries = make()\n"), "class statement"),  # a call
    (LIB.replace("    limit = 3\n", "    limit = 3\n    _retries = 3\n").replace("return Store()", "return Store(1)"),
     "shape"),  # a body too
    (LIB.replace("    limit = 3\n", "    limit = 3\n    _retries = 3\n").replace("class Waiter:\n    pass\n",
                                                                            "class Waiter:\n    _x = 1\n"),
     "shape"),  # two classes
    (LIB.replace("class Store:\n", "class Store(object):\n").replace("    limit = 3\n", "    limit = 3\n    _r = 1\n"),
     "class statement"),  # its header
    (LIB.replace("    limit = 3\n", "    limit = 3; _retries = 3\n"), "name said elsewhere"),  # the line's both
    (LIB.replace("    limit = 3\n", "    limit = 3\n    _a = 1; _b = 2\n"), None),
    (_after_put("\n    def _spare(self):\n        def inner():\n            pass\n"), "shape"),  # a function more
])
def test_a_class_edit_is_refused_where_something_else_may_read_it(edited, why):
    assert body_edits.refusal(_bound(LIB), _bound(edited), _nowhere) == why
    assert body_edits.refusal(_bound(LIB), _bound(edited)) is not None  # a one-shot world's: kept by none


def test_a_class_edit_kept_in_place_leaves_the_module_as_a_fresh_binding_of_the_edited_text():
    edited = _after_put(FILLED).replace("    limit = 3\n", "    limit = 3\n    _retries = 3\n")
    old, new = _bound(LIB), _bound(edited)
    functions, classes, top = list(old.functions), list(old.classes), old.top
    statements, store = old.tree.body, old.classes[0]
    names = [body_marks.name_of(f) for f in functions]
    changed = body_edits.refusal(old, new, _nowhere)
    assert changed == "class statement"  # two places in one class body: the methods between are among the changed
    edited = _after_put(FILLED)
    new = _bound(edited)
    assert body_edits.keep(old, new, _nowhere) == [top, new.functions[2]]
    added = old.functions[2]
    fresh = _bound(edited)
    assert old.functions == [*functions[:2], added, *functions[2:]] and old.classes == classes
    assert added.module is old and added.cls is store and store.scope.bindings["_spare"] == (("def", added),)
    assert old.tree.body is not statements and old.tree.body[0] is statements[0]  # a new list: the top level's body
    assert ast.dump(old.tree, include_attributes=True) == ast.dump(fresh.tree, include_attributes=True)
    # the functions keep their body marks' names (a mark held names the body read), the method added the next; the
    # disk store writes and reads them as a fresh binding names them (the index of each function now)
    assert [body_marks.name_of(f) for f in functions] == names
    assert body_marks.name_of(added) == f"¶{len(functions)}:app"
    world = type("W", (), {"modules": {"app": old}})()
    on_disk = [body_marks.on_disk(body_marks.name_of(f), world) for f in old.functions]
    assert on_disk == [body_marks.name_of(f) for f in fresh.functions]
    assert [body_marks.in_memory(name, world) for name in on_disk] == [body_marks.name_of(f) for f in old.functions]
    assert all(body_marks.current(body_marks.name_of(f), world) is header_node(f).body for f in old.functions)
    assert class_edits.edited(old)[1][0] is header_node(added)
    assert list(store.scope.bindings) == list(next(c for c in fresh.classes if c.name == "Store").scope.bindings)
    assert header_node(added).body[0].lineno == header_node(fresh.functions[2]).body[0].lineno
    assert old.source.text == edited and old.digest == fresh.digest


STORED = '''\
import os

import gevent


class Plain:
    def put(self, item):
        return item


class Busy:
    def put(self, item):
        gevent.sleep(0)


class Box:
    def first(self):
        return 1

    def make(self):
        return Plain()


class User:
    def go(self):
        return Box().make().put(1)


def main():
    User().go()
'''


def test_marks_of_a_module_a_method_was_inserted_into_are_stored_as_a_fresh_binding_names_them(tmp_path):
    # saved texts: a method inserted before Box.make (kept in place: make's mark keeps its name in memory), then go
    # edited so that a run collects it (it calls what the graph never reached) and stores it, marked as reading
    # make's body; a new process restores it for a fresh binding of the text, where an edit of make's body kept in
    # place must collect go again (go read make's body, not the method's inserted, whose index make had)
    (tmp_path / "pyproject.toml").write_text("")
    app = tmp_path / "app.py"
    app.write_text(STORED)
    options = Options(cache_dir=str(tmp_path / "store"), whole_results=False)
    editor = open_workspace(options)
    editor.analyze_file(app)
    inserted = STORED.replace("        return 1\n", "        return 1\n\n    def _spare(self):\n        pass\n")
    calling = inserted.replace("        return Box()", "        os.getcwd()\n        return Box()")
    for text in (inserted, calling):
        app.write_text(text)
        editor.analyze_file(app)
        assert editor.stats["kept_in_place"] == 1
    assert editor.stats["graph_kept"] == 0  # a run: go collected and stored
    restoring = open_workspace(options)
    restoring.analyze_file(app)
    assert restoring.stats["from_disk"] > 0
    busy = calling.replace("        return Plain()\n", "        return Busy()\n")
    restoring.set_text(app, busy)
    report = restoring.analyze_file(app)
    fresh = open_workspace(Options())
    fresh.set_text(app, busy)
    assert restoring.stats["kept_in_place"] == 1
    assert whole(report) == whole(fresh.analyze_file(app)) and report.yield_points


@pytest.mark.parametrize("edited", [
    STORED.replace("        return 1\n", "        _unused = 1\n        return 1\n"),  # a body above the point
    STORED.replace("class Busy:\n", "class Busy:\n    pass\n"),  # a class body above it
], ids=["body", "class"])
def test_an_edit_kept_in_place_moves_the_points_of_entries_read_back_from_the_store(tmp_path, edited):
    # an entry read back from disk anchors its operations by position (callgraph/anchors.py): they are found as it
    # is restored, before an edit kept in place moves the nodes (found later, they named the old lines)
    (tmp_path / "pyproject.toml").write_text("")
    app = tmp_path / "app.py"
    start, edited = (text.replace("return Plain()", "return Busy()") for text in (STORED, edited))
    app.write_text(start)
    options = Options(cache_dir=str(tmp_path / "store"), whole_results=False)
    open_workspace(options).analyze_file(app)
    restoring = open_workspace(options)
    restoring.analyze_file(app)
    assert restoring.stats["from_disk"] > 0
    restoring.set_text(app, edited)
    report = restoring.analyze_file(app)
    fresh = open_workspace(Options())
    fresh.set_text(app, edited)
    assert (restoring.stats["kept_in_place"], restoring.stats["graph_kept"]) == (1, 1)
    assert whole(report) == whole(fresh.analyze_file(app)) and report.yield_points
