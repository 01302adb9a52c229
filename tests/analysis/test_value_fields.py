"""Every kind of abstract value says which of its fields may hold classes, functions or scopes
(`infer.VALUE_FIELDS`), so the walks that find the modules defining what values hold (the evaluator's
`_defining_modules`, the argument texts' `_defining_texts`) miss nothing a new kind holds."""

from __future__ import annotations

import ast
import dataclasses
import types
import typing

import pytest

from switchpoint.analysis.resolve import infer
from switchpoint.analysis.resolve.binder import Binder, Module
from switchpoint.analysis.syntax import SourceText

VALUE_TYPES = sorted(
    (cls for cls in vars(infer).values()
     if isinstance(cls, type) and cls.__module__ == infer.__name__ and dataclasses.is_dataclass(cls)),
    key=lambda cls: cls.__name__)
# what a field the walk does not follow may hold: names, flags, numbers, syntax
_DATA = (str, bool, int, type(None))


def test_every_value_type_is_listed():
    assert set(infer.VALUE_FIELDS) == {*VALUE_TYPES, type(infer.UNKNOWN)}


@pytest.mark.parametrize("cls", VALUE_TYPES, ids=lambda cls: cls.__name__)
def test_unlisted_fields_hold_plain_data(cls):
    """A field left out of the walk is declared to hold only names, flags, numbers or syntax (a bare `tuple`
    or a class, function, scope or value there must be listed); a listed one is a field of the class."""
    listed = infer.VALUE_FIELDS[cls]
    fields = {field.name for field in dataclasses.fields(cls)}
    assert set(listed) <= fields
    hints = typing.get_type_hints(cls, vars(infer))
    for name in sorted(fields - set(listed)):
        assert _plain(hints[name]), f"{cls.__name__}.{name}: {hints[name]} may hold a value: list it in VALUE_FIELDS"


def _plain(hint) -> bool:
    if hint is Ellipsis or (isinstance(hint, type) and (issubclass(hint, _DATA) or issubclass(hint, ast.AST))):
        return True
    origin = typing.get_origin(hint)
    if origin in (tuple, typing.Union, types.UnionType):
        return all(_plain(argument) for argument in typing.get_args(hint))
    return False  # a bare tuple, a class, a function, a scope, anything else


def test_held_definitions_follow_the_listed_fields():
    """A module's class and function inside a value inside a container value are found; names are not."""
    source = "class Box: pass\ndef make(): pass\n"
    module = Binder(Module("app", None, SourceText(source), ast.parse(source))).bind()
    box, make = module.top.scope.bindings["Box"][0][1], module.functions[0]
    value = infer.ContainerV(((ast.Name("x"), module.top.scope),), "list")
    held = list(infer.held_definitions((infer.InstV("builtins.list", True, ((infer.ClassV(box),), (infer.FuncV(make), value))),)))
    assert {id(h) for h in held} == {id(box), id(make), id(module.top.scope)}
