"""Records where greenlets really switch: the ground truth the static marks are checked against.

`SwitchTracer` installs a `greenlet.settrace` callback, so it sees every switch of
any greenlet program (gevent, eventlet, switchpoint.runtime, raw greenlet). The
callback is per OS thread: it covers the thread that entered the tracer and every
thread started through `threading` while it records. For each switch it walks
the stack of the greenlet that switched away and records one *site* per frame
whose file lies under a root: the instruction the frame is executing, in the
coordinates of `switchpoint yield-points` (lines 1-based, columns 1-based in
code points, end exclusive). A hub handing over to a task, and a main greenlet
starting raw greenlets, are schedulers at work: their stacks are not recorded
(a main greenlet switching straight into one of a hub's tasks is: eventlet's
`kill` throws into the green thread it kills).

    with SwitchTracer(roots=["src"]) as tracer:
        run_program()
    tracer.sites()          # [Site(path, line, column, end_line, end_column, opname, count)]

A process forked while it records traces itself and hands its sites to the parent's
trace when it ends (`_tracing_forks.py`): `sites()` holds the switches of the
program's forked children too (a `ForkingTCPServer`'s handlers, a `ProcessPoolExecutor`'s
workers), once they have ended.

Facts this relies on (CPython 3.11-3.13, greenlet 3): the callback runs in the
*target's* context, so `sys._getframe()` is the wrong stack; the origin is already
suspended and `origin.gr_frame` is its innermost frame; a finished origin has no frame.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from _thread import get_ident as _get_ident
from dataclasses import dataclass
from typing import Iterable

import greenlet

from switchpoint.runtime import _tracing_forks
from switchpoint.runtime._tracing_hubs import is_hub
from switchpoint.runtime._tracing_narrow import forget_sources
from switchpoint.runtime._tracing_sites import resolve

JSON_VERSION = 1
_COMPREHENSION_NAMES = frozenset({"<listcomp>", "<setcomp>", "<dictcomp>"})
_UNKNOWN = object()

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
# switchpoint's own tooling (e.g. the `trace` command that runs the program) is
# never part of the traced code; switchpoint.runtime is, like gevent, a library.
_TOOLING = (os.path.join(_PACKAGE, "__main__.py"),) + tuple(
    os.path.join(_PACKAGE, part, "") for part in ("cli", "analysis", "server")
)


def _installed_code_folders() -> set[str]:
    """The stdlib, site-packages and scripts folders: a venv inside a root is still not the analysed code."""
    folders = set()
    for scheme_paths in (sysconfig.get_paths(), sysconfig.get_paths(vars={"base": sys.base_prefix})):
        for name in ("stdlib", "platstdlib", "purelib", "platlib", "scripts"):
            if scheme_paths.get(name):
                folders.add(os.path.join(os.path.realpath(scheme_paths[name]), ""))
    return folders


@dataclass(frozen=True)
class Site:
    """A place where greenlets switched away, and how many switches went through it."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    opname: str
    count: int

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.end_line, self.end_column, self.opname)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "range": {
                "start": {"line": self.line, "column": self.column},
                "end": {"line": self.end_line, "column": self.end_column},
            },
            "opname": self.opname,
            "count": self.count,
        }


