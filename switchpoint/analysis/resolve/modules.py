"""Module lookup: a dotted name to a source file along the project roots and the target's sys.path.

Directory listings are cached, so resolving thousands of imports costs a few
hundred `listdir` calls. A module without Python source (a C extension, a
builtin) is reported as such; the engine treats it as opaque.
"""

from __future__ import annotations

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

    def invalidate(self) -> None:
        self._listings.clear()
        self._found.clear()


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
