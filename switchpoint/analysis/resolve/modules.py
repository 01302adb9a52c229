"""Module lookup: a dotted name to a source file along the project roots and the target's sys.path.

Directory listings are cached, so resolving thousands of imports costs a few
hundred `listdir` calls. A module without Python source (a C extension, a
builtin) is reported as such; the engine treats it as opaque.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ModuleLocation:
    name: str
    path: str | None  # the .py file; None for a namespace package
    is_package: bool
    search: tuple[str, ...] = ()  # folders a (namespace) package's submodules are found in


class ModuleFinder:
    def __init__(self, search_paths: list[str]):
        self.search_paths = [os.path.abspath(p) for p in search_paths]
        self._listings: dict[str, frozenset[str]] = {}
        self._found: dict[str, ModuleLocation | None] = {}
        self._editable: dict[str, str] | None = None  # top-level package -> folder, from editable installs

    def _listing(self, folder: str) -> frozenset[str]:
        listing = self._listings.get(folder)
        if listing is None:
            try:
                listing = frozenset(os.listdir(folder))
            except OSError:
                listing = frozenset()
            self._listings[folder] = listing
        return listing

    def find(self, name: str) -> ModuleLocation | None:
        if name in self._found:
            return self._found[name]
        parent, _, last = name.rpartition(".")
        if parent:
            parent_location = self.find(parent)
            folders = parent_location.search if parent_location and parent_location.is_package else ()
        else:
            folders = tuple(self.search_paths)
        location = self._find_in(name, last, folders)
        if location is None and not parent:
            location = self._find_editable(name)
        self._found[name] = location
        return location

    def _find_in(self, name: str, last: str, folders: tuple[str, ...]) -> ModuleLocation | None:
        namespace: list[str] = []
        for folder in folders:
            listing = self._listing(folder)
            if last in listing:
                package_dir = os.path.join(folder, last)
                if "__init__.py" in self._listing(package_dir):
                    return ModuleLocation(name, os.path.join(package_dir, "__init__.py"), True, (package_dir,))
                if os.path.isdir(package_dir):
                    namespace.append(package_dir)
                    continue
            if last + ".py" in listing:
                return ModuleLocation(name, os.path.join(folder, last + ".py"), False)
        if namespace:
            return ModuleLocation(name, None, True, tuple(namespace))
        return None

    def _find_editable(self, name: str) -> ModuleLocation | None:
        """A package installed with `pip install -e`: setuptools maps it in a finder module, not on sys.path."""
        if self._editable is None:
            self._editable = {}
            for folder in self.search_paths:
                for entry in sorted(self._listing(folder)):
                    if entry.startswith("__editable__") and entry.endswith("_finder.py"):
                        self._editable.update(_editable_mapping(os.path.join(folder, entry)))
        target = self._editable.get(name)
        if target is None:
            return None
        if os.path.isdir(target):
            init = os.path.join(target, "__init__.py")
            return ModuleLocation(name, init if os.path.isfile(init) else None, True, (target,))
        return ModuleLocation(name, target, False) if os.path.isfile(target) else None

    def invalidate(self) -> None:
        self._listings.clear()
        self._found.clear()


def _editable_mapping(path: str) -> dict[str, str]:
    """The literal `MAPPING = {...}` of a setuptools editable finder, read with `ast` (never imported)."""
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return {}
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else (node.targets[0] if isinstance(node, ast.Assign) else None)
        if isinstance(target, ast.Name) and target.id == "MAPPING" and node.value is not None:
            try:
                mapping = ast.literal_eval(node.value)
            except ValueError:
                return {}
            return {k: v for k, v in mapping.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(mapping, dict) else {}
    return {}


def module_name_for(path: str) -> tuple[str, str]:
    """(module name, root folder) of a file, walking up through folders that have __init__.py."""
    path = os.path.abspath(path)
    folder, filename = os.path.split(path)
    stem = filename[:-3] if filename.endswith(".py") else filename
    parts = [] if stem == "__init__" else [stem]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
        if not package:
            break
    return ".".join(parts) or stem, folder
