"""Library function bodies nothing read are dropped after the call graph's first growth and parsed again when
read (resolve/lazy_bodies.py): the trees hold fewer nodes, and what is parsed again is what was dropped, in the
same def node and scope, so reports do not change.

The fixture `lazy_library_bodies/` (run by test_fixtures.py with every body dropped as it loads too) covers a
chain, a nested def, a type test inside library bodies and a store into a module's container from a body
nothing calls (walked by resolve/container_stores.py, which reads it back: `lazy_bodies.read`).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from switchpoint.analysis.api import Options
from switchpoint.analysis.resolve import lazy_bodies, world as world_module
from switchpoint.analysis.resolve.binder import header_node
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model
from switchpoint.analysis.workspace import Workspace

FIXTURES = Path(__file__).parent.parent / "fixtures" / "analysis"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"

LIBRARY = '''\
"""A library module."""
import sys

LIMIT = 3


def plain(a, b=1, *rest, key=None, **more):
    """Its docstring stays as the stub."""
    total = a + b
    for item in rest:
        total += item
    if isinstance(key, int):
        return total + key
    return [x for x in rest if x]


async def waiting(loop):
    await loop.sleep(LIMIT)


def generates(n):
    yield n


def with_nested():
    def inner():
        return 1
    return inner


def declares_global():
    global LIMIT
    LIMIT = 4


def decided():
    if sys.version_info >= (3, 0):
        return 1
    return 2


def walrus(values):
    return [y for x in values if (y := x)]


def stores_elsewhere(obj):
    obj.field = 1


class Base:
    def __init__(self, size):
        self.size = size

    def grow(self, by):
        size = self.size
        size = size + by
        return size

    @property
    def twice(self):
        return self.size * 2
'''


@pytest.fixture(autouse=True)
def private_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SWITCHPOINT_CACHE_HOME", str(tmp_path / "user-cache"))


def _library_world(tmp_path) -> World:
    site = tmp_path / "site"
    site.mkdir(parents=True)
    (site / "lazymod.py").write_text(LIBRARY)
    return World(ModuleFinder([str(site)]), load_model())


def _functions(world: World) -> dict:
    return {f.qualname: f for f in world.module("lazymod").functions}


def _bindings(scope) -> dict:
    return {name: [ast.dump(b[1], include_attributes=True) if isinstance(b[1], ast.AST) else repr(b[:1])
                   for b in found] for name, found in scope.bindings.items()}


def test_what_nothing_points_into_is_dropped_and_the_rest_kept_whole(tmp_path):
    functions = _functions(_library_world(tmp_path))
    dropped = lazy_bodies.drop_unread([next(iter(functions.values())).module])
    kept = {name.rpartition(".")[2] for name, f in functions.items() if not lazy_bodies.is_dropped(f)}
    # a nested function's node, a global's binding, a decided test, a walrus, an attribute store, an instance
    # attribute: each is pointed at from outside the body
    assert kept == {"with_nested", "inner", "declares_global", "decided", "walrus", "stores_elsewhere", "__init__"}
    assert dropped == len(functions) - len(kept) == 5
    plain = functions["lazymod.plain"]
    stub = header_node(plain).body
    assert len(stub) == 1 and isinstance(stub[0], ast.Expr)  # the docstring
    assert len(header_node(functions["lazymod.Base.grow"]).body) == 1
    assert plain.is_generator is False and functions["lazymod.generates"].is_generator is True


def test_a_dropped_body_is_parsed_again_into_the_same_node_and_scope_as_it_was(tmp_path):
    fresh = _functions(_library_world(tmp_path / "fresh"))
    functions = _functions(_library_world(tmp_path / "lazy"))
    lazy_bodies.drop_unread([next(iter(functions.values())).module])
    for name, func in functions.items():
        was_dropped = lazy_bodies.is_dropped(func)
        node, scope = header_node(func), func.scope
        assert func.node is node and func.scope is scope  # read: put back in place
        assert not lazy_bodies.is_dropped(func)
        assert ast.dump(node, include_attributes=True) == ast.dump(fresh[name].node, include_attributes=True), name
        assert _bindings(scope) == _bindings(fresh[name].scope), name
        assert was_dropped or name.rpartition(".")[2] not in ("plain", "waiting", "generates", "grow", "twice")


def test_reading_a_scope_s_bindings_puts_the_body_back(tmp_path):
    functions = _functions(_library_world(tmp_path))
    lazy_bodies.drop_unread([functions["lazymod.plain"].module])
    grow = functions["lazymod.Base.grow"]
    assert lazy_bodies.is_dropped(grow)
    assert [b[0] for b in grow.scope.bindings["size"]] == ["assign", "assign"]
    assert not lazy_bodies.is_dropped(grow) and len(header_node(grow).body) == 3


def _project(folder: Path) -> Path:
    shutil.copytree(FIXTURES, folder / "fixtures")
    shutil.copy(EXAMPLES / "iodict.py", folder / "iodict_example.py")
    (folder / "pyproject.toml").write_text("")
    return folder


def _tree_nodes(tree) -> int:
    return sum(1 for _ in ast.walk(tree))


def test_a_run_s_library_trees_hold_fewer_nodes_by_the_bodies_it_dropped(tmp_path):
    """Counts objects: if the dropped bodies were kept again, the trees would hold as many nodes as parsing
    their texts afresh makes."""
    workspace = Workspace(Options())
    workspace.analyze_paths([_project(tmp_path / "project")])
    world = workspace._last_world
    dropped = [f for m in world.loaded() for f in m.functions if lazy_bodies.is_dropped(f)]
    assert workspace.stats["bodies_dropped"] >= len(dropped) > 100
    libraries = list({id(f.module): f.module for f in dropped}.values())
    held = sum(_tree_nodes(m.tree) for m in libraries)
    afresh = sum(_tree_nodes(ast.parse(m.source.text)) for m in libraries)
    body_nodes = 0
    for func in dropped:
        node = header_node(func)
        stub = sum(_tree_nodes(s) for s in node.body)  # a docstring, else a `pass`
        body_nodes += sum(_tree_nodes(s) for s in lazy_bodies._parsed_again(func.module.source, node).body) - stub
    assert held == afresh - body_nodes and body_nodes > 10 * len(dropped)
    # going to a definition reads the header only
    func = dropped[0]
    path, where = workspace.definition(func.qualname)
    assert path == func.module.path and where.start.line == header_node(func).lineno
    assert lazy_bodies.is_dropped(func)


def test_reports_are_those_of_a_run_that_keeps_every_body(tmp_path, monkeypatch):
    """Dropping every library body that may be as it loads (the most parsing again there can be) changes no
    report of the fixtures and an example analysed as one project."""
    project = _project(tmp_path / "project")
    reparsed = []
    read = lazy_bodies._read

    def counting_read(func):
        reparsed.append(lazy_bodies.is_dropped(func))
        read(func)

    def watch_and_drop(module):
        lazy_bodies.watch(module)
        lazy_bodies.drop_unread([module])

    monkeypatch.setattr(lazy_bodies, "_read", counting_read)
    monkeypatch.setattr(world_module, "watch", watch_and_drop)
    dropping = Workspace(Options(), one_shot=True).analyze_paths([project])
    monkeypatch.setattr(world_module, "watch", lambda module: None)
    keeping = Workspace(Options(), one_shot=True).analyze_paths([project])
    assert sum(reparsed) > 200
    assert dropping == keeping
