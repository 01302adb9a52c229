"""Whatever an editor sends, the server answers or logs, and the session goes on."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcMethodNotFound

from .conftest import until

pytestmark = pytest.mark.asyncio


async def still_serving(editor, iodict_text) -> None:
    uri = editor.open("alive.py", iodict_text)
    assert (await editor.points(uri)).points
    assert any(d.code == "SP101" for d in (await editor.pull(uri)).items)


async def request(editor, method: str, params) -> object:
    answer = editor.send_raw(method, params, msg_id=f"raw-{method}")
    return await asyncio.wait_for(asyncio.wrap_future(answer), timeout=15)


@pytest.mark.parametrize(
    "method, params",
    [
        (lsp.TEXT_DOCUMENT_HOVER, {"textDocument": {"uri": "file:///x.py"}}),  # no position
        (lsp.TEXT_DOCUMENT_INLAY_HINT, {"textDocument": {"uri": 42}, "range": "everything"}),
        (lsp.TEXT_DOCUMENT_CODE_ACTION, None),
        ("switchpoint/yieldPoints", {"textDocument": {"url": "file:///x.py"}}),
        ("switchpoint/yieldPoints", ["file:///x.py"]),
    ],
)
async def test_malformed_requests_get_an_error_answer(editor, iodict_text, method, params):
    await editor.start()
    with pytest.raises(JsonRpcInvalidParams):
        await request(editor, method, params)
    await still_serving(editor, iodict_text)


async def test_malformed_notifications_are_logged_and_dropped(editor, iodict_text):
    await editor.start()
    editor.send_raw(lsp.TEXT_DOCUMENT_DID_OPEN, {"textDocument": {"uri": "file:///x.py"}})
    editor.send_raw(lsp.TEXT_DOCUMENT_DID_CHANGE, {"contentChanges": "all of it"})
    await until(lambda: len(editor.errors_logged()) >= 2, what="errors in the client's log")
    assert all("malformed" in message for message in editor.errors_logged())
    await still_serving(editor, iodict_text)


async def test_changes_and_requests_for_documents_never_opened(editor, iodict_text):
    await editor.start()
    ghost = (editor.root / "ghost.py").as_uri()
    editor.client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=ghost, version=3),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="x = 1\n")],
        )
    )
    editor.client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=ghost)))
    assert list(await editor.hints(ghost)) == []
    assert list((await editor.pull(ghost)).items) == []
    assert list(await editor.client.text_document_code_lens_async(lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri=ghost)))) == []
    await still_serving(editor, iodict_text)


async def test_unknown_methods_are_method_not_found(editor, iodict_text):
    await editor.start()
    with pytest.raises(JsonRpcMethodNotFound):
        await request(editor, "switchpoint/noSuchThing", {})
    editor.send_raw("switchpoint/noSuchNotification", {"a": 1})
    await still_serving(editor, iodict_text)


async def test_resolve_with_foreign_data_returns_the_hint(editor, iodict_text):
    await editor.start()
    hint = lsp.InlayHint(position=lsp.Position(line=0, character=0), label="x", data={"uri": 3, "line": "a"})
    resolved = await editor.client.inlay_hint_resolve_async(hint)
    assert resolved.label == "x" and resolved.tooltip is None
    await still_serving(editor, iodict_text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x00 binary\x00",
        "x = '\ud800'  # a lone surrogate\n",
        "def f(:\n" * 50,
        "import gevent\n" + "(" * 400 + "\n",
        "\ufeffimport gevent\r\n\r\ndef f():\r\n    gevent.sleep(0)\r\n",
    ],
    ids=["empty", "nul", "lone-surrogate", "repeated-error", "deep-nesting", "bom-crlf"],
)
async def test_odd_texts(editor, iodict_text, text):
    await editor.start()
    uri = editor.open("odd.py", text, on_disk=False)
    await editor.points(uri)
    await editor.pull(uri)
    await editor.hints(uri)
    await still_serving(editor, iodict_text)


async def test_crlf_positions(editor):
    await editor.start()
    uri = editor.open("crlf.py", "import gevent\r\n\r\ndef f():\r\n    gevent.sleep(0)\r\n")
    points = (await editor.points(uri)).points
    assert [(p.range.start.line, p.range.start.character, p.range.end.character) for p in points] == [(3, 4, 19)]
