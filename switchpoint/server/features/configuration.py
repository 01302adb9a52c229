"""Configuration: initialization options, `workspace/configuration`, watched files and workspace folders.

Settings are re-read when the client says they changed; a changed pyproject.toml
(the engine's `[tool.switchpoint]`) or workspace folder list rebuilds the engines, and a
`.py` file changed on disk by something other than the editor is handed to its
engine so that open documents calling into it are re-checked.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..guard import guarded
from ..settings import SECTION

WATCHERS = ("**/pyproject.toml", "**/*.py")


def _section(value):
    """Initialization options may be the section itself or wrap it as {"switchpoint": {...}}."""
    if isinstance(value, dict) and isinstance(value.get(SECTION), dict):
        return value[SECTION]
    return value


async def fetch_editor_settings(server) -> None:
    """Ask the client for the `switchpoint` section, globally and per workspace folder."""
    if not server.client_supports("workspace.configuration"):
        return
    folders = server.folders()
    items = [lsp.ConfigurationItem(section=SECTION)] + [
        lsp.ConfigurationItem(section=SECTION, scope_uri=Path(f).as_uri()) for f in folders
    ]
    answers = await server.workspace_configuration_async(lsp.ConfigurationParams(items=items))
    settings = {None: answers[0] if answers else None}
    for folder, answer in zip(folders, (answers or [])[1:]):
        settings[folder] = answer
    server.editor_settings = settings


async def register_watchers(server) -> None:
    if not server.client_supports("workspace.did_change_watched_files.dynamic_registration"):
        return
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHERS]
    )
    registration = lsp.Registration(
        id="switchpoint-watched-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    await server.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))


def rebuild(server) -> None:
    """Configuration on disk changed: new engines with new options, every open document again."""
    server.forget_definitions()
    server.session.reset()
    server.refresh_views()


def register(server) -> None:
    @server.feature(lsp.INITIALIZE)
    @guarded(server)
    def initialize(params: lsp.InitializeParams) -> None:
        server.initialization_options = _section(params.initialization_options)

    @server.feature(lsp.INITIALIZED)
    @guarded(server)
    async def initialized(params: lsp.InitializedParams) -> None:
        try:
            await fetch_editor_settings(server)
        finally:
            server.settings_ready.set()
        await register_watchers(server)
        server.refresh_views()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded(server)
    async def configuration_changed(params: lsp.DidChangeConfigurationParams) -> None:
        if server.client_supports("workspace.configuration"):
            await fetch_editor_settings(server)
        else:
            server.editor_settings = {None: _section(params.settings)}
        server.refresh_views()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded(server)
    async def folders_changed(params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        await fetch_editor_settings(server)
        rebuild(server)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded(server)
    def watched_files_changed(params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith("/pyproject.toml") for change in params.changes):
            rebuild(server)
            return
        open_uris = server.workspace.text_documents
        for change in params.changes:
            path = to_fs_path(change.uri)
            if not path or not path.endswith(".py") or change.uri in open_uris:
                continue  # an open document's text comes from the editor, not the disk
            text = None
            if change.type != lsp.FileChangeType.Deleted:
                try:
                    text = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
            server.definitions.clear()
            server.session.file_changed_on_disk(path, text)
