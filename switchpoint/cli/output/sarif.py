"""Findings as SARIF 2.1.0 for code scanning (GitHub `upload-sarif`), valid under Microsoft's Multitool.

One run; `tool.driver` carries the name, version and every rule (id, name, short
and full description, help URI, default level). Each result has its location,
the related locations (the read, the switch point, the write) with ids, the
witness as a `codeFlow` (the related locations in order, the switch point's call
chain nested under it as logical locations) and `partialFingerprints` under
`switchpoint/v1` (see `switchpoint/cli/baseline.py`: stable across unrelated
edits). URIs are relative to `%SRCROOT%` (the working directory), columns count
Unicode code points, ends are exclusive, as everywhere in switchpoint.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from switchpoint.cli.baseline import FINGERPRINT_KEY, fingerprints, normalise_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/switchpoint/switchpoint"
RULES_URI = INFORMATION_URI + "/blob/main/docs/rules.md"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "note": "note", "notice": "note"}


def sentence(text: str) -> str:
    """SARIF messages end with a period (Multitool SARIF2001)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _anchor(code: str, name: str) -> str:
    return f"{code}-{name}".lower()


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-"))


def uri(path: str) -> str:
    path = normalise_path(path)
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


def _artifact(path: str) -> dict:
    location = {"uri": uri(path)}
    if not normalise_path(path).startswith("/"):
        location["uriBaseId"] = "%SRCROOT%"
    return location


def _region(range_) -> dict:
    return {
        "startLine": range_.start.line,
        "startColumn": range_.start.column,
        "endLine": range_.end.line,
        "endColumn": range_.end.column,
    }


def _physical(path: str, range_) -> dict:
    return {"artifactLocation": _artifact(path), "region": _region(range_)}


def _summary(rule) -> str:
    """The rule's one-line summary without the `SP101 lost-update: ` its docstring starts with."""
    summary = rule.summary.strip()
    prefix = f"{rule.code} {rule.name}:"
    if summary.startswith(prefix):
        summary = summary[len(prefix):].strip()
        summary = summary[:1].upper() + summary[1:]
    return summary


def _rule(rule) -> dict:
    level = LEVELS.get(getattr(rule, "default_severity", "warning"), "warning")
    body = "\n".join((rule.doc or "").strip().splitlines()[1:]).strip() or _summary(rule)
    return {
        "id": rule.code,
        "name": _pascal(rule.name),
        "shortDescription": {"text": sentence(_summary(rule))},
        "fullDescription": {"text": sentence(body)},
        "help": {"text": sentence(body), "markdown": body},
        "helpUri": f"{getattr(rule, 'help_uri', None) or RULES_URI + '#' + _anchor(rule.code, rule.name)}",
        "defaultConfiguration": {"level": level},
        "properties": {"tags": [rule.name]},
    }


def _code_flow(finding) -> list:
    """The related locations in order; the chain's callees nested under the switch point."""
    steps = []
    chain = list(finding.chain)
    joined = " -> ".join(chain)
    switch_index = next(
        (i for i, r in enumerate(finding.related) if chain and (joined in r.message or "switch point" in r.message)),
        None,
    )
    if not finding.related and chain:
        steps.append({"location": {"physicalLocation": _physical(finding.path, finding.range), "message": {"text": sentence(finding.message)}}, "nestingLevel": 0})
        switch_index = 0
    for index, related in enumerate(finding.related):
        steps.append({"location": {"physicalLocation": _physical(related.path, related.range), "message": {"text": sentence(related.message)}}, "nestingLevel": 0})
        if index == switch_index:
            steps.extend(_chain_steps(chain))
    if not finding.related and chain:
        steps.extend(_chain_steps(chain))
    if not steps:
        return []
    return [{"threadFlows": [{"locations": steps}]}]


def _chain_steps(chain) -> list:
    return [
        {
            "location": {
                "logicalLocations": [{"fullyQualifiedName": name, "kind": "function"}],
                "message": {"text": sentence(f"{chain[depth - 1]} calls {name}")},
            },
            "nestingLevel": depth,
        }
        for depth, name in enumerate(chain[1:], start=1)
    ]


def document(findings, context, extra_rules=()) -> dict:
    """The SARIF log as a dict (also used by `switchpoint diff`)."""
    known = sorted([*context.rules, *extra_rules], key=lambda r: r.code)
    index = {rule.code: i for i, rule in enumerate(known)}
    levels = {rule.code: LEVELS.get(getattr(rule, "default_severity", "warning"), "warning") for rule in known}
    findings = list(findings)
    prints = fingerprints(findings)
    results = []
    for finding, fingerprint in zip(findings, prints):
        result = {
            "ruleId": finding.code,
            "level": levels.get(finding.code, "warning"),
            "message": {"text": sentence(finding.message)},
            "locations": [{"physicalLocation": _physical(finding.path, finding.range)}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        if finding.code in index:
            result["ruleIndex"] = index[finding.code]
        if finding.related:
            result["relatedLocations"] = [
                {"id": number, "physicalLocation": _physical(r.path, r.range), "message": {"text": sentence(r.message)}}
                for number, r in enumerate(finding.related, start=1)
            ]
        flows = _code_flow(finding)
        if flows:
            result["codeFlows"] = flows
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "switchpoint",
                        "version": context.version,
                        "semanticVersion": context.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in known],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(findings, context) -> str:
    return json.dumps(document(findings, context), indent=2, ensure_ascii=False)
