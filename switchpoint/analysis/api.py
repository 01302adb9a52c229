"""The engine's API boundary: plain frozen data in editor terms, and the calls that make it.

Everything outside `switchpoint.analysis` (the CLI, the server, tests) goes through
this module only. Positions are 1-based lines and 1-based columns counted in
Unicode code points, with exclusive ends, exactly like the JSON output of
`switchpoint yield-points`. No `ast` nodes, no internal objects cross this line.

The report's classes have `__slots__`: a run makes them by the ten thousand (django: 74k positions, 37k
ranges, 28k points), and an instance dict more than doubles each (tests/analysis/test_memory_oneshot.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from switchpoint.analysis.config import ConfigError  # noqa: F401  (re-exported: callers catch it)

CERTAIN = "certain"
POSSIBLE = "possible"


@dataclass(frozen=True, order=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, Unicode code points

    def to_json(self) -> dict:
        return {"line": self.line, "column": self.column}


@dataclass(frozen=True, order=True, slots=True)
class Range:
    start: Position
    end: Position  # exclusive

    def to_json(self) -> dict:
        return {"start": self.start.to_json(), "end": self.end.to_json()}


@dataclass(frozen=True, order=True, slots=True)
class YieldPoint:
    """An expression whose evaluation may switch the current greenlet away."""

    path: str
    range: Range
    kind: str  # call, await, subscript, store_subscript, augassign, with_enter, for_iter, ...
    certainty: str  # CERTAIN or POSSIBLE
    chain: tuple[str, ...]  # enclosing function, then callees, down to the primitive

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "range": self.range.to_json(),
            "kind": self.kind,
            "certainty": self.certainty,
            "chain": list(self.chain),
        }


@dataclass(frozen=True, order=True, slots=True)
class FunctionSummary:
    """Whether a function of an analysed file may switch, and why (for code lenses)."""

    path: str
    qualname: str  # fully qualified: package.module.Class.method
    range: Range  # the function's name in its `def`
    may_switch: bool
    certainty: str | None  # CERTAIN/POSSIBLE when may_switch, else None
    chain: tuple[str, ...]  # shortest witness from this function down to a primitive
    points: int  # yield points inside this function's own body


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """A file that could not be analysed (fully): unreadable, not UTF-8, a syntax error, a rule that failed
    on it, a function nested too deeply to analyse."""

    path: str
    message: str
    range: Range | None = None


@dataclass(frozen=True, order=True, slots=True)
class Related:
    """A location a finding points at: the read, the switch point, the write."""

    path: str
    range: Range
    message: str


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """A rule's warning: a race, a hub-blocking call, a violated atomic region."""

    path: str
    range: Range
    code: str  # SP101, ...
    message: str
    related: tuple[Related, ...] = ()
    chain: tuple[str, ...] = ()  # witness chain of the switch point involved, if any


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    yield_points: tuple[YieldPoint, ...] = ()
    functions: tuple[FunctionSummary, ...] = ()
    problems: tuple[Problem, ...] = ()
    findings: tuple[Finding, ...] = ()  # filled by the rules (switchpoint check)
    # calls that block the whole hub (unpatched stdlib I/O, time.sleep, input()): same shape as a point
    blocking_calls: tuple[YieldPoint, ...] = ()


@dataclass(frozen=True)
class Report:
    files: tuple[FileReport, ...] = ()

    @property
    def yield_points(self) -> tuple[YieldPoint, ...]:
        return tuple(p for f in self.files for p in f.yield_points)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for f in self.files for p in f.problems)

    def to_json(self, lazily: bool = False) -> dict:
        """The `yield-points --format json` document; `lazily`: its points as an iterator, to be written
        one at a time."""
        points = (p.to_json() for p in self.yield_points)
        return {"version": 1, "yield_points": points if lazily else list(points)}


class Cancelled(Exception):
    """An analysis stopped because the `cancelled()` it was given returned True (an editor's newer text
    made it pointless). The workspace keeps what it kept before the call: the next analysis is as good."""


@dataclass
class Options:
    """How to analyse: the target interpreter, extra search paths, configuration."""

    python: str | None = None  # interpreter whose sys.path is searched; None = config's, else the running one
    extra_paths: Sequence[str] = field(default_factory=tuple)
    config: object = None  # a switchpoint.analysis.config.Config; None = read the nearest pyproject.toml
    cache_dir: str | None = None  # keep caches in <cache_dir>/.switchpoint_cache/ (+ the per-user one); None = none
    whole_results: bool = True  # with cache_dir, also keep whole results (the CLI); editors keep only operations
    progress: object = None  # callable(done: int, known: int), called now and then (functions, then files)
    absolute_paths: bool = False  # report absolute paths (editors), instead of relative to the current folder
    # folders whose source is the project's beside the analysed files' roots (an editor's workspace folders):
    # every class there may have instances, as if the folder were analysed whole (resolve/project.py)
    project_roots: Sequence[str] = field(default_factory=tuple)


def load_config_for(path: str | Path):
    """`[tool.switchpoint]` of the pyproject.toml nearest to `path`; raises ConfigError."""
    from switchpoint.analysis.config import find_pyproject, load_config

    return load_config(find_pyproject(str(path)))


def analyze(paths: Iterable[str | Path], options: Options | None = None) -> Report:
    """Analyse the given files and folders (recursively, `*.py`) and return every yield point."""
    from switchpoint.analysis.workspace import Workspace

    return Workspace(options or Options(), one_shot=True).analyze_paths(paths)


def call_graph(paths: Iterable[str | Path], options: Options | None = None, include_libraries: bool = False) -> dict[str, list[str]]:
    """The resolved call graph of the given files and folders in PyCG's format (see callgraph/export.py)."""
    from switchpoint.analysis.workspace import Workspace

    return Workspace(options or Options()).call_graph(paths, include_libraries)


def rules() -> list:
    """Metadata of every rule (code, name, summary, documentation, default severity)."""
    from switchpoint.analysis.rules import rules as all_rules

    return all_rules()


def rule_selectors(codes: Iterable[str], where: str) -> tuple[str, ...]:
    """Rule codes or prefixes (`SP1`, `SP101`) as given, if each names a rule; raises ConfigError naming `where`
    (a command-line flag) and the first that does not."""
    from switchpoint.analysis.config import rule_selectors as checked

    return checked(codes, where)


def open_workspace(options: Options | None = None):
    """A long-lived `Workspace` for editors: in-memory file texts, incremental re-analysis.

    `ws.set_text(path, text)`, `ws.forget_text(path)`, `ws.invalidate(path)` (changed on disk),
    `ws.analyze_file(path, cancelled=None) -> FileReport` (raises `Cancelled` once `cancelled()` is true,
    keeping what it had) and `ws.definition(qualname) -> (path, Range) | None`.
    """
    from switchpoint.analysis.workspace import Workspace

    return Workspace(options or Options())
