"""Keystroke-to-fresh-results latency of `switchpoint server` on a real module, next to pyright's language server.

A scripted editing session types a line, one character per change, into a function
of a ~1,500-line module of an installed package (default: sqlalchemy's
`ext/asyncio/engine.py`, 1,487 lines of a 250 kLOC package). After each keystroke:

* switchpoint: time until the inlay hints and the pulled diagnostics for that
  version are back (the server answers requests only with results for the
  current text, so an answer is fresh by construction), and the CPU time the
  server process (all its threads) spent meanwhile (Linux);
* the engine alone, in-process (`set_text` + `analyze_file`), same keystrokes: the
  floor under the server's numbers, so the server's own overhead shows; also as CPU
  time, which other load on the machine disturbs much less than the elapsed time;
* pyright (same file, same run, one after the other so they never share the CPU):
  time until `publishDiagnostics` for that version arrives.

Prints p50/p95 per measure and the ratio to pyright. A benchmark, not a test:
nothing here asserts a time.

With `--open-others N`, switchpoint's session first opens the N modules that sort first
beside the edited one: each keystroke whose answer changes may owe them a re-check,
which the server runs when the user pauses. `--pause` sets the pause between answer and
next keystroke (default 0.05 s, shorter than the server's 0.12 s wait before re-checks):
a longer one lets re-checks start, and the next keystroke then meets one under way.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/server/editing_session.py [--keystrokes 40] [--file PATH] [--json OUT]
    .venv/bin/python benchmarks/server/editing_session.py --skip-pyright --open-others 3 --pause 0.2
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

TYPED = "probe = self.sync_engine.dialect.name or str(self)"
TYPING_PAUSE = 0.05  # seconds between the end of one measurement and the next keystroke


def default_target() -> Path:
    spec = importlib.util.find_spec("sqlalchemy")  # finds, does not import
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("sqlalchemy is not installed: pip install -e '.[bench]'")
    return Path(spec.submodule_search_locations[0]) / "ext" / "asyncio" / "engine.py"


def insertion_point(text: str) -> tuple[int, str]:
    """(0-based line, indentation) of a fresh line just inside the body of a method near the middle."""
    lines = text.split("\n")
    middle = len(lines) // 2
    for n in range(middle, len(lines) - 1):
        stripped = lines[n].lstrip()
        if stripped.startswith("def ") and lines[n].rstrip().endswith(":"):
            body = next(i for i in range(n + 1, len(lines)) if lines[i].strip() and not lines[i].lstrip().startswith("#"))
            indent = lines[body][: len(lines[body]) - len(lines[body].lstrip())]
            if lines[body].lstrip().startswith(('"""', "'''")):
                continue  # keep clear of docstrings
            return body, indent
    raise SystemExit("no method body found to type into")


def capabilities() -> lsp.ClientCapabilities:
    """What a current VS Code announces, for the parts both servers use."""
    return lsp.ClientCapabilities(
        text_document=lsp.TextDocumentClientCapabilities(
            synchronization=lsp.TextDocumentSyncClientCapabilities(),
            diagnostic=lsp.DiagnosticClientCapabilities(),
            inlay_hint=lsp.InlayHintClientCapabilities(),
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
        workspace=lsp.WorkspaceClientCapabilities(
            configuration=True,
            inlay_hint=lsp.InlayHintWorkspaceClientCapabilities(refresh_support=True),
            diagnostics=lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
        ),
    )


class Session:
    """A plain pygls client driving one server over stdio."""

    def __init__(self, command: list[str]):
        self.command = command
        self.client = LanguageClient("switchpoint-bench", "1")
        self.published: dict[tuple[str, int | None], float] = {}
        self.published_event = asyncio.Event()

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(params: lsp.PublishDiagnosticsParams):
            self.published[(params.uri, params.version)] = time.perf_counter()
            self.published_event.set()

        @self.client.feature(lsp.WORKSPACE_CONFIGURATION)
        def _configuration(params: lsp.ConfigurationParams):
            return [None for _ in params.items]

        for method in (
            lsp.CLIENT_REGISTER_CAPABILITY,
            lsp.WINDOW_WORK_DONE_PROGRESS_CREATE,
            lsp.WORKSPACE_INLAY_HINT_REFRESH,
            lsp.WORKSPACE_DIAGNOSTIC_REFRESH,
            lsp.WORKSPACE_CODE_LENS_REFRESH,
        ):
            self.client.feature(method)(lambda params: None)
        for method in (lsp.WINDOW_LOG_MESSAGE, lsp.PROGRESS, "switchpoint/yieldPointsChanged"):
            self.client.feature(method)(lambda params: None)

    async def start(self, root: Path) -> None:
        await self.client.start_io(*self.command)
        # Drain the server's stderr (a full pipe would block it) into ours.
        self._stderr = asyncio.ensure_future(self._forward_stderr())
        await self.client.initialize_async(
            lsp.InitializeParams(
                capabilities=capabilities(),
                root_uri=root.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            )
        )
        self.client.initialized(lsp.InitializedParams())

    async def _forward_stderr(self) -> None:
        stream = self.client._server.stderr  # pygls keeps the subprocess there
        while line := await stream.readline():
            sys.stderr.buffer.write(line)

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
        )

    def type_char(self, uri: str, version: int, line: int, character: int, char: str) -> None:
        at = lsp.Position(line=line, character=character)
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangePartial(range=lsp.Range(start=at, end=at), text=char)],
            )
        )

    async def wait_published(self, uri: str, version: int, timeout: float = 120.0) -> float:
        deadline = time.perf_counter() + timeout
        while (uri, version) not in self.published:
            self.published_event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for version {version}")
            try:
                await asyncio.wait_for(self.published_event.wait(), remaining)
            except TimeoutError:
                pass
        return self.published[(uri, version)]

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        finally:
            await self.client.stop()
            self._stderr.cancel()


