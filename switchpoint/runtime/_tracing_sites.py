"""Turns a suspended frame's (code, f_lasti) into a switch site in `yield-points` coordinates.

A site is (start line, start column, end line, end column, opname): lines
1-based, columns 1-based in Unicode code points, end exclusive. `co_positions()`
gives 0-based UTF-8 byte columns, so they are converted through the source line.
"""

from __future__ import annotations

import bisect
import dis
import linecache

from switchpoint.runtime._tracing_narrow import narrow

# code object -> sorted offsets of real instructions (CACHE entries excluded)
_starts: dict = {}
# code object -> {offset: opname}
_opnames: dict = {}


def _instruction_index(code):
    starts = _starts.get(code)
    if starts is None:
        names = {ins.offset: ins.opname for ins in dis.get_instructions(code)}
        starts = sorted(names)
        _starts[code] = starts
        _opnames[code] = names
    return starts, _opnames[code]


def instruction_at(code, lasti: int) -> tuple[int, str]:
    """The real instruction executing at `lasti`.

    After an inlined Python-to-Python call (3.11, 3.12) a caller's f_lasti can
    sit on one of the CALL's inline CACHE entries, which `dis` does not list as
    instructions: the instruction executing is the last real one at or before it.
    """
    starts, names = _instruction_index(code)
    i = bisect.bisect_right(starts, lasti) - 1
    offset = starts[max(i, 0)]
    return offset, names[offset]


def byte_to_char_column(path: str, line: int, byte_col: int) -> int:
    """0-based UTF-8 byte column -> 1-based code-point column (ASCII if the source is gone)."""
    text = linecache.getline(path, line)
    if not text:
        return byte_col + 1
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace")) + 1


def _whole_line(path: str, line: int) -> tuple[int, int]:
    """Byte columns of a line's text without its indentation or newline, for positionless instructions."""
    raw = linecache.getline(path, line).rstrip("\r\n").encode("utf-8")
    return len(raw) - len(raw.lstrip()), len(raw)


def resolve(code, lasti: int):
    """(line, col, end_line, end_col, opname) for a frame stopped at `lasti`, or None without a line."""
    path = code.co_filename
    offset, opname = instruction_at(code, lasti)
    positions = list(code.co_positions())
    line, end_line, col, end_col = positions[offset // 2]
    if line is None:
        return None
    if end_line is None:
        end_line = line
    if col is None or end_col is None:
        col, end_col = _whole_line(path, line)
        end_line = line
    line, col, end_line, end_col = narrow(path, code, offset, opname, (line, col, end_line, end_col))
    return (
        line,
        byte_to_char_column(path, line, col),
        end_line,
        byte_to_char_column(path, end_line, end_col),
        opname,
    )
