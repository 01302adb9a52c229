"""The fixture grammar's version condition: a marker for other Python versions expects nothing here."""

import sys

from tests.expectations import parse_expectations


def test_markers_for_other_versions_are_dropped(tmp_path):
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    later = f"{sys.version_info[0]}.{sys.version_info[1] + 1}"
    fixture = tmp_path / "versions.py"
    fixture.write_text(
        f'a()  # switch: [call] "always"\n'
        f'b()  # switch: [call] possible "only before" (python < {here})\n'
        f'c()  # switch: [call] "from here on" (python >= {here})\n'
        f'd()  # switch: [call] "before the next" (python < {later})\n'
        f'e()  # switch: [call] "from the next" (python >= {later})\n'
    )
    found = [(e.line, e.text) for e in parse_expectations(fixture, "versions.py")]
    assert found == [(1, "always"), (3, "from here on"), (4, "before the next")]
