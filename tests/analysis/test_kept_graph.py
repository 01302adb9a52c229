"""An edit kept in place that changes no call keeps the last run's call graph (callgraph/kept_graph.py,
kept_run.py), and every edit that would change what the graph derived takes a run.

Each case runs its edits in one workspace and in a fresh one per edit: the whole reports and the call graphs must
agree (`check_edits(graphs=True)`), and the workspace's `graph_kept` stat says which path each edit took, so
every case tests the path it is named for.
"""

from __future__ import annotations

import ast

import pytest

from switchpoint.analysis.api import Cancelled, Options, open_workspace
from switchpoint.analysis.semantics.patching import PATCH_CALL_HINTS
from tests.analysis._edits import check_edits, whole
from tests.rules.test_fixtures import fixtures as rule_fixtures

LIB = '''\
import gevent


class Store:
    def __init__(self):
        self.items = []

    def put(self, item):
        gevent.sleep(0)
        self.items.append(item)


def make():
    return Store()
'''
# every word the edits below bring into a body is said in a body already (so that no word new to the code that runs
# is what decides whether the graph is kept: the word cases are below, WORDS_APP)
APP = '''\
import gevent
from lib import Store, make


def helper(store, n):
    total = n + 1
    store.put(total)
    return total


def maker():
    made = Store()
    return made


def caller():
    helper(Store(), 2)
    maker().put(1)
    return 1


def later():
    gevent.sleep(0)
    helper(make(), 3)
'''


def _kept(stats: list[dict]) -> list[int]:
    return [s["graph_kept"] for s in stats]


def _helper(first_line: str) -> str:
    return APP.replace("    total = n + 1\n", first_line)


def test_edits_that_change_no_call_keep_the_graph_and_move_the_points_after_them(tmp_path):
    stats = []
    seen = check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", _helper("    total = n + 2\n")),  # a value
        ("app.py", _helper("    total = n + 2\n    made = 2\n    made = 3\n")),  # lines added
        ("app.py", _helper("    total = n + 3\n")),  # and taken away
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1, 1]
    assert [s["collected"] for s in stats] == [1, 1, 1]  # helper alone: nothing read its body
    lines = [sorted(line for line, _, _ in points) for points in seen]
    assert lines[1] == [line + 2 if line > 6 else line for line in lines[0]]  # every point below the edit moved
    assert lines[2] == lines[0]
    assert stats[1]["collected_edited"] == 1


def test_an_entry_that_read_the_edited_body_is_collected_again_and_the_graph_kept(tmp_path):
    # caller's `maker().put(1)` read maker's body for what it returns: still a Store
    stats = []
    check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", APP.replace("    made = Store()\n", "    made = Store()\n    made = made\n")),
        ("app.py", APP.replace("    made = Store()\n", "    made = make()\n")),  # another call: a run
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 0]
    assert stats[0]["collected_edited"] == 1 and stats[0]["collected_read_changed"] >= 1


def test_edits_that_add_calls_of_what_the_graph_has_keep_it_and_those_dropping_a_callee_take_a_run(tmp_path):
    # only helper's own edges change: a second call of Store.put, a call of a primitive; then one dropped
    stats = []
    seen = check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", _helper("    total = n + 1\n    store.put(total)\n")),
        ("app.py", _helper("    total = n + 1\n    store.put(total)\n    gevent.sleep(0)\n")),
        ("app.py", _helper("    total = n + 1\n    gevent.sleep(0)\n")),  # one of two calls of Store.put gone
        ("app.py", APP),  # helper calls gevent.sleep no more: a fresh graph may lose what only it reached
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1, 1, 0]
    assert [len(points) for points in seen] == [6, 7, 6, 5]


