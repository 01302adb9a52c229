"""Inlay hints: a quiet glyph at the start of every yield point; the witness chain arrives lazily on resolve."""

from __future__ import annotations

from lsprotocol import types as lsp

from switchpoint.analysis import api

from .. import convert
from ..guard import guarded
from ..locate import chain_links


def _in_range(position: lsp.Position, rng: lsp.Range) -> bool:
    here = (position.line, position.character)
    return (rng.start.line, rng.start.character) <= here <= (rng.end.line, rng.end.character)


def register(server) -> None:
    session = server.session

    @server.feature(lsp.TEXT_DOCUMENT_INLAY_HINT, lsp.InlayHintOptions(resolve_provider=True))
    @guarded(server, lambda params: [])
    async def inlay_hints(params: lsp.InlayHintParams) -> list[lsp.InlayHint]:
        uri = params.text_document.uri
        settings = (await server.settings_for_request(uri)).inlay_hints
        if not settings.enabled:
            return []
        analysis = await session.fresh(uri)
        if analysis is None:
            return []
        at_start: dict[api.Position, list[api.YieldPoint]] = {}
        for point in analysis.report.yield_points:
            if point.certainty == api.POSSIBLE and not settings.show_possible:
                continue
            at_start.setdefault(point.range.start, []).append(point)
        hints = []
        for start, points in sorted(at_start.items()):
            data = {"uri": uri, "line": start.line, "column": start.column}
            hint = convert.inlay_hint(points, analysis.index, settings, data)
            if _in_range(hint.position, params.range):
                hints.append(hint)
        return hints

    @server.feature(lsp.INLAY_HINT_RESOLVE)
    @guarded(server, lambda hint: hint)
    async def resolve(hint: lsp.InlayHint) -> lsp.InlayHint:
        data = hint.data if isinstance(hint.data, dict) else {}
        uri = data.get("uri")
        analysis = await session.fresh(uri) if isinstance(uri, str) else None
        if analysis is None:
            return hint
        start = api.Position(line=data.get("line"), column=data.get("column"))
        points = [p for p in analysis.report.yield_points if p.range.start == start]
        if points:
            links = await chain_links(server, uri, tuple(step for p in points for step in p.chain))
            hint.tooltip = lsp.MarkupContent(
                kind=lsp.MarkupKind.Markdown,
                value="\n\n".join(convert.chain_markdown(p, links.get) for p in points),
            )
        return hint
