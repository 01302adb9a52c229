"""Turns engine results (`analysis.api` dataclasses) into lsprotocol types and JSON."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types as lsp

from switchpoint.analysis import api

from .positions import LineIndex
from .settings import InlayHintSettings

SOURCE = "switchpoint"
# Every rule's documentation lives at RULES_URL + code, e.g. .../rules/SP101.
RULES_URL = "https://switchpoint.dev/rules/"


def rule_url(code: str) -> str:
    return RULES_URL + code


def finding_diagnostic(
    finding: api.Finding,
    index: LineIndex,
    locate: Callable[[str, api.Range], lsp.Location],
) -> lsp.Diagnostic:
    """A rule's finding as a warning that links to the rule's page and to the read, the switch and the write."""
    related = [
        lsp.DiagnosticRelatedInformation(location=locate(r.path, r.range), message=r.message)
        for r in finding.related
    ]
    return lsp.Diagnostic(
        range=index.to_lsp_range(finding.range),
        message=finding.message,
        severity=lsp.DiagnosticSeverity.Warning,
        code=finding.code,
        code_description=lsp.CodeDescription(href=rule_url(finding.code)),
        source=SOURCE,
        related_information=related or None,
    )


def problem_diagnostic(problem: api.Problem, index: LineIndex) -> lsp.Diagnostic:
    """A file the engine could not (fully) analyse, e.g. a syntax error: an error at its location."""
    if problem.range is not None:
        rng = index.to_lsp_range(problem.range)
    else:
        rng = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=0, character=0))
    return lsp.Diagnostic(range=rng, message=problem.message, severity=lsp.DiagnosticSeverity.Error, source=SOURCE)


def hint_label(points: list[api.YieldPoint], settings: InlayHintSettings) -> str:
    """The glyph, `?` when every point here is only possible, and the kinds when asked for."""
    label = settings.glyph
    if all(p.certainty == api.POSSIBLE for p in points):
        label += "?"
    if settings.show_kind:
        label += " " + "+".join(dict.fromkeys(p.kind for p in points))
    return label


def inlay_hint(points: list[api.YieldPoint], index: LineIndex, settings: InlayHintSettings, data: dict) -> lsp.InlayHint:
    """One quiet mark where yield points start (`t[k] += 1` reads and writes at one spot: one mark).

    The tooltip comes later, from `inlayHint/resolve`.
    """
    return lsp.InlayHint(
        position=index.to_lsp(points[0].range.start),
        label=hint_label(points, settings),
        padding_right=True,
        data=data,
    )


def point_json(point: api.YieldPoint, index: LineIndex) -> dict:
    """One entry of the `switchpoint/yieldPoints` result (see docs/lsp-extensions.md)."""
    rng = index.to_lsp_range(point.range)
    return {
        "range": {
            "start": {"line": rng.start.line, "character": rng.start.character},
            "end": {"line": rng.end.line, "character": rng.end.character},
        },
        "kind": point.kind,
        "certainty": point.certainty,
        "chain": list(point.chain),
    }


def certainty_phrase(point: api.YieldPoint) -> str:
    return "switches" if point.certainty == api.CERTAIN else "may switch"


def chain_markdown(point: api.YieldPoint, link: Callable[[str], str | None]) -> str:
    """The witness chain as Markdown, one step a line; a step is a link when its definition is known."""
    lines = [f"**{certainty_phrase(point)}** here ({point.kind}, {point.certainty})", ""]
    for number, step in enumerate(point.chain, start=1):
        target = link(step)
        lines.append(f"{number}. [`{step}`]({target})" if target else f"{number}. `{step}`")
    return "\n".join(lines)


def lens_title(function: api.FunctionSummary) -> str:
    if not function.may_switch:
        return "never switches"
    noun = "point" if function.points == 1 else "points"
    return f"may switch · {function.points} {noun}"
