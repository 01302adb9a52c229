"""Modelled classes with a MADE_BY rule are live only where their words run, or a class live with them is."""

from __future__ import annotations

from switchpoint.analysis.models import TABLES
from switchpoint.analysis.resolve.live_classes import LiveClasses
from switchpoint.analysis.semantics.primitives import load_model

MODEL = load_model()


def _said(live: LiveClasses, *words: str) -> None:
    """Words of code that runs (no source class waits in these tests: no evaluator is asked)."""
    live._add_words((words, frozenset()), None)


def test_every_class_with_a_rule_is_a_modelled_class_with_switching_methods():
    # a misspelt MADE_BY key would gate nothing: its methods are listed under the class's table name; a rule
    # gates switching methods of the class or its bases, or what its methods return and attributes hold
    import importlib

    for table in TABLES:
        for cls in getattr(importlib.import_module(f"switchpoint.analysis.models.{table}"), "MADE_BY", {}):
            assert cls in MODEL.classes, cls
            bases = [cls]
            while MODEL.bases.get(bases[-1]):
                bases.append(MODEL.bases[bases[-1]])
            made = MODEL.live_with.get(cls, frozenset()) - set(bases)
            assert made or any(MODEL.method_names(base) for base in bases), f"{cls}: nothing to gate"


def test_words_come_from_names_returns_and_aliases():
    assert {"_WaitIterator", "iwait"} <= MODEL.made_by["gevent._hub_primitives._WaitIterator"]
    assert "makefile" in MODEL.made_by["gevent._socket3.SocketIO"]  # a method of a class without a rule
    assert "Lock" in MODEL.made_by["gevent.lock.Semaphore"]  # gevent.lock.Lock is an alias of it
    assert "gevent.Greenlet" not in MODEL.made_by  # no rule: live wherever gevent is


def test_a_method_of_a_class_with_a_rule_makes_one_where_that_class_is_live():
    # GreenPool.imap returns a GreenMap: no word `imap` makes one without a pool, a pool makes its bases live too
    assert "imap" not in MODEL.made_by["eventlet.greenpool.GreenMap"]
    live = LiveClasses(MODEL)
    _said(live, "imap")
    assert "eventlet.greenpool.GreenMap" not in live.modelled
    _said(live, "GreenPool")
    assert {"eventlet.GreenPool", "eventlet.greenpool.GreenMap", "eventlet.GreenPile"} <= live.modelled


def test_nothing_said_nothing_live_but_the_bases_of_classes_without_a_rule():
    live = LiveClasses(MODEL)
    assert "gevent._hub_primitives._WaitIterator" not in live.modelled
    assert "gevent._socket3.SocketIO" not in live.modelled
    # a class without a rule is always live, and so is every base of it
    for cls in MODEL.classes - MODEL.made_by.keys():
        base = MODEL.bases.get(cls)
        while base:
            assert base not in MODEL.made_by or base in live.modelled, (cls, base)
            base = MODEL.bases.get(base)
    _said(live, "iwait")
    assert live.modelled_joined[-1:] == ["gevent._hub_primitives._WaitIterator"]


def test_a_subclass_made_live_makes_its_modelled_bases_live():
    live = LiveClasses(MODEL)
    _said(live, "imap_unordered")
    assert "gevent.pool.IMapUnordered" in live.modelled and "gevent.pool.IMap" not in live.modelled
    _said(live, "IMap")
    assert {"gevent.pool.IMap", "gevent.pool.IMapUnordered"} <= live.modelled


def test_a_modules_functions_words_are_the_union_of_each_functions(tmp_path):
    # what LiveClasses adds for a project module at once: every function's words (a method's without its
    # own class's name), and the bases whose subclasses they ask for
    from switchpoint.analysis.resolve.live_classes import function_words, functions_words
    from switchpoint.analysis.resolve.modules import ModuleFinder
    from switchpoint.analysis.resolve.world import World

    (tmp_path / "mod.py").write_text(
        "class Base:\n    def kinds(self):\n        return Base.__subclasses__()\n\n"
        "class Other(Base):\n    def make(self):\n        return Other(), Base()\n\n"
        "def build():\n    def inner():\n        return Impl\n    return Lock()\n"
    )
    world = World(ModuleFinder([str(tmp_path)]), MODEL)
    module = world.module("mod")
    names, reflected = functions_words(module)
    each = [function_words(f) for f in module.functions]
    assert set(names) == {w for words, _ in each for w in words} and len(names) == len(set(names))
    assert reflected == frozenset().union(*(asked for _, asked in each)) == {"Base"}
    assert {"Impl", "Lock", "Base"} <= set(names) and "Other" not in names  # Other's name only in its own method
    assert functions_words(module) is functions_words(module)  # kept on the module


def test_which_changes_of_a_modules_function_words_matter_to_what_is_live():
    # LiveClasses.words_matter, asked by a kept graph (kept_run.py) for an edited module's words before and after
    live = LiveClasses(MODEL)
    _said(live, "Queue", "conn")
    before = (("self", "conn"), frozenset())

    def matters(*words: str, reflected: frozenset = frozenset()) -> bool:
        return live.words_matter(before, (words, reflected), [])

    assert not matters("self", "conn")
    assert not matters("self", "conn", "co", "con")  # words naming nothing
    assert not matters("self", "conn", "Queue")  # a modelled class live already: said elsewhere
    assert matters("self", "conn", "Event")  # one not live yet
    assert not matters("self")  # conn made nothing live
    assert matters("self", "conn", reflected=frozenset({"Base"}))  # subclasses asked for
    was_queue = (("self", "Queue"), frozenset())
    assert live.words_matter(was_queue, (("self",), frozenset()), [])  # Queue may be live by this word alone
    assert not live.words_matter((("self", "Lock2"), frozenset()), (("self",), frozenset()), [])  # never held


def test_words_naming_a_class_of_a_module_not_indexed_yet_matter():
    # a module that joined the world after the index's last update: the next one reads the words as they are
    from types import SimpleNamespace

    live = LiveClasses(MODEL)
    _said(live, "conn", "Pending")
    joined = [SimpleNamespace(classes=[SimpleNamespace(name="Pending")])]
    assert live.words_matter((("conn",), frozenset()), (("conn", "Pending"), frozenset()), []) is False
    assert live.words_matter((("conn", "Pending"), frozenset()), (("conn",), frozenset()), joined)
    assert not live.words_matter((("conn",), frozenset()), (("conn", "Other"), frozenset()), joined)
