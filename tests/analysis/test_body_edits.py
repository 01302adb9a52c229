"""Edits inside function bodies, in the analysed module and in another, report as a fresh analysis does.

These are the edits a graph kept across runs would serve (resolve/module_shape.py: the module keeps its
shape), and the ones next to them that must take the full path (a generator made, an instance attribute
assigned: the shape changes). Each edit is checked against a fresh workspace, and the workspace's stats say
which kind of edit it was (`same_shape`, `reshaped`), so the cases test what they are named for.
"""

from __future__ import annotations

import ast
import random
import re

import pytest

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.callgraph.graph import COLLECTED_BECAUSE
from switchpoint.analysis.resolve import body_edits, body_marks
from switchpoint.analysis.resolve.binder import Binder, Module, header_node
from switchpoint.analysis.resolve.module_cache import text_digest
from switchpoint.analysis.syntax import SourceText
from switchpoint.analysis.workspace import Workspace
from tests.analysis._edits import check_edits
from tests.random_edits import RUNTIME, STATEMENTS, body_edited

# every body word the edits below bring in is said in a body already (a word new to the code that runs may make a
# class live: the module is kept in place, the graph not; tests/analysis/test_kept_graph.py's word cases)
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


# Bodies other functions' entries read, each edited so that a point of a reader appears and goes: what a graph kept
# across a same-shape edit must collect again (or refuse to keep). Each edit is compared with a fresh workspace on
# the whole report and on the whole call graph, function by function (tests/analysis/_edits.py). The classes' and
# functions' names the edits bring in are said in a body already: a kept graph takes no edit whose new words name
# a class not live (kept_run.py), and these cases are about what reads bodies.
READS = '''\
import sys

import gevent


class Quiet:
    def run(self):
        return 1


class Loud:
    def run(self):
        gevent.sleep(0)


def both():
    return Quiet(), Loud(), loud_call


def loud_call():
    gevent.sleep(0)


def make():
    return Quiet()


def use_made():
    make().run()


class Holder:
    def __init__(self):
        self.worker = Quiet()

    def go(self):
        self.worker.run()


def outer():
    def inner():
        return 1
    return inner


def use_inner():
    outer()()


def enclosing():
    worker = Quiet()

    def inner():
        worker.run()
    inner()


def deco(func):
    return func


@deco
def decorated():
    return 1


def use_decorated():
    decorated()


def pick():
    chosen = lambda: 1
    return chosen


def use_picked():
    pick()()


WORKER = Quiet()


def setup():
    global WORKER
    WORKER = Quiet()


def use_global():
    WORKER.run()


def configure(holder: Holder):
    holder.other = Quiet()


def use_other(holder: Holder):
    holder.other.run()


REGISTRY = {}


def register():
    REGISTRY["worker"] = Quiet()


def use_registered():
    REGISTRY["worker"].run()


_SEEN = {}


def note():
    _SEEN["worker"] = Quiet()


def use_seen():
    _SEEN["worker"].run()


def peek():
    return 0


def produce():
    yield Quiet()


def use_produced():
    for worker in produce():
        worker.run()


class Finalized:
    def __del__(self):
        return None



def collect():
    found = []
    found.append(Quiet())
    return found[0]


def use_collected():
    collect().run()


def decided():
    if sys.version_info >= (3,):
        worker = Quiet()
    else:
        worker = Loud()
    return worker


def use_decided():
    decided().run()
'''


def _reads_edited(old: str, new: str, after: str) -> str:
    """READS with `old` replaced by `new` once, in the first place after the text `after`."""
    at = READS.index(after)
    found = READS.index(old, at)
    return READS[:found] + new + READS[found + len(old):]


def _check_reads(tmp_path, edited: str, stats: list) -> list:
    """READS edited and edited back, twice, each run compared whole with a fresh workspace's; the points seen."""
    return check_edits(tmp_path, {"app.py": READS}, [("app.py", edited), ("app.py", READS), ("app.py", edited)],
                       stats=stats, graphs=True)


