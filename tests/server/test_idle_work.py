"""What the session leaves for when the user pauses: the collection an analysis owes and the re-checks of
other open documents run when no edit waits, not between a keystroke and its answer.

In-process (a Session on the test's own event loop) with a stand-in heap, so the test process's collector
is left alone."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager

from pygls.workspace import TextDocument

from switchpoint.analysis.api import Cancelled, Options
from switchpoint.server import session as session_module
from switchpoint.server.heap import HeapFreezer
from switchpoint.server.session import IDLE_SECONDS, Session

from .conftest import until


class _SpyHeap(HeapFreezer):
    """Leaves the collector alone (the test process shares it) and records when the session collects."""

    def __init__(self):
        super().__init__(lambda: None)
        self.collected = 0

    @contextmanager
    def analysing(self, modules_loaded):
        yield

    def collect_owed(self):
        self.collected += 1


# a.py and two modules calling into it: an edit of a.py owes the others a re-check
CALLERS = {
    "a.py": "def f():\n    pass\n",
    "b.py": "from a import f\n\ndef g():\n    f()\n",
    "c.py": "from a import f\n\ndef h():\n    f()\n",
}

def _open_documents(folder, texts: dict[str, str]) -> dict:
    """uri -> an open document (version 1) of each file written into `folder` with its text."""
    documents = {}
    for name, text in texts.items():
        (folder / name).write_text(text)
        documents[(folder / name).as_uri()] = TextDocument((folder / name).as_uri(), text, version=1)
    return documents


async def _analysed_then_spied(session, documents: dict, spy) -> None:
    """Every document analysed and the re-checks that owes done; from then on re-checks go through `spy`."""
    for uri in documents:
        await session.fresh(uri)
    await until(lambda: not session._recheck_owed and not session._rechecking, what="the first re-checks")
    session._engine_recheck = spy


def test_the_session_collects_once_idle_and_not_while_an_edit_waits(tmp_path):
    path = tmp_path / "app.py"
    uri = path.as_uri()
    documents = {uri: TextDocument(uri, "def f():\n    pass\n", version=1)}

    async def scenario():
        session = Session(lambda: documents, lambda u: (None, Options()), print, debounce=0.3)
        heap = session._heap = _SpyHeap()
        try:
            assert await session.fresh(uri) is not None
            await asyncio.sleep(IDLE_SECONDS * 3)
            assert heap.collected == 1  # idle after the answer
            documents[uri] = TextDocument(uri, "def f():\n    pass\n\nx = 1\n", version=2)
            await session.fresh(uri)
            session.changed(uri)  # an edit arrives right after: its debounce timer is pending
            await asyncio.sleep(IDLE_SECONDS * 1.5)
            assert heap.collected == 1  # not while the edit waits
            await until(lambda: heap.collected == 2, what="the collection after the edit's result")
        finally:
            session.shutdown()

    asyncio.run(scenario())


def test_other_documents_are_rechecked_when_the_user_pauses_not_while_an_edit_waits(tmp_path, monkeypatch):
    # each re-check costs as much as an edit's analysis; made at once, the next keystroke waited behind them
    monkeypatch.setattr(session_module, "RECHECK_SECONDS", 0.05)
    texts = CALLERS
    documents = _open_documents(tmp_path, texts)
    a, b, c = documents

    async def scenario():
        session = Session(lambda: documents, lambda u: (None, Options()), print, debounce=0.3)
        session._heap = _SpyHeap()
        rechecked = []
        engine_recheck = session._engine_recheck

        def spy(uri, *args):
            rechecked.append(uri)
            return engine_recheck(uri, *args)

        try:
            await _analysed_then_spied(session, documents, spy)
            documents[a] = TextDocument(a, texts["a.py"] + "\ndef more():\n    pass\n", version=2)
            await session.fresh(a)  # a new function: b and c are owed a re-check
            documents[a] = TextDocument(a, texts["a.py"] + "\ndef more():\n    pass\n# typing\n", version=3)
            session.changed(a)  # the next keystroke, debouncing
            await asyncio.sleep(0.15)
            assert rechecked == []  # not while that edit waits
            # its result is the same as before, yet what was owed is re-checked now
            await until(lambda: sorted(rechecked) == sorted([b, c]), what="the owed re-checks")
            assert session.result(a).version == 3
        finally:
            session.shutdown()

    asyncio.run(scenario())


def test_an_edit_interrupts_a_recheck_under_way_which_stays_owed(tmp_path, monkeypatch):
    # a re-check of another document takes as long as an edit's analysis: the keystroke that arrives
    # meanwhile stops it at its next checkpoint instead of waiting for it to end
    monkeypatch.setattr(session_module, "RECHECK_SECONDS", 0.05)
    texts = {name: CALLERS[name] for name in ("a.py", "b.py")}
    documents = _open_documents(tmp_path, texts)
    a, b = documents

    async def scenario():
        session = Session(lambda: documents, lambda u: (None, Options()), print, debounce=0.1)
        session._heap = _SpyHeap()
        outcomes = []
        entered, proceed = threading.Event(), threading.Event()
        engine_recheck = session._engine_recheck

        def spy(uri, *args):
            if not outcomes:  # the first re-check: hold it until the edit has arrived
                entered.set()
                proceed.wait(10)
            outcome = engine_recheck(uri, *args)
            outcomes.append((uri, outcome is session_module._INTERRUPTED))
            return outcome

        try:
            await _analysed_then_spied(session, documents, spy)
            documents[a] = TextDocument(a, texts["a.py"] + "\ndef more():\n    pass\n", version=2)
            await session.fresh(a)  # b is owed a re-check, which starts once the user pauses
            await until(entered.is_set, what="the re-check of b")
            documents[a] = TextDocument(a, texts["a.py"] + "\ndef more():\n    pass\n# typing\n", version=3)
            session.changed(a)
            proceed.set()
            await until(lambda: outcomes, what="the interrupted re-check")
            assert outcomes[0] == (b, True)
            await until(lambda: session.result(a) is not None and session.result(a).version == 3, what="the edit")
            await until(lambda: (b, False) in outcomes, what="b re-checked to the end, later")
        finally:
            proceed.set()
            session.shutdown()

    asyncio.run(scenario())


def test_a_newer_keystroke_stops_the_analysis_of_an_older_text(tmp_path):
    path = tmp_path / "app.py"
    uri = path.as_uri()
    documents = {uri: TextDocument(uri, "def f():\n    pass\n", version=1)}
    asked = []
    entered, proceed = threading.Event(), threading.Event()

    async def scenario():
        session = Session(lambda: documents, lambda u: (None, Options()), print, debounce=0.05)
        session._heap = _SpyHeap()
        make_engine = session._engine

        def engine(folder, options):
            workspace = make_engine(folder, options)
            analyze_file = workspace.analyze_file

            def held(path, cancelled=None):
                if not asked:  # version 2's analysis: hold it until version 3 has arrived
                    asked.append(cancelled())
                    entered.set()
                    proceed.wait(10)
                    asked.append(cancelled())
                try:
                    return analyze_file(path, cancelled)
                except Cancelled:
                    asked.append("stopped")
                    raise

            workspace.analyze_file = held
            return workspace

        try:
            await session.fresh(uri)
            session._engine = engine
            documents[uri] = TextDocument(uri, "def f():\n    pass\n\nx = 1\n", version=2)
            session.changed(uri)
            await until(entered.is_set, what="version 2's analysis")
            documents[uri] = TextDocument(uri, "def f():\n    pass\n\nx = 2\n", version=3)
            session.changed(uri)
            proceed.set()
            await until(lambda: session.result(uri).version == 3, what="version 3's answer")
            assert asked == [False, True, "stopped"]  # version 2's analysis stopped once version 3 came
        finally:
            proceed.set()
            session.shutdown()

    asyncio.run(scenario())
