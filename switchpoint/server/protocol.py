"""The JSON-RPC protocol, hardened: malformed messages get an error reply and a log line, never silence or a crash.

pygls drops a request whose params do not match the LSP types without answering
it, which leaves the editor waiting forever; here such a request gets an
InvalidParams error and the client's log says what was wrong. The server also
always negotiates UTF-16 positions, which every client supports and which
`switchpoint/yieldPoints` is specified in, and offers pull diagnostics only to
clients that can also be told to re-pull them.
"""

from __future__ import annotations

import logging
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol, lsp_method

logger = logging.getLogger(__name__)


class _Dropped:
    """A message that could not be read; `handle_message` ignores it (its jsonrpc is not 2.0)."""

    jsonrpc = "dropped"


class SwitchpointProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            method = data.get("method", "?")
            detail = getattr(error.__cause__, "exceptions", None) or error.__cause__ or error
            self._server.log(lsp.MessageType.Error, f"switchpoint: ignored malformed {method!r}: {detail}")
            if "id" in data and "method" in data:
                # A request must always be answered, or the client waits forever.
                self._send_response(data["id"], None, JsonRpcInvalidParams(f"malformed params for {method}").to_response_error())
            return _Dropped()

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(self, params: lsp.InitializeParams):
        general = params.capabilities.general
        if general is not None:
            general.position_encodings = None  # -> UTF-16, the default every client speaks
        result = yield from super().lsp_initialize(params)
        if not self._server.pulls_diagnostics:
            # Publishing is then the only way to update them; offering both would show them twice.
            result.capabilities.diagnostic_provider = None
        return result