def process_cpu(pid: int) -> float | None:
    """CPU seconds the process's live threads have run (Linux, nanosecond precision), None elsewhere."""
    try:
        return sum(int(open(f).read().split()[0]) for f in glob.glob(f"/proc/{pid}/task/*/schedstat")) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def switchpoint_run(target: Path, keystrokes: int, others: int = 0, pause: float = TYPING_PAUSE) -> dict[str, list[float]]:
    text = target.read_text(encoding="utf-8")
    line, indent = insertion_point(text)
    session = Session([sys.executable, "-m", "switchpoint", "server", "--stdio"])
    await session.start(target.parent)
    for other in sorted(p for p in target.parent.glob("*.py") if p != target)[:others]:
        other_uri = other.as_uri()
        session.open(other_uri, other.read_text(encoding="utf-8"))
        await session.client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=other_uri)))
    uri = target.as_uri()
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=len(text.split("\n")), character=0))
    hint_params = lsp.InlayHintParams(text_document=lsp.TextDocumentIdentifier(uri=uri), range=whole)
    pull_params = lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    started = time.perf_counter()
    session.open(uri, text)
    await session.client.text_document_inlay_hint_async(hint_params)
    cold = time.perf_counter() - started
    version, column = 1, 0
    session.type_char(uri, version := version + 1, line, 0, indent + "\n")
    await session.client.text_document_inlay_hint_async(hint_params)
    column = len(indent)
    pid = session.client._server.pid
    hints, diagnostics, both, cpu = [], [], [], []
    for char in (TYPED * (keystrokes // len(TYPED) + 1))[:keystrokes]:
        await asyncio.sleep(pause)
        version += 1
        cpu0 = process_cpu(pid)
        t0 = time.perf_counter()
        session.type_char(uri, version, line, column, char)
        column += 1

        async def timed(request):
            await request
            return time.perf_counter() - t0

        hint_time, pull_time = await asyncio.gather(
            timed(session.client.text_document_inlay_hint_async(hint_params)),
            timed(session.client.text_document_diagnostic_async(pull_params)),
        )
        hints.append(hint_time)
        diagnostics.append(pull_time)
        both.append(max(hint_time, pull_time))
        cpu1 = process_cpu(pid)
        if cpu0 is not None and cpu1 is not None:
            cpu.append(cpu1 - cpu0)
    await session.stop()
    measures = {"cold open to first hints": [cold], "keystroke to fresh hints": hints, "keystroke to fresh diagnostics": diagnostics, "keystroke to both": both}
    if cpu:
        measures["keystroke to both, server CPU"] = cpu
    return measures


def engine_run(target: Path, keystrokes: int) -> dict[str, list[float]]:
    """The same keystrokes straight into the engine's API, in-process: the floor under the server's numbers."""
    from switchpoint.analysis.api import open_workspace

    text = target.read_text(encoding="utf-8")
    line, indent = insertion_point(text)
    lines = text.split("\n")
    path = str(target)
    workspace = open_workspace()
    workspace.set_text(path, text)
    workspace.analyze_file(path)
    times, cpu = [], []
    for n in range(1, keystrokes + 1):
        typed = (TYPED * (keystrokes // len(TYPED) + 1))[:n]
        text = "\n".join(lines[:line] + [indent + typed] + lines[line:])
        t0, cpu0 = time.perf_counter(), time.thread_time()
        workspace.set_text(path, text)
        workspace.analyze_file(path)
        times.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - cpu0)
    return {"set_text + analyze_file": times, "set_text + analyze_file, CPU": cpu}


async def pyright_run(target: Path, keystrokes: int) -> dict[str, list[float]]:
    langserver = shutil.which("pyright-langserver", path=str(Path(sys.executable).parent)) or shutil.which("pyright-langserver")
    if langserver is None:
        raise SystemExit("pyright is not installed: pip install -e '.[bench]'")
    text = target.read_text(encoding="utf-8")
    line, indent = insertion_point(text)
    session = Session([langserver, "--stdio"])
    await session.start(target.parent)
    uri = target.as_uri()
    started = time.perf_counter()
    session.open(uri, text)
    await session.wait_published(uri, 1)
    cold = time.perf_counter() - started
    version = 2
    session.type_char(uri, version, line, 0, indent + "\n")
    await session.wait_published(uri, version)
    column = len(indent)
    diagnostics = []
    for char in (TYPED * (keystrokes // len(TYPED) + 1))[:keystrokes]:
        await asyncio.sleep(TYPING_PAUSE)
        version += 1
        t0 = time.perf_counter()
        session.type_char(uri, version, line, column, char)
        column += 1
        diagnostics.append(await session.wait_published(uri, version) - t0)
    await session.stop()
    return {"cold open to first diagnostics": [cold], "keystroke to fresh diagnostics": diagnostics}


def report(results: dict[str, dict[str, list[float]]], target: Path, keystrokes: int) -> dict:
    lines_of = len(target.read_text(encoding="utf-8").split("\n"))
    print(f"{target} ({lines_of} lines), {keystrokes} keystrokes, typing `{TYPED[:keystrokes]}`")
    print(f"{'server':<12} {'measure':<34} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    summary: dict = {"file": str(target), "lines": lines_of, "keystrokes": keystrokes, "servers": {}}
    for server, measures in results.items():
        for name, values in measures.items():
            row = {"p50": percentile(values, 0.5) * 1000, "p95": percentile(values, 0.95) * 1000, "max": max(values) * 1000}
            summary["servers"].setdefault(server, {})[name] = row
            print(f"{server:<12} {name:<34} {row['p50']:>9.1f} {row['p95']:>9.1f} {row['max']:>9.1f}")
    server_cpu = summary["servers"]["switchpoint"].get("keystroke to both, server CPU")
    engine_cpu = summary["servers"]["engine alone"]["set_text + analyze_file, CPU"]
    if server_cpu:
        for key in ("p50", "p95"):
            ratio = server_cpu[key] / engine_cpu[key]
            summary[f"CPU {key} ratio server/engine alone"] = ratio
            print(f"CPU per keystroke, {key}: switchpoint server / engine alone = {ratio:.2f}")
    ours = summary["servers"]["switchpoint"]["keystroke to fresh diagnostics"]
    theirs = summary["servers"].get("pyright", {}).get("keystroke to fresh diagnostics")
    if theirs:
        for key in ("p50", "p95"):
            ratio = ours[key] / theirs[key]
            summary[f"diagnostics {key} ratio switchpoint/pyright"] = ratio
            print(f"keystroke to fresh diagnostics, {key}: switchpoint / pyright = {ratio:.2f}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=None, help="module to edit (default: sqlalchemy/ext/asyncio/engine.py)")
    parser.add_argument("--keystrokes", type=int, default=40)
    parser.add_argument("--skip-pyright", action="store_true")
    parser.add_argument("--open-others", type=int, default=0, metavar="N", help="open N other modules of the folder first")
    parser.add_argument("--pause", type=float, default=TYPING_PAUSE, help="seconds between an answer and the next keystroke")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    target = (args.file or default_target()).resolve()
    results = {"switchpoint": asyncio.run(switchpoint_run(target, args.keystrokes, args.open_others, args.pause))}
    results["engine alone"] = engine_run(target, args.keystrokes)
    if not args.skip_pyright:
        results["pyright"] = asyncio.run(pyright_run(target, args.keystrokes))
    summary = report(results, target, args.keystrokes)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
