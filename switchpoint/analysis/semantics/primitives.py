"""The only place that knows which library functions switch: merges the model tables.

Modelled packages (greenlet, gevent, eventlet) are opaque: their source is never
analysed and the tables are the whole truth about them. The bundled runtime is
not modelled here: its trap module declares `TRAPS`, a literal tuple of its
switching functions, which the engine reads from the runtime's source (never by
importing it), and the rest of the runtime is analysed as ordinary source.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from switchpoint.analysis.models import TABLES, literal_flags

# module name -> name of the literal tuple listing that module's switching functions
TRAP_MODULES = {"switchpoint.runtime._traps": "TRAPS"}


@dataclass
class PrimitiveModel:
    packages: frozenset[str] = frozenset()
    switching: set[str] = field(default_factory=set)
    returns: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    bases: dict[str, str] = field(default_factory=dict)
    blocking: set[str] = field(default_factory=set)  # block the hub (unpatched stdlib I/O, input())
    spawners: dict[str, int] = field(default_factory=dict)  # start a function elsewhere -> its position
    calls: dict[str, int] = field(default_factory=dict)  # call a function here, before returning -> its position
    registries: dict[str, str] = field(default_factory=dict)  # module -> package its unbound names name modules of
    # class -> the dunders it forwards as well: calling any other method on one, whatever its name, switches
    proxies: dict[str, frozenset] = field(default_factory=dict)
    # proxy class -> ((position, keyword) of its classes autowrapped, of its names autowrapped)
    proxy_wrapping: dict[str, tuple] = field(default_factory=dict)
    # method -> (position, keyword) of flags that, carrying a bit of `nonblocking_constants`, make it never wait
    nonblocking_flags: dict[str, tuple] = field(default_factory=dict)
    nonblocking_constants: frozenset[str] = frozenset()
    # primitive (or runtime function) -> the literal arguments under which a call of it cannot switch
    # (models/literal_flags.py: `Quiet` entries)
    quiet: dict[str, tuple] = field(default_factory=dict)
    # modules whose methods an unknown receiver dispatches to only where they are imported
    imported_only: frozenset[str] = frozenset()
    # class -> the words whose use in code that runs makes or hands out one (MADE_BY and what the tables derive):
    # its methods take part in dispatch on unknown receivers only once one of them runs (resolve/live_classes.py)
    made_by: dict[str, frozenset] = field(default_factory=dict)
    live_with: dict[str, frozenset] = field(default_factory=dict)  # class -> classes of made_by live whenever it is
    patch_flags: frozenset[str] = frozenset()
    declared_silent: object = None  # callable(qualname) -> bool from configuration, or None
    silent_modules: frozenset[str] = frozenset()  # modules whose functions never switch (os.path's)
    silent_functions: frozenset[str] = frozenset()  # functions that never switch (re._compile)
    declared_switching: object = None  # callable(qualname) -> bool from configuration, or None

    def is_opaque(self, module: str) -> bool:
        return module.partition(".")[0] in self.packages

    def canonical(self, qualname: str) -> str:
        """The table's name for an object users may reach under several names."""
        if qualname in self.aliases:
            return self.aliases[qualname]
        # a method of an aliased class: gevent.greenlet.Greenlet.join -> gevent.Greenlet.join
        owner, _, attr = qualname.rpartition(".")
        if owner in self.aliases:
            return f"{self.aliases[owner]}.{attr}"
        return qualname

    def lookup_method(self, cls: str, name: str) -> str | None:
        """Qualified name of `name` on a modelled class, following modelled bases."""
        seen = set()
        while cls and cls not in seen:
            seen.add(cls)
            qualname = f"{cls}.{name}"
            if qualname in self.switching or qualname in self.blocking or qualname in self.returns:
                return qualname
            if self._forwards(cls, name):
                return qualname
            cls = self.bases.get(cls)
        return None

    def method_names(self, cls: str) -> frozenset[str]:
        """The names of the switching methods the table lists on `cls` itself (not its bases'): the dispatch
        keys its becoming live may grow."""
        index = self.__dict__.get("_method_names")
        if index is None or index[0] != len(self.switching):
            found: dict[str, set] = {}
            for qualname in self.switching:
                owner, _, name = qualname.rpartition(".")
                found.setdefault(owner, set()).add(name)
            index = self.__dict__["_method_names"] = (len(self.switching), {k: frozenset(v) for k, v in found.items()})
        return index[1].get(cls, frozenset())

    def _forwards(self, cls: str, name: str) -> bool:
        """Whether a proxy class hands calls of method `name` to another thread (any name but dunders it
        does not list)."""
        dunders = self.proxies.get(cls)
        if dunders is None:
            return False
        return name in dunders or not (name.startswith("__") and name.endswith("__"))

    def switches(self, qualname: str) -> bool:
        qualname = self.canonical(qualname)
        if qualname in self.switching:
            return True
        if self.proxies:
            owner, _, name = qualname.rpartition(".")
            if self._forwards(owner, name):
                return True
        return self.declared_switching is not None and self.declared_switching(qualname) and not self.is_silent(qualname)

    def blocks(self, qualname: str) -> bool:
        return self.canonical(qualname) in self.blocking

    def is_silent(self, qualname: str) -> bool:
        """Never switching (os.path's functions, or declared so in configuration): never a primitive, its
        body not followed."""
        if qualname.partition(".")[0] in self.silent_modules or qualname in self.silent_functions:
            return True
        return self.declared_silent is not None and self.declared_silent(qualname)

    def configured(self, patch_flags, switching=None, silent=None) -> "PrimitiveModel":
        """A copy for one analysis: patched stdlib names switch, unpatched ones block, user tables added."""
        from switchpoint.analysis.models import patches

        model = PrimitiveModel(
            self.packages, set(self.switching), dict(self.returns), dict(self.attributes),
            dict(self.aliases), set(self.classes), dict(self.bases), spawners=dict(self.spawners),
            calls=dict(self.calls), registries=dict(self.registries), proxies=dict(self.proxies),
            proxy_wrapping=dict(self.proxy_wrapping), nonblocking_flags=dict(self.nonblocking_flags),
            nonblocking_constants=self.nonblocking_constants, quiet=self.quiet,
            imported_only=self.imported_only, made_by=self.made_by, live_with=self.live_with,
        )
        model.returns.update(patches.RETURNS)
        for flag, names in patches.PATCHES.items():
            (model.switching if flag in patch_flags else model.blocking).update(names)
        replaced_silent = set()  # what a class a patch replaces whole neither switches nor blocks in (unpatched: source)
        for flag in patch_flags:
            model.switching.update(patches.REPLACED_SWITCHING.get(flag, ()))
            replaced_silent.update(patches.REPLACED_SILENT.get(flag, ()))
        model.blocking |= patches.ALWAYS_BLOCKING - model.switching
        model.declared_switching = switching
        model.patch_flags = frozenset(patch_flags)
        model.declared_silent = silent
        model.silent_modules = patches.NEVER_SWITCHING_MODULES
        model.silent_functions = patches.NEVER_SWITCHING_FUNCTIONS | replaced_silent
        return model


