"""Translates engine positions (1-based lines, 1-based code-point columns) to LSP ones (0-based lines, UTF-16 offsets) and back.

The server always negotiates UTF-16, the encoding every LSP client must support,
so one translation serves every client and the `switchpoint/yieldPoints` contract.
"""

from __future__ import annotations

import re

from lsprotocol import types as lsp

from switchpoint.analysis import api

# LSP and Python both end lines at \r\n, \r or \n only; str.splitlines() would also
# split at \f, \v, \x1c.. and U+2028, which would shift every later line.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def utf16_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class LineIndex:
    """The lines of one text, for converting positions within it."""

    def __init__(self, text: str):
        self.lines = _LINE_BREAK.split(text)

    def line(self, line0: int) -> str:
        return self.lines[line0] if 0 <= line0 < len(self.lines) else ""

    def to_lsp(self, position: api.Position) -> lsp.Position:
        """Engine position -> LSP position, clamped into the text (a stale position never raises)."""
        if position.line > len(self.lines):
            last = len(self.lines) - 1
            return lsp.Position(line=last, character=utf16_length(self.lines[last]))
        line0 = max(position.line - 1, 0)
        text = self.lines[line0]
        code_points = min(max(position.column - 1, 0), len(text))
        return lsp.Position(line=line0, character=utf16_length(text[:code_points]))

    def to_lsp_range(self, rng: api.Range) -> lsp.Range:
        return lsp.Range(start=self.to_lsp(rng.start), end=self.to_lsp(rng.end))

    def to_api(self, position: lsp.Position) -> api.Position:
        """LSP position -> engine position; an offset inside a surrogate pair rounds down."""
        line0 = min(max(position.line, 0), len(self.lines) - 1)
        text = self.lines[line0]
        units = max(position.character, 0)
        if text.isascii():
            return api.Position(line=line0 + 1, column=min(units, len(text)) + 1)
        seen = 0
        for index, char in enumerate(text):
            width = 2 if ord(char) > 0xFFFF else 1
            if seen + width > units:
                return api.Position(line=line0 + 1, column=index + 1)
            seen += width
        return api.Position(line=line0 + 1, column=len(text) + 1)
