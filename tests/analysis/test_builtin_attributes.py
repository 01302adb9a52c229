"""Which attributes an object of exactly a builtin type lacks (`resolve/infer._lacks`: reading one raises, so it
gives no value) does not depend on the interpreter running the analysis: what builtin types gained after 3.11,
the oldest the engine runs on, counts as had on 3.11 too (`known_returns.BUILTIN_ATTRIBUTES_SINCE_3_11`)."""

from __future__ import annotations

import pytest

from switchpoint.analysis.resolve.infer import _lacks
from switchpoint.analysis.resolve.known_returns import BUILTIN_ATTRIBUTES_SINCE_3_11


@pytest.mark.parametrize(("kind", "attr"), [(k, a) for k, names in BUILTIN_ATTRIBUTES_SINCE_3_11.items() for a in names])
def test_what_a_builtin_type_gained_after_3_11_is_had_on_every_interpreter(kind, attr):
    assert not _lacks(f"builtins.{kind}", attr)


def test_what_no_version_has_is_lacked_and_what_all_have_is_had():
    assert _lacks("builtins.int", "keys")
    assert _lacks("builtins.tuple", "append")
    assert not _lacks("builtins.str", "removeprefix")
    assert not _lacks("builtins.dict", "items")
    assert not _lacks("builtins.object", "__class__")
