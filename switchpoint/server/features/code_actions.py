"""Code actions: guard a race with a lock, suppress a finding, replace a hub-blocking call, mark a function atomic.

The rewrites (in `fixes/`) run on a worker thread: libcst is slow enough on a big
file that it must not hold up the event loop.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types as lsp

from switchpoint.analysis import api

from ..fixes import atomic, blocking_call, lock_guard, suppress
from ..fixes.text_edit import line_edits
from ..guard import guarded
from ..positions import LineIndex
from .diagnostics import diagnostics_for, shown_findings

RACE_PREFIX = "SP1"  # SP1xx: races, fixed by holding a lock across read and write
BLOCKING_PREFIX = "SP2"  # SP2xx: calls that block the hub


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def _edit(server, uri: str, version: int | None, old: str, new: str) -> lsp.WorkspaceEdit:
    edits = line_edits(old, new)
    if server.client_supports("workspace.workspace_edit.document_changes"):
        document = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=document, edits=edits)])
    return lsp.WorkspaceEdit(changes={uri: edits})


def _actions_for(server, uri, version, text, findings, diagnostics, position):
    """Worker thread: every applicable action, each with its edit computed."""
    actions = []

    def add(title, kind, new_text, diagnostic=None, preferred=False):
        if new_text is not None and new_text != text:
            actions.append(
                lsp.CodeAction(
                    title=title,
                    kind=kind,
                    diagnostics=[diagnostic] if diagnostic else None,
                    is_preferred=preferred or None,
                    edit=_edit(server, uri, version, text, new_text),
                )
            )

    blocking_finding = None
    for finding, diagnostic in zip(findings, diagnostics):
        line = finding.range.start.line
        if finding.code.startswith(RACE_PREFIX):
            guarded_text = lock_guard.guard_with_lock(text, line)
            if guarded_text:
                new_text, lock = guarded_text
                add(f"Guard with `{lock}` (switchpoint {finding.code})", lsp.CodeActionKind.QuickFix, new_text, diagnostic, True)
        if finding.code.startswith(BLOCKING_PREFIX):
            blocking_finding = (finding, diagnostic)
        add(
            f"Suppress {finding.code} on this line",
            lsp.CodeActionKind.QuickFix,
            suppress.suppress(text, line, finding.range.end.line, finding.code),
            diagnostic,
        )
    at = blocking_finding[0].range.start if blocking_finding else position
    replaced = blocking_call.replace_blocking_call(text, at)
    if replaced:
        new_text, name, replacement = replaced
        kind = lsp.CodeActionKind.QuickFix if blocking_finding else lsp.CodeActionKind.RefactorRewrite
        add(f"Replace `{name}` with `{replacement}`", kind, new_text, blocking_finding[1] if blocking_finding else None, bool(blocking_finding))
    marked = atomic.mark_atomic(text, position)
    if marked:
        add(f"Mark `{marked[1]}` atomic (run its body under switchpoint.runtime.atomic())", lsp.CodeActionKind.RefactorRewrite, marked[0])
    return actions


def register(server) -> None:
    kinds = [lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite]

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=kinds))
    @guarded(server, lambda params: [])
    async def code_actions(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        analysis = await server.session.fresh(uri)
        doc = server.session.open_document(uri)
        if doc is None:
            return []
        text, version = doc.source, doc.version
        index = analysis.index if analysis else LineIndex(text)
        findings: list[api.Finding] = []
        diagnostics: list[lsp.Diagnostic] = []
        if analysis is not None:
            shown = diagnostics_for(server, analysis)[len(analysis.report.problems) :]
            for finding, diagnostic in zip(shown_findings(analysis), shown):
                if _overlaps(diagnostic.range, params.range):
                    findings.append(finding)
                    diagnostics.append(diagnostic)
        position = index.to_api(params.range.start)
        actions = await asyncio.to_thread(_actions_for, server, uri, version, text, findings, diagnostics, position)
        only = params.context.only
        if only:
            actions = [a for a in actions if any(a.kind == k or a.kind.startswith(k + ".") for k in only)]
        return actions
