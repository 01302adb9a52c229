"""Document sync: open, change and close feed the session; its results go out as diagnostics and notifications."""

from __future__ import annotations

from lsprotocol import types as lsp

from ..guard import guarded
from . import diagnostics, yield_points


def register(server) -> None:
    session = server.session

    @guarded(server)
    def on_result(new, old) -> None:
        diagnostics.publish(server, new)
        yield_points.notify_changed(server, new)

    @guarded(server)
    def on_dependants_changed(uris: list[str]) -> None:
        # Another file's callee changed: the editor must re-ask for what it shows.
        server.refresh_views()

    session.on_result = on_result
    session.on_dependants_changed = on_dependants_changed

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    @guarded(server)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        session.opened(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(server)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        session.changed(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(server)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        session.closed(uri)
        diagnostics.clear(server, uri)

    @server.feature(lsp.SHUTDOWN)
    @guarded(server)
    def shutdown(params: None) -> None:
        session.shutdown()
