"""The world's indexes (methods by name, subclasses) follow modules as they join and are replaced."""

from __future__ import annotations

from switchpoint.analysis.resolve.infer import Evaluator
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model


def _world(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.py").write_text(text)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    return world, Evaluator(world, {})


def _names(classes):
    return sorted(c.qualname for c in classes)


def test_subclasses_grow_as_modules_join(tmp_path):
    world, ev = _world(tmp_path, base="class A:\n    pass\n", sub="from base import A\n\nclass B(A):\n    def run(self):\n        pass\n")
    base = world.module("base")
    a = base.classes[0]
    assert world.subclasses(a, ev.mro) == []
    world.module("sub")
    assert _names(world.subclasses(a, ev.mro)) == ["sub.B"]
    assert [m.qualname for m in world.methods_named("run")] == ["sub.B.run"]


def test_a_replaced_module_leaves_the_indexes(tmp_path):
    world, ev = _world(tmp_path, base="class A:\n    pass\n", sub="from base import A\n\nclass B(A):\n    def run(self):\n        pass\n")
    a = world.module("base").classes[0]
    world.module("sub")
    assert _names(world.subclasses(a, ev.mro)) == ["sub.B"]
    (tmp_path / "sub.py").write_text("class C:\n    def stop(self):\n        pass\n")
    world.load_file(str(tmp_path / "sub.py"), "sub")
    assert world.subclasses(a, ev.mro) == []
    assert world.methods_named("run") == []
    assert [m.qualname for m in world.methods_named("stop")] == ["sub.C.stop"]


def test_member_names_since_a_generation(tmp_path):
    world, _ = _world(tmp_path, one="class A:\n    x = 1\n    def f(self):\n        pass\n", two="class B:\n    def g(self):\n        pass\n")
    world.module("one")
    generation = world.generation
    assert {"x", "f"} <= world.member_names_since(0)
    world.module("two")
    since = world.member_names_since(generation)
    assert "g" in since and "f" not in since
