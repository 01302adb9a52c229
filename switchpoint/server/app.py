"""Builds the switchpoint language server: the pygls server, its session, its settings, and every feature.

`main()` is the entry point behind `switchpoint server --stdio` and `python -m switchpoint.server`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from switchpoint import __version__
from switchpoint.analysis import api

from .features import ALL_FEATURES
from .progress import AnalysisProgress
from .protocol import SwitchpointProtocol
from .session import Session
from .settings import Settings, merge_editor_settings

logger = logging.getLogger(__name__)


class SwitchpointServer(LanguageServer):
    """A pygls server plus what every feature shares: the session and the settings."""

    def __init__(self) -> None:
        super().__init__("switchpoint", __version__, protocol_cls=SwitchpointProtocol)
        self.session = Session(
            documents=lambda: self.workspace.text_documents,
            folder_of=self.folder_of,
            log_error=lambda message: self.log(lsp.MessageType.Error, message),
            progress=AnalysisProgress(self.client_supports, self.window_work_done_progress_create,
                                      lambda: self.work_done_progress),
        )
        self.initialization_options: Any = None
        self.editor_settings: dict[str | None, Any] = {}  # folder -> `switchpoint` section
        self.definitions: dict[str, str] = {}  # chain step -> link, see locate.py
        # Set once the first `workspace/configuration` answer is in, so first hints already look as configured.
        self.settings_ready = asyncio.Event()

    # -- logging: every error goes to the client's log, never to a dialog or a crash --------

    def log(self, kind: lsp.MessageType, message: str) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:
            logger.exception("could not send a log message")

    def report_server_error(self, error: Exception, source: Any) -> None:
        detail = "".join(traceback.format_exception(error)) if error.__traceback__ else str(error)
        self.log(lsp.MessageType.Error, f"switchpoint: {detail}")

    # -- folders and configuration -----------------------------------------------------------

    def folders(self) -> list[str]:
        """Workspace folder paths, longest first so the innermost folder wins."""
        paths = []
        try:
            workspace = self.workspace
        except RuntimeError:
            return []
        for uri in list(workspace.folders) + ([workspace.root_uri] if workspace.root_uri else []):
            path = to_fs_path(uri)
            if path and path not in paths:
                paths.append(path.rstrip("/") or "/")
        return sorted(paths, key=len, reverse=True)

    def folder_of(self, uri: str) -> tuple[str | None, api.Options]:
        """The workspace folder a document belongs to (None outside every folder), and its engine's options.

        Each folder gets its own engine, which reads that folder's `[tool.switchpoint]` itself.
        """
        path = to_fs_path(uri)
        folder = None
        if path:
            folder = next((f for f in self.folders() if path == f or path.startswith(f.rstrip("/") + "/")), None)
        # collected operations are kept on disk (the folder's .switchpoint_cache/, libraries in the per-user
        # cache), so opening a file in a new session reuses what earlier sessions and CLI runs collected; the
        # folder's source is the project's, as for `switchpoint yield-points .` run in it (resolve/project.py)
        return folder, api.Options(cache_dir=folder, whole_results=False, project_roots=(folder,) if folder else ())

    def forget_definitions(self) -> None:
        self.definitions.clear()

    async def settings_for_request(self, uri: str, patience: float = 2.0) -> Settings:
        """`settings_for`, after waiting (a little) for the client's first configuration answer."""
        if not self.settings_ready.is_set():
            try:
                await asyncio.wait_for(self.settings_ready.wait(), patience)
            except TimeoutError:
                self.settings_ready.set()  # a client that never answers must not slow every request
        return self.settings_for(uri)

    def settings_for(self, uri: str) -> Settings:
        folder, _ = self.folder_of(uri)
        settings = merge_editor_settings(Settings(), self.initialization_options)
        settings = merge_editor_settings(settings, self.editor_settings.get(None))
        return merge_editor_settings(settings, self.editor_settings.get(folder))

    # -- client capabilities ---------------------------------------------------------------

    def client_supports(self, dotted: str) -> bool:
        node: Any = self.client_capabilities
        for name in dotted.split("."):
            node = getattr(node, name, None)
            if node is None:
                return False
        return bool(node)

    @property
    def pulls_diagnostics(self) -> bool:
        """Pull only with clients that can be told to re-pull: a callee's change elsewhere must reach them.

        (Neovim 0.11 pulls but has no refresh, and only pulls after an edit, so it gets published ones.)
        """
        return self.client_supports("text_document.diagnostic") and self.client_supports(
            "workspace.diagnostics.refresh_support"
        )

    def refresh_views(self) -> None:
        """Ask the client to re-request hints, lenses and pulled diagnostics (results changed behind its back)."""
        asks = (
            ("workspace.inlay_hint.refresh_support", self.workspace_inlay_hint_refresh),
            ("workspace.code_lens.refresh_support", self.workspace_code_lens_refresh),
        )
        if self.pulls_diagnostics:
            asks += (("workspace.diagnostics.refresh_support", self.workspace_diagnostic_refresh),)
        for capability, ask in asks:
            if self.client_supports(capability):
                ask(None).add_done_callback(self._refresh_answered)

    def _refresh_answered(self, answer: Any) -> None:
        if not answer.cancelled() and answer.exception() is not None:
            self.log(lsp.MessageType.Warning, f"switchpoint: the client refused a refresh: {answer.exception()}")


def build_server() -> SwitchpointServer:
    server = SwitchpointServer()
    for feature in ALL_FEATURES:
        feature.register(server)
    return server


def main() -> int:
    # SWITCHPOINT_SERVER_LOG=info shows per-analysis timings on stderr (editors put stderr in their server log).
    level = os.environ.get("SWITCHPOINT_SERVER_LOG", "warning").upper()
    logging.basicConfig(level=getattr(logging, level, logging.WARNING), format="switchpoint-server %(levelname)s %(name)s: %(message)s")
    server = build_server()
    try:
        server.start_io()
    finally:
        server.session.shutdown()
    return 0