class SwitchTracer:
    """Context manager recording every greenlet switch as sites under `roots` (default: the current folder).

    Chains any greenlet trace function installed before it and restores it on exit.
    Threads started while it records trace into it until they end; after `__exit__`
    their callbacks only pass events on.
    """

    def __init__(self, roots: Iterable[str | os.PathLike] | None = None):
        self._cwd = os.path.realpath(os.getcwd())
        folders = [self._cwd] if roots is None else [os.path.realpath(root) for root in roots]
        self._roots = tuple(os.path.join(folder, "") for folder in folders)
        # installed code is excluded unless a root lies inside it (asking for site-packages/x means it)
        self._excluded = _TOOLING + tuple(
            folder for folder in _installed_code_folders() if not any(root.startswith(folder) for root in self._roots)
        )
        self._counts: dict[int, dict[tuple, int]] = {}  # thread id -> site key -> count (one writer each)
        self._path_of: dict = {}  # code object -> reported path, or None outside the roots
        self._site_of: dict = {}  # (code object, f_lasti) -> site key, or None
        self._previous = None
        self._thread_profile = None
        self._active = False
        self.forks = _tracing_forks.Forks()
        # frames under a root that could not be turned into a site (a tracer bug, never the program's)
        self.errors: list[str] = []

    def __enter__(self) -> "SwitchTracer":
        if self._active:
            raise RuntimeError("this SwitchTracer is already recording")
        import threading  # here, not at import: `switchpoint trace` imports this before the program patches

        forget_sources()
        self._active = True
        _tracing_forks.start(self)
        self._previous = self._install()
        # greenlet.settrace is per thread: a one-shot profile hook installs the
        # callback in each new thread, then gives the thread its usual profiler back
        self._thread_profile = threading.getprofile()
        threading.setprofile(self._install_in_new_thread)
        return self

    def __exit__(self, *exc_info) -> None:
        import threading

        self._active = False
        threading.setprofile(self._thread_profile)
        greenlet.settrace(self._previous)
        self._previous = None
        _tracing_forks.stop(self)
        self.forks.close()

    @property
    def in_forked_child(self) -> bool:
        """True in a process forked while this tracer recorded: its sites went to the parent's trace."""
        return self.forks.in_child

    def forget_counts(self) -> None:
        """Drops what was recorded (a forked child starts a trace of its own)."""
        self._counts = {}

    def _install(self):
        """Puts the callback in front of this thread's greenlet trace function; returns the one it chains."""
        previous = greenlet.gettrace()

        def on_event(event: str, args) -> None:
            if self._active and (event == "switch" or event == "throw"):
                self._record(*args)
            if previous is not None:
                previous(event, args)

        on_event.tracer = self
        greenlet.settrace(on_event)
        return previous

    def _install_in_new_thread(self, frame, event, arg) -> None:
        sys.setprofile(self._thread_profile)
        # a monkey-patched "thread" is a greenlet of an OS thread we already trace
        if self._active and getattr(greenlet.gettrace(), "tracer", None) is not self:
            self._install()
        if self._thread_profile is not None:
            self._thread_profile(frame, event, arg)

    def _record(self, origin, target) -> None:
        frame = origin.gr_frame
        if frame is None or is_hub(origin):
            return  # finished, or the scheduler handing over to a task
        if origin.parent is None and not is_hub(target) and not (target.parent is not None and is_hub(target.parent)):
            # the main greenlet acting as the scheduler of raw greenlets; a switch straight into a hub's
            # task is the main greenlet's own code at work (eventlet's kill throws into the green thread)
            return
        counts = self._counts.get(_get_ident())
        if counts is None:
            counts = self._counts.setdefault(_get_ident(), {})
        path_of = self._path_of
        seen = set()
        callee_is_comprehension = False
        while frame is not None:
            code = frame.f_code
            # 3.11 runs list/set/dict comprehensions in their own frame, called from
            # the enclosing one; 3.12+ inline them. Skipping that call keeps sites
            # the same on every version (the switch inside is still recorded).
            # Most frames are library code outside the roots: one lookup rules them out.
            if not callee_is_comprehension and path_of.get(code, _UNKNOWN) is not None:
                key = self._site(code, frame.f_lasti)
                if key is not None and key not in seen:
                    seen.add(key)
                    counts[key] = counts.get(key, 0) + 1
            callee_is_comprehension = code.co_name in _COMPREHENSION_NAMES
            frame = frame.f_back

    def _site(self, code, lasti: int):
        try:
            return self._site_of[code, lasti]
        except KeyError:
            pass
        path = self._path(code)
        try:
            resolved = resolve(code, lasti) if path is not None else None
        except Exception as exc:  # noqa: BLE001 -- raising here would crash the traced program's switch
            self.errors.append(f"{code.co_filename}:{code.co_firstlineno} offset {lasti}: {exc!r}")
            resolved = None
        key = None if resolved is None else (path, *resolved)
        self._site_of[code, lasti] = key
        return key

    def _path(self, code):
        try:
            return self._path_of[code]
        except KeyError:
            pass
        real = os.path.realpath(code.co_filename)
        # "<string>", "<frozen ...>" and the like have no source to point into
        inside = real.startswith(self._roots) and not real.startswith(self._excluded) and os.path.isfile(real)
        path = None
        if inside:
            path = os.path.relpath(real, self._cwd) if real.startswith(os.path.join(self._cwd, "")) else real
        self._path_of[code] = path
        return path

    def own_counts(self) -> dict[tuple, int]:
        """Site key -> count of the switches of this process (all its threads), forked children aside."""
        totals: dict[tuple, int] = {}
        for counts in list(self._counts.values()):
            for key, count in list(counts.items()):
                totals[key] = totals.get(key, 0) + count
        return totals

    def sites(self) -> list[Site]:
        """Every site recorded so far, with those of forked children that have ended, sorted by path, range and opname."""
        totals = self.own_counts()
        for key, count in self.forks.counts().items():
            totals[key] = totals.get(key, 0) + count
        sites = [Site(*key, count=count) for key, count in totals.items()]
        return sorted(sites, key=Site.sort_key)

    def to_json(self) -> dict:
        """The `switchpoint trace` document: {"version": 1, "switch_sites": [...]}."""
        return {"version": JSON_VERSION, "switch_sites": [site.to_json() for site in self.sites()]}
