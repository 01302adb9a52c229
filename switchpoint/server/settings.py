"""The editor-side settings (how hints look): defaults, then initialization options, then `workspace/configuration`.

What to analyse and how (`[tool.switchpoint]` in pyproject.toml) belongs to the
engine, which reads it itself; the server only rebuilds the engine when that
file changes. Wrong types here are ignored value by value, never fatal: a typo in
someone's settings.json must not take the server down.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

SECTION = "switchpoint"
DEFAULT_GLYPH = "⏸"


@dataclass(frozen=True)
class InlayHintSettings:
    enabled: bool = True
    glyph: str = DEFAULT_GLYPH
    show_kind: bool = False
    show_possible: bool = True


@dataclass(frozen=True)
class Settings:
    inlay_hints: InlayHintSettings = field(default_factory=InlayHintSettings)


def _typed(source: dict, key: str, kind: type, default: Any) -> Any:
    value = source.get(key, default)
    if kind is str:
        return value if isinstance(value, str) and value else default
    return value if isinstance(value, kind) else default


def merge_editor_settings(base: Settings, section: Any) -> Settings:
    """Apply one `switchpoint` settings object (as the editor sends it) on top of `base`."""
    if not isinstance(section, dict):
        return base
    hints = base.inlay_hints
    # `showPossible` at the top level is an alias; the nested key wins when both are given.
    hints = replace(hints, show_possible=_typed(section, "showPossible", bool, hints.show_possible))
    nested = section.get("inlayHints")
    if isinstance(nested, dict):
        hints = InlayHintSettings(
            enabled=_typed(nested, "enabled", bool, hints.enabled),
            glyph=_typed(nested, "glyph", str, hints.glyph),
            show_kind=_typed(nested, "showKind", bool, hints.show_kind),
            show_possible=_typed(nested, "showPossible", bool, hints.show_possible),
        )
    return replace(base, inlay_hints=hints)
