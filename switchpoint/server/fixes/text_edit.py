"""The smallest whole-line edits that turn one text into another, as LSP TextEdits."""

from __future__ import annotations

import difflib
import re

from lsprotocol import types as lsp

from ..positions import LineIndex, utf16_length


def line_edits(old: str, new: str) -> list[lsp.TextEdit]:
    """Replace only the runs of lines that differ (lines keep their ends, so joining them is exact)."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))

    def position(offset: int) -> lsp.Position:
        before = old[:offset]
        line = before.count("\n") + before.count("\r") - before.count("\r\n")
        column_start = max(before.rfind("\n"), before.rfind("\r")) + 1
        return lsp.Position(line=line, character=utf16_length(before[column_start:]))

    edits = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            rng = lsp.Range(start=position(starts[a0]), end=position(starts[a1]))
            edits.append(lsp.TextEdit(range=rng, new_text="".join(new_lines[b0:b1])))
    return edits


def apply(old: str, edits: list[lsp.TextEdit]) -> str:
    """Apply edits to `old` the way an editor does; for tests and self-checks."""
    index = LineIndex(old)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", old)]

    def offset(p: lsp.Position) -> int:
        line = index.line(p.line)
        units = line.encode("utf-16-le")[: 2 * p.character].decode("utf-16-le", errors="ignore")
        return starts[p.line] + len(units) if p.line < len(starts) else len(old)

    result = old
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        result = result[: offset(edit.range.start)] + edit.new_text + result[offset(edit.range.end) :]
    return result

