"""How `AnalysisProgress` follows the client's answer to `window/workDoneProgress/create`.

The real client of the stdio tests grants every token (pytest-lsp counts any other answer as a test failure), so
the answers it cannot give are played here, on the event loop the server's handlers run on: a refusal, and a grant
that arrives after the analysis ended.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

import pytest
from lsprotocol import types as lsp

from switchpoint.server.progress import AnalysisProgress

pytestmark = pytest.mark.asyncio


class _Client:
    """The two ends of the server's progress calls: the create requests' futures, and what was sent on tokens."""

    def __init__(self):
        self.asked: list[Future] = []
        self.sent: list[tuple[str, str]] = []
        self.tokens: dict = {}

    def create(self, params: lsp.WorkDoneProgressCreateParams) -> Future:
        self.asked.append(Future())
        return self.asked[-1]

    def begin(self, token, value):
        self.sent.append((token, "begin"))

    def report(self, token, value):
        self.sent.append((token, "report"))

    def end(self, token, value):
        self.sent.append((token, "end"))


async def _analysis(progress: AnalysisProgress, reports: int = 3) -> None:
    """One analysis on another thread, as the engine thread runs it, reporting progress `reports` times."""
    loop = asyncio.get_running_loop()

    def run():
        with progress.analysing(loop, "app.py"):
            for done in range(reports):
                progress.reached(250 * (done + 1), 1000)

    await loop.run_in_executor(None, run)
    await asyncio.sleep(0)  # the loop runs what the engine thread handed it


def _progress(client: _Client) -> AnalysisProgress:
    return AnalysisProgress(lambda capability: True, client.create, lambda: client, delay=0.0)


async def test_a_refused_token_gets_nothing():
    client = _Client()
    progress = _progress(client)
    await _analysis(progress)
    assert len(client.asked) == 1
    client.asked[0].set_exception(RuntimeError("method not found"))
    await asyncio.sleep(0)
    assert client.sent == [] and progress._shown == {}


async def test_a_token_granted_after_the_analysis_ended_gets_its_whole_course():
    client = _Client()
    progress = _progress(client)
    await _analysis(progress)
    assert client.sent == []  # nothing before the grant
    client.asked[0].set_result(None)
    await asyncio.sleep(0)
    token = client.sent[0][0]
    assert client.sent == [(token, "begin"), (token, "end")] and progress._shown == {}


async def test_a_token_granted_at_once_gets_begin_reports_and_end():
    client = _Client()
    progress = _progress(client)
    loop = asyncio.get_running_loop()

    def granting(params):
        future = Future()
        future.set_result(None)
        client.asked.append(future)
        return future

    progress.create = granting
    done = asyncio.Event()

    def run():
        with progress.analysing(loop, "app.py"):
            progress.reached(250, 1000)
            asyncio.run_coroutine_threadsafe(asyncio.sleep(0.05), loop).result()  # the grant is handled meanwhile
            progress._last_sent = 0.0  # the next report is due
            progress.reached(500, 1000)
        loop.call_soon_threadsafe(done.set)

    await loop.run_in_executor(None, run)
    await done.wait()
    await asyncio.sleep(0)
    token = client.sent[0][0]
    assert client.sent == [(token, "begin"), (token, "report"), (token, "end")]
