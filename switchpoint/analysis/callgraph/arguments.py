"""What callers pass to a parameter, as text: the signature a refined collection is reused under.

The second pass collects a function again with the instances, classes and callables its
callers pass (`CallGraph.refine_with_arguments`); a collection kept from an earlier run or
process is reused only where the same text comes out again (`Collected.signature`).
"""

from __future__ import annotations

from switchpoint.analysis.resolve.binder import Scope
from switchpoint.analysis.resolve.infer import (
    ARGUMENT_TABLES, InstV, argument_key, callables_key, defaulted_key, held_definitions, stored_key,
)


def argument_texts(arguments: dict, known: dict, texts: dict, kept: dict | None = None, made: dict | None = None) -> dict[str, str]:
    """"§qualname#index" -> the instances and classes callers pass for that parameter, "§qualname#index()" ->
    the functions they pass for it (callables_key), "§qualname#index=" that none passes it (defaulted_key), as text
    (what a refined collection's entry is checked against before reuse). The names of the modules of
    the passing call sites count too: which modules pass is all a collection takes from them (its marks
    do not name them, Evaluator._defining_modules), so an edit of a caller that passes the same values
    keeps the callee's entry, and the modules passing are loaded wherever the text is the same. So do
    the texts of the modules defining the classes and functions passed: a collection may hold them
    without reading their module (passing them on), and an edited module passes a new class under
    the same name (the marks name those modules too, for a new module object with the same text). Each value's text is taken from `known` (an earlier run's) or made, and put in `texts`.
    A parameter's text is taken whole from `kept` (an earlier run's `made`: name -> (what it was made of,
    the text)) where it is made of equal values, sites and stores (most are, after an edit), and put in `made`."""
    parts: dict[str, list] = {}  # name -> what its text is made of: ("values", values, sites), ("callables", values), ("stores", stores)
    for key, value in arguments.items():
        if key[0] not in ARGUMENT_TABLES:
            values, sites = value
            parts.setdefault(argument_key(*key), []).append(("values", values, sites))
    for (func, index), values in arguments[("callables", None)].items():
        parts[callables_key(func, index)] = [("callables", values)]
    for name, stores in arguments.get(("stored", None), {}).items():
        parts[stored_key(name)] = [("stores", stores)]
    for func, index in arguments.get(("defaulted", None), ()):  # what callers pass: nothing (callgraph/defaults.py)
        parts[defaulted_key(func, index)] = [("defaulted",)]
    kept = kept if kept is not None else {}
    made = made if made is not None else {}
    reprs: dict[str, str] = {}
    for name, inputs in parts.items():
        inputs = tuple(inputs)
        earlier = kept.get(name)
        if earlier is not None and earlier[0] == inputs:  # compares by identity first: the values of reused entries
            text = earlier[1]
        else:
            text = "|".join(sorted(_part_text(part, known, texts) for part in inputs))
        reprs[name] = text
        made[name] = (inputs, text)
    return reprs


def _part_text(part: tuple, known: dict, texts: dict) -> str:
    if part[0] == "values":
        return f"{_values_text(part[1], known, texts)} from {sorted(part[2])}"
    if part[0] == "callables":
        return _values_text(part[1], known, texts)
    if part[0] == "defaulted":
        return "left to its default"
    return _stores_text(part[1], known, texts)


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
    digests = (held.module.digest if held.module is not None else None
               for held in held_definitions((value,)) if not isinstance(held, Scope))
    return sorted({digest.hex()[:12] if digest else "-" for digest in digests})
