"""The import rules of ARCHITECTURE.md, checked: a new import edge shows up here.

Walks every module under switchpoint/ with `ast` (nothing is imported) and
fails on an import that crosses a forbidden boundary.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "switchpoint"

# part -> prefixes it must never import (absolute names; relative imports are resolved first)
FORBIDDEN = {
    "analysis": ("switchpoint.server", "switchpoint.cli", "switchpoint.runtime", "pygls", "lsprotocol", "rich", "greenlet", "gevent", "eventlet"),
    "runtime": ("switchpoint.analysis", "switchpoint.server", "switchpoint.cli", "jedi", "libcst", "pygls", "lsprotocol"),
    "server": ("switchpoint.cli", "switchpoint.runtime"),
    "cli": ("switchpoint.runtime._",),
}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_names(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_imports_respect_layering(path: Path):
    rel = path.relative_to(PACKAGE).parts
    part = rel[0] if len(rel) > 1 else None
    forbidden = FORBIDDEN.get(part, ())
    bad = [
        f"line {line}: {name}"
        for line, name in _imported_names(path)
        if any(name == f or name.startswith(f + ".") or (f.endswith("_") and name.startswith(f)) for f in forbidden)
    ]
    assert not bad, f"{path.name} crosses a layer boundary: {bad}"


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_every_module_says_what_it_is_for(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path} has no module docstring saying what it is for"
