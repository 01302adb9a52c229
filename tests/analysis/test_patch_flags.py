"""The patch flags a configuration turns on: gevent's flags bring the ones each sets besides its own
(`patches.GEVENT_EXTRA_FLAGS`: its subprocess patch replaces the whole Popen class), unless named themselves."""

from __future__ import annotations

from switchpoint.analysis.models import patches
from switchpoint.analysis.semantics.patching import effective_flags


def test_all_is_gevents_patch_all_with_the_popen_class():
    flags = effective_flags({}, "all")
    assert flags["subprocess"] and flags["subprocess_popen"]
    assert set(flags) == {f for f, on in patches.GEVENT_DEFAULTS.items() if on} | {"subprocess_popen"}


def test_a_table_flag_brings_its_extra_flag_unless_that_is_named():
    assert effective_flags({}, {"subprocess": True}) == {"subprocess": True, "subprocess_popen": True}
    assert effective_flags({}, {"subprocess": True, "subprocess_popen": False}) == {"subprocess": True}
    assert effective_flags({}, {"subprocess_popen": True}) == {"subprocess_popen": True}


def test_turning_a_flag_off_turns_its_extra_flag_off():
    detected = effective_flags({}, "all")
    assert "subprocess_popen" not in effective_flags(detected, {"subprocess": False})
    assert effective_flags(detected, "none") == {}
