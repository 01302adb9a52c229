"""switchpoint.runtime, as far as a table is needed: which functions start other virtual threads.

Its switching primitives are not listed here: they are read from the runtime's
`_traps.py` (see semantics/primitives.py), and the rest is analysed as source.
"""

PACKAGES: tuple[str, ...] = ()
CLASSES: tuple[str, ...] = ()
SWITCHING: frozenset[str] = frozenset()
RETURNS: dict[str, str] = {}
ALIASES: dict[str, str] = {}
BASES: dict[str, str] = {}

SPAWNERS = {
    "switchpoint.runtime._hub.spawn": 0,
    "switchpoint.runtime._taskgroup.TaskGroup.spawn": 0,
    "switchpoint.runtime._threads.to_thread": 0,
}
