"""Which loaded files are the project's: the source under its roots (their classes are always live, live_classes.py).

The roots are the folders the analysed files' top packages sit in, and the folders an editor opened
(`Options.project_roots`), so that one file analysed alone sees the same project as its whole folder analysed.
A file under a root is not the project's when a folder between the root and it is a library's or a tool's: an
installed-packages folder (site-packages, dist-packages), a virtualenv (a folder holding `pyvenv.cfg`), or a
hidden or skipped folder (`.venv`, `.tox`, `node_modules`, ...), or the stdlib's `lib/pythonX.Y`. A root that
is itself in such a library folder (an installed file analysed alone, the stdlib's) is dropped. The test is on paths alone, plus one look for
`pyvenv.cfg` per folder (remembered): no file is loaded to find the project.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

# folders of installed, generated or cached files: not the project's, whatever their root
NOT_PROJECT_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages", "dist-packages", ".switchpoint_cache"})
# an installed-packages folder or the stdlib's, in a root or below one
_LIBRARY_FOLDER = re.compile(r"[\\/](site-packages|dist-packages|lib[\\/]python\d+\.\d+)[\\/]", re.I)
VENV_MARKER = "pyvenv.cfg"


class ProjectScope:
    """The source files under a set of roots but for library and tool folders (see the module's docstring)."""

    def __init__(self, roots: Iterable[str]):
        normal = {os.path.abspath(root) for root in roots if root}
        self.roots = tuple(sorted(r for r in normal if not _LIBRARY_FOLDER.search(r + os.sep)))
        self._venvs: dict[str, bool] = {}  # folder -> whether it holds pyvenv.cfg

    def holds(self, path: str | None) -> bool:
        """Whether the file at `path` is the project's."""
        if not path or not self.roots:
            return False
        path = os.path.abspath(path)
        return any(self._holds_under(root, path) for root in self.roots)

    def _holds_under(self, root: str, path: str) -> bool:
        prefix = root if root.endswith(os.sep) else root + os.sep
        if not path.startswith(prefix):
            return False
        below = path[len(prefix):]
        if _LIBRARY_FOLDER.search(os.sep + below):  # the stdlib's lib/pythonX.Y under a root such as `/`
            return False
        folders = below.split(os.sep)[:-1]
        folder = root
        if self._is_venv(folder):
            return False
        for name in folders:
            if name.startswith(".") or name in NOT_PROJECT_FOLDERS:
                return False
            folder = os.path.join(folder, name)
            if self._is_venv(folder):
                return False
        return True

    def _is_venv(self, folder: str) -> bool:
        known = self._venvs.get(folder)
        if known is None:
            known = self._venvs[folder] = os.path.isfile(os.path.join(folder, VENV_MARKER))
        return known
