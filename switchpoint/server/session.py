"""Open documents and their analyses: debounce, one engine thread, stale results dropped, dependants re-checked.

Everything here runs on the event loop thread except the `_engine_*` methods,
which run on the single engine thread (the engine is not thread-safe, and one
thread keeps its incremental caches warm). A result is kept only if the document
still has the version that was analysed; requests wait for the result of the
current version and cut the debounce short, so an editor asking for hints right
after a keystroke gets them as soon as the engine is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from switchpoint.analysis import api

from .heap import HeapFreezer
from .positions import LineIndex
from .progress import AnalysisProgress
from .syntax_gate import checked

DEBOUNCE_SECONDS = 0.12
IDLE_SECONDS = 0.03  # after a result, how long without a new job before the engine thread collects garbage
RECHECK_SECONDS = DEBOUNCE_SECONDS  # after a result, how long without an edit before other documents are re-checked
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """One document's report, for the exact text (and version) it was computed from."""

    uri: str
    version: int | None
    path: str
    index: LineIndex
    report: api.FileReport
    generation: int

    def same_results(self, other: Analysis | None) -> bool:
        if other is None:
            return False
        a, b = self.report, other.report
        return (a.yield_points, a.functions, a.findings, a.problems) == (
            b.yield_points,
            b.functions,
            b.findings,
            b.problems,
        )


@dataclass(frozen=True)
class _Failure:
    message: str


_SKIPPED = object()  # a queued job whose document changed before the engine reached it (or while it ran)
_INTERRUPTED = object()  # a re-check an edit stopped: still owed


def document_path(uri: str) -> str:
    """The path the engine knows a document by: its file path, or the URI itself for unsaved buffers."""
    return to_fs_path(uri) or uri


