"""Hover on a yield point: why it may switch, the witness chain with each step linked to its definition."""

from __future__ import annotations

from lsprotocol import types as lsp

from switchpoint.analysis import api

from .. import convert
from ..guard import guarded
from ..locate import chain_links


def innermost_point(points, position: api.Position) -> api.YieldPoint | None:
    """The smallest yield point whose range holds `position` (its start counts, its end does not)."""
    holding = [p for p in points if p.range.start <= position < p.range.end or p.range.start == position]
    return min(holding, key=lambda p: (p.range.end, _neg(p.range.start)), default=None)


def _neg(position: api.Position) -> tuple[int, int]:
    return (-position.line, -position.column)


def register(server) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    @guarded(server)
    async def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        analysis = await server.session.fresh(uri)
        if analysis is None:
            return None
        point = innermost_point(analysis.report.yield_points, analysis.index.to_api(params.position))
        if point is None:
            return None
        links = await chain_links(server, uri, point.chain)
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=convert.chain_markdown(point, links.get)),
            range=analysis.index.to_lsp_range(point.range),
        )