@pytest.mark.parametrize("edited", [
    APP.replace("    helper(Store(), 2)\n", "    helper(Store, 2)\n"),  # another value passed, a call fewer
    APP.replace("    made = Store()\n    return made\n", "    made = Store()\n    return Store\n"),  # another result
], ids=["argument-changed", "result-changed"])
def test_edits_that_change_what_the_graph_derived_take_a_run(tmp_path, edited):
    stats = []
    check_edits(tmp_path, {"app.py": APP, "lib.py": LIB}, [
        ("app.py", edited), ("app.py", APP), ("app.py", _helper("    total = n + 2\n")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0, 0, 1]


def test_a_lambda_in_the_edited_body_is_a_new_function_and_takes_a_run(tmp_path):
    app = APP.replace("    total = n + 1\n", "    total = n + 1\n    key = lambda item: item\n")
    stats = []
    check_edits(tmp_path, {"app.py": app, "lib.py": LIB}, [
        ("app.py", app.replace("total = n + 1", "total = n + 2")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0]


def test_a_module_that_may_patch_never_keeps_its_graph(tmp_path):
    app = APP + "\n\ndef setup():\n    from gevent import monkey\n    monkey.patch_all()\n"
    stats = []
    check_edits(tmp_path, {"app.py": app, "lib.py": LIB}, [
        ("app.py", app.replace("total = n + 1", "total = n + 2")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0]


WAITERS = '''\
import gevent


class Waiter:
    def wait(self):
        gevent.sleep(0)


def ready():
    return 1
'''
# a library class no code that runs names: not live, so `thing.wait()` (a receiver of unknown class) cannot reach it
WORDS_APP = '''\
import waiters


def start():
    return waiters.ready()


def relay(thing):
    return thing.wait()


def helper(n):
    total = n + 1
    return total
'''


def _words_helper(first_lines: str) -> str:
    return WORDS_APP.replace("    total = n + 1\n", first_lines)


def test_a_body_saying_new_words_that_name_no_class_keeps_the_graph(tmp_path):
    # typing a statement in: each text says a word no body said before and drops the one before it
    stats = []
    seen = check_edits(tmp_path, {"app.py": WORDS_APP, "site-packages/waiters.py": WAITERS}, [
        ("app.py", _words_helper("    total = n + 1\n    c = total\n")),
        ("app.py", _words_helper("    total = n + 1\n    co = total\n")),
        ("app.py", _words_helper("    total = n + 1\n    conn = total\n")),
        ("app.py", WORDS_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1, 1, 1] and _kept(stats) == [1, 1, 1, 1]
    assert seen == [[]] * 4


def test_a_body_naming_a_library_class_that_was_not_live_takes_a_run_and_so_does_dropping_it(tmp_path):
    # the word makes waiters.Waiter live (resolve/live_classes.py): relay's thing.wait() may be its wait, a possible
    # point; the one mention dropped, it is dead again. Both kept in place, neither keeps the graph
    stats = []
    seen = check_edits(tmp_path, {"app.py": WORDS_APP, "site-packages/waiters.py": WAITERS}, [
        ("app.py", _words_helper("    total = n + 1\n    x = 'Waiter'\n")),
        ("app.py", _words_helper("    total = n + 1\n    x = 'Waiter', total\n")),  # said still: kept
        ("app.py", _words_helper("    total = n + 1\n    x = 'Waite'\n")),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1, 1] and _kept(stats) == [0, 1, 0]
    assert [len(points) for points in seen] == [1, 1, 0]


def test_a_body_naming_a_class_live_already_keeps_the_graph_and_losing_the_word_takes_a_run(tmp_path):
    # start's body names Waiter, so it is live from the first run: a second body saying it makes nothing live;
    # a body that stops saying it may leave it dead (other code saying it too is not looked for): a run
    app = WORDS_APP.replace("    return waiters.ready()\n", "    return waiters.ready(), 'Waiter'\n")
    stats = []
    seen = check_edits(tmp_path, {"app.py": app, "site-packages/waiters.py": WAITERS}, [
        ("app.py", app.replace("    total = n + 1\n", "    total = n + 1\n    x = 'Waiter'\n")),
        ("app.py", app.replace("    total = n + 1\n", "    total = n + 2\n")),
        ("app.py", app.replace("'Waiter'", "'Waite'")),
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1, 0]
    assert [len(points) for points in seen] == [1, 1, 0]


MODELLED_APP = '''\
import gevent


def start():
    gevent.sleep(0)


def relay(thing):
    return thing.wait()


def helper(n):
    total = n + 1
    return total
'''


def test_a_body_naming_a_modelled_class_with_a_rule_takes_a_run_and_so_does_dropping_it(tmp_path):
    # gevent's Event has instances only where a word of it runs (the model's MADE_BY): then relay's thing.wait()
    # may be Event.wait, its shortest witness; without it, the hub's
    stats = []
    seen = check_edits(tmp_path, {"app.py": MODELLED_APP}, [
        ("app.py", MODELLED_APP.replace("    total = n + 1\n", "    total = n + 1\n    x = 'Event'\n")),
        ("app.py", MODELLED_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1] and _kept(stats) == [0, 0]
    assert [chain for points in seen for _, _, chain in points if chain[0] == "app.relay"] == [
        ("app.relay", "gevent.event.Event.wait"), ("app.relay", "gevent.hub.Hub.wait")]


def test_a_body_asking_for_a_bases_subclasses_takes_a_run(tmp_path):
    # the subclasses of a base some code asks for (`Base.__subclasses__()`) may be live: Waiter joins, and relay's
    # thing.wait() may be its wait; the word Base is said from the first run, so the reflection alone decides
    waiters = WAITERS.replace("class Waiter:", "class Base:\n    pass\n\n\nclass Waiter(Base):")
    app = WORDS_APP.replace("    return waiters.ready()\n", "    return waiters.ready(), 'Base'\n")
    stats = []
    seen = check_edits(tmp_path, {"app.py": app, "site-packages/waiters.py": waiters}, [
        ("app.py", app.replace("    total = n + 1\n", "    total = n + 1\n    x = 'Base.__subclasses__'\n")),
        ("app.py", app),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1] and _kept(stats) == [0, 0]
    assert [len(points) for points in seen] == [1, 0]


POLL_LIB = '''\
import os


def poll(pid, _flags=os.WNOHANG):
    return os.waitpid(pid, _flags)
'''
POLL_APP = '''\
from poller import poll


def check(pid):
    return poll(pid)


def keep(pid):
    found = pid
    return found
'''


def test_an_edit_mentioning_a_function_whose_default_was_asked_about_otherwise_takes_a_run(tmp_path):
    # `poll` taken as a value may be called with any flag: waitpid may wait then (callgraph/defaults.py); an edit
    # that leaves the mentions of poll as they were keeps the graph
    stats = []
    check_edits(tmp_path, {"app.py": POLL_APP, "site-packages/poller.py": POLL_LIB}, [
        ("app.py", POLL_APP.replace("    found = pid\n", "    found = 2\n")),
        ("app.py", POLL_APP.replace("    found = pid\n", "    found = poll\n")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [1, 0]


FILES_APP = '''\
import os


def probe(path, given):
    other = given
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, b"x")
    os.close(fd)


def user(path):
    probe(path, 3)  # blocks the hub only where probe may write to something else than its new file
'''


def test_what_blocks_the_hub_is_solved_again_when_an_edited_body_writes_to_a_descriptor(tmp_path):
    # the same calls, but the write goes to a descriptor that came from elsewhere: it may block the hub
    stats = []
    check_edits(tmp_path, {"app.py": FILES_APP}, [
        ("app.py", FILES_APP.replace("os.write(fd,", "os.write(other,")),
        ("app.py", FILES_APP),
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1]


def test_a_kept_graph_run_stopped_before_its_report_leaves_the_next_run_right(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text(LIB)
    (tmp_path / "app.py").write_text(APP)
    workspace = open_workspace(Options())
    workspace.analyze_file(tmp_path / "app.py")
    edited = _helper("    total = n + 2\n    made = 2\n")
    workspace.set_text(tmp_path / "app.py", edited)
    with pytest.raises(Cancelled):
        workspace.analyze_file(tmp_path / "app.py", cancelled=lambda: True)
    report = workspace.analyze_file(tmp_path / "app.py")
    fresh = open_workspace(Options())
    fresh.set_text(tmp_path / "app.py", edited)
    assert whole(report) == whole(fresh.analyze_file(tmp_path / "app.py"))


PATCHING_APP = '''\
import time
from gevent import monkey


def setup():
    hook = monkey.patch_all
    return hook


def nap():
    time.sleep(1)
'''


def test_an_edit_that_turns_a_patch_on_takes_a_run(tmp_path):
    # time.sleep switches once patch_all() runs: what the code patches is no part of the graph
    stats = []
    check_edits(tmp_path, {"app.py": PATCHING_APP}, [
        ("app.py", PATCHING_APP.replace("monkey.patch_all\n", "monkey.patch_all()\n")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0]


def _blank_line_in_a_body(text: str) -> str | None:
    """`text` with an empty line put before the second statement of the middle function that has one: an edit
    inside a body that changes no operation, only where everything below it is (None: nowhere to put it)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    anchors = sorted(node.body[1].lineno for node in ast.walk(tree)
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and len(node.body) > 1
                     and node.body[1].lineno > node.body[0].end_lineno)
    if not anchors:
        return None
    lines = text.splitlines(keepends=True)
    line = anchors[len(anchors) // 2]
    return "".join(lines[:line - 1]) + "\n" + "".join(lines[line - 1:])


RULE_FIXTURES = [f for f in rule_fixtures() if f.is_file() and _blank_line_in_a_body(f.read_text()) is not None]
# fixtures (by name, or folder/name) whose edit is kept in place but takes a run, and why (a fixture whose edit is
# not kept in place, its module bound again, takes a run whatever this says)
TAKES_A_RUN = {
    "lost_update/subclass_results.py": "what a subclass's __init__ assigns, its base reads: a dispatch key's members, "
                                       "derived by evaluating that body (infer.assigned_on_instances notes it read)",
}


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_rules_report_on_a_kept_graph_as_on_a_fresh_run(tmp_path, fixture):
    # every rule fixture's findings, after an edit that moves them: a kept graph's rules must not answer with
    # what the last run derived (rules/_per_run.py)
    text = fixture.read_text()
    stats = []
    check_edits(tmp_path, {"app.py": text}, [("app.py", _blank_line_in_a_body(text))], stats=stats, graphs=True)
    if stats[0]["kept_in_place"]:
        patches = any(hint in text for hint in PATCH_CALL_HINTS)
        takes_a_run = fixture.name in TAKES_A_RUN or f"{fixture.parent.name}/{fixture.name}" in TAKES_A_RUN
        assert _kept(stats) == [0 if patches or takes_a_run else 1]


CALLBACK_LIB = LIB + '''

def spare():
    gevent.sleep(0)
'''
CALLBACKS = '''\
import gevent
from lib import Store, spare


def run_it(fn):
    fn()


def idle():
    total = spare
    gevent.sleep(0)
    return total


def caller():
    run_it(idle)
    later(idle)
    return Store()


def later(fn):
    gevent.sleep(0)
    same = fn == fn
    return same
'''


@pytest.mark.parametrize("edited", [
    CALLBACKS.replace("    same = fn == fn\n", "    same = fn == fn\n    fn()\n"),
    CALLBACKS.replace("    run_it(idle)\n", "    run_it(idle)\n    run_it(idle)\n"),
    CALLBACKS.replace("    total = spare\n", "    total = spare()\n"),
], ids=["a-parameter-called", "passed-to-a-caller-of-its-parameter", "a-function-the-graph-never-reached"])
def test_calls_that_would_grow_the_graph_or_bind_callbacks_take_a_run(tmp_path, edited):
    stats = []
    check_edits(tmp_path, {"app.py": CALLBACKS, "lib.py": CALLBACK_LIB}, [("app.py", edited)], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0]


FORWARDING = '''\
import gevent


class Box:
    def __init__(self):
        self.items = []

    def put(self, item):
        gevent.sleep(0)
        self.items.append(item)


class Plain:
    def put(self, item):
        return item


class Pipe:
    def send(self, box, item):
        box.items.append(item)
        self.deliver(item, item)
        return box

    def deliver(self, box, item):
        box.put(item)


def main():
    Pipe().send(Box(), Plain())
'''


def test_a_parameter_passed_on_to_another_callee_parameter_takes_a_run(tmp_path):
    # send's box now reaches deliver's box (CallGraph._forward_instances): deliver's box.put(item) is Box.put
    stats = []
    check_edits(tmp_path, {"app.py": FORWARDING}, [
        ("app.py", FORWARDING.replace("self.deliver(item, item)", "self.deliver(box, item)")),
    ], stats=stats, graphs=True)
    assert stats[0]["kept_in_place"] == 1 and _kept(stats) == [0]


HOLDER = '''\
import gevent


class Busy:
    def send(self):
        gevent.sleep(0)


class Idle:
    def send(self):
        return Busy


class Holder:
    def __init__(self):
        self._d = {"a": Idle()}

    def fill(self):
        self._d["b"] = Idle()

    def use(self):
        return self._d["b"].send()


def main():
    holder = Holder()
    holder.fill()
    Busy().send()
    return holder.use()
'''


def test_an_edit_of_a_store_into_a_container_on_self_keeps_the_graph_and_the_readers_see_it(tmp_path):
    # `use` read `fill`'s body for what `self._d` holds (ClassInfo.held_stores): collected again, its new edge to
    # Busy.send (reached by main already) taken; a second store in the same method keeps the shape
    edits = [
        HOLDER.replace('        self._d["b"] = Idle()\n', '        self._d["b"] = Busy()\n'),
        HOLDER.replace('        self._d["b"] = Idle()\n', '        self._d["b"] = Busy()\n\n        self._d["a"] = Idle()\n'),
        HOLDER,
    ]
    stats = []
    seen = check_edits(tmp_path, {"app.py": HOLDER}, [("app.py", text) for text in edits], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1, 0]  # the last drops the edge to Busy.send: a run
    uses = [text.splitlines().index('        return self._d["b"].send()') + 1 for text in edits]  # (lines from 1)
    assert [use in {line for line, _, _ in points} for use, points in zip(uses, seen)] == [True, True, False]


STORES = '''\
import gevent
import lib


class Busy:
    def send(self):
        gevent.sleep(0)


class Holder:
    def __init__(self):
        self.items = [Busy()]


def fill(request):
    holder = Holder()
    holder.items.append(Busy())
    lib.registry["a"] = Busy()
    request.headers.update(a=1)
    return holder


def main(request):
    holder = fill(request)
    for item in holder.items:
        item.send()
'''


def test_an_edit_of_a_function_storing_into_an_object_of_the_code_takes_a_run_and_one_storing_elsewhere_keeps_it(tmp_path):
    # fill's `holder.items.append(...)` is among the stores the refining pass reads (on a Holder): the graph's
    # table holds its old node, so an edit of fill takes a run; with that line gone, fill's stores are on a
    # module and an unknown object, which the refining pass never reads: the graph is kept
    elsewhere = STORES.replace("    holder.items.append(Busy())\n", "")
    stats = []
    check_edits(tmp_path, {"app.py": STORES, "lib.py": "registry = {}\n"}, [
        ("app.py", STORES.replace("    return holder\n", "\n    return holder\n")),
        ("app.py", STORES.replace("    holder.items.append", "    request.items.append")),  # on an unknown object: its append dispatches (a run)
        ("app.py", elsewhere),
        ("app.py", elsewhere.replace("    return holder\n", "\n    return holder\n")),
    ], stats=stats, graphs=True)
    assert _kept(stats) == [0, 0, 0, 1]


# Top-level statements nothing but the module's own import-time code reads (resolve/top_level_edits.py): the module
# kept in place with its top-level code the one changed function, and the graph kept as for a body edit.
TOP_LIB = '''\
import gevent


class Store:
    def __init__(self):
        self.items = []

    def put(self, item):
        gevent.sleep(0)
        self.items.append(item)

    @property
    def ready(self):
        gevent.sleep(0)
        return True

    def wait(self):
        return self.ready


shared = Store()
iso_marker_1 = "_marker_"  # app's name below, inside longer words only: no read of it


class Waiter:
    pass
'''
TOP_APP = '''\
import gevent
from lib import Store, shared

LIMIT = 3


def helper(store, n):
    store.put(n)
    return n


def caller():
    helper(Store(), LIMIT)
    return shared.ready
'''


@pytest.mark.parametrize("edited", [
    TOP_APP + "\n_marker = 1\n",  # the benchmark's edit: a line appended
    TOP_APP + "\n_marker = Unheard  # Unsaid\n",  # words no module says (a comment's after code too): no class
    TOP_APP + "\n_marker = -2\n_other = 2.5\n",
    TOP_APP + "\n_marker = shared\n",  # a name
    TOP_APP + "\n_marker = Store.put\n",  # an attribute
    TOP_APP.replace("LIMIT = 3\n", "LIMIT = 3\n_marker: Store = shared\n"),  # inserted: what follows moves
    '"""A docstring."""\n' + TOP_APP,  # an expression statement, before everything
    TOP_APP.replace("LIMIT = 3\n", "LIMIT = 3\n...\npass\n"),
], ids=["appended", "unheard-words", "two-literals", "a-name", "an-attribute", "inserted-annotated", "a-docstring", "ellipsis-pass"])
def test_a_top_level_statement_nothing_else_reads_keeps_the_module_and_the_graph(tmp_path, edited):
    # edited, edited again (another value, or the statement gone), and back: each as a fresh run has it
    again = edited.replace("_marker", "_marked").replace("1\n", "5\n").replace("A docstring", "Another").replace(
        "...\n", "0\n")
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", edited), ("app.py", again), ("app.py", TOP_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1, 1] and _kept(stats) == [1, 1, 1]
    assert [s["collected"] for s in stats] == [1, 1, 1]  # the top-level code alone


def test_comments_and_blank_lines_between_top_level_statements_keep_the_graph_and_collect_nothing(tmp_path):
    stats = []
    seen = check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", TOP_APP.replace("LIMIT = 3\n", "LIMIT = 3\n# the limit\n\n")),
        ("app.py", TOP_APP),
    ], stats=stats, graphs=True)
    assert _kept(stats) == [1, 1] and [s["collected"] for s in stats] == [0, 0]
    assert [line for line, _, _ in seen[0]] == [line + 2 for line, _, _ in seen[1]]


def test_a_top_level_read_that_adds_an_edge_keeps_the_graph_and_one_dropping_it_takes_a_run(tmp_path):
    # `shared.ready` runs the property on import: the top-level code's new edge, a function the graph reached
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", TOP_APP + "\n_marker = shared.ready\n"), ("app.py", TOP_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1] and _kept(stats) == [1, 0]


@pytest.mark.parametrize("edited", [
    TOP_APP.replace("LIMIT = 3\n", "LIMIT = 4\n"),  # a name the module's functions read
    TOP_APP + "\nitems = 1\n",  # a name another module says
    TOP_APP + "\ngevent.sleep(0)\n",  # a call at the top level that switches
    TOP_APP + "\nimport os\n",  # a new import
    TOP_APP + "\n_marker = Waiter\n",  # a word the module never said, lib's class: it may be live now
    TOP_APP + "\n_marker = 'Waiter'\n",  # a string's too
    TOP_APP + "\n__version__ = '1'\n",  # a dunder
    TOP_APP + "\n_a, _b = 1, 2\n",  # not a plain name and a simple value
    TOP_APP.replace("LIMIT = 3\n", "LIMIT = 3\n_marker = 1\n") + "\n_other = 1\n",  # two places: functions between
], ids=["said-by-the-module", "said-by-another-module", "a-switching-call", "an-import", "a-new-word", "a-new-word-in-a-string", "a-dunder",
        "unpacking", "two-places"])
def test_a_top_level_edit_something_else_may_read_takes_a_run(tmp_path, edited):
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", edited), ("app.py", TOP_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [0, 0] and _kept(stats) == [0, 0]


def test_a_public_name_of_a_module_star_imported_takes_a_run_and_a_private_one_keeps_the_graph(tmp_path):
    # `from app import *` binds every public name app binds: a public one more is a name more of `extra`'s
    app = TOP_APP.replace("from lib import", "import extra\nfrom lib import") + "\n\ndef via():\n    return extra.caller()\n"
    stats = []
    check_edits(tmp_path, {"app.py": app, "lib.py": TOP_LIB, "extra.py": "from app import *\n"}, [
        ("app.py", app + "\nmarker = 1\n"), ("app.py", app), ("app.py", app + "\n_marker = 1\n"),
    ], stats=stats, graphs=True)
    # (a public name taken away is one fewer for extra: a run too)
    assert [s["kept_in_place"] for s in stats] == [0, 0, 1] and _kept(stats) == [0, 0, 1]


def test_a_top_level_edit_of_another_module_kept_in_place_collects_its_top_level_code_again(tmp_path):
    # lib's top-level code is no analysed file's: the run is a full one, which must not reuse lib's old top entry
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("lib.py", TOP_LIB + "\n_marker = shared.ready\n"), ("lib.py", TOP_LIB),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 1] and _kept(stats) == [0, 0]


@pytest.mark.parametrize("added", [
    "def _spare():\n    return shared\n",
    "def _spare():\n    return shared.ready\n",  # a switching call of a function the graph has: a point of its own
    "async def _spare():\n    return shared\n",
    "def _spare():\n    yield shared\n",
], ids=["returns", "switches", "async", "generator"])
def test_a_def_appended_that_nothing_calls_is_a_root_the_kept_graph_takes(tmp_path, added):
    # a fresh graph has every function of an analysed file for a root: the kept one takes the new function's
    # entry as it takes new edges; renamed or taken away, it takes a run (what only it reached would be left)
    edited = TOP_APP + "\n\n" + added
    stats = []
    seen = check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", edited), ("app.py", edited.replace("_spare", "_spared")), ("app.py", TOP_APP),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [1, 0, 0] and _kept(stats) == [1, 0, 0]
    assert stats[0]["collected"] == 2  # the top-level code and the new function
    assert len(seen[0]) == len(seen[2]) + ("ready" in added)


@pytest.mark.parametrize("added", [
    "def _spare():\n    shared.put(1)\n",  # passes a value the second pass reads: kept in place, a run
    "def _spare(n):\n    return n\n",  # a parameter: its default, annotation or callers' values
    "def _spare():\n    def inner():\n        return 1\n    return inner\n",  # a function more than one
    "def _spare():\n    gevent.sleep(0)\n",  # a word the module never said (lib does)
    "def LIMIT():\n    return 1\n",  # a name the module says
], ids=["passes-a-value", "a-parameter", "nested", "a-new-word", "a-name-said"])
def test_a_def_appended_that_may_change_what_the_graph_derived_takes_a_run(tmp_path, added):
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [("app.py", TOP_APP + "\n\n" + added)],
                stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [int("shared.put" in added)] and _kept(stats) == [0]


def test_a_def_inserted_before_other_functions_takes_a_run(tmp_path):
    # the functions after it would have other indexes in a fresh binding (their body marks name them so)
    stats = []
    check_edits(tmp_path, {"app.py": TOP_APP, "lib.py": TOP_LIB}, [
        ("app.py", TOP_APP.replace("def helper", "def _spare():\n    return shared\n\n\ndef helper")),
    ], stats=stats, graphs=True)
    assert [s["kept_in_place"] for s in stats] == [0] and _kept(stats) == [0]
