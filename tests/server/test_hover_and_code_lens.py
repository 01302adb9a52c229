"""Hover on a yield point and code lenses on functions, over stdio."""

from __future__ import annotations

import re

import pytest
from lsprotocol import types as lsp

from .test_inlay_hints_and_points import where

pytestmark = pytest.mark.asyncio


async def hover(editor, uri: str, line: int, character: int) -> lsp.Hover | None:
    return await editor.client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=character))
    )


async def test_hover_shows_the_chain_each_step_linked(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    line, character = where(iodict_text, "t[key] += 1")
    answer = await hover(editor, uri, line, character + 2)  # on `key`, inside `t[key]`
    text = answer.contents.value
    assert answer.contents.kind == lsp.MarkupKind.Markdown
    assert (answer.range.start.line, answer.range.start.character) == (line, character)
    steps = re.findall(r"\[`([^`]+)`\]\(([^)]+)\)", text)
    linked = dict(steps)
    setitem_line = where(iodict_text, "def __setitem__")[0] + 1
    incrementer_line = where(iodict_text, "def incrementer")[0] + 1
    assert linked["iodict.IODict.__setitem__"] == f"{uri}#L{setitem_line}"
    assert linked["iodict.incrementer"] == f"{uri}#L{incrementer_line}"
    # gevent.sleep lives in the installed gevent: its link points into gevent's source
    assert "/gevent/" in linked["gevent.sleep"] and linked["gevent.sleep"].startswith("file://")


async def test_no_hover_away_from_points(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    line, _ = where(iodict_text, "self._data = {}")
    assert await hover(editor, uri, line, 8) is None
    assert await hover(editor, (editor.root / "unknown.py").as_uri(), 0, 0) is None


async def test_code_lens_on_every_function(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    lenses = await editor.client.text_document_code_lens_async(
        lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    by_line = {lens.range.start.line: lens.command.title for lens in lenses}
    assert by_line[where(iodict_text, "__init__")[0]] == "never switches"
    assert by_line[where(iodict_text, "__getitem__")[0]] == "may switch · 1 point"
    assert by_line[where(iodict_text, "def main")[0]].startswith("may switch · ")
    assert len(lenses) == iodict_text.count("    def ") + iodict_text.count("\ndef ")
    assert all(re.fullmatch(r"never switches|may switch · \d+ points?", title) for title in by_line.values())
