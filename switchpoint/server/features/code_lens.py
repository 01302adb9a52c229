"""Code lens over every function: "may switch · N points" or "never switches"."""

from __future__ import annotations

from lsprotocol import types as lsp

from .. import convert
from ..guard import guarded

# No client-side command: editors show a lens with an empty command id as plain text.
NO_COMMAND = ""


def register(server) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
    @guarded(server, lambda params: [])
    async def code_lens(params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        analysis = await server.session.fresh(params.text_document.uri)
        if analysis is None:
            return []
        return [
            lsp.CodeLens(
                range=analysis.index.to_lsp_range(function.range),
                command=lsp.Command(title=convert.lens_title(function), command=NO_COMMAND),
            )
            for function in sorted(analysis.report.functions, key=lambda f: f.range)
        ]