class Session:
    """The analyses of the open documents of one server."""

    def __init__(
        self,
        documents: Callable[[], dict[str, TextDocument]],
        folder_of: Callable[[str], tuple[str | None, api.Options]],
        log_error: Callable[[str], None],
        debounce: float = DEBOUNCE_SECONDS,
        progress: AnalysisProgress | None = None,
    ):
        self._documents = documents
        self._folder_of = folder_of
        self._log_error = log_error
        self.debounce = debounce
        self._progress = progress  # the editor's progress bar for long analyses; None: none shown
        self._engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="switchpoint-engine")
        self._engines: dict[str | None, object] = {}  # engine thread only
        self._heap = HeapFreezer()  # engine thread only
        self._results: dict[str, Analysis] = {}
        self._latest: dict[str, int | None] = {}  # read by the engine thread to skip stale jobs
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: dict[str, tuple[int | None, int, asyncio.Task]] = {}
        self._idle_timer: asyncio.TimerHandle | None = None
        # Open documents whose callees may have changed since their result (ordered: first owed, first re-checked).
        self._recheck_owed: dict[str, None] = {}
        self._recheck_timer: asyncio.TimerHandle | None = None
        self._rechecking = False
        # set by an edit: the re-check under way on the engine thread stops at its next checkpoint
        self._interrupt = threading.Event()
        self._generation = 0
        # Set by the app: called on the loop thread after a result is stored.
        self.on_result: Callable[[Analysis, Analysis | None], None] = lambda new, old: None
        self.on_dependants_changed: Callable[[list[str]], None] = lambda uris: None

    # -- documents -------------------------------------------------------------------------

    def open_document(self, uri: str) -> TextDocument | None:
        return self._documents().get(uri)

    def result(self, uri: str) -> Analysis | None:
        return self._results.get(uri)

    def results(self) -> list[Analysis]:
        return list(self._results.values())

    def opened(self, uri: str) -> None:
        doc = self.open_document(uri)
        if doc is None:
            return
        self._latest[uri] = doc.version
        self.ensure_analysis(uri)

    def changed(self, uri: str) -> None:
        doc = self.open_document(uri)
        if doc is None:
            return
        self._latest[uri] = doc.version
        self._interrupt.set()
        self._cancel_timer(uri)
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(self.debounce, self.ensure_analysis, uri)

    def closed(self, uri: str) -> None:
        self._cancel_timer(uri)
        self._latest.pop(uri, None)
        self._results.pop(uri, None)
        self._running.pop(uri, None)
        folder, options = self._folder_of(uri)
        asyncio.get_running_loop().run_in_executor(
            self._engine_thread, self._engine_forget, folder, options, document_path(uri)
        )

    def _cancel_timer(self, uri: str) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    # -- analysis --------------------------------------------------------------------------

    def ensure_analysis(self, uri: str) -> asyncio.Task | None:
        """The task analysing the current version of `uri`, started if needed."""
        self._timers.pop(uri, None)
        doc = self.open_document(uri)
        if doc is None:
            return None
        running = self._running.get(uri)
        if running and running[:2] == (doc.version, self._generation) and not running[2].done():
            return running[2]
        self._interrupt.set()  # a re-check under way waits for this
        task = asyncio.get_running_loop().create_task(self._analyse(uri, doc.version, doc.source))
        self._running[uri] = (doc.version, self._generation, task)
        return task

    async def fresh(self, uri: str) -> Analysis | None:
        """The analysis of the document's current text, waiting for it if needed (None if unknown or failed)."""
        for _ in range(20):
            doc = self.open_document(uri)
            if doc is None:
                return None
            result = self._results.get(uri)
            if result and result.version == doc.version and result.generation == self._generation:
                return result
            self._cancel_timer(uri)
            task = self.ensure_analysis(uri)
            if task is None:
                return None
            # shield: a cancelled request must not cancel the analysis other requests share
            await asyncio.shield(task)
        return self._results.get(uri)

    async def _analyse(self, uri: str, version: int | None, text: str) -> Analysis | None:
        asked = time.perf_counter()
        loop = asyncio.get_running_loop()
        folder, options = self._folder_of(uri)
        path = document_path(uri)
        generation = self._generation
        outcome = await loop.run_in_executor(
            self._engine_thread, self._engine_analyse, uri, version, folder, options, path, text, loop
        )
        if outcome is _SKIPPED:
            return None
        if isinstance(outcome, _Failure):
            # Logged in full; shown on the document too, since a bad [tool.switchpoint] lands here.
            self._log_error(f"switchpoint: analysing {path} failed:\n{outcome.message}")
            last_line = outcome.message.strip().splitlines()[-1]
            problem = api.Problem(path=path, message=f"switchpoint could not analyse this file: {last_line}")
            outcome = api.FileReport(path=path, problems=(problem,))
        analysis = Analysis(uri, version, path, LineIndex(text), outcome, generation)
        logger.info("analysis: %s v%s ready %.1f ms after it was asked for", path, version, (time.perf_counter() - asked) * 1000)
        doc = self.open_document(uri)
        if doc is None or doc.version != version or generation != self._generation:
            return None  # stale: the document changed or closed while the engine worked
        previous = self._results.get(uri)
        self._results[uri] = analysis
        self._recheck_owed.pop(uri, None)  # analysed against everything the engine knows now
        self.on_result(analysis, previous)
        changed = not analysis.same_results(previous)
        # re-checks still owed from earlier edits wait for this moment too
        self._owe_recheck([u for u in self._results if u != uri and self._folder_of(u)[0] == folder] if changed else [])
        self._collect_when_idle()
        return analysis

    def _edit_waiting(self) -> bool:
        """A document changed and its analysis is not done yet (debouncing, queued or running)."""
        return bool(self._timers) or any(not task.done() for _, _, task in self._running.values())

    def _collect_when_idle(self) -> None:
        """Once the answers are out and no edit waits, the engine thread runs the collection the analysis put off."""
        self._idle_timer = _restarted(self._idle_timer, IDLE_SECONDS, self._collect_if_idle)

    def _collect_if_idle(self) -> None:
        self._idle_timer = None
        if self._edit_waiting():
            return  # its result asks again
        asyncio.get_running_loop().run_in_executor(self._engine_thread, self._heap.collect_owed)

    def _owe_recheck(self, uris: list[str]) -> None:
        """These documents may have changed with another file: re-check them once the user pauses.

        Not at once: each takes as long as an edit's analysis (0.2-0.5 s on sqlalchemy's ext/asyncio
        modules), and the next keystroke's analysis would wait behind them on the engine thread."""
        self._recheck_owed.update(dict.fromkeys(uris))
        if self._recheck_owed:
            self._recheck_timer = _restarted(self._recheck_timer, RECHECK_SECONDS, self._recheck_if_idle)

    def _recheck_if_idle(self) -> None:
        self._recheck_timer = None
        if not self._rechecking and not self._edit_waiting():
            asyncio.get_running_loop().create_task(self._recheck())
        # else: the edit's result (or the running re-check) asks again

    async def _recheck(self) -> None:
        """Re-ask the engine about the documents owed a re-check, one at a time, stopping when an edit
        waits (what is left stays owed): a callee's change may add or remove their points."""
        self._rechecking = True
        try:
            changed = await self._recheck_owed_documents()
        finally:
            self._rechecking = False
        if changed:
            self.on_dependants_changed(changed)
        if self._recheck_owed:
            self._owe_recheck([])
        self._collect_when_idle()

    async def _recheck_owed_documents(self) -> list[str]:
        loop = asyncio.get_running_loop()
        changed = []
        while self._recheck_owed and not self._edit_waiting():
            uri = next(iter(self._recheck_owed))
            del self._recheck_owed[uri]
            current = self._results.get(uri)
            doc = self.open_document(uri)
            if current is None or doc is None or doc.version != current.version:
                continue  # its own, newer analysis is on its way
            folder, options = self._folder_of(uri)
            self._interrupt.clear()  # no edit waits (checked above, and nothing ran since)
            outcome = await loop.run_in_executor(
                self._engine_thread, self._engine_recheck, uri, current.version, folder, options, current.path, loop
            )
            if outcome is _INTERRUPTED:  # an edit arrived: its analysis goes first, this one is still owed
                self._recheck_owed[uri] = None
                break
            if isinstance(outcome, _Failure):
                self._log_error(f"switchpoint: re-analysing {current.path} failed:\n{outcome.message}")
                continue
            latest = self._results.get(uri)
            if outcome is _SKIPPED or latest is not current:
                continue
            analysis = Analysis(uri, current.version, current.path, current.index, outcome, current.generation)
            if analysis.same_results(current):
                continue
            self._results[uri] = analysis
            self.on_result(analysis, current)
            changed.append(uri)
        return changed

    def reset(self) -> None:
        """Forget every engine and result (configuration changed); open documents are analysed again."""
        self._generation += 1
        self._results.clear()
        asyncio.get_running_loop().run_in_executor(self._engine_thread, self._engines.clear)
        for uri in list(self._documents()):
            if uri in self._latest:
                self.ensure_analysis(uri)

    def file_changed_on_disk(self, path: str, text: str | None) -> None:
        """A file no editor has open changed on disk: tell its engine, then re-check the open documents."""
        folder, options = self._folder_of(Path(path).as_uri())
        loop = asyncio.get_running_loop()
        loop.run_in_executor(self._engine_thread, self._engine_disk_change, folder, options, path, text)
        self._owe_recheck([u for u in self._results if self._folder_of(u)[0] == folder])

    async def run_in_engine(self, uri: str, job: Callable[[object], object]) -> object:
        """Run `job(engine)` on the engine thread with the engine that serves `uri`."""
        folder, options = self._folder_of(uri)

        def call():
            return job(self._engine(folder, options))

        return await asyncio.get_running_loop().run_in_executor(self._engine_thread, call)

    def shutdown(self) -> None:
        for uri in list(self._timers):
            self._cancel_timer(uri)
        for timer in (self._idle_timer, self._recheck_timer):
            if timer is not None:
                timer.cancel()
        self._engine_thread.shutdown(wait=False, cancel_futures=True)

    # -- engine thread ---------------------------------------------------------------------

    def _engine(self, folder: str | None, options: api.Options):
        engine = self._engines.get(folder)
        if engine is None:
            if self._progress is not None:
                options = dataclasses.replace(options, progress=self._progress.reached)
            engine = self._engines[folder] = api.open_workspace(options)
        return engine

    def _showing_progress(self, loop, path: str):
        """Around an analysis on the engine thread: the editor shows its progress if it runs long."""
        if self._progress is None:
            return contextlib.nullcontext()
        return self._progress.analysing(loop, Path(path).name)

    def _modules_loaded(self, folder: str | None) -> int:
        engine = self._engines.get(folder)
        return engine.stats.get("modules", 0) if engine is not None else 0

    def _engine_analyse(self, uri, version, folder, options, path, text, loop):
        if self._latest.get(uri, version) != version:
            return _SKIPPED
        started = time.perf_counter()
        try:
            # the syntax check too: parsing a big module allocates enough to set off collections
            with self._heap.analysing(lambda: self._modules_loaded(folder)), self._showing_progress(loop, path):
                problem, tree = checked(path, text)
                if problem is not None:
                    return api.FileReport(path=path, problems=(problem,))
                engine = self._engine(folder, options)
                engine.set_text(path, text, tree)
                # a newer keystroke makes this text's answer pointless: stop and let that one's analysis run
                return engine.analyze_file(path, lambda: self._latest.get(uri, version) != version)
        except api.Cancelled:
            return _SKIPPED
        except Exception:
            return _Failure(traceback.format_exc())
        finally:
            logger.info("engine: %s v%s in %.1f ms", path, version, (time.perf_counter() - started) * 1000)

    def _engine_recheck(self, uri, version, folder, options, path, loop):
        if self._latest.get(uri, version) != version:
            return _SKIPPED
        try:
            with self._heap.analysing(lambda: self._modules_loaded(folder)), self._showing_progress(loop, path):
                return self._engine(folder, options).analyze_file(path, self._interrupt.is_set)
        except api.Cancelled:
            return _INTERRUPTED
        except Exception:
            return _Failure(traceback.format_exc())

    def _engine_forget(self, folder, options, path):
        try:
            self._engine(folder, options).forget_text(path)
        except Exception:
            pass  # nothing to forget is fine

    def _engine_disk_change(self, folder, options, path, text):
        try:
            engine = self._engine(folder, options)
            if text is None:
                engine.forget_text(path)
            else:
                # The engine reads closed files from disk once; handing it the new text is
                # the only invalidation its API offers (see the server report).
                engine.set_text(path, text)
        except Exception:
            pass


def _restarted(timer: asyncio.TimerHandle | None, delay: float, callback) -> asyncio.TimerHandle:
    """`callback` in `delay` seconds from now, instead of when `timer` (cancelled) would have run it."""
    if timer is not None:
        timer.cancel()
    return asyncio.get_running_loop().call_later(delay, callback)
