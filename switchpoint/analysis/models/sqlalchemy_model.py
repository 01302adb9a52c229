"""SQLAlchemy's greenlet bridge: sync ORM code run inside `greenlet_spawn` switches at `await_only`.

SQLAlchemy itself is analysed as source (it is not opaque), so an ORM call's chain
runs through SQLAlchemy's own code down to `await_only`, which hands the awaitable
to the event loop's greenlet and switches. `greenlet_spawn` is the boundary: it
runs a sync function in a child greenlet and is itself awaited by async code.
"""

PACKAGES: tuple[str, ...] = ()

CLASSES: tuple[str, ...] = ()

SWITCHING = frozenset({
    f"sqlalchemy.util.{module}.{name}"
    for module in ("_concurrency_py3k", "concurrency")
    for name in ("await_only", "await_fallback", "await_")
})

RETURNS: dict[str, str] = {}

ALIASES = {
    "sqlalchemy.util.await_only": "sqlalchemy.util.concurrency.await_only",
    "sqlalchemy.util.await_fallback": "sqlalchemy.util.concurrency.await_fallback",
}

BASES: dict[str, str] = {}

# `util.preloaded.orm_persistence._save_obj(...)` (the unit of work's flush): the registry holds each
# preloaded module under its dotted name past "sqlalchemy." with dots made underscores
MODULE_REGISTRIES = {"sqlalchemy.util.preloaded": "sqlalchemy"}
