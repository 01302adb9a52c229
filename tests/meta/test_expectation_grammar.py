"""The fixture grammar's version conditions: a marker, or a whole file, for other Python versions expects nothing here."""

import sys

import pytest

from tests.expectations import parse_expectations, written_for_this_python


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


def test_a_file_for_other_versions_expects_nothing(tmp_path):
    # `# PYTHON >= 3.12` marks a whole file as written for those versions (syntax older ones cannot parse)
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    later = f"{sys.version_info[0]}.{sys.version_info[1] + 1}"
    verdicts = {}
    for name, condition in [("from_here", f">= {here}"), ("from_next", f">= {later}"), ("before_here", f"< {here}"),
                            ("before_next", f"<{later}")]:
        fixture = tmp_path / f"{name}.py"
        fixture.write_text(f'# PYTHON {condition}\na()  # switch: [call] "always"\n')
        verdicts[name] = (written_for_this_python(fixture), len(parse_expectations(fixture, fixture.name)))
    assert verdicts == {"from_here": (True, 1), "from_next": (False, 0), "before_here": (False, 0), "before_next": (True, 1)}


def test_a_file_condition_that_says_nothing_is_refused(tmp_path):
    fixture = tmp_path / "vague.py"
    fixture.write_text("# PYTHON 3.12\na()\n")
    with pytest.raises(ValueError, match="PYTHON 3.12"):
        written_for_this_python(fixture)
