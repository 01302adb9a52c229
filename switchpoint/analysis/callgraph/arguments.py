"""What callers pass to a parameter, as text: the signature a refined collection is reused under.

The second pass collects a function again with the instances, classes and callables its
callers pass (`CallGraph.refine_with_arguments`); a collection kept from an earlier run or
process is reused only where the same text comes out again (`Collected.signature`).
"""

from __future__ import annotations

from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo
from switchpoint.analysis.resolve.infer import ARGUMENT_TABLES, InstV, stored_key


def argument_texts(arguments: dict, known: dict, texts: dict) -> dict[str, str]:
    """"§qualname#index" -> the instances and callables callers pass for that parameter, as text
    (what a refined collection's entry is checked against before reuse). The modules of the passing
    call sites count too: a collection that read them depends on them (Evaluator.parameter), and
    reusing it where other sites pass the same values would load modules a cold run does not. So do
    the texts of the modules defining the classes and functions passed: a collection may hold them
    without reading their module (passing them on), and an edited module passes a new class under
    the same name. Each value's text is taken from `known` (an earlier run's) or made, and put in `texts`."""
    reprs: dict[str, list[str]] = {}
    for key, value in arguments.items():
        if key[0] not in ARGUMENT_TABLES:
            values, sites = value
            reprs.setdefault(f"§{key[0].qualname}#{key[1]}", []).append(
                f"{_values_text(values, known, texts)} from {sorted(sites)}")
    for (func, index), values in arguments[("callables", None)].items():
        reprs.setdefault(f"§{func.qualname}#{index}", []).append(_values_text(values, known, texts))
    for name, stores in arguments.get(("stored", None), {}).items():
        reprs[stored_key(name)] = [_stores_text(stores, known, texts)]
    return {name: "|".join(sorted(parts)) for name, parts in reprs.items()}


def _stores_text(stores: tuple, known: dict, texts: dict) -> str:
    """The stores of an attribute on objects of other code (Evaluator._stored) as text: where each is (the
    function, the position, the hash of its module's text) and on what classes' objects."""
    parts = []
    for func, binding, receivers in stores:
        node = binding[1]
        classes = tuple(InstV(cls, exact) for cls, exact in receivers)
        parts.append(f"{func.qualname}@{node.lineno}:{node.col_offset} in {_defining_texts(func)} "
                     f"on {_values_text(classes, known, texts)}")
    return "; ".join(parts)


def _values_text(values: tuple, known: dict, texts: dict) -> str:
    parts = []
    for value in values:
        text = texts.get(value) or known.get(value)
        if text is None:
            text = f"{value!r} in {_defining_texts(value)}"
        parts.append(texts.setdefault(value, text))
    return "(" + ", ".join(parts) + ")"


def _defining_texts(value) -> list[str]:
    """Text hashes (short) of the modules defining the classes and functions in an abstract value."""
    found: set[str] = set()
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, (FunctionInfo, ClassInfo)):
            digest = value.module.digest if value.module is not None else None
            found.add(digest.hex()[:12] if digest else "-")
        elif isinstance(value, tuple):
            pending.extend(value)
        elif hasattr(value, "__dataclass_fields__"):
            pending.extend(getattr(value, name) for name in value.__dataclass_fields__)
    return sorted(found)
