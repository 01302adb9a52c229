"""The `switchpoint/yieldPoints` request and `switchpoint/yieldPointsChanged` notification (docs/lsp-extensions.md).

For clients that draw their own gutter marks and jump between points: every
point of a document, sorted by position, with kind, certainty and witness chain.
"""

from __future__ import annotations

from typing import Any

from pygls.exceptions import JsonRpcInvalidParams

from .. import convert
from ..guard import guarded
from ..session import Analysis

YIELD_POINTS = "switchpoint/yieldPoints"
YIELD_POINTS_CHANGED = "switchpoint/yieldPointsChanged"


def _uri_of(params: Any) -> str:
    """The `textDocument.uri` of the params, whether pygls handed them over as a dict or an object."""
    document = params.get("textDocument") if isinstance(params, dict) else getattr(params, "textDocument", None)
    uri = document.get("uri") if isinstance(document, dict) else getattr(document, "uri", None)
    if not isinstance(uri, str):
        raise JsonRpcInvalidParams(f'{YIELD_POINTS} expects {{"textDocument": {{"uri": string}}}}')
    return uri


def sorted_points(analysis: Analysis):
    return sorted(analysis.report.yield_points, key=lambda p: (p.range.start, p.range.end, p.kind))


def result_json(uri: str, analysis: Analysis | None, version: int | None) -> dict:
    if analysis is None:
        return {"uri": uri, "version": version, "points": []}
    points = [convert.point_json(p, analysis.index) for p in sorted_points(analysis)]
    return {"uri": uri, "version": analysis.version, "points": points}


def notify_changed(server, analysis: Analysis) -> None:
    server.protocol.notify(
        YIELD_POINTS_CHANGED,
        {"uri": analysis.uri, "version": analysis.version, "count": len(analysis.report.yield_points)},
    )


def register(server) -> None:
    @server.feature(YIELD_POINTS)
    @guarded(server)
    async def yield_points(params: Any) -> dict:
        uri = _uri_of(params)
        analysis = await server.session.fresh(uri)
        doc = server.session.open_document(uri)
        return result_json(uri, analysis, doc.version if doc else None)
