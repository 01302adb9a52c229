"""Whether a call's arguments say the primitive it calls cannot switch (`sem.acquire(False)`).

The entries are the model's (`models/literal_flags.py`, `PrimitiveModel.quiet`); this reads one call site
against them. A literal written out counts, and so does what the caller's `constants` says an argument
surely is (resolve/constants.py: a C module's constant such as `os.WNOHANG`, a name bound only to such, a
parameter every caller leaves to its default); anything that may carry another value (an expression, a
`*x`, a `**m`) leaves the call the point it is.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.infer import call_argument


def is_quiet(entries: tuple, node: ast.Call, through_instance: bool, switches: bool = True, constants=None) -> bool:
    """Whether one of `entries` holds at this call: its parameter given one of its literal values, and the
    parameters it wants left to their defaults surely left so. `through_instance`: the call's receiver is
    surely an instance (`obj.method(...)`), so a method's positional arguments are where the entry counts them.
    `switches`: the callable is a switching primitive here, not one that blocks the hub (`unpatched_only`).
    `constants(expr, wanted)`: the constants an argument that is no literal surely holds, or None (`wanted(value)`:
    whether a constant is one of the entry's)."""
    return any(_holds(entry, node, through_instance or entry.function, constants)
               for entry in entries if not (switches and entry.unpatched_only))


def _holds(entry, node: ast.Call, positions_known: bool, constants) -> bool:
    given = call_argument(node, entry.position if positions_known else None, entry.parameter)
    if given is None:
        return False
    def listed(value) -> bool:  # compared with its type: `0` is no `False`'s, `1.0` no `1`'s
        return any(value.__class__ is flag.__class__ and value == flag for flag in entry.values)

    if given.__class__ is ast.Constant:
        values = (given.value,)
    else:
        values = constants(given, listed) if constants is not None else None
    if not values or not all(map(listed, values)):
        return False
    return all(_left_out(node, name, position) for name, position in entry.left_out)


def _left_out(node: ast.Call, keyword: str, position: int) -> bool:
    """Whether the call surely gives no value for a parameter: no keyword of its name, no `**m`, no
    positional argument reaching its position, no `*x` (however long)."""
    if any(argument.arg in (keyword, None) for argument in node.keywords):
        return False
    return len(node.args) <= position and not any(argument.__class__ is ast.Starred for argument in node.args)
