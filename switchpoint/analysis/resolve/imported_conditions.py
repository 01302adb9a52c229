"""What another module's top-level name stands for in a test the target decides: `from ._common import LINUX`.

psutil's `if LINUX: from . import _pslinux as _psplatform elif AIX: ...` and sqlalchemy's `if compat.py312:`
test names another module binds once, at its top level, to a test of the target (`LINUX =
sys.platform.startswith("linux")`). The binder asks this service for such a name's value
(`ImportedConditions.value`), which reads that module's tree, found as imports are (no code is imported or
run), follows re-exports (`from .compat import py312 as py312` in a package's `__init__`) and submodules
(`from . import compat`), and evaluates the one binding with `static_conditions.Decider`. A name bound twice,
or in a module with a star import, or to a constant (code may assign over it) is undecided.

An answer depends only on the texts it read, never on which modules are loaded or in what order: it is kept
only where its computation met no cycle (a cycle makes what is being computed undecided where it is met, which
depends on where the computation started). Each answer says which modules' texts it read (`reads`); a module
bound with answers holds while they stay the same (`Module.condition_deps`, asked again where one of those texts
changed: `World._cached`).
"""

from __future__ import annotations

from switchpoint.analysis.resolve.static_conditions import (
    UNDECIDED, TEST_SHAPES, Decider, ModuleRef, TargetFacts, top_level_bindings,
)


class ImportedConditions:
    """`source(name)` gives (tree, is_package) of the module `name` as imports find it, or None (not found,
    opaque, no source); the service keeps per module what it binds at its top level."""

    def __init__(self, facts: TargetFacts, source):
        self._facts = facts
        self._source = source
        self._tables: dict[str, tuple | None] = {}  # module -> (top_level_bindings, is_package) or None
        self._known: dict[tuple[str, str], tuple] = {}  # (module, name) -> (value, modules read)
        self._active: set[tuple[str, str]] = set()
        self._cycle = False  # the computation under way met one of `_active`

    def value(self, module: str, name: str, reads: set):
        """The value the target gives `module.name` (see `Decider.evaluate`), or None; adds the modules whose
        text the answer depends on to `reads`."""
        key = (module, name)
        known = self._known.get(key)
        if known is not None:
            reads.update(known[1])
            return known[0]
        if key in self._active:
            self._cycle = True
            return None
        self._active.add(key)
        outer_cycle, self._cycle = self._cycle, False
        read: set[str] = set()
        try:
            value = self._compute(module, name, read)
        finally:
            self._active.discard(key)
        if not self._cycle:
            self._known[key] = (value, frozenset(read))
        self._cycle = self._cycle or outer_cycle
        reads.update(read)
        return value

    def _table(self, module: str, read: set) -> tuple | None:
        read.add(module)
        if module not in self._tables:
            found = self._source(module)
            self._tables[module] = None if found is None else (top_level_bindings(found[0], _package(module, found[1])), found[1])
        return self._tables[module]

    def _compute(self, module: str, name: str, read: set):
        table = self._table(module, read)
        if table is None:
            return None
        bindings, is_package = table
        if "*" in bindings:  # a star import may bind any name, over one bound before it too
            return None
        how = bindings.get(name, UNDECIDED)
        if how is UNDECIDED:  # not bound: `from package import name` gives its submodule
            return self._submodule(module, name, read) if is_package else None
        if how is None:
            return None
        if how[0] == "module":
            return ModuleRef(how[1])
        if how[0] == "from":
            if (how[1], how[2]) == (module, name):  # `from . import compat` in the package's own `__init__`
                return self._submodule(module, name, read)
            return _Within(self, module, read).attribute_of(how[1], how[2])
        value = how[1]
        return _Within(self, module, read).evaluate(value) if type(value) in TEST_SHAPES else None

    def _submodule(self, package: str, name: str, read: set):
        submodule = f"{package}.{name}"
        return ModuleRef(submodule) if self._table(submodule, read) is not None else None


class _Within(Decider):
    """Evaluates a test written at the top level of `module`: its names are what the module binds."""

    def __init__(self, service: ImportedConditions, module: str, read: set):
        # TYPE_CHECKING undecided: the binder reads it as code runs for collection, as annotations do for binding
        super().__init__(service._facts, None, lambda m, n: service.value(m, n, read))
        self._service = service
        self._module = module
        self._read = read

    def _name(self, name: str):
        if name == "TYPE_CHECKING":
            return UNDECIDED
        value = self._service.value(self._module, name, self._read)
        return UNDECIDED if value is None else value

    def attribute_of(self, module: str, name: str):
        value = self._attribute_of(module, name)
        return None if value is UNDECIDED else value


def _package(module: str, is_package: bool) -> str:
    return module if is_package else module.rpartition(".")[0]
