"""Engine positions (1-based lines, code-point columns) <-> LSP positions (0-based lines, UTF-16 units)."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from switchpoint.analysis.api import Position, Range
from switchpoint.server.positions import LineIndex, utf16_length


def lsp_pos(line: int, character: int) -> lsp.Position:
    return lsp.Position(line=line, character=character)


def test_ascii_is_an_offset_by_one():
    index = LineIndex("x = 1\nt[key] += 1\n")
    assert index.to_lsp(Position(2, 1)) == lsp_pos(1, 0)
    assert index.to_lsp(Position(2, 7)) == lsp_pos(1, 6)


def test_bmp_characters_count_one_unit_each():
    # "é" and "ü" are one code point and one UTF-16 unit each
    index = LineIndex("s = 'éü'; t[k] += 1")
    column = "s = 'éü'; t[k] += 1".index("t") + 1
    assert index.to_lsp(Position(1, column)) == lsp_pos(0, column - 1)


def test_astral_characters_count_two_units():
    line = "s = '😀𝔘'; t[k] += 1"
    index = LineIndex(line)
    column = line.index("t") + 1  # code points
    assert index.to_lsp(Position(1, column)) == lsp_pos(0, column - 1 + 2)  # two surrogate pairs before it
    assert utf16_length(line) == len(line) + 2


def test_round_trip_on_every_column_of_a_mixed_line():
    line = "a😀b é𝔘 cd"
    index = LineIndex(line + "\n")
    for column in range(1, len(line) + 2):
        position = Position(1, column)
        assert index.to_api(index.to_lsp(position)) == position


def test_an_offset_inside_a_surrogate_pair_rounds_down():
    index = LineIndex("😀x")
    assert index.to_api(lsp_pos(0, 1)) == Position(1, 1)
    assert index.to_api(lsp_pos(0, 2)) == Position(1, 2)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lsp_line_breaks_only(newline):
    text = newline.join(["a = 1", "b\x0cc = 2", "d\u2028 = 3", "t[k] += 1"])
    index = LineIndex(text)
    # \x0c and U+2028 are not line breaks for LSP or Python: t[k] is on the 4th line
    assert index.to_lsp(Position(4, 1)) == lsp_pos(3, 0)
    assert index.line(3) == "t[k] += 1"


def test_ranges_convert_both_ends():
    index = LineIndex("😀 = t[k]\n")
    rng = index.to_lsp_range(Range(Position(1, 5), Position(1, 9)))
    assert (rng.start, rng.end) == (lsp_pos(0, 5), lsp_pos(0, 9))


def test_positions_past_the_text_are_clamped_not_raised():
    index = LineIndex("ab\ncd")
    assert index.to_lsp(Position(2, 40)) == lsp_pos(1, 2)
    assert index.to_lsp(Position(9, 1)) == lsp_pos(1, 2)
    assert index.to_api(lsp_pos(7, 99)) == Position(2, 3)
