"""Report formats for `switchpoint check` findings: one module per format, each with `render`.

A format module defines `render(findings: Sequence[Finding], context: OutputContext) -> str`.
Registering a format is one line in `FORMATS` (name -> module under this package).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
}


@dataclass
class OutputContext:
    """What formats may need besides the findings: the rules' metadata and the tool version."""

    version: str
    rules: list = field(default_factory=list)  # rule metadata objects (code, name, summary, doc, default severity)
    root: str = "."


def renderer(name: str):
    return importlib.import_module(f"switchpoint.cli.output.{FORMATS[name]}").render
