"""Live while typing: cross-file refresh, cancellation, debounce and stale results, over stdio."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcRequestCancelled

from .conftest import until

pytestmark = pytest.mark.asyncio

STORE = '''import gevent


class Store:
    def __init__(self):
        self._data = {}

    def __getitem__(self, key):
        return self._data.get(key, 0)

    def __setitem__(self, key, value):
        self._data[key] = value
'''

APP = '''from store import Store

counts = Store()


def bump(key):
    counts[key] += 1
'''

BUMP_LINE = APP.split("\n").index("    counts[key] += 1")


def slow_module(functions: int = 300) -> str:
    """A module the engine needs a good fraction of a second for (a long chain of callers)."""
    return "import gevent\n\n" + "".join(
        f"def f{i}(d):\n    d[{i}] += 1\n    gevent.sleep(0)\n    return f{i - 1}(d) if {i} else 0\n\n"
        for i in range(functions)
    )


async def test_an_edit_in_one_file_changes_the_hints_of_another(editor):
    await editor.start()
    store = editor.open("store.py", STORE)
    app = editor.open("app.py", APP)
    assert [h.position.line for h in await editor.hints(app)] == []
    await editor.hints(store)
    refreshes = editor.refreshes["inlay"]
    diagnostic_refreshes = editor.client.diagnostic_refresh_count
    # type (unsaved) a switch into Store.__getitem__: `counts[key]` in app.py now switches
    editor.replace_all(store, STORE.replace("        return self._data.get", "        gevent.sleep(0)\n        return self._data.get"))
    await until(lambda: editor.refreshes["inlay"] > refreshes, what="workspace/inlayHint/refresh")
    assert editor.client.diagnostic_refresh_count > diagnostic_refreshes
    changed = [n for n in editor.points_changed if n.uri == app]
    assert changed[-1].count == 1 and changed[-1].version == 1  # app.py itself did not change
    hints = await editor.hints(app)
    assert [(h.position.line, h.position.character) for h in hints] == [(BUMP_LINE, 4)]
    resolved = await editor.client.inlay_hint_resolve_async(hints[0])
    assert "store.Store.__getitem__" in resolved.tooltip.value
    assert f"({store}#L" in resolved.tooltip.value  # links into the other open file


async def test_a_cancelled_request_is_answered_as_cancelled_and_the_session_goes_on(editor):
    await editor.start()
    text = slow_module()
    uri = editor.open("slow.py", text)
    await editor.points(uri)
    editor.replace_all(uri, text + "\nx = 1\n")  # the next hints need a fresh (slow) analysis
    params = lsp.InlayHintParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        range=lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=5, character=0)),
    )
    pending = editor.client.protocol.send_request(lsp.TEXT_DOCUMENT_INLAY_HINT, params, msg_id="cancel-me")
    editor.client.cancel_request(lsp.CancelParams(id="cancel-me"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wrap_future(pending)
    # the shared analysis was not cancelled with the request: the next request gets fresh hints
    hints = await editor.client.text_document_inlay_hint_async(params)
    assert [h.position.line for h in hints] == [4]  # gevent.sleep(0) in f0
    assert (await editor.points(uri)).version == editor.versions[uri]


async def test_a_burst_of_keystrokes_is_analysed_once(editor):
    """Debounce: changes closer together than the debounce are analysed once, at the last version."""
    await editor.start()
    text = slow_module(100)
    uri = editor.open("burst.py", text)
    await until(lambda: any(n.uri == uri for n in editor.points_changed), what="first analysis")
    before = len(editor.points_changed)
    last_line = text.count("\n")
    for n, char in enumerate("x = 1"):
        editor.type_at(uri, last_line, n, char)
    final = editor.versions[uri]
    await until(lambda: any(n.version == final for n in editor.points_changed), what="analysis of the last version")
    await asyncio.sleep(0.5)  # anything else still on its way would arrive now
    versions = [n.version for n in editor.points_changed[before:] if n.uri == uri]
    assert versions == [final]


async def test_results_for_a_superseded_version_are_dropped(editor):
    """A request right after a change never gets points of the text before it."""
    await editor.start()
    text = slow_module(200)
    uri = editor.open("stale.py", text)
    await editor.points(uri)
    editor.replace_all(uri, "import gevent\n\n\ndef only():\n    gevent.sleep(0)\n")
    result = await editor.points(uri)
    assert result.version == editor.versions[uri]
    assert [(p.range.start.line, p.range.start.character) for p in result.points] == [(4, 4)]


async def test_a_callee_file_mid_edit_does_not_make_its_callers_flicker(editor):
    """While store.py does not parse, app.py keeps the points its last parseable text gave."""
    await editor.start()
    switching_store = STORE.replace("        return self._data.get", "        gevent.sleep(0)\n        return self._data.get")
    store = editor.open("store.py", switching_store)
    app = editor.open("app.py", APP)
    assert [h.position.line for h in await editor.hints(app)] == [BUMP_LINE]
    before = len([n for n in editor.points_changed if n.uri == app])
    editor.replace_all(store, switching_store + "\ndef half(:\n")
    errors = [d for d in (await editor.pull(store)).items if d.severity == 1]
    assert errors and "syntax error" in errors[0].message
    assert len([d for d in (await editor.pull(store)).items if d.code == "SP002"]) == 0  # said once, not twice
    await asyncio.sleep(0.5)  # a re-check of app.py, if any, would have landed
    assert len([n for n in editor.points_changed if n.uri == app]) == before
    assert [h.position.line for h in await editor.hints(app)] == [BUMP_LINE]


async def test_operations_of_files_not_open_are_kept_on_disk_for_the_next_session(editor):
    await editor.start()
    editor.write("store.py", STORE)  # on disk, never opened
    app = editor.open("app.py", APP)
    await editor.hints(app)
    ops = editor.root / ".switchpoint_cache" / "ops"
    stored = await until(lambda: sorted(p.name.split(".")[0] for p in ops.rglob("*.pickle")), what="stored operations")
    # store.py's operations are kept (its text on disk); app.py's are not: it is open, its text may be unsaved
    assert stored == ["store"]
    assert not list((editor.root / ".switchpoint_cache").glob("*.pickle"))  # no whole results in an editor


SWITCHING_STORE = STORE.replace("        return self._data.get", "        gevent.sleep(0)\n        return self._data.get")
TWO_FUNCTIONS = '''from store import Store

counts = Store()


def other(key):
    total = key
    counts[total] += 1
    return total


def bump(key):
    counts[key] += 1
'''


async def test_a_line_typed_inside_a_body_moves_the_marks_below_it(editor):
    # an edit inside a body that changes no call: the engine keeps its call graph (callgraph/kept_graph.py),
    # and every mark below the edit must still land where the text now has it
    await editor.start()
    editor.open("store.py", SWITCHING_STORE)
    app = editor.open("app.py", TWO_FUNCTIONS)
    lines = TWO_FUNCTIONS.split("\n")
    marked = [lines.index("    counts[total] += 1"), lines.index("    counts[key] += 1")]
    assert [(h.position.line, h.position.character) for h in await editor.hints(app)] == [(line, 4) for line in marked]
    for typed in (1, 2):
        editor.type_at(app, 6, 4, "total = key\n    ")  # one more `total = key` in other(), above its mark
        await until(lambda: [n for n in editor.points_changed if n.uri == app and n.version == typed], what="points")
        hints = await editor.hints(app)
        assert [(h.position.line, h.position.character) for h in hints] == [(line + typed, 4) for line in marked]
