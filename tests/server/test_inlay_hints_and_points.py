"""Inlay hints, their lazy tooltips, the `switchpoint/yieldPoints` request and its change notification, over stdio."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .conftest import until

pytestmark = pytest.mark.asyncio


def where(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """(0-based line, UTF-16 character) of `needle` in the n-th code line (not docstring) holding it."""
    lines = text.split("\n")
    docstring_end = text.index('"""', 3)
    first_code_line = text[:docstring_end].count("\n") + 1
    hits = [(n, line.index(needle)) for n, line in enumerate(lines) if n >= first_code_line and needle in line]
    line, column = hits[occurrence]
    return line, len(lines[line][:column].encode("utf-16-le")) // 2


async def test_a_mark_at_t_key_of_the_lost_update(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    hints = await editor.hints(uri)
    positions = [(h.position.line, h.position.character) for h in hints]
    # `t[key] += 1` reads and writes t[key] at one spot: one mark, at `t[key]`
    assert positions.count(where(iodict_text, "t[key] += 1")) == 1
    # and the primitives inside the dunders are marked too
    assert where(iodict_text, "gevent.sleep(0.001)  #") in positions
    assert where(iodict_text, "gevent.sleep(0.001)", 1) in positions
    assert all(h.label.startswith("⏸") for h in hints)
    assert all(h.tooltip is None for h in hints), "tooltips are filled lazily by inlayHint/resolve"
    assert positions == sorted(positions)


async def test_resolve_fills_the_witness_chain_with_links(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    hints = await editor.hints(uri)
    mark = next(h for h in hints if (h.position.line, h.position.character) == where(iodict_text, "t[key] += 1"))
    resolved = await editor.client.inlay_hint_resolve_async(mark)
    tooltip = resolved.tooltip.value
    assert "IODict.__getitem__" in tooltip and "IODict.__setitem__" in tooltip and "gevent.sleep" in tooltip
    # the dunders are defined in this very file: their steps link to their `def` lines
    getitem_line = where(iodict_text, "def __getitem__")[0] + 1
    assert f"({uri}#L{getitem_line})" in tooltip


CALLBACKS = '''"""Calling a parameter switches only when a caller passes a switching function: possible."""
import gevent


def work():
    gevent.sleep(0)


def run_it(fn):
    return fn()


def main():
    run_it(work)
'''


async def test_callback_calls_are_possible_points(editor):
    await editor.start()
    uri = editor.open("callbacks.py", CALLBACKS)
    points = {(p.range.start.line, p.range.start.character): p for p in (await editor.points(uri)).points}
    assert points[where(CALLBACKS, "fn()")].certainty == "possible"
    assert points[where(CALLBACKS, "gevent.sleep(0)")].certainty == "certain"


async def test_settings_from_initialization_options(editor):
    await editor.start(options={"inlayHints": {"glyph": "↯", "showKind": True}, "showPossible": False})
    uri = editor.open("callbacks.py", CALLBACKS)
    marks = labels(await editor.hints(uri))
    assert marks[where(CALLBACKS, "gevent.sleep(0)")] == "↯ call"
    assert marks[where(CALLBACKS, "run_it(work)")] == "↯ call"
    assert where(CALLBACKS, "fn()") not in marks  # possible: hidden by showPossible=false


async def test_possible_points_are_marked_as_such(editor):
    await editor.start(options={"inlayHints": {"showKind": True}})
    uri = editor.open("callbacks.py", CALLBACKS)
    marks = labels(await editor.hints(uri))
    assert marks[where(CALLBACKS, "fn()")] == "⏸? call"
    assert marks[where(CALLBACKS, "gevent.sleep(0)")] == "⏸ call"


async def test_both_halves_of_an_augmented_subscript_share_one_mark(editor, iodict_text):
    await editor.start(options={"inlayHints": {"showKind": True}})
    uri = editor.open("iodict.py", iodict_text)
    label = labels(await editor.hints(uri))[where(iodict_text, "t[key] += 1")]
    assert label.endswith(" store_subscript+subscript") or label.endswith(" subscript+store_subscript")


def labels(hints) -> dict:
    return {(h.position.line, h.position.character): h.label for h in hints}


async def test_hints_can_be_turned_off(editor, iodict_text):
    await editor.start(options={"inlayHints": {"enabled": False}})
    uri = editor.open("iodict.py", iodict_text)
    assert list(await editor.hints(uri)) == []
    # the custom request still answers: gutter markers are the client's own setting
    assert (await editor.points(uri)).points


async def test_hints_only_inside_the_requested_range(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    line = where(iodict_text, "t[key] += 1")[0]
    hints = await editor.client.text_document_inlay_hint_async(
        lsp.InlayHintParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(start=lsp.Position(line=line, character=0), end=lsp.Position(line=line + 1, character=0)),
        )
    )
    assert [h.position.line for h in hints] == [line]


async def test_yield_points_request_returns_every_point_sorted(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    result = await editor.points(uri)
    assert result.uri == uri and result.version == 1
    starts = [(p.range.start.line, p.range.start.character) for p in result.points]
    assert starts == sorted(starts)
    at_t_key = [p for p in result.points if (p.range.start.line, p.range.start.character) == where(iodict_text, "t[key] += 1")]
    assert {p.kind for p in at_t_key} == {"subscript", "store_subscript"}
    assert all(p.range.end.character - p.range.start.character == len("t[key]") for p in at_t_key)
    assert any(p.chain[-1] == "gevent.sleep" and "IODict.__getitem__" in p.chain[-2] for p in at_t_key)


async def test_yield_points_of_an_unknown_document_are_empty_not_an_error(editor):
    await editor.start()
    result = await editor.points((editor.root / "never_opened.py").as_uri())
    assert list(result.points) == [] and result.version is None


async def test_points_changed_notification_follows_each_analysis(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    first = await until(lambda: [n for n in editor.points_changed if n.uri == uri], what="first notification")
    assert first[0].version == 1 and first[0].count == len((await editor.points(uri)).points)
    version = editor.replace_all(uri, iodict_text.replace("        gevent.sleep(0.001)  # e.g.", "        pass  # e.g."))
    latest = await until(lambda: [n for n in editor.points_changed if n.version == version], what="notification for v2")
    result = await editor.points(uri)
    assert result.version == version and latest[-1].count == len(result.points)
    assert latest[-1].count < first[0].count


async def test_non_ascii_source_positions_are_utf16(editor):
    await editor.start()
    text = (
        "import gevent\n\n"
        "def f():\n"
        "    s = '😀 é'; gevent.sleep(0)\n"
    )
    uri = editor.open("emoji.py", text)
    result = await editor.points(uri)
    sleep = next(p for p in result.points if p.chain[-1] == "gevent.sleep")
    prefix = "    s = '😀 é'; "
    assert len(prefix) == 15  # code points; the emoji takes two UTF-16 units, é one
    assert (sleep.range.start.line, sleep.range.start.character) == (3, 16)
    assert sleep.range.end.character == 16 + len("gevent.sleep(0)")
