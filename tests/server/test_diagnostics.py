"""Diagnostics over stdio: rule findings with codes, rule links and related locations; pulled or published."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .conftest import modern_vscode, push_only_vscode, until
from .test_inlay_hints_and_points import where

pytestmark = pytest.mark.asyncio


async def test_lost_update_is_pulled_with_code_link_and_related(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    report = await editor.pull(uri)
    assert report.kind == "full"
    lost = [d for d in report.items if d.code == "SP101"]
    assert len(lost) == 1
    diagnostic = lost[0]
    assert diagnostic.source == "switchpoint"
    assert diagnostic.severity == lsp.DiagnosticSeverity.Warning
    assert diagnostic.code_description.href == "https://switchpoint.dev/rules/SP101"
    line, character = where(iodict_text, "t[key] += 1")
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (line, character)
    related = diagnostic.related_information
    assert {r.location.uri for r in related} == {uri}
    messages = " | ".join(r.message for r in related)
    assert "read" in messages and "switch" in messages and "written" in messages
    assert all(r.location.range.start.line == line for r in related)


async def test_an_unchanged_document_answers_unchanged(editor, iodict_text):
    await editor.start()
    uri = editor.open("iodict.py", iodict_text)
    first = await editor.pull(uri)
    again = await editor.client.text_document_diagnostic_async(
        lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri), previous_result_id=first.result_id)
    )
    assert again.kind == "unchanged" and again.result_id == first.result_id


async def test_clients_without_pull_get_published_diagnostics(editor, iodict_text):
    result = await editor.start(capabilities=push_only_vscode())
    assert result.capabilities.diagnostic_provider is None  # not offered to a client that does not pull
    uri = editor.open("iodict.py", iodict_text)
    published = await until(lambda: editor.client.diagnostics.get(uri), what="published diagnostics")
    assert editor.client.diagnostics[uri] is published
    assert [d.code for d in published] == ["SP101"]
    assert published[0].code_description.href.endswith("/rules/SP101")
    # fixing the race (no switch in the dunders) clears them
    editor.replace_all(uri, iodict_text.replace("gevent.sleep(0.001)", "pass"))
    await until(lambda: len(editor.client.diagnostics[uri]) == 0, what="cleared diagnostics")


async def test_a_file_that_does_not_parse_gets_a_syntax_error_and_the_session_goes_on(editor, iodict_text):
    await editor.start()
    uri = editor.open("broken.py", "import gevent\n\ndef f(:\n    gevent.sleep(0)\n")
    report = await editor.pull(uri)
    errors = [d for d in report.items if d.severity == lsp.DiagnosticSeverity.Error]
    assert errors and errors[0].range.start.line == 2 and "syntax" in errors[0].message.lower()
    assert list(await editor.hints(uri)) == []
    # the same session still serves a good file
    good = editor.open("iodict.py", iodict_text)
    assert [d.code for d in (await editor.pull(good)).items] == ["SP101"]


async def test_half_typed_code_then_finished(editor, iodict_text):
    """Every keystroke of typing a line is analysed without an error; the finished line has its mark."""
    await editor.start()
    base = iodict_text.replace('if __name__ == "__main__":\n    main()\n', "")
    uri = editor.open("iodict.py", base + "\ndef later(t):\n    ")
    line = base.count("\n") + 2
    typed = "t['x'] += gevent.sleep(0) or 1"
    for n, char in enumerate(typed):
        editor.type_at(uri, line, 4 + n, char)
        if n % 7 == 0:
            await editor.pull(uri)  # mid-typing: parses or not, but answers
    result = await editor.points(uri)
    assert result.version == editor.versions[uri]
    assert any(p.range.start.line == line and p.chain[-1] == "gevent.sleep" for p in result.points)
    assert editor.errors_logged() == []


async def test_clients_that_pull_but_cannot_refresh_get_published_diagnostics(editor, iodict_text):
    """Like Neovim 0.11: a callee changing in another file could never reach pulled diagnostics."""
    capabilities = modern_vscode()
    capabilities.workspace.diagnostics = None
    result = await editor.start(capabilities=capabilities)
    assert result.capabilities.diagnostic_provider is None
    uri = editor.open("iodict.py", iodict_text)
    published = await until(lambda: editor.client.diagnostics.get(uri), what="published diagnostics")
    assert [d.code for d in published] == ["SP101"]