@pytest.mark.parametrize("old, new, after, in_place", [
    ("return Quiet()", "return Loud()", "def make", True),  # a return value another function calls a method on
    ("self.worker = Quiet()", "self.worker = Loud()", "class Holder", True),  # an instance attribute's value
    ("return 1", "gevent.sleep(0)", "def inner", True),  # a nested def's body, through its enclosing function's
    ("worker = Quiet()", "worker = Loud()", "def enclosing", True),  # a closure's local
    ("return func", "func = loud_call\n    return func", "def deco", True),  # what a decorator gives
    ("lambda: 1", "lambda: gevent.sleep(0)", "def pick", True),  # a lambda in the body, called by another function
    ("WORKER = Quiet()", "WORKER = Loud()", "def setup", False),  # a module name a body binds through `global`
    ("holder.other = Quiet()", "holder.other = Loud()", "def configure", True),  # a store into another object
    ("REGISTRY[\"worker\"] = Quiet()", "REGISTRY[\"worker\"] = Loud()", "def register", False),  # a container store
    ("found.append(Quiet())", "found.append(Loud())", "def collect", True),  # a store into its own local list
    ("yield Quiet()", "yield Loud()", "def produce", True),  # what a generator another function iterates yields
    ("return None", "gevent.sleep(0)\n        return None", "class Finalized", True),  # a finalizer made to switch: a rule's finding
    ("return 0", "return _SEEN", "def peek", False),  # a module's private container let out: unknown entries join
    ("worker = Quiet()", "worker = Loud()", "def decided", False),  # a branch a test the target decides keeps
], ids=["return", "instance-attribute", "nested-def", "closure-local", "decorator", "lambda", "global",
        "attribute-store", "container-store", "local-container-store", "generator-yield", "finalizer",
        "container-escape", "decided-test"])
def test_an_edit_of_a_body_another_function_reads_reports_as_a_fresh_analysis(tmp_path, old, new, after, in_place):
    """Kept in place (resolve/body_edits.py) where nothing outside the body points into it, collecting the edited
    function and those that read its body; else the module is bound anew and all its functions collected."""
    stats = []
    seen = _check_reads(tmp_path, _reads_edited(old, new, after), stats)
    assert seen[0] == seen[2] != seen[1]  # a reader's point comes or turns certain, goes back (the edit undone), comes
    assert _kinds(stats) == ["same", "same", "same"]
    functions = READS.count("def ")
    for run in stats:
        assert run["kept_in_place"] == in_place
        assert (run["collected"] < 5) if in_place else (run["collected"] >= functions)
        assert run["collected_edited"] >= 1 if in_place else run["collected_rebound"]


# Functions that define functions and classes: an edit of one is kept in place with all it defines (their
# objects and def nodes kept, their bodies the new ones: resolve/body_edits.py), the readers of any of them
# collected again; a nested definition's header is read without a mark, so an edit of one takes the full path.
NESTED = '''\
import gevent


class Quiet:
    def run(self):
        return 1


class Loud:
    def run(self):
        gevent.sleep(0)


def both():
    return Quiet(), Loud(), keep_it, swap_it


def counter():
    worker = Quiet()

    def swap():
        nonlocal worker
        worker = Quiet()
        worker.run()
    swap()
    return worker


def use_counter():
    counter()


def lambdas():
    def pick():
        return lambda: 1
    return pick()


def use_lambdas():
    lambdas()()


def factory():
    class Local:
        def run(self):
            return 1
    return Local()


def use_factory():
    factory().run()


def use_config(config):
    config.worker.run()


def configured():
    class Config:
        worker = Quiet()
    use_config(Config)


class Base:
    worker = Quiet()

    def go(self):
        self.worker.run()


def subclassing():
    class Local(Base):
        worker = Quiet()
    Local().go()


def gathered():
    found = []
    found.append(Quiet())

    def first():
        return found[0]
    return first()


def use_gathered():
    gathered().run()


def added():
    found = []

    def add():
        found.append(Quiet())
    add()
    return found


def use_added():
    added()[0].run()


def deeper():
    def middle():
        def inner():
            return Quiet()
        return inner
    return middle()


def use_deeper():
    deeper()().run()


def walrused():
    found = [item for item in [Quiet()] if (chosen := item)]
    return chosen


def use_walrused():
    walrused().run()


def loud_call():
    gevent.sleep(0)


def keep_it(func):
    return func


def swap_it(func):
    return loud_call


def decorating():
    done = 1  # (a def statement's decorators first in a body are outside it, to the shape: the def's line starts it)

    @keep_it
    def inner():
        return done
    return inner


def use_decorating():
    decorating()()


def noisy(func):
    gevent.sleep(0)
    return func


def moving():
    done = 1

    @noisy
    def inner():
        return done
    return inner

'''


