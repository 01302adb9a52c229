"""A module's shape (resolve/module_shape.py): an edit inside a function's body keeps it, anything other code
or the graph's global indexes can see changes it."""

from __future__ import annotations

import pytest

from switchpoint.analysis.resolve.binder import Module
from switchpoint.analysis.resolve.module_shape import same_shape
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model

BEFORE = '''\
"""A module."""
import gevent

LIMIT = 3


class Pool:
    size = 2

    def __init__(self):
        self.items = []

    @property
    def full(self):
        """Whether it is full."""
        return len(self.items) >= LIMIT

    def put(self, item):
        self.items.append(item)
        gevent.sleep(0)


def helper(pool, value=1):
    pool.put(value)
    # a comment in a body
    gevent.sleep(value)
    return pool


def spare(pool):
    # the words the edits below bring into bodies, said here first: each edit changes the shape by what it is
    # named for alone, not by a word (bodies' words were part of the shape once)
    inner = last = owner = LAST = pool
    print("global def")
    yield inner, last, owner, LAST
'''


def _bound(tmp_path, text: str, name: str) -> Module:
    """`text` bound as module `name` in a world of its own."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "mod.py").write_text(text)
    return World(ModuleFinder([str(folder)]), load_model()).module("mod")


def _edit(old: str, new: str, count: int = 1) -> str:
    assert BEFORE.count(old) == count, old
    return BEFORE.replace(old, new)


KEEPING = {
    "a statement added in a body": _edit("    pool.put(value)\n", "    pool.put(value)\n    pool.put(value + 1)\n"),
    "a statement taken out of a body (its words said elsewhere in bodies)": _edit("        gevent.sleep(0)\n", ""),
    "a switch added to a body": _edit("        return len(self.items) >= LIMIT\n",
                                      "        gevent.sleep(0)\n        return len(self.items) >= LIMIT\n"),
    "a comment in a body edited": _edit("# a comment in a body", "# another comment"),
    "a docstring of a function edited": _edit('"""Whether it is full."""', '"""Whether the pool is full."""'),
    "lines added in a body, moving every definition after it": _edit("        self.items = []\n", "        self.items = []\n\n\n"),
    # which classes are live is taken from the new words by a run, and checked by a kept graph (kept_run.py)
    "a new word in a body (it may name a class, making it live)": _edit("    pool.put(value)\n", "    Thread = pool\n    pool.put(value)\n"),
    "the last word of its kind taken out of the bodies": _edit("        return len(self.items) >= LIMIT\n", "        return 1\n"),
}

CHANGING = {
    "a top-level name appended": BEFORE + "\n_x0 = 0\n",
    "an import added": _edit("import gevent\n", "import gevent\nimport time\n"),
    "a method added": _edit("    def put(self, item):", "    def get(self):\n        pass\n\n    def put(self, item):"),
    "a base added": _edit("class Pool:", "class Pool(object):"),
    "a decorator taken off": _edit("    @property\n", ""),
    "a default changed": _edit("value=1", "value=2"),
    "a class attribute changed": _edit("size = 2", "size = 3"),
    "an instance attribute assigned in a body": _edit("        self.items.append(item)\n",
                                                      "        self.items.append(item)\n        self.last = item\n"),
    "a function made a generator": _edit("    return pool\n", "    yield pool\n"),
    "a nested function defined in a body": _edit("    pool.put(value)\n", "    def inner():\n        return last\n    pool.put(value)\n"),
    "a module name bound by a body's global": _edit("    pool.put(value)\n", "    global LAST\n    LAST = value\n    pool.put(value)\n"),
    "an attribute of another object stored in a body": _edit("    pool.put(value)\n", "    pool.owner = value\n    pool.put(value)\n"),
    "a module's container stored into in a body": _edit("LIMIT = 3\n", "LIMIT = 3\nSEEN = {}\n")
    .replace("    pool.put(value)\n", "    SEEN[value] = pool\n    pool.put(value)\n"),
}


@pytest.mark.parametrize("edit", sorted(KEEPING))
def test_an_edit_inside_bodies_keeps_the_shape(tmp_path, edit):
    assert same_shape(_bound(tmp_path, BEFORE, "old"), _bound(tmp_path, KEEPING[edit], "new"))


@pytest.mark.parametrize("edit", sorted(CHANGING))
def test_an_edit_other_code_can_see_changes_the_shape(tmp_path, edit):
    assert not same_shape(_bound(tmp_path, BEFORE, "old"), _bound(tmp_path, CHANGING[edit], "new"))


def test_the_container_edit_changes_the_shape_through_its_store_alone(tmp_path):
    """The container edit above adds a top-level name too: a body's store into an existing one counts alone."""
    with_container = _edit("LIMIT = 3\n", "LIMIT = 3\nSEEN = {}\n").replace(
        "    pool.put(value)\n", "    pool.put(SEEN)\n    pool.put(value)\n")
    read = with_container.replace("    pool.put(SEEN)\n", "    pool.put(SEEN, value)\n")
    stored = with_container.replace("    pool.put(SEEN)\n", "    SEEN[value] = pool\n")
    assert same_shape(_bound(tmp_path, with_container, "old"), _bound(tmp_path, read, "read"))
    assert not same_shape(_bound(tmp_path, with_container, "old2"), _bound(tmp_path, stored, "stored"))


def test_a_module_without_text_has_no_shape_to_keep(tmp_path):
    module = _bound(tmp_path, BEFORE, "old")
    assert same_shape(module, module)
    assert not same_shape(module, Module("mod", None, None, None))
