"""What the cyclic collector does with an analysis's objects once it is turned back on (`workspace._no_cyclic_gc`).

A big one-shot run's objects go to the oldest generation untraversed (the CLI exits before it would collect
them); a next one-shot run in the same process collects fully first, so a loop of analyses does not pile up
the garbage of earlier ones; an editor's runs, and small one-shot ones, are left to the collector as before.
Each test fails if its half of the lever is undone.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from switchpoint.analysis import workspace
from switchpoint.analysis.workspace import _no_cyclic_gc


class _Cycle:
    pass


def _garbage_cycle_made_inside(one_shot: bool) -> weakref.ref:
    """A reference cycle made and dropped during an analysis: only the cyclic collector can free it."""
    with _no_cyclic_gc(one_shot):
        cycle = _Cycle()
        cycle.me = cycle
        ref = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    return ref


@pytest.fixture
def big_runs(monkeypatch):
    """Every run counts as big; none before this test left a collection owed."""
    if not gc.isenabled():
        pytest.skip("the collector is off in this process")
    monkeypatch.setattr(workspace, "PROMOTE_ABOVE", 0)
    monkeypatch.setattr(workspace, "_promoted_untraversed", False)


def test_a_big_one_shot_run_leaves_its_objects_to_the_oldest_generation(big_runs):
    ref = _garbage_cycle_made_inside(one_shot=True)
    gc.collect(1)  # the young generations: what the collector would traverse next
    assert ref() is not None


def test_the_next_one_shot_run_collects_what_the_last_one_left(big_runs):
    ref = _garbage_cycle_made_inside(one_shot=True)
    with _no_cyclic_gc(one_shot=True):
        assert ref() is None


def test_an_editors_run_is_left_to_the_young_collection(big_runs):
    ref = _garbage_cycle_made_inside(one_shot=False)
    gc.collect(0)
    assert ref() is None


def test_a_small_one_shot_run_is_left_to_the_young_collection(big_runs, monkeypatch):
    monkeypatch.setattr(workspace, "PROMOTE_ABOVE", 10**9)
    ref = _garbage_cycle_made_inside(one_shot=True)
    gc.collect(0)
    assert ref() is None
