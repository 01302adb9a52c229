"""Follows forked children: a child's switches are written next to the parent's trace and merged into it.

A child forked while a `SwitchTracer` records (`os.fork`, gevent's and eventlet's fork,
multiprocessing's "fork" start method, socketserver's `ForkingMixIn`) starts a trace of its
own, empty, and records on. When it ends it writes its sites to `<folder>/<pid>.json`, a
folder its first forking ancestor made just before its first fork: when its program returns
to the tracer's `__exit__` (a `sys.exit` in the child, gunicorn's worker), or when it calls
`os._exit` (how `ForkingMixIn`'s and multiprocessing's children end). For the latter the child,
and only the child, has `os._exit` wrapped to write the file first, as coverage.py's
`patch = _exit` does. The parent's `sites()` adds every child's file found there (children
of children too); its `__exit__` reads them a last time and removes the folder.

A child still running when the parent's tracer exits, one killed by a signal, and one that
replaces itself with `exec*` leave nothing. A child of `subprocess` never runs Python.
"""

from __future__ import annotations

import os

_ACTIVE: list = []  # the SwitchTracers recording in this process, in the order they were entered
_REAL_EXIT = os._exit


def start(tracer) -> None:
    _ACTIVE.append(tracer)


def stop(tracer) -> None:
    """The tracer stops recording: a forked child writes its file (the parent's caller merges)."""
    if tracer in _ACTIVE:
        _ACTIVE.remove(tracer)
    if tracer.forks.in_child:
        tracer.forks.write(tracer)
    if not any(t.forks.in_child for t in _ACTIVE) and os._exit is _exit_writing_traces:
        os._exit = _REAL_EXIT


class Forks:
    """One tracer's forked children: the folder they write to, and whether this process is one of them."""

    def __init__(self):
        self.folder: str | None = None  # made at the first fork
        self.in_child = False
        self.written = False
        self.merged: dict[tuple, int] = {}  # what the children wrote, once the folder is gone

    def counts(self) -> dict[tuple, int]:
        """Site key -> count over every child that has written its file (only the owner merges)."""
        if self.folder is None or self.in_child:
            return dict(self.merged)
        return _read(self.folder, dict(self.merged))

    def close(self) -> None:
        """The owner's last read; the folder goes."""
        if self.folder is None or self.in_child:
            return
        import shutil

        self.merged = self.counts()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def write(self, tracer) -> None:
        if self.written or self.folder is None:
            return
        import json

        self.written = True
        rows = [[*key, count] for key, count in tracer.own_counts().items()]
        path = os.path.join(self.folder, f"{os.getpid()}.json")
        try:
            with open(path + ".part", "w", encoding="utf-8") as out:
                json.dump(rows, out)
            os.replace(path + ".part", path)  # the parent never reads half a file
        except OSError as exc:
            tracer.errors.append(f"forked child {os.getpid()} could not write its trace: {exc}")


def _read(folder: str, totals: dict[tuple, int]) -> dict[tuple, int]:
    import json

    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return totals
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rows = json.load(f)
        except (OSError, ValueError):
            continue
        for *key, count in rows:
            key = tuple(key)
            totals[key] = totals.get(key, 0) + count
    return totals


def _before_fork() -> None:
    for tracer in _ACTIVE:
        if tracer.forks.folder is None:
            import tempfile

            tracer.forks.folder = tempfile.mkdtemp(prefix="switchpoint-forks-")


def _after_fork_in_child() -> None:
    for tracer in _ACTIVE:
        tracer.forget_counts()  # the parent's switches are the parent's to report
        tracer.forks.in_child = True
        tracer.forks.written = False
        tracer.forks.merged = {}
    if _ACTIVE:
        os._exit = _exit_writing_traces


def _exit_writing_traces(status: int) -> None:
    """`os._exit` in a forked child: each recording tracer writes its file first."""
    for tracer in list(_ACTIVE):
        try:
            tracer.forks.write(tracer)
        except Exception:  # noqa: BLE001 -- the child must still exit
            pass
    _REAL_EXIT(status)


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
