"""Findings as JSON: a stable, documented schema (version 1).

```
{
  "version": 1,
  "tool": {"name": "switchpoint", "version": "0.1.0"},
  "findings": [
    {
      "code": "SP101",
      "name": "lost-update",
      "message": "...",
      "path": "examples/iodict.py",
      "range": {"start": {"line": 28, "column": 9}, "end": {"line": 28, "column": 15}},
      "related": [{"path": "...", "range": {...}, "message": "`t[key]` is read here"}, ...],
      "chain": ["iodict.incrementer", "iodict.IODict.__setitem__", "gevent.sleep"]
    }
  ]
}
```
Lines and columns are 1-based, columns count Unicode code points, ends are
exclusive. Findings are sorted by path, position and code. New keys may be added
in version 1; existing keys keep their meaning and type.
"""

from __future__ import annotations

import json

SCHEMA_VERSION = 1


def render(findings, context) -> str:
    names = {rule.code: rule.name for rule in context.rules}
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "switchpoint", "version": context.version},
        "findings": [
            {
                "code": finding.code,
                "name": names.get(finding.code, ""),
                "message": finding.message,
                "path": finding.path,
                "range": finding.range.to_json(),
                "related": [
                    {"path": r.path, "range": r.range.to_json(), "message": r.message} for r in finding.related
                ],
                "chain": list(finding.chain),
            }
            for finding in findings
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
