"""The server's settings: defaults, then `[tool.switchpoint]`, then the editor's `switchpoint` section.

Editor values come from initialization options and from `workspace/configuration`
(section `switchpoint`). Wrong types are ignored value by value, never fatal: a
typo in someone's settings.json must not take the server down.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from switchpoint.analysis import api

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


@dataclass(frozen=True)
class ProjectConfig:
    """What a folder's pyproject.toml says under `[tool.switchpoint]`."""

    options: api.Options
    settings: Settings


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def read_project_config(folder: Path | None) -> tuple[ProjectConfig, str | None]:
    """`[tool.switchpoint]` of `folder/pyproject.toml`, and a message if it could not be read.

    Keys: `python` (interpreter whose sys.path is searched), `extra-paths` (relative
    to the folder), `show-possible` (default for showing `possible` points).
    """
    default = ProjectConfig(options=api.Options(), settings=Settings())
    if folder is None:
        return default, None
    path = folder / "pyproject.toml"
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("switchpoint", {})
    except FileNotFoundError:
        return default, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return default, f"{path}: {error}"
    if not isinstance(table, dict):
        return default, f"{path}: [tool.switchpoint] is not a table"
    python = table.get("python") if isinstance(table.get("python"), str) else None
    extra = _strings(table.get("extra-paths", table.get("extra_paths")))
    options = api.Options(python=python, extra_paths=tuple(str(folder / p) for p in extra))
    show_possible = table.get("show-possible", table.get("show_possible"))
    settings = Settings()
    if isinstance(show_possible, bool):
        settings = replace(settings, inlay_hints=replace(settings.inlay_hints, show_possible=show_possible))
    return ProjectConfig(options=options, settings=settings), None
