"""Parsing and positions: source text to an `ast` tree, never raising on user input.

`ast` offsets are UTF-8 byte columns; switchpoint reports 1-based columns counted
in code points, so `SourceText` converts, paying only for non-ASCII lines.
"""

from __future__ import annotations

import ast
import re
import warnings
from array import array
from dataclasses import dataclass
from itertools import accumulate

from switchpoint.analysis.api import Position, Range

# what the parser ends a line at (\r\n as one break); `str.splitlines` ends lines at these too, and at
# _OTHER_BREAKS, which the parser reads as a character of the line (a form feed between sections, GNU style)
LINE_BREAKS = "\r\n"
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_PARSER_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@dataclass
class ParseResult:
    tree: ast.Module | None
    error: str | None = None
    error_range: Range | None = None


class SourceText:
    """The text of one file with byte-column to code-point-column conversion.

    Lines are the parser's (ended by \n, \r\n or \r only), kept as the offsets where they end (4 bytes a
    line, not a string each: every loaded module's text is asked whether a function mentions `yield`)."""

    __slots__ = ("text", "_ends")

    def __init__(self, text: str):
        self.text = text
        self._ends: array | None = None  # offset just past each line, its line break included

    def line_ends(self) -> array:
        """The offset just past each line (its break included), computed once."""
        if self._ends is None:
            text = self.text
            if any(other in text for other in _OTHER_BREAKS):  # rare: found by the slower way
                ends = array("I", (match.end() for match in _PARSER_LINE.finditer(text) if match.end() > match.start()))
            else:
                ends = array("I", accumulate(map(len, text.splitlines(True))))
            self._ends = ends
        return self._ends

    def _span_of_lines(self, first: int, last: int | None) -> str:
        """Lines `first` to `last` (1-based, inclusive, clamped to the text) as one string, line breaks included."""
        ends = self.line_ends()
        last = len(ends) if last is None else min(last, len(ends))
        if first > last:
            return ""
        return self.text[ends[first - 2] if first > 1 else 0 : ends[last - 1]]

    def _line(self, lineno: int) -> str:
        if 1 <= lineno <= len(self.line_ends()):
            return self._span_of_lines(lineno, lineno).rstrip(LINE_BREAKS)  # only its own break: none ends a line
        return ""

    def mentions(self, word: str, first: int, last: int) -> bool:
        """Whether `word` (with no line break in it) occurs on lines `first` to `last`."""
        return word in self._span_of_lines(first, last)

    def mentions_any(self, words, first: int, last: int) -> bool:
        """Whether one of `words` (with no line break in them) occurs on lines `first` to `last`; searched
        in place, without copying the lines (asked for every statement of a walk)."""
        ends = self.line_ends()
        last = min(last, len(ends))
        if first > last:
            return False
        start, end, text = ends[first - 2] if first > 1 else 0, ends[last - 1], self.text
        return any(text.find(word, start, end) >= 0 for word in words)

    def column(self, lineno: int, byte_col: int) -> int:
        """1-based code-point column of a 0-based UTF-8 byte offset on a line."""
        if self.text.isascii():  # every line is: bytes are code points
            return byte_col + 1
        line = self._line(lineno)
        if line.isascii():
            return byte_col + 1
        return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def node_range(self, node: ast.AST) -> Range:
        return self.span(node, node)

    def span(self, first: ast.AST, last: ast.AST) -> Range:
        """From the start of `first` to the end of `last`."""
        end_line = last.end_lineno or last.lineno
        end_col = last.end_col_offset if last.end_col_offset is not None else last.col_offset
        return Range(
            Position(first.lineno, self.column(first.lineno, first.col_offset)),
            Position(end_line, self.column(end_line, end_col)),
        )


def decode_source(data: bytes) -> str:
    """Decode a Python file honouring a PEP 263 coding line; raises UnicodeDecodeError/SyntaxError."""
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


RECOVERY_ATTEMPTS = 4


def parse(text: str, filename: str) -> ParseResult:
    """Parse with `ast`; a syntax error becomes a message and a range, not an exception.

    Half-typed code still yields a tree: the line the error is on is blanked out
    (keeping its indentation, as `pass`) and parsing is tried again, a few times,
    so the rest of the file keeps its switch points while the error is reported.
    Line numbers and columns of everything else are unchanged.
    """
    first_error: ParseResult | None = None
    for _ in range(RECOVERY_ATTEMPTS + 1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not ours to report
                tree = ast.parse(text, filename)
        except SyntaxError as error:
            line = error.lineno or 1
            position = Position(line, max(error.offset or 1, 1))
            failure = ParseResult(None, f"syntax error: {error.msg}", Range(position, position))
            first_error = first_error or failure
            recovered = _blank_line(text, line)
            if recovered is None:
                return first_error
            text = recovered
            continue
        except (ValueError, RecursionError, MemoryError) as error:  # NUL bytes, absurd nesting
            return first_error or ParseResult(None, f"cannot parse: {error}")
        if first_error is None:
            return ParseResult(tree)
        return ParseResult(tree, first_error.error, first_error.error_range)
    return first_error


def _blank_line(text: str, line: int) -> str | None:
    """The text with line `line` replaced by `pass` at its indentation (None if nothing changes)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    original = lines[line - 1]
    stripped = original.lstrip()
    replacement = original[: len(original) - len(stripped)] + "pass" if stripped else original
    if replacement == original:
        return None
    lines[line - 1] = replacement
    return "\n".join(lines)