@pytest.mark.parametrize("old, new, after, in_place", [
    ("worker = Quiet()\n        worker", "worker = Loud()\n        worker", "def swap", True),  # a `nonlocal`'s store
    ("lambda: 1", "lambda: gevent.sleep(0)", "def pick", True),  # a lambda in a nested def
    ("return 1", "gevent.sleep(0)", "class Local", True),  # a nested class's method, called on what it returns
    ("worker = Quiet()", "worker = Loud()", "class Config", True),  # a nested class's attribute another function reads
    ("worker = Quiet()", "worker = Loud()", "class Local(Base)", True),  # one its base's method reads
    ("found.append(Quiet())", "found.append(Loud())", "def gathered", True),  # a list a nested def reads
    ("found.append(Quiet())", "found.append(Loud())", "def add", True),  # stored into by a nested def: (unknown
    ("return Quiet()", "return Loud()", "def middle", True),  # two levels down              entries either way)
    ("done = 1", "done = 1\n    done = 2", "def moving", True),  # a nested def's decorator (a point) moved
    ("[Quiet()]", "[Loud()]", "def walrused", True),  # what a walrus in a comprehension binds in the function
    ("@keep_it", "@swap_it", "def decorating", False),  # a nested def's header: its decorator
], ids=["nonlocal", "nested-lambda", "nested-class-method", "nested-class-attribute", "subclass-attribute",
        "closure-container",
        "closure-container-store", "nested-twice", "nested-header-moved", "walrus", "nested-header"])
def test_an_edit_of_a_function_defining_functions_and_classes_reports_as_a_fresh_analysis(
        tmp_path, old, new, after, in_place):
    stats = []
    at = NESTED.index(old, NESTED.index(after))
    edited = NESTED[:at] + new + NESTED[at + len(old):]
    seen = check_edits(tmp_path, {"app.py": NESTED}, [("app.py", edited), ("app.py", NESTED), ("app.py", edited)],
                       stats=stats, graphs=True)
    assert seen[0] == seen[2]
    assert (seen[0] != seen[1]) == (after != "def add")  # a point comes, goes back, comes (but for the unknown store)
    assert _kinds(stats) == ["same", "same", "same"]
    for run in stats:
        assert run["kept_in_place"] == in_place
        assert (run["collected"] < 8) if in_place else run["collected_rebound"]
        assert run["collected_edited"] >= 1 if in_place else True


