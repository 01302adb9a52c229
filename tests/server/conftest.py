"""pytest-lsp harness: the real server in a subprocess over stdio, driven like an editor would.

`editor` is a started-but-not-initialized client with helpers; each test
initializes it with the capabilities and options it is about (`await editor.start(...)`).
"""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parents[2]
SERVER = [sys.executable, "-m", "switchpoint", "server", "--stdio"]
EXAMPLES = REPO / "examples"


def modern_vscode() -> lsp.ClientCapabilities:
    """VS Code's recorded capabilities plus what LSP 3.17 clients add: pull diagnostics and refreshes."""
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = lsp.DiagnosticClientCapabilities(related_document_support=True)
    caps.text_document.inlay_hint = lsp.InlayHintClientCapabilities(
        resolve_support=lsp.ClientInlayHintResolveOptions(properties=["tooltip"])
    )
    caps.workspace.inlay_hint = lsp.InlayHintWorkspaceClientCapabilities(refresh_support=True)
    caps.workspace.diagnostics = lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


def push_only_vscode() -> lsp.ClientCapabilities:
    """VS Code 1.65 as recorded: no pull diagnostics, so the server must publish."""
    return client_capabilities("visual-studio-code")


async def until(predicate, timeout: float = 15.0, what: str = "condition"):
    """Wait until `predicate()` is truthy (returns it); fail the test after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


class Editor:
    """The test client plus the bookkeeping an editor does: versions, received notifications, refreshes."""

    def __init__(self, client: LanguageClient, root: Path):
        self.client = client
        self.root = root
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.points_changed: list[dict] = client.points_changed
        self.refreshes: dict[str, int] = client.refreshes

    async def start(
        self,
        capabilities: lsp.ClientCapabilities | None = None,
        options: Any = None,
        folders: list[Path] | None = None,
    ) -> lsp.InitializeResult:
        folders = folders or [self.root]
        capabilities = capabilities or modern_vscode()
        result = await self.client.initialize_session(
            lsp.InitializeParams(
                capabilities=capabilities,
                root_uri=folders[0].as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=f.as_uri(), name=f.name) for f in folders],
                initialization_options=options,
            )
        )
        # Once the editor's settings are fetched the server asks the client to refresh what it shows. Those
        # requests arrive when they arrive: a test that counts refreshes to see an edit's effect must not
        # count these, so they are waited for here.
        workspace = capabilities.workspace
        if workspace is not None and workspace.inlay_hint is not None and workspace.inlay_hint.refresh_support:
            await until(lambda: self.refreshes["inlay"] > 0, what="the hints' refresh after initialization")
        pulls = capabilities.text_document is not None and capabilities.text_document.diagnostic is not None
        if pulls and workspace is not None and workspace.diagnostics is not None and workspace.diagnostics.refresh_support:
            await until(lambda: self.client.diagnostic_refresh_count > 0, what="the diagnostics' refresh after initialization")
        return result

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def open(self, name: str, text: str | None = None, on_disk: bool = True) -> str:
        """Open `name` (written to disk first when `text` is given and `on_disk`) and return its URI."""
        path = self.root / name
        if text is not None and on_disk:
            self.write(name, text)
        if text is None:
            text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        return uri

    def change(self, uri: str, change) -> int:
        """Send one content change (whole-document or ranged) as the document's next version; returns it."""
        self.versions[uri] += 1
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[change],
            )
        )
        return self.versions[uri]

    def replace_all(self, uri: str, text: str) -> int:
        self.texts[uri] = text
        return self.change(uri, lsp.TextDocumentContentChangeWholeDocument(text=text))

    def type_at(self, uri: str, line: int, character: int, text: str) -> int:
        """An incremental change: insert `text` at (line, character), as typing does."""
        at = lsp.Position(line=line, character=character)
        return self.change(uri, lsp.TextDocumentContentChangePartial(range=lsp.Range(start=at, end=at), text=text))

    async def hints(self, uri: str) -> list[lsp.InlayHint]:
        end = lsp.Position(line=100000, character=0)
        return await self.client.text_document_inlay_hint_async(
            lsp.InlayHintParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri),
                range=lsp.Range(start=lsp.Position(line=0, character=0), end=end),
            )
        )

    async def points(self, uri: str) -> dict:
        return await self.client.protocol.send_request_async("switchpoint/yieldPoints", {"textDocument": {"uri": uri}})

    async def pull(self, uri: str) -> lsp.DocumentDiagnosticReport:
        return await self.client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )

    def send_raw(self, method: str, params: Any, msg_id: str | None = None) -> Future | None:
        """Send a message exactly as given, bypassing the client's own (validating) serialisation.

        Uses pygls' protocol internals: the only way to put a malformed message on the wire.
        """
        protocol = self.client.protocol
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        answer = None
        if msg_id is not None:
            message["id"] = msg_id
            answer = protocol._request_futures[msg_id] = Future()
        protocol._send_data(message)
        return answer

    def errors_logged(self) -> list[str]:
        return [m.message for m in self.client.log_messages if m.type == lsp.MessageType.Error]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    """The real server over stdio; what it sends the client is recorded on the client object."""
    record_server_requests(lsp_client)
    yield
    await lsp_client.shutdown_session()


def record_server_requests(lsp_client: LanguageClient) -> None:
    """Answer and record what the server asks of an editor (refreshes, registrations, its notifications)."""
    lsp_client.points_changed = []
    lsp_client.refreshes = {"inlay": 0, "code_lens": 0}  # diagnostics: lsp_client.diagnostic_refresh_count

    @lsp_client.feature("switchpoint/yieldPointsChanged")
    def _points_changed(params):
        lsp_client.points_changed.append(params)

    @lsp_client.feature(lsp.WORKSPACE_INLAY_HINT_REFRESH)
    def _inlay_refresh(params):
        lsp_client.refreshes["inlay"] += 1

    @lsp_client.feature(lsp.WORKSPACE_CODE_LENS_REFRESH)
    def _code_lens_refresh(params):
        lsp_client.refreshes["code_lens"] += 1

    @lsp_client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def _register(params):
        lsp_client.registrations = params
        return None


@pytest.fixture
def editor(client: LanguageClient, tmp_path: Path) -> Editor:
    return Editor(client, tmp_path)


@pytest.fixture
def iodict_text() -> str:
    return (EXAMPLES / "iodict.py").read_text(encoding="utf-8")


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits as an editor would (written here independently of the server's own code)."""
    lines = text.splitlines(keepends=True) + [""]

    def offset(position: lsp.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units, chars = 0, 0
        for char in line:
            if units >= position.character or char in "\r\n":
                break
            units += 2 if ord(char) > 0xFFFF else 1
            chars += 1
        return before + chars

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: lsp.WorkspaceEdit, uri: str):
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list(edit.changes[uri])
