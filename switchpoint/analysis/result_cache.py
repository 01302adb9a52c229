"""The on-disk cache of whole analyses (`.switchpoint_cache/`), for warm command-line runs.

An entry is keyed by everything that shapes the result but the files' contents
(switchpoint's version, the analysed paths, the search path, the configuration),
and stores the fingerprint of every module the analysis read. It is used only
when none of those files changed; otherwise the analysis runs again (and the
in-memory module cache makes a long-lived workspace re-read only what changed).

A file is a stream of pickles (`_write`), one per analysed file's report, so
writing never holds a memo of the whole report. A file that cannot be read so,
truncated or of an older format, is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile

from switchpoint import __version__
from switchpoint.analysis.api import FileReport, Report
from switchpoint.analysis.resolve.module_cache import fingerprint

CACHE_DIR = ".switchpoint_cache"
# 3: the report's classes have __slots__ (a format-2 pickle holds their instance dicts, which a slotted
# dataclass's __setstate__ would read as values)
FORMAT = 3


def _engine_fingerprint() -> str:
    """The engine's own files (rules and models included): an edited rule invalidates cached results."""
    global _ENGINE
    if _ENGINE is None:
        package = os.path.dirname(os.path.abspath(__file__))
        digest = hashlib.blake2b(digest_size=16)
        for folder, _, names in sorted(os.walk(package)):
            for name in sorted(n for n in names if n.endswith(".py")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size};".encode())
        _ENGINE = digest.hexdigest()
    return _ENGINE


_ENGINE: str | None = None


def cache_key(*parts) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, FORMAT, _engine_fingerprint(), *parts):
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class ResultCache:
    def __init__(self, folder: str):
        self.folder = os.path.join(folder, CACHE_DIR)

    def _file(self, key: str) -> str:
        return os.path.join(self.folder, f"{key}.pickle")

    def load(self, key: str):
        try:
            with open(self._file(key), "rb") as handle:
                return _read(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None

    def store(self, key: str, paths, report) -> None:
        marks = [(path, fingerprint(path, {})) for path in sorted(set(paths))]
        try:
            os.makedirs(self.folder, exist_ok=True)
            ignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w") as handle:
                    handle.write("*\n")
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                _write(out, marks, report)
            os.replace(temporary, self._file(key))  # atomic: a concurrent reader never sees half a file
        except OSError:
            pass  # a read-only checkout still analyses, just without a cache


def _write(out, marks: list, report) -> None:
    """The fingerprints, the number of files, then each file's report: a pickle each, so the pickler's memo
    holds one file's objects at a time (of one pickle of the whole report, it held every object at the end)."""
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dump(marks)
    pickler.dump(len(report.files))
    for file in report.files:
        pickler.clear_memo()
        pickler.dump(file)


def _read(handle):
    """The report `_write` wrote, if the files it read are unchanged (checked before the rest is read), else None."""
    marks = pickle.load(handle)
    if type(marks) is not list or not all(fingerprint(path, {}) == mark for path, mark in marks):
        return None
    count = pickle.load(handle)
    files = tuple(pickle.load(handle) for _ in range(count))
    if not all(type(file) is FileReport for file in files):
        return None
    return Report(files)