def test_an_edit_kept_in_place_keeps_the_nested_definitions_and_their_def_nodes_in_the_tree():
    """The functions and classes a changed body defines stay the objects they were, and each one's def node is
    the one the module's tree holds now, with the new body and the new positions."""
    text = NESTED
    edited = text.replace("    worker = Quiet()\n\n    def swap",
                          "    worker = Quiet()\n    worker = Quiet()\n\n    def swap")
    old, new = _bound(text), _bound(edited)
    functions, classes = list(old.functions), list(old.classes)
    changed = body_edits.keep(old, new)
    assert changed is not None and [f.qualname for f in changed] == ["app.counter", "app.counter.swap"]
    assert old.functions == functions and old.classes == classes
    defs = {id(node) for node in ast.walk(old.tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    assert {id(header_node(f)) for f in old.functions} == defs
    classes_in_tree = {id(node) for node in ast.walk(old.tree) if isinstance(node, ast.ClassDef)}
    assert {id(c.node) for c in old.classes} == classes_in_tree
    swap = next(f for f in old.functions if f.qualname == "app.counter.swap")
    assert header_node(swap).lineno == edited.splitlines().index("    def swap():") + 1
    assert header_node(swap).body[0].lineno == header_node(swap).lineno + 1
    assert swap.scope.bindings["worker"][0][1].lineno == header_node(swap).lineno + 2  # bound from the new body


def _bound(text: str) -> Module:
    """`text` bound as the project module `app`, its bodies watched (as a workspace's world binds it)."""
    module = Module("app", "app.py", SourceText(text), ast.parse(text), digest=text_digest(text))
    Binder(module).bind()
    body_marks.watch(module)
    return module


# Methods assigning instance attributes (`self.x = v`): the class's table of them holds the assigned expressions,
# nodes of the methods' bodies, which an edit kept in place replaces; whoever reads an attribute so reads the
# bodies of the methods assigning it (infer.assigned_on_instances).
ATTRS = '''\
import gevent


class Quiet:
    def run(self):
        return 1


class Loud:
    def run(self):
        gevent.sleep(0)


def both():
    return Quiet(), Loud()


class Holder:
    def __init__(self):
        self.worker = Quiet()
        self.callback = lambda: 1

    def reset(self):
        self.worker = Quiet()

    def go(self):
        self.worker.run()

    def call(self):
        self.callback()


class Base:
    part = Quiet()

    def go(self):
        self.part.run()


class Derived(Base):
    def __init__(self):
        self.part = Quiet()


def use():
    Holder().go()
    Holder().call()
    Derived().go()
'''


@pytest.mark.parametrize("old, new, after", [
    ("self.worker = Quiet()", "self.worker = Loud()", "def __init__"),  # the first method assigning it
    ("self.worker = Quiet()", "self.worker = Loud()", "def reset"),  # the second
    ("lambda: 1", "lambda: gevent.sleep(0)", "def __init__"),  # a value that names nothing (a lambda)
    ("self.part = Quiet()", "self.part = Loud()", "class Derived"),  # what a subclass assigns, its base's method reads
], ids=["first-assignment", "second-assignment", "lambda-value", "subclass-assignment"])
def test_an_edit_of_a_method_assigning_instance_attributes_is_kept_in_place_and_reports_as_a_fresh_analysis(
        tmp_path, old, new, after):
    stats = []
    at = ATTRS.index(old, ATTRS.index(after))
    edited = ATTRS[:at] + new + ATTRS[at + len(old):]
    seen = check_edits(tmp_path, {"app.py": ATTRS}, [("app.py", edited), ("app.py", ATTRS), ("app.py", edited)],
                       stats=stats, graphs=True)
    assert seen[0] == seen[2] != seen[1]
    assert _kinds(stats) == ["same", "same", "same"]
    for run in stats:
        assert run["kept_in_place"] == 1 and run["collected"] < 8 and run["collected_edited"] >= 1


def test_the_instance_attributes_of_a_method_bound_again_are_in_the_order_a_fresh_binding_gives():
    edited = ATTRS.replace("        self.worker = Quiet()\n        self.callback = lambda: 1\n",
                           "        self.callback = lambda: 1\n        self.worker = Quiet()\n")
    old, new = _bound(ATTRS), _bound(edited)
    assert body_edits.keep(old, new) is not None

    def table(module):
        return [(cls.qualname, [(name, [(method.qualname, binding[1].lineno, binding[1].col_offset)
                                        for binding, method in assigned])
                                for name, assigned in cls.instance_attrs.items()])
                for cls in module.classes]

    assert table(old) == table(_bound(edited))
    assert list(old.classes[2].instance_attrs) == ["callback", "worker"]  # as the edited text says them first


def test_the_attribute_stores_of_a_function_bound_again_are_those_and_in_the_order_a_fresh_binding_gives():
    text = ("class Box:\n    pass\n\n\ndef first(box):\n    box.a = 1\n    box.c = 2\n\n\n"
            "def second(box):\n    box.b = box\n")
    # the same stores (the shape), the first function's taken out and bound again
    edited = text.replace("    box.a = 1\n    box.c = 2\n", "    box.c = 2\n    box.a = box\n")
    old, new = _bound(text), _bound(edited)
    assert body_edits.keep(old, new) is not None

    def table(module):
        return [(owner.qualname, [(target.attr, target.lineno, binding[1].lineno) for target, binding in stores])
                for owner, stores in module.attribute_stores.items()]

    assert table(old) == table(_bound(edited))
    assert len(table(old)) > 1  # the order of more than one function's


def test_two_bodies_edited_at_once_and_lines_shifted_report_as_a_fresh_analysis(tmp_path):
    """One edit changes two bodies and adds lines to the first, which moves every function after it (their
    points' lines); then it is undone."""
    edited = _reads_edited("return Quiet()", "gevent.sleep(0)\n    gevent.sleep(0)\n    return Loud()", "def make")
    edited = edited.replace("    return func\n", "    func = loud_call\n    return func\n")
    stats = []
    seen = _check_reads(tmp_path, edited, stats)
    assert len(seen[0]) == len(seen[2]) > len(seen[1])
    last = [{line for line, _, chain in found if chain[0] == "app.use_registered"} for found in seen]
    assert last[0] == {line + 3 for line in last[1]} == last[2]  # the last function's point moved with its lines
    assert _kinds(stats) == ["same", "same", "same"]
    assert [run["kept_in_place"] for run in stats] == [1, 1, 1]
    assert all(run["collected_edited"] >= 2 for run in stats)  # make and deco


def test_a_body_edit_making_or_unmaking_a_generator_reports_as_a_fresh_analysis(tmp_path):
    stats = []
    seen = _check_reads(tmp_path, _reads_edited("make().run()", "yield make().run()", "def use_made"), stats)
    assert len(seen) == 3
    assert _kinds(stats) == ["reshaped", "reshaped", "reshaped"]


def test_the_stats_say_why_an_edit_collected_what_it_collected(tmp_path):
    """The edited module's functions are collected again as definitions bound anew ("rebound"), those of
    other modules whose entries read it as reading a changed module; nothing is new after the first run."""
    files = {"app.py": "from lib import make\n\n\ndef use():\n    make().run()\n",
             "lib.py": READS}
    stats = []
    check_edits(tmp_path, files, [("lib.py", _reads_edited("return Quiet()", "return Loud()", "def make")),
                                  # (a def with a parameter: app bound anew; resolve/top_level_edits.py)
                                  ("app.py", files["app.py"] + "\n\ndef more(n):\n    use()\n")], stats=stats)
    edit_lib, edit_app = stats
    assert edit_lib["collected_new"] == edit_app["collected_new"] == 0
    assert edit_lib["collected_rebound"] > 0 and edit_lib["collected_read_changed"] > 0  # lib's own, app.use
    assert edit_app["collected_rebound"] > 0 and edit_app["collected_read_changed"] == 0  # nothing reads app
    for run in stats:
        assert run["collected"] == sum(run[f"collected_{why}"] for why in COLLECTED_BECAUSE)


def _reads_project(tmp_path):
    """A project holding READS as app.py, and a folder for the disk store: (app.py, the store's folder)."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("")
    app = folder / "app.py"
    app.write_text(READS)
    return app, tmp_path / "cache"


def test_entries_collected_after_edits_kept_in_place_are_stored_and_restored_as_a_fresh_run_has_them(tmp_path):
    """The disk store names a body read by its module's text hash (resolve/body_marks.py): the entries a workspace
    collected after an edit of a file on disk kept in place are stored, and restored by a new workspace reading
    the same texts, which reports as one that collected everything."""
    app, cache = _reads_project(tmp_path)
    editor = open_workspace(Options(cache_dir=str(cache), whole_results=False))
    editor.analyze_file(app)
    app.write_text(_reads_edited("return Quiet()", "return Loud()", "def make"))  # another size: another stat
    editor.analyze_file(app)
    assert editor.stats["kept_in_place"] == 1 and editor.stats["collected"] == 2  # make, use_made: stored
    restoring = open_workspace(Options(cache_dir=str(cache), whole_results=False))
    found = restoring.analyze_file(app)
    assert restoring.stats["from_disk"] >= 2
    assert _report(found) == _report(open_workspace(Options()).analyze_file(app))


def test_a_one_shot_runs_stored_entries_restored_by_an_editor_hold_only_until_a_body_they_read_is_edited(tmp_path):
    """A one-shot run (the CLI) does not watch bodies, so its entries carry no body marks; an editor restoring them
    from the store it filled must still collect again what read a body it then edits in place (`use_made` reads
    what `make` returns), as a fresh workspace does (resolve/body_marks.py `every_body`)."""
    app, cache = _reads_project(tmp_path)
    Workspace(Options(cache_dir=str(cache), whole_results=False), one_shot=True).analyze_paths([app])
    editor = open_workspace(Options(cache_dir=str(cache), whole_results=False))
    editor.analyze_file(app)
    assert editor.stats["from_disk"] >= 2 and editor.stats["collected"] == 0
    editor.set_text(app, _reads_edited("return Quiet()", "return Loud()", "def make"))
    found = editor.analyze_file(app)
    assert editor.stats["kept_in_place"] == 1
    fresh = open_workspace(Options())
    fresh.set_text(app, _reads_edited("return Quiet()", "return Loud()", "def make"))
    assert _report(found) == _report(fresh.analyze_file(app))
    assert next(f for f in found.functions if f.qualname.endswith("use_made")).may_switch  # what the edit made so


# Top-level statements nothing but the module's top-level code reads (resolve/top_level_edits.py)
TOP = '''\
import gevent

registry = {}
registry["a"] = 1
LIMIT = 3


class Store:
    size = LIMIT

    def put(self, item):
        gevent.sleep(0)
        return registry


def helper(store):
    store.put(LIMIT)
'''


def _nowhere(words, module, names) -> bool:
    return False


def test_a_top_level_edit_kept_in_place_leaves_the_module_as_a_fresh_binding_of_the_edited_text():
    edited = TOP.replace("LIMIT = 3\n", "LIMIT = 3\n_marker = gevent.sleep\n_other: LIMIT = -1\n")
    old, new = _bound(TOP), _bound(edited)
    functions, classes, top = list(old.functions), list(old.classes), old.top
    statements = old.tree.body
    assert body_edits.keep(old, new, _nowhere) == [top]
    fresh = _bound(edited)
    assert old.functions == functions and old.classes == classes and old.top is top
    assert old.tree.body is not statements and header_node(top).body is old.tree.body  # its own body: a new list
    assert body_marks.own(top) == (body_marks.name_of(top), old.tree.body)
    assert body_marks.current(body_marks.name_of(top), type("W", (), {"modules": {"app": old}})()) is old.tree.body
    assert ast.dump(old.tree, include_attributes=True) == ast.dump(fresh.tree, include_attributes=True)
    assert statements[0] is old.tree.body[0] and statements[-1] is old.tree.body[-1]  # the nodes kept

    def bindings(module):
        def part(value):
            return ast.dump(value, include_attributes=True) if isinstance(value, ast.AST) else getattr(value, "qualname", value)

        return [(name, [tuple(map(part, binding)) for binding in found]) for name, found in module.scope.bindings.items()]

    assert bindings(old) == bindings(fresh)
    assert old.source.text == edited and old.digest == fresh.digest


@pytest.mark.parametrize("edited, why", [
    (TOP + "\n_marker = 1\n", None),
    (TOP + "\n# a comment\n", None),
    (TOP.replace("LIMIT = 3\n", "LIMIT = 4\n"), "name said elsewhere"),  # the functions read it
    (TOP + "\n_marker = registry\n", "module container"),  # the walk for what registry holds spells it
    (TOP + "\n_marker = Unheard  # a word no other module says\n", None),
    (TOP + "\ngevent.sleep(0)\n", "top-level statement"),
    (TOP + "\nimport os\n", "top-level statement"),
    (TOP + "\n__version__ = '1'\n", "top-level statement"),
    (TOP.replace("LIMIT = 3\n", "LIMIT = 3\n_marker = 1\n").replace("store.put(LIMIT)", "store.put(2)"),
     "shape"),  # a body and a top-level statement at once (a body's words are part of the shape)
    (TOP.replace("LIMIT = 3\n", "LIMIT = 3\n_marker = 1\n").replace("store.put(LIMIT)", "store.put(LIMIT, 2)"),
     "top-level statement"),  # the same words: the def is among the changed statements
    (TOP.replace("    size = LIMIT\n", "    size = LIMIT\n    _marker = 1\n"), None),  # a class body (class_edits.py)
    (TOP + "\n_marker = 1; _other = 2\n", None),
    (TOP.replace("registry = {}\n", "registry = {}; _marker = 1\n"), "top-level statement"),  # a line shared
])
def test_a_top_level_edit_is_refused_where_something_else_may_read_it(edited, why):
    assert body_edits.refusal(_bound(TOP), _bound(edited), _nowhere) == why
    assert body_edits.refusal(_bound(TOP), _bound(edited)) is not None  # a one-shot world's: no top-level edit kept


def test_a_top_level_name_another_module_says_is_refused_and_the_module_left_as_it_was():
    old, new = _bound(TOP), _bound(TOP + "\n_marker = 1\n")
    asked = []

    def said(words, module, names):
        asked.append((set(words), module, set(names)))
        return True

    statements, text = old.tree.body, old.source.text
    assert body_edits.keep(old, new, said) is None
    assert asked[0] == ({"_marker"}, old, {"_marker"})
    assert old.tree.body is statements and old.source.text == text and "_marker" not in old.scope.bindings


def test_a_def_appended_is_made_one_of_the_old_modules_functions_as_a_fresh_binding_has_it():
    edited = TOP + "\n\ndef _spare():\n    found = LIMIT\n    return found\n"
    old, new = _bound(TOP), _bound(edited)
    functions = list(old.functions)
    changed = body_edits.keep(old, new, _nowhere)
    added = new.functions[-1]
    assert changed == [old.top, added] and old.functions == [*functions, added]
    fresh = _bound(edited)
    assert added.module is old and added.scope.parent is old.scope and old.scope.bindings["_spare"] == (("def", added),)
    assert body_marks.name_of(added) == body_marks.name_of(fresh.functions[-1])  # the index a fresh binding gives
    assert ast.dump(old.tree, include_attributes=True) == ast.dump(fresh.tree, include_attributes=True)
    assert header_node(added) is old.tree.body[-1]
    assert [f.qualname for f in old.functions] == [f.qualname for f in fresh.functions]


SQL_APP = '''\
import gevent
from pkg import sql
from pkg.sql import registry


def build(x):
    sql.update(x)
    return x


def fill(x):
    registry.update(a=x)
    return x


def main():
    gevent.sleep(0)
    build(1)
    fill(2)
'''


def test_a_body_mentioning_a_module_a_from_import_binds_is_kept_one_mentioning_a_container_is_not(tmp_path):
    # `sql.update(x)` reads as a store into what `sql` holds (binder's stored_names): a module, which takes none, so
    # the edit is kept in place (World.names_module); `registry.update(...)` stores into the dict `pkg.sql` binds,
    # found by the one walk of the module's code, whose readers no mark of fill's body names: a new module
    files = {"app.py": SQL_APP, "pkg/__init__.py": "", "pkg/sql.py": "registry = {}\n\n\ndef update(x):\n    return x\n"}
    stats = []
    check_edits(tmp_path, files, [
        ("app.py", SQL_APP.replace("    sql.update(x)\n", "    sql.update(x)\n    y = x\n")),
        ("app.py", SQL_APP.replace("    registry.update(a=x)\n", "    registry.update(a=x)\n    y = x\n")),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 0]
