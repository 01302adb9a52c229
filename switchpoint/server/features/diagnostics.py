"""Diagnostics: rule findings and syntax problems, pulled (LSP 3.17) or published to clients that cannot pull."""

from __future__ import annotations

import os
from pathlib import Path

from lsprotocol import types as lsp

from switchpoint.analysis import api

from .. import convert
from ..guard import guarded
from ..positions import LineIndex
from ..session import Analysis


def _locator(server, analysis: Analysis):
    """Path + engine range -> LSP Location, using the text the editor has, else the file on disk."""
    indexes: dict[str, LineIndex] = {analysis.path: analysis.index}

    def locate(path: str, rng: api.Range) -> lsp.Location:
        # The engine may name files relative to the server's working directory.
        path = os.path.abspath(path)
        if path == os.path.abspath(analysis.path):
            path = analysis.path
        index = indexes.get(path)
        if index is None:
            index = indexes[path] = _index_of(server, path)
        uri = analysis.uri if path == analysis.path else Path(path).as_uri()
        return lsp.Location(uri=uri, range=index.to_lsp_range(rng))

    return locate


def _index_of(server, path: str) -> LineIndex:
    for doc in list(server.workspace.text_documents.values()):
        if doc.path == path:
            return LineIndex(doc.source)
    try:
        return LineIndex(Path(path).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return LineIndex("")


# SP002 "file could not be analysed" restates a problem the server already shows as an error.
UNANALYSABLE = "SP002"


def shown_findings(analysis: Analysis) -> list[api.Finding]:
    problems = {p.range for p in analysis.report.problems}
    return [f for f in analysis.report.findings if not (f.code == UNANALYSABLE and f.range in problems)]


def diagnostics_for(server, analysis: Analysis) -> list[lsp.Diagnostic]:
    """Problems (errors) first, then findings, in the order of `shown_findings`."""
    locate = _locator(server, analysis)
    return [convert.problem_diagnostic(p, analysis.index) for p in analysis.report.problems] + [
        convert.finding_diagnostic(f, analysis.index, locate) for f in shown_findings(analysis)
    ]


def publish(server, analysis: Analysis) -> None:
    """Push diagnostics, for clients without pull diagnostics."""
    if server.pulls_diagnostics:
        return
    server.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(
            uri=analysis.uri, version=analysis.version, diagnostics=diagnostics_for(server, analysis)
        )
    )


def clear(server, uri: str) -> None:
    if not server.pulls_diagnostics:
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


def _result_id(analysis: Analysis) -> str:
    report = analysis.report
    return f"{analysis.generation}.{analysis.version}.{hash((report.findings, report.problems)) & 0xFFFFFFFF:x}"


def register(server) -> None:
    options = lsp.DiagnosticOptions(identifier="switchpoint", inter_file_dependencies=True, workspace_diagnostics=False)

    @server.feature(lsp.TEXT_DOCUMENT_DIAGNOSTIC, options)
    @guarded(server, lambda params: lsp.RelatedFullDocumentDiagnosticReport(items=[]))
    async def pull(params: lsp.DocumentDiagnosticParams):
        analysis = await server.session.fresh(params.text_document.uri)
        if analysis is None:
            return lsp.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = _result_id(analysis)
        if params.previous_result_id == result_id:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return lsp.RelatedFullDocumentDiagnosticReport(items=diagnostics_for(server, analysis), result_id=result_id)
