"""Code actions over stdio: each edit is applied like an editor would, then the server re-checks the result."""

from __future__ import annotations

import ast

import pytest
from lsprotocol import types as lsp

from .conftest import apply_edits, workspace_edits
from .test_inlay_hints_and_points import where

pytestmark = pytest.mark.asyncio


async def actions_at(editor, uri: str, line: int, character: int, diagnostics=()) -> list[lsp.CodeAction]:
    at = lsp.Position(line=line, character=character)
    return await editor.client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(start=at, end=at),
            context=lsp.CodeActionContext(diagnostics=list(diagnostics)),
        )
    )


def titled(actions, prefix: str) -> lsp.CodeAction:
    matches = [a for a in actions if a.title.startswith(prefix)]
    assert len(matches) == 1, [a.title for a in actions]
    return matches[0]


async def apply(editor, uri: str, action: lsp.CodeAction) -> str:
    text = apply_edits(editor.texts[uri], workspace_edits(action.edit, uri))
    editor.replace_all(uri, text)
    return text


async def race_actions(editor, iodict_text):
    uri = editor.open("iodict.py", iodict_text)
    diagnostics = [d for d in (await editor.pull(uri)).items if d.code == "SP101"]
    line, character = where(iodict_text, "t[key] += 1")
    return uri, await actions_at(editor, uri, line, character, diagnostics)


async def test_guard_with_a_new_lock_fixes_the_lost_update(editor, iodict_text):
    await editor.start()
    uri, actions = await race_actions(editor, iodict_text)
    guard = titled(actions, "Guard with `_t_lock`")
    assert guard.kind == lsp.CodeActionKind.QuickFix and guard.is_preferred
    assert guard.diagnostics[0].code == "SP101"
    text = await apply(editor, uri, guard)
    assert "        with _t_lock:\n            t[key] += 1\n" in text
    assert "import gevent.lock\n" in text and "_t_lock = gevent.lock.RLock()\n" in text
    # everything else survives byte for byte: comments, docstring, blank lines
    assert text.replace("        with _t_lock:\n            t[key] += 1\n", "        t[key] += 1\n").replace(
        "import gevent.lock\n_t_lock = gevent.lock.RLock()\n", ""
    ) == iodict_text
    assert [d.code for d in (await editor.pull(uri)).items] == []


async def test_an_existing_lock_is_reused(editor, iodict_text):
    await editor.start()
    with_lock = iodict_text.replace("import gevent\n", "import gevent\nimport gevent.lock\n\n_t_lock = gevent.lock.RLock()  # shared\n")
    uri, actions = await race_actions(editor, with_lock)
    text = await apply(editor, uri, titled(actions, "Guard with `_t_lock`"))
    assert text.count("_t_lock = ") == 1 and text.count("import gevent.lock") == 1


async def test_suppress_with_a_comment(editor, iodict_text):
    await editor.start()
    uri, actions = await race_actions(editor, iodict_text)
    text = await apply(editor, uri, titled(actions, "Suppress SP101"))
    assert "        t[key] += 1  # switchpoint: ignore[SP101]\n" in text
    assert [d.code for d in (await editor.pull(uri)).items] == []  # suppressed, and the comment is used (no SP001)


async def test_mark_the_function_atomic(editor, iodict_text):
    await editor.start()
    uri, actions = await race_actions(editor, iodict_text)
    text = await apply(editor, uri, titled(actions, "Mark `incrementer` atomic"))
    assert "def incrementer(t, key):\n    with switchpoint.runtime.atomic():\n        for _ in range(5):\n            t[key] += 1\n" in text
    assert "import switchpoint.runtime\n" in text
    ast.parse(text)


BLOCKING = '''import time

import gevent


def poll(handle):
    # wait for the device
    time.sleep(0.5)  # seconds
    return handle.read()
'''


async def test_replace_a_hub_blocking_call(editor):
    await editor.start()
    uri = editor.open("poll.py", BLOCKING)
    line = BLOCKING.split("\n").index("    time.sleep(0.5)  # seconds")
    actions = await actions_at(editor, uri, line, 4 + len("time.sl"))
    replace = titled(actions, "Replace `time.sleep` with `gevent.sleep`")
    text = await apply(editor, uri, replace)
    assert text == BLOCKING.replace("time.sleep(0.5)", "gevent.sleep(0.5)")
    # the call now switches, and the server says so
    points = (await editor.points(uri)).points
    assert any(p.range.start.line == line and p.chain[-1] == "gevent.sleep" for p in points)


async def test_no_actions_on_a_file_that_does_not_parse(editor):
    await editor.start()
    uri = editor.open("broken.py", "def f(:\n    time.sleep(1)\n")
    assert list(await actions_at(editor, uri, 1, 6)) == []
    assert editor.errors_logged() == []