def load_model() -> PrimitiveModel:
    model = PrimitiveModel()
    packages: set[str] = set()
    imported_only: set[str] = set()
    made_by: dict[str, tuple] = {}
    nonblocking_constants: set[str] = set()
    for table_name in TABLES:
        table = importlib.import_module(f"switchpoint.analysis.models.{table_name}")
        packages.update(table.PACKAGES)
        model.switching.update(table.SWITCHING)
        model.returns.update(table.RETURNS)
        model.attributes.update(getattr(table, "ATTRIBUTES", {}))
        model.spawners.update(getattr(table, "SPAWNERS", {}))
        model.calls.update(getattr(table, "CALLS", {}))
        model.registries.update(getattr(table, "MODULE_REGISTRIES", {}))
        model.proxies.update({cls: frozenset(dunders) for cls, dunders in getattr(table, "PROXIES", {}).items()})
        model.proxy_wrapping.update(getattr(table, "PROXY_WRAPPING", {}))
        model.nonblocking_flags.update(getattr(table, "NONBLOCKING_FLAGS", {}))
        nonblocking_constants.update(getattr(table, "NONBLOCKING_CONSTANTS", ()))
        imported_only.update(getattr(table, "IMPORTED_ONLY", ()))
        made_by.update(getattr(table, "MADE_BY", {}))
        model.aliases.update(table.ALIASES)
        model.classes.update(table.CLASSES)
        model.bases.update(table.BASES)
    model.packages = frozenset(packages)
    model.imported_only = frozenset(imported_only)
    model.made_by, model.live_with = _made_by(model, made_by)
    model.nonblocking_constants = frozenset(nonblocking_constants)
    for entry in literal_flags.QUIET:
        model.quiet[entry.callable] = (*model.quiet.get(entry.callable, ()), entry)
    return model


def _made_by(model: PrimitiveModel, listed: dict[str, tuple]) -> tuple[dict[str, frozenset], dict[str, frozenset]]:
    """(class of MADE_BY -> the words whose use makes or hands out one, class -> the classes of MADE_BY live
    whenever it is). A class of MADE_BY is made by its own name, its aliases', the names listed, and the functions,
    methods and attributes that RETURNS and ATTRIBUTES say return or hold one. Each of those is a word, but a
    class of MADE_BY, or a method or attribute of one: that one exists only where an instance of the class does,
    so it makes one where that class is live (a class's modelled base, BASES, is live with it too)."""
    def last(name: str) -> str:
        return name.rpartition(".")[2]

    words: dict[str, set] = {cls: {last(cls)} for cls in listed}
    live_with: dict[str, set] = {}

    def made(cls: str, name: str) -> None:
        name = model.canonical(name)
        owner = name if name in words else model.canonical(name.rpartition(".")[0])
        if owner in words:
            live_with.setdefault(owner, set()).add(cls)
        else:
            words[cls].add(last(name))

    for cls, names in listed.items():
        for name in names:
            made(cls, name)
    for sub, base in model.bases.items():
        if base in words:
            live_with.setdefault(sub, set()).add(base)
    for name, cls in model.aliases.items():
        if cls in words:
            words[cls].add(last(name))
    for table in (model.returns, model.attributes):
        for name, cls in table.items():
            cls = model.canonical(cls)
            if cls in words:
                made(cls, name)
    return ({cls: frozenset(found) for cls, found in words.items()},
            {cls: frozenset(made) for cls, made in live_with.items()})
