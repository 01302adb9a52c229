"""The editor's progress bar for analyses that take more than a second (LSP work-done progress, server-initiated).

Opening the first file of a big project analyses everything it reaches (10-20 s on django or sqlalchemy);
without this the editor shows nothing until the marks appear. The engine reports `(done, known)` on its own
thread through `Options.progress`; this forwards what the editor shows to the event loop, at most every
`REPORT_EVERY` seconds, and only to clients that declare `window.workDoneProgress`. An analysis done within
the delay shows nothing. The delay is the CLI's: `SWITCHPOINT_PROGRESS_AFTER` seconds, 1 by default.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from lsprotocol import types as lsp

REPORT_EVERY = 0.2  # seconds between two reports: the engine checks in far more often
TITLE = "switchpoint"


@dataclass
class _Shown:
    """One progress as the editor is told of it (event loop thread only)."""

    begin: lsp.WorkDoneProgressBegin
    created: bool = False
    report: lsp.WorkDoneProgressReport | None = None  # the latest one not sent yet (the token is being created)
    ended: bool = False  # the analysis ended before the client granted the token


@dataclass
class AnalysisProgress:
    """Forwards an analysis' progress from the engine thread to the editor.

    `client_supports(dotted)` says whether the client has a capability; `create(params)` sends
    `window/workDoneProgress/create` and returns the answer's future; `work_done_progress()` is the server's pygls
    progress object (begin, report, end).
    """

    client_supports: Callable[[str], bool]
    create: Callable[[lsp.WorkDoneProgressCreateParams], object]
    work_done_progress: Callable[[], object]
    delay: float = field(default_factory=lambda: float(os.environ.get("SWITCHPOINT_PROGRESS_AFTER", "1.0")))
    _tokens: itertools.count = field(default_factory=itertools.count)
    _shown: dict = field(default_factory=dict)  # token -> _Shown (loop thread)
    # the analysis under way (engine thread)
    _loop: asyncio.AbstractEventLoop | None = None
    _what: str = ""
    _started: float = 0.0
    _token: str | None = None
    _last_sent: float = 0.0

    # -- engine thread -------------------------------------------------------------------------

    @contextmanager
    def analysing(self, loop: asyncio.AbstractEventLoop, what: str):
        """Around one analysis on the engine thread: `reached` calls made meanwhile may show progress."""
        self._loop, self._what, self._started = loop, what, time.monotonic()
        self._token = None
        try:
            yield
        finally:
            token, self._loop, self._token = self._token, None, None
            if token is not None:
                loop.call_soon_threadsafe(self._end, token)

    def reached(self, done: int, known: int) -> None:
        """The engine's progress callback (`Options.progress`); outside `analysing` it does nothing."""
        loop = self._loop
        if loop is None:
            return
        now = time.monotonic()
        if self._token is None:
            if now - self._started < self.delay:
                return
            self._token = f"switchpoint-analysis-{next(self._tokens)}"
            loop.call_soon_threadsafe(self._begin, self._token, self._value(lsp.WorkDoneProgressBegin, done, known))
        elif now - self._last_sent >= REPORT_EVERY:
            loop.call_soon_threadsafe(self._report, self._token, self._value(lsp.WorkDoneProgressReport, done, known))
        else:
            return
        self._last_sent = now

    def _value(self, kind, done: int, known: int):
        # no percentage: the call graph learns of most functions as it collects the ones before (a first open of
        # sqlalchemy's decl_api.py goes 500 of 543 ... 6,000 of 6,049), so any share would sit near 100 %
        message = f"{self._what} and what it reaches: {done:,} functions"
        if kind is lsp.WorkDoneProgressBegin:
            return kind(title=TITLE, message=message, cancellable=False)
        return kind(message=message)

    # -- event loop thread ------------------------------------------------------------------------

    def _begin(self, token: str, begin: lsp.WorkDoneProgressBegin) -> None:
        if not self.client_supports("window.work_done_progress"):
            return
        self._shown[token] = _Shown(begin)
        created = self.create(lsp.WorkDoneProgressCreateParams(token=token))
        created.add_done_callback(lambda answer: self._created(token, answer))

    def _created(self, token: str, answer) -> None:
        shown = self._shown.get(token)
        if shown is None:
            return
        if answer.cancelled() or answer.exception() is not None:  # the client refused the token: show nothing
            del self._shown[token]
            return
        shown.created = True
        progress = self.work_done_progress()
        progress.begin(token, shown.begin)
        if shown.report is not None:
            progress.report(token, shown.report)
        if shown.ended:  # a granted token gets its whole course, however late the grant
            self._end(token)

    def _report(self, token: str, report: lsp.WorkDoneProgressReport) -> None:
        shown = self._shown.get(token)
        if shown is None:
            return
        if shown.created:
            self.work_done_progress().report(token, report)
        else:
            shown.report = report

    def _end(self, token: str) -> None:
        shown = self._shown.get(token)
        if shown is None:
            return
        if not shown.created:  # ended once the client grants the token (a client that never answers keeps this)
            shown.ended = True
            return
        del self._shown[token]
        progress = self.work_done_progress()
        progress.end(token, lsp.WorkDoneProgressEnd())
        progress.tokens.pop(token, None)  # pygls keeps a future per token it was told of
