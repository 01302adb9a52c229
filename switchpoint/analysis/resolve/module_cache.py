"""Parsed and bound modules kept across analyses, keyed by path, module name and a fingerprint.

A long-lived workspace (the language server, the benchmark's warm runs) re-reads
only files whose fingerprint changed: the unsaved editor text itself for overlays,
otherwise (mtime, size) from one `stat`; and binds again only those whose text changed. Bound modules are
shared between analyses; the one change made to a module after binding is an edit inside its bodies kept in
place (resolve/body_edits.py), which every table trusting its identity is told of.
"""

from __future__ import annotations

import hashlib
import os

from switchpoint.analysis.resolve.binder import Module


def text_digest(text: str) -> bytes:
    """A content hash of source text (what on-disk caches key modules by)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fingerprint(path: str, overlays: dict[str, str]) -> tuple | None:
    text = overlays.get(path)
    if text is not None:
        return ("text", text_digest(text))
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return ("stat", stat.st_mtime_ns, stat.st_size)


class ModuleCache:
    def __init__(self):
        self._entries: dict[tuple[str, str], tuple[tuple, Module]] = {}

    def get(self, path: str, name: str, mark: tuple | None, digest_now=None) -> Module | None:
        """The module kept for `path` under `name` and `mark`; with `digest_now(mark)` (the hash of the text
        now), also one kept under another mark whose text is the same (a file opened in an editor as it is
        on disk, a saved one closed), which is kept under `mark` from then on."""
        entry = self._entries.get((path, name))
        if entry is None or mark is None:
            return None
        if entry[0] == mark:
            return entry[1]
        module = entry[1]
        if digest_now is not None and module.digest is not None and module.source is not None and digest_now(mark) == module.digest:
            self._entries[(path, name)] = (mark, module)
            return module
        return None

    def latest(self, path: str, name: str) -> Module | None:
        """The module kept for `path` under `name`, whatever its mark (an earlier text's)."""
        entry = self._entries.get((path, name))
        return entry[1] if entry is not None else None

    def put(self, path: str, name: str, mark: tuple | None, module: Module) -> None:
        if mark is not None:
            self._entries[(path, name)] = (mark, module)

    def drop(self, path: str) -> None:
        for key in [k for k in self._entries if k[0] == path]:
            del self._entries[key]

    def holds(self, module: Module) -> bool:
        """Whether `module` is still the latest version kept for its path and name."""
        entry = self._entries.get((module.path, module.name))
        return entry is not None and entry[1] is module

    def modules(self) -> list[Module]:
        """The modules kept, one per path and name."""
        return [entry[1] for entry in self._entries.values()]

    def __len__(self) -> int:
        return len(self._entries)
