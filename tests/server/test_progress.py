"""The editor's progress bar for long analyses (server-initiated work-done progress), over stdio.

An analysis shows progress once it has run `SWITCHPOINT_PROGRESS_AFTER` seconds (1 by default); these servers
are started with 0 (every analysis shows it) or 600 (none does), so the tests do not depend on the host's speed.
"""

from __future__ import annotations

import os

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, Editor, modern_vscode, record_server_requests, until

pytestmark = pytest.mark.asyncio


def _server(after_seconds: str) -> ClientServerConfig:
    return ClientServerConfig(server_command=SERVER, server_env=dict(os.environ, SWITCHPOINT_PROGRESS_AFTER=after_seconds))


@pytest_lsp.fixture(config=_server("0"))
async def eager(lsp_client: LanguageClient):
    record_server_requests(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=_server("600"))
async def patient(lsp_client: LanguageClient):
    record_server_requests(lsp_client)
    yield
    await lsp_client.shutdown_session()


def _without_progress() -> lsp.ClientCapabilities:
    caps = modern_vscode()
    caps.window.work_done_progress = False
    return caps


async def _first_hints(editor: Editor, text: str) -> list[lsp.InlayHint]:
    uri = editor.open("iodict.py", text)
    hints = await editor.hints(uri)
    assert hints, "the example has points: the analysis ran"
    return hints


async def test_a_long_analysis_shows_progress_from_begin_to_end(eager, tmp_path, iodict_text):
    editor = Editor(eager, tmp_path)
    await editor.start(modern_vscode())
    await _first_hints(editor, iodict_text)
    reports = eager.progress_reports
    await until(lambda: any(isinstance(v, lsp.WorkDoneProgressEnd) for vs in reports.values() for v in vs),
                what="the progress to end")
    token, values = next((t, vs) for t, vs in reports.items() if vs)
    assert str(token).startswith("switchpoint-analysis-")
    begin, *middle, end = values
    assert isinstance(begin, lsp.WorkDoneProgressBegin) and begin.title == "switchpoint"
    assert "iodict.py" in begin.message and begin.cancellable is False
    assert isinstance(end, lsp.WorkDoneProgressEnd)
    assert all(isinstance(v, lsp.WorkDoneProgressReport) for v in middle)
    counts = [int(v.message.rsplit(": ", 1)[1].split()[0].replace(",", "")) for v in (begin, *middle)]
    assert counts == sorted(counts) and counts[0] > 0
    assert all(v.percentage is None for v in (begin, *middle)), "how much is left is not known"


async def test_an_analysis_within_the_delay_shows_none(patient, tmp_path, iodict_text):
    editor = Editor(patient, tmp_path)
    await editor.start(modern_vscode())
    await _first_hints(editor, iodict_text)
    assert patient.progress_reports == {}


async def test_a_client_without_work_done_progress_is_sent_none(eager, tmp_path, iodict_text):
    editor = Editor(eager, tmp_path)
    await editor.start(_without_progress())
    await _first_hints(editor, iodict_text)
    assert eager.progress_reports == {}
    assert editor.errors_logged() == []
