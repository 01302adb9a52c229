"""The analysis engine on large real projects, cold, warm and after a one-file edit, next to
`ast.parse` and pyright, in one run.

    .venv/bin/python benchmarks/engine/run.py --quick        # sqlalchemy/orm + django/db
    .venv/bin/python benchmarks/engine/run.py                # all of sqlalchemy 2.0 and django 5.x
    .venv/bin/python benchmarks/engine/run.py --project django --skip-pyright
    .venv/bin/python benchmarks/engine/run.py --profile      # cProfile of the analysis (--quick input)
    .venv/bin/python benchmarks/engine/run.py --input DIR --skip-pyright

The inputs install themselves into a venv under `benchmarks/.work/` (gitignored):
sqlalchemy 2.0.x, django 5.x and pyright from PyPI. Each project's package is copied to
`benchmarks/.work/scratch/<project>/` (with an empty pyproject.toml), so the CLI's
`.switchpoint_cache/` lands there and one module may be edited. Every measurement runs in
its own fresh interpreter; wall time, CPU and peak RSS come from `os.wait4` on that child
(pyright's node process included). Per project, all in this same run:

  ast.parse (project)  read + `ast.parse` of every .py file the analysis was given
  cold (CLI)           `switchpoint yield-points --format json --python VENV DIR`, empty cache dir
  warm (CLI)           the same again, nothing changed: the disk cache hits
  one-file (CLI)       the same after appending a line to one ~2k-line module: the whole-result
                       cache misses; the per-module store (.switchpoint_cache/ops) has the rest
  cold, libraries cached (CLI)  the same with the project's .switchpoint_cache/ removed: only the
                       libraries' operations come from the (private) per-user cache
  workspace cold/edit  one process: `open_workspace().analyze_file(module)` once, then N times
                       `set_text(module, text + edit)` + `analyze_file(module)` (the editor path),
                       then N body edits: a statement inserted inside a function's body (edits.py)
  ast.parse (loaded)   read + `ast.parse` of every module the cold analysis loaded (project
                       files plus the library modules it followed imports into)
  pyright              the pyright CLI on the same folder, same interpreter

Targets (issue 4): cold <= 3x ast.parse (project); warm <= 10 % of cold; one-file change
<= 100 ms for a 2k-line module; peak memory <= 300 MB per 200 kLOC.
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = os.path.dirname(HERE)
REPO = os.path.dirname(BENCHMARKS)
WORK = os.path.join(BENCHMARKS, ".work")
VENV = os.path.join(WORK, "venv")

# What the bench venv holds. Bump deliberately: numbers are only comparable within one pin.
REQUIREMENTS = ("sqlalchemy==2.0.*", "django==5.*", "pyright==1.1.*")
STAMP_VERSION = "3"  # bump when ensure_env lays out .work/ differently

SCRATCH = os.path.join(WORK, "scratch")


@dataclass(frozen=True)
class Project:
    package: str  # the distribution's import package
    quick: str  # the --quick sub-folder
    module: str  # the ~2k-line module edited by the one-file scenarios (inside `quick`)


PROJECTS = {
    "sqlalchemy": Project("sqlalchemy", "orm", "orm/decl_api.py"),  # 2019 lines
    "django": Project("django", "db", "db/models/sql/compiler.py"),  # 2174 lines
}

# One row each per project (see `bench`): a fresh `switchpoint yield-points` process with an
# empty cache, the same again with nothing changed, the same after a one-line edit of `module`,
# and the editor path (one long-lived Workspace: a cold analyze_file, then N edits of `module`).
SCENARIOS = ("cold", "warm", "one-file-changed", "libraries-cached", "workspace")
EDITS = 10  # workspace edits
CLI_EDIT = "\n_switchpoint_bench_edit = 1  # appended by benchmarks/engine/run.py\n"

TARGET_RATIO = 3.0  # cold cpu / ast.parse (project) cpu
TARGET_WARM = 0.10  # warm / cold
TARGET_EDIT_MS = 100.0  # one-file change, 2k-line module
TARGET_MB = 300  # per 200 kLOC of project
# the editor's edit rows: (key prefix in the workspace child's result, row, target line, what the row's note says first)
_EDIT_ROWS = (
    ("", "workspace edit p50", "workspace p50", ""),
    ("body_", "workspace body edit p50", "workspace body edit p50", "a statement inside a function's body (edits.py); "),
)


# -- environment -----------------------------------------------------------------------------------

def venv_python() -> str:
    return os.path.join(VENV, "bin", "python")


def ensure_env(quiet: bool = False) -> str:
    """Create/refresh the bench venv; returns its interpreter."""
    stamp = os.path.join(VENV, ".requirements")
    wanted = "\n".join((STAMP_VERSION, *REQUIREMENTS))
    if os.path.exists(stamp) and open(stamp).read() == wanted:
        return venv_python()
    os.makedirs(WORK, exist_ok=True)
    # the analysis reads [tool.switchpoint] from the nearest pyproject.toml above its input: without
    # this empty one that would be the repo's own, and the input lives under benchmarks/.work/
    with open(os.path.join(WORK, "pyproject.toml"), "w") as handle:
        handle.write("# keeps the repo's pyproject.toml out of the benchmark's analysis config\n")
    if not os.path.exists(venv_python()):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if not quiet:
        print(f"installing {' '.join(REQUIREMENTS)} into {os.path.relpath(VENV, REPO)} ...", flush=True)
    subprocess.run([venv_python(), "-m", "pip", "install", "-q", "--disable-pip-version-check", *REQUIREMENTS],
                   check=True)
    with open(stamp, "w") as handle:
        handle.write(wanted)
    return venv_python()


def package_dir(python: str, package: str) -> str:
    done = subprocess.run([python, "-c", f"import os, {package}; print(os.path.dirname({package}.__file__))"],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def pyright_command(python: str) -> list[str] | None:
    """The PyPI pyright wrapper (it bundles pyright's JS; needs `node` on PATH)."""
    script = os.path.join(os.path.dirname(python), "pyright")
    return [script] if os.path.exists(script) else None


def versions(python: str) -> dict:
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({'python': sys.version.split()[0], "
            "'sqlalchemy': m.version('sqlalchemy'), 'django': m.version('django'), "
            "'pyright': m.version('pyright')}))")
    done = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else {}


# -- measuring one child ---------------------------------------------------------------------------

@dataclass
class Run:
    wall: float = 0.0  # seconds, the whole child process
    peak_mb: float = 0.0  # peak RSS of the child and its waited-for children
    status: int = 0
    cpu: float = 0.0  # user + system seconds of the child and its waited-for children
    out: dict = field(default_factory=dict)  # the child's JSON result (our children only)
    error: str = ""  # last lines of stderr on failure, or the timeout's stack dump
    stdout: str = ""
    stderr: str = ""


def measure(command: list[str], timeout: float, result_file: str | None = None, env: dict | None = None) -> Run:
    """Run `command`, wait for it with `os.wait4`: wall time and peak RSS (ru_maxrss, KiB on Linux)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=REPO, start_new_session=True)
        status, usage, timed_out = None, None, False
        deadline = start + timeout
        while status is None:
            pid, raw, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                break
            if time.perf_counter() > deadline and not timed_out:
                timed_out = True
                # our children dump every thread's stack on SIGUSR1 (faulthandler), then get killed
                os.kill(child.pid, signal.SIGUSR1)
                time.sleep(1.0)
                os.killpg(child.pid, signal.SIGKILL)  # the whole session: pyright's node too
            time.sleep(0.02)
        wall = time.perf_counter() - start
        child.returncode = status  # reaped by os.wait4 already
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    run = Run(wall, usage.ru_maxrss / 1024, status, usage.ru_utime + usage.ru_stime)
    if timed_out:
        run.error = f"timed out after {timeout:.0f} s; stack at that moment:\n" + stderr[-6000:]
    elif result_file:
        try:
            with open(result_file) as handle:
                run.out = json.load(handle)
        except (OSError, json.JSONDecodeError):
            run.error = stderr[-6000:] or stdout[-2000:] or f"exit status {status}"
    run.stdout, run.stderr = stdout, stderr
    return run


ENGINE_PATH = REPO  # where the children import `switchpoint` from (main() pins a snapshot, see snapshot_engine)


def snapshot_engine(rev: str = "HEAD") -> tuple[str, str]:
    """A private copy of the `switchpoint` package for the children to import: the repo's checkout
    changes under a run that takes minutes (other people commit), and the disk cache's key covers
    the engine's files, so one run must see one engine. `rev` is a git revision (its committed
    tree, via `git archive`) or "worktree" (the checkout as it is now). Returns (folder, label)."""
    import io
    import shutil
    import tarfile
    root = os.path.join(WORK, "engine")
    if rev == "worktree":
        # one folder per process, gone at exit: two runs at once (helpers measuring their checkouts) would
        # otherwise replace each other's engine mid-run
        import atexit
        dest = os.path.join(root, f"worktree-{os.getpid()}")
        shutil.rmtree(dest, ignore_errors=True)
        atexit.register(shutil.rmtree, dest, True)
        shutil.copytree(os.path.join(REPO, "switchpoint"), os.path.join(dest, "switchpoint"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        return dest, f"working tree at {head.stdout.strip()}"
    sha = subprocess.run(["git", "-C", REPO, "rev-parse", "--verify", rev + "^{commit}"], capture_output=True,
                         text=True, check=True).stdout.strip()
    dest = os.path.join(root, sha)
    if not os.path.isdir(dest):
        archive = subprocess.run(["git", "-C", REPO, "archive", "--format=tar", sha, "switchpoint"],
                                 capture_output=True, check=True).stdout
        partial = dest + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(partial)
        os.replace(partial, dest)
    return dest, sha[:7]


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ENGINE_PATH, env.get("PYTHONPATH")]))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


# -- the children (run as `run.py --child MODE ...`) -------------------------------------------------

class GcClock:
    """Total time spent in the cyclic garbage collector while installed (gc.callbacks)."""

    def __init__(self):
        self.seconds, self.collections, self._start = 0.0, 0, 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1


def child_parse(args) -> dict:
    """Read + ast.parse every listed file, trees dropped at once: best of `repeat` passes (ast has
    no cache, each pass is cold). Then one more pass that keeps every tree: its time (the cyclic GC
    walks the growing heap) and its peak RSS are what merely holding the ASTs costs."""
    with open(args.files) as handle:
        files = json.load(handle)
    lines = 0
    for path in files:  # untimed: warm the page cache so disk speed is not measured
        with open(path, "rb") as handle:
            lines += handle.read().count(b"\n")
    best, best_cpu, failed = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        failed = 0
        for path in files:
            with open(path, "rb") as handle:
                data = handle.read()
            try:
                ast.parse(data, path)
            except (SyntaxError, ValueError):
                failed += 1
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    clock = GcClock()
    start = time.perf_counter()
    trees = []
    for path in files:
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            trees.append(ast.parse(data, path))
        except (SyntaxError, ValueError):
            pass
    keep = time.perf_counter() - start
    return {"work": best, "cpu": best_cpu, "keep_work": keep, "gc": clock.seconds, "files": len(files), "lines": lines,
            "failed": failed}


def child_analyze(args) -> dict:
    """One cold `analyze()`; counts the yield points and lists every module the analysis loaded."""
    import switchpoint.analysis.workspace as workspace
    from switchpoint.analysis.api import Options, analyze

    worlds = []

    class RecordingWorld(workspace.World):  # read-only peek: remembers the world analyze_paths builds
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            worlds.append(self)

    workspace.World = RecordingWorld
    options = Options(python=args.python)
    profiler = None
    if args.profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    clock = GcClock()
    start, start_cpu = time.perf_counter(), time.process_time()
    report = analyze(args.paths, options)
    work, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    gc.callbacks.remove(clock._tick)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    loaded = sorted({m.path for w in worlds for m in w.loaded() if m.path})
    with open(args.loaded, "w") as handle:
        json.dump(loaded, handle)
    return {
        "work": work,
        "cpu": cpu,
        "gc": clock.seconds,
        "gc_collections": clock.collections,
        "loaded": len(loaded),
        **_summary(report),
    }


def _summary(report) -> dict:
    points = report.yield_points
    functions = [f for file in report.files for f in file.functions]
    return {
        "files": len(report.files),
        "points": len(points),
        "by_certainty": dict(Counter(p.certainty for p in points).most_common()),
        "by_kind": dict(Counter(p.kind for p in points).most_common()),
        "functions": len(functions),
        "functions_switching": sum(1 for f in functions if f.may_switch),
        "problems": len(report.problems),
        # the projects parse: a problem is the engine's (a rule that raised, a function too deep to collect)
        "problem_samples": [f"{p.path}: {p.message}" for p in report.problems[:5]],
        "findings": sum(len(f.findings) for f in report.files),
    }


def child_cli(args) -> dict:
    """`switchpoint yield-points --format json --python PY PATH...` in this fresh process, exactly as the
    console script runs it (`switchpoint.cli.main.main`, then the same exit: see `run_child`), its JSON
    going to a file. Peeks read-only at
    the report `analyze()` returns and at the disk cache's load/store calls (a hit; the modules a
    miss loaded) -- not at the World, which the peek would keep alive past `analyze()`.
    "work" is the time inside `analyze()`, "command" inside `main()`."""
    import switchpoint.analysis.api as api
    import switchpoint.analysis.workspace as workspace
    from switchpoint.cli.main import main as cli_main

    real_analyze, seen = api.analyze, {"hit": False, "loaded": []}

    class PeekingCache(workspace.ResultCache):
        def load(self, key):
            report = super().load(key)
            seen["hit"] = seen["hit"] or report is not None
            return report

        def store(self, key, paths, report):
            seen["loaded"] = sorted(set(paths))
            return super().store(key, paths, report)

    workspace.ResultCache = PeekingCache

    def timed_analyze(paths, options=None):
        clock = GcClock()
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            seen["report"] = real_analyze(paths, options)
        finally:
            seen["work"], seen["cpu"] = time.perf_counter() - start, time.process_time() - start_cpu
            seen["gc"], seen["gc_collections"] = clock.seconds, clock.collections
            gc.callbacks.remove(clock._tick)
        return seen["report"]

    api.analyze = timed_analyze  # the command imports it from the api module when it runs
    argv = ["yield-points", "--format", "json", "--python", args.python, *(["--no-cache"] if args.no_cache else []),
            *args.paths]
    real_stdout = sys.stdout
    main_clock = GcClock()
    # the console script's main() ends the process with the collector still off; called as a function it
    # turns the collector back on, and its first collection (~2 s over everything the run made) is a cost
    # no CLI run pays: off here, main() leaves it off
    gc.disable()
    start, start_cpu = time.perf_counter(), time.process_time()
    with open(args.output, "w") as sys.stdout:
        status = cli_main(argv)
    sys.stdout = real_stdout
    command, command_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    gc.callbacks.remove(main_clock._tick)
    if status != 0 or "report" not in seen:
        raise SystemExit(f"switchpoint yield-points exited with {status}")
    if args.loaded:
        with open(args.loaded, "w") as handle:
            json.dump(seen["loaded"], handle)
    import switchpoint
    return {"engine": os.path.dirname(os.path.dirname(os.path.abspath(switchpoint.__file__))),
            "work": seen["work"], "cpu": seen["cpu"], "command": command, "command_cpu": command_cpu,
            "command_gc": main_clock.seconds, "gc": seen["gc"], "gc_collections": seen["gc_collections"], "cache_hit": seen["hit"],
            "loaded": len(seen["loaded"]), "output_bytes": os.path.getsize(args.output), **_summary(seen["report"])}


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 10 values is the largest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def child_workspace(args) -> dict:
    """The editor path in one process: a cold `analyze_file(module)`, then `args.edits` times
    `set_text(module, edited text)` + `analyze_file(module)` for each edit of `edits.py` (a line appended, then a
    statement inside a function's body); times in ms and `ws.stats` after each.
    The language server's heap policy applies as in the server (`switchpoint.server.heap`)."""
    from edits import edited  # next to this script, which the child runs as
    from switchpoint.analysis.api import Options, open_workspace
    from switchpoint.server.heap import HeapFreezer

    module = args.paths[0]
    with open(module, encoding="utf-8") as handle:
        text = handle.read()
    ws = open_workspace(Options(python=args.python, cache_dir=args.store, whole_results=False))
    heap = HeapFreezer()
    start, start_cpu = time.perf_counter(), time.process_time()
    with heap.analysing(lambda: ws.stats["modules"]):  # as the server does (switchpoint.server.heap)
        report = ws.analyze_file(module)
    gc.collect(0)  # the young collection the collector runs at its next allocation: counted here
    cold_ms, cold_cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
    result = {"module": module, "lines": text.count("\n"), "cold_ms": cold_ms, "cold_cpu_ms": cold_cpu_ms,
              "cold_stats": dict(ws.stats), "cold_points": len(report.yield_points)}
    result.update(_workspace_edits(ws, heap, module, [edited(text, "append", i) for i in range(args.edits)]))
    if args.edits:
        # the first body edit also takes the last appended line away (a change of shape): not timed
        ws.set_text(module, edited(text, "body", -1))
        ws.analyze_file(module)
    body = _workspace_edits(ws, heap, module, [edited(text, "body", i) for i in range(args.edits)])
    result.update({"body_" + key: value for key, value in body.items()})
    return result


def _workspace_edits(ws, heap, module: str, texts: list[str]) -> dict:
    """The workspace's `module` set to each of `texts` in turn and analysed: times and stats."""
    edits, edits_cpu, edits_gc, stats, points = [], [], [], [], []
    clock = GcClock()
    for text in texts:
        start, start_cpu, start_gc = time.perf_counter(), time.process_time(), clock.seconds
        ws.set_text(module, text)
        with heap.analysing(lambda: ws.stats["modules"]):
            report = ws.analyze_file(module)
        gc.collect(0)
        edits.append((time.perf_counter() - start) * 1000)
        edits_cpu.append((time.process_time() - start_cpu) * 1000)
        edits_gc.append((clock.seconds - start_gc) * 1000)
        stats.append(dict(ws.stats))
        points.append(len(report.yield_points))
    return {
        "edits_ms": edits, "edits_cpu_ms": edits_cpu, "edits_gc_ms": edits_gc, "stats": stats, "points": points,
        "p50_ms": _percentile(edits, 50) if edits else None, "p95_ms": _percentile(edits, 95) if edits else None,
        "p50_cpu_ms": _percentile(edits_cpu, 50) if edits else None,
        "p95_cpu_ms": _percentile(edits_cpu, 95) if edits else None,
    }


def run_child(argv: list[str]) -> None:
    import faulthandler
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True, choices=["parse", "analyze", "cli", "workspace"])
    parser.add_argument("--result", required=True)
    parser.add_argument("--files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python")
    parser.add_argument("--loaded")
    parser.add_argument("--profile")
    parser.add_argument("--output")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--edits", type=int, default=EDITS)
    parser.add_argument("--store", help="workspace: keep collected operations in this project root's cache")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    children = {"parse": child_parse, "analyze": child_analyze, "cli": child_cli, "workspace": child_workspace}
    result = children[args.child](args)
    with open(args.result, "w") as handle:
        json.dump(result, handle)
    if args.child == "cli":  # ends as the `switchpoint` script does, without the interpreter's teardown
        from switchpoint.cli.main import exit_without_teardown
        exit_without_teardown(0)


# -- the benchmark ---------------------------------------------------------------------------------

@dataclass
class Row:
    name: str
    files: int | None
    klines: float | None
    work: float | None  # seconds inside the measured code (None for pyright)
    cpu: float | None  # CPU seconds inside the measured code (for pyright: of the whole process tree)
    wall: float | None  # seconds, the whole child process
    peak_mb: float | None
    note: str = ""
    process_cpu: float | None = None  # CPU seconds of the whole child process


@dataclass
class Result:
    target: str
    rows: list[Row]
    analysis: dict
    ratios: dict
    errors: list[str]
    targets: list = field(default_factory=list)  # (what, measured text, met)
    workspace: dict = field(default_factory=dict)
    name: str = ""


def _count_lines(files: list[str]) -> int:
    total = 0
    for path in files:
        with open(path, "rb") as handle:
            total += handle.read().count(b"\n")
    return total


def pick_module(files: list[str], lines: int = 2000) -> str:
    """The project file whose length is nearest to `lines`."""
    counted = [(abs(_count_lines([f]) - lines), f) for f in files]
    return min(counted)[1]


def prepare_scratch(source: str, name: str) -> str:
    """A fresh copy of the folder `source` at `.work/scratch/<name>/<basename>`, next to an empty
    pyproject.toml (so the CLI's config and `.switchpoint_cache/` resolve there); returns the copy."""
    import shutil
    root = os.path.join(SCRATCH, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    copy = os.path.join(root, os.path.basename(source.rstrip(os.sep)))
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", ".switchpoint_cache"))
    with open(os.path.join(root, "pyproject.toml"), "w") as handle:
        handle.write("# benchmarks/engine/run.py: the CLI's cache lands next to this file\n")
    return copy


def bench(target: str, python: str, pyright: list[str] | None, timeout: float = 900.0,
          repeat: int = 3, log=print, module: str | None = None, scenarios=SCENARIOS, edits: int = EDITS,
          cache_root: str | None = None, name: str = "") -> Result:
    """Measure everything on the folder `target` (analysed against interpreter `python`).

    The CLI scenarios write `.switchpoint_cache/` next to the pyproject.toml in `cache_root`
    (default: the folder above `target`; an empty one is created there if missing) and edit
    `module` (default: the project file nearest to 2000 lines), restoring it afterwards."""
    import shutil
    from switchpoint.analysis.workspace import expand_paths  # the analysis's own file selection

    project, _ = expand_paths([target])
    klines = _count_lines(project) / 1000
    cache_root = cache_root or os.path.dirname(os.path.abspath(target))
    if not os.path.exists(os.path.join(cache_root, "pyproject.toml")):
        with open(os.path.join(cache_root, "pyproject.toml"), "w") as handle:
            handle.write("# benchmarks/engine/run.py: the CLI's cache lands next to this file\n")
    shutil.rmtree(os.path.join(cache_root, ".switchpoint_cache"), ignore_errors=True)
    module = os.path.abspath(module) if module else pick_module(project)
    rows: list[Row] = []
    errors: list[str] = []
    env = child_env()
    me = os.path.abspath(__file__)
    analysis, workspace = {}, {}
    loaded: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sp-engine-bench-") as tmp:
        def path(name):
            return os.path.join(tmp, name)

        # libraries' collected operations go to the per-user cache: a private, empty one per project,
        # so "cold" is cold and "libraries cached" reads only what this run's cold pass stored
        env["SWITCHPOINT_CACHE_HOME"] = path("user-cache")

        def parse_row(name, files):
            with open(path(name + ".files"), "w") as handle:
                json.dump(files, handle)
            run = measure([sys.executable, me, "--child", "parse", "--result", path(name + ".json"),
                           "--files", path(name + ".files"), "--repeat", str(repeat)],
                          timeout, path(name + ".json"), env)
            if run.error:
                errors.append(f"{name}: {run.error}")
                return Row(name, len(files), None, None, None, run.wall, run.peak_mb, "failed")
            note = (f"keeping all trees: {run.out['keep_work']:.2f} s, "
                    f"{run.out['gc']:.2f} s of it in gc; peak MB is with all trees held")
            if run.out["failed"]:
                note += f"; {run.out['failed']} files failed to parse"
            return Row(name, run.out["files"], run.out["lines"] / 1000, run.out["work"], run.out["cpu"], run.wall,
                       run.peak_mb, note, run.cpu)

        def cli_row(label, record_loaded=False):
            result = path(label + ".json")
            command = [sys.executable, me, "--child", "cli", "--result", result, "--python", python,
                       "--output", path("yield-points.json")]
            if record_loaded:
                command += ["--loaded", path("loaded.json")]
            run = measure([*command, target], timeout, result, env)
            if run.error:
                errors.append(f"{label}: {run.error}")
                return Row(label, len(project), klines, None, None, run.wall, run.peak_mb, "FAILED (see below)",
                           run.cpu), {}
            out = run.out
            out["process_cpu"], out["process_wall"] = run.cpu, run.wall
            if os.path.realpath(out["engine"]) != os.path.realpath(ENGINE_PATH):
                errors.append(f"{label}: imported switchpoint from {out['engine']}, not {ENGINE_PATH}")
            note = (f"cache {'hit' if out['cache_hit'] else 'miss'}; {out['points']} points, "
                    f"{out['output_bytes'] / 1e6:.1f} MB of JSON; main(): {out['command_cpu']:.2f} s cpu, "
                    f"{out['command_gc']:.2f} s of it in gc ({out['gc']:.2f} s inside analyze())")
            if out["loaded"]:
                note += f"; loaded {out['loaded']} modules"
            return Row(label, out["files"], klines, out["work"], out["cpu"], run.wall, run.peak_mb, note, run.cpu), out

        log(f"[{name or target}] ast.parse of {len(project)} project files ...")
        rows.append(parse_row("ast.parse (project)", project))

        if "cold" in scenarios:
            log(f"[{name or target}] cold: switchpoint yield-points, empty cache ...")
            row, analysis = cli_row("cold (CLI)", record_loaded=True)
            rows.append(row)
            if analysis:
                with open(path("loaded.json")) as handle:
                    loaded = json.load(handle)
                row.note += f" ({len(set(loaded) - set(project))} library)"
                if analysis["cache_hit"]:
                    errors.append("cold (CLI): hit a cache that should have been empty")

        if "warm" in scenarios:
            log(f"[{name or target}] warm: the same, nothing changed ...")
            row, out = cli_row("warm (CLI)")
            rows.append(row)
            if out and not out["cache_hit"]:
                errors.append("warm (CLI): the disk cache missed although nothing changed")

        if "one-file-changed" in scenarios:
            log(f"[{name or target}] one file changed: {os.path.relpath(module, cache_root)} + 1 line ...")
            with open(module, encoding="utf-8") as handle:
                original = handle.read()
            try:
                with open(module, "a", encoding="utf-8") as handle:
                    handle.write(CLI_EDIT)
                row, out = cli_row("one-file (CLI)")
            finally:
                with open(module, "w", encoding="utf-8") as handle:
                    handle.write(original)
            rows.append(row)
            if out and out["cache_hit"]:
                errors.append("one-file (CLI): the disk cache hit although a file changed")

        if "libraries-cached" in scenarios:
            log(f"[{name or target}] cold project, libraries cached: no .switchpoint_cache/, the user cache kept ...")
            shutil.rmtree(os.path.join(cache_root, ".switchpoint_cache"), ignore_errors=True)
            row, out = cli_row("cold, libraries cached (CLI)")
            rows.append(row)
            if out and out["cache_hit"]:
                errors.append("cold, libraries cached (CLI): hit a whole-result cache that was removed")

        if "workspace" in scenarios:
            log(f"[{name or target}] workspace: analyze_file({os.path.basename(module)}) cold, then {edits} edits ...")
            run = measure([sys.executable, me, "--child", "workspace", "--result", path("workspace.json"),
                           "--python", python, "--edits", str(edits), module], timeout, path("workspace.json"), env)
            mod_klines = _count_lines([module]) / 1000
            if run.error:
                errors.append(f"workspace: {run.error}")
                rows.append(Row("workspace (process)", 1, mod_klines, None, None, run.wall, run.peak_mb,
                                "FAILED (see below)", run.cpu))
            else:
                workspace = run.out
                rows.append(Row("workspace cold file", 1, mod_klines, workspace["cold_ms"] / 1000,
                                workspace["cold_cpu_ms"] / 1000, run.wall, run.peak_mb,
                                f"{os.path.relpath(module, cache_root)}: {workspace['cold_points']} points; "
                                f"stats {workspace['cold_stats']}", run.cpu))
                for prefix, row, _, what in _EDIT_ROWS:
                    if workspace.get(prefix + "edits_ms"):
                        last = workspace[prefix + "stats"][-1]
                        rows.append(Row(row, 1, mod_klines, workspace[prefix + "p50_ms"] / 1000,
                                        workspace[prefix + "p50_cpu_ms"] / 1000, None, None,
                                        f"{what}p95 {workspace[prefix + 'p95_ms']:.0f} ms wall "
                                        f"({workspace[prefix + 'p95_cpu_ms']:.0f} ms cpu); "
                                        f"each: {', '.join(f'{t:.0f}' for t in workspace[prefix + 'edits_ms'])} ms "
                                        f"(in gc: {', '.join(f'{t:.0f}' for t in workspace[prefix + 'edits_gc_ms'])}); "
                                        f"last stats {last}"))
                seen = workspace["points"] + workspace.get("body_points", [])
                if len(set(seen + [workspace["cold_points"]])) > 1:
                    errors.append(f"workspace: yield points changed across harmless edits: "
                                  f"{workspace['cold_points']} then {seen}")
            # what the language server does on opening the file in a new session: the same first
            # analyze_file with the disk store the CLI runs above filled (operations only)
            run = measure([sys.executable, me, "--child", "workspace", "--result", path("stored.json"),
                           "--python", python, "--edits", "0", "--store", cache_root, module],
                          timeout, path("stored.json"), env)
            if run.error:
                errors.append(f"workspace, stored: {run.error}")
            else:
                stored = run.out
                rows.append(Row("workspace first file, stored", 1, mod_klines, stored["cold_ms"] / 1000,
                                stored["cold_cpu_ms"] / 1000, run.wall, run.peak_mb,
                                f"{stored['cold_points']} points; stats {stored['cold_stats']}", run.cpu))
                if workspace and stored["cold_points"] != workspace["cold_points"]:  # reuse must equal cold
                    errors.append(f"workspace, stored: {stored['cold_points']} points, "
                                  f"{workspace['cold_points']} without the store")

        if loaded:
            log(f"[{name or target}] ast.parse of the {len(loaded)} loaded modules ...")
            rows.append(parse_row("ast.parse (loaded)", loaded))

        if pyright:
            log(f"[{name or target}] pyright ...")
            # pyright's default excludes drop `**/.*` (our `.work` venv) and "include" must be relative
            # to the config file: an explicit config with no excludes and a relative include.
            with open(path("pyrightconfig.json"), "w") as handle:
                json.dump({"include": [os.path.relpath(target, tmp)], "exclude": []}, handle)
            prun = measure([*pyright, "-p", path("pyrightconfig.json"), "--pythonpath", python, "--outputjson"],
                           timeout, None, env)
            try:
                summary = json.loads(prun.stdout).get("summary", {})
                files = summary.get("filesAnalyzed")
                note = f"{summary.get('errorCount', '?')} errors reported"
                if not files:
                    errors.append(f"pyright analysed no file: {prun.stderr[-2000:]}")
                    note = "FAILED (analysed no file)"
            except json.JSONDecodeError:
                files = None
                errors.append(f"pyright: exit {prun.status}: {prun.stdout[-2000:]}")
                note = "FAILED (see below)"
            rows.append(Row("pyright", files, None, None, prun.cpu, prun.wall, prun.peak_mb, note, prun.cpu))

    by = {r.name: r for r in rows if r.wall is not None or r.work is not None}
    ratios, targets = {}, []
    cold, parse = by.get("cold (CLI)"), by.get("ast.parse (project)")
    cold = cold if cold and cold.work else None
    if cold:
        for anchor in ("ast.parse (project)", "ast.parse (loaded)"):
            if by.get(anchor) and by[anchor].cpu:
                ratios[f"cold / {anchor}  (analyze cpu)"] = cold.cpu / by[anchor].cpu
        if parse and parse.cpu:
            ratio = cold.cpu / parse.cpu
            targets.append(("cold <= 3x ast.parse (cpu)", f"{ratio:.1f}x", ratio <= TARGET_RATIO))
        for label, key in (("warm", "warm (CLI)"), ("one-file", "one-file (CLI)"),
                           ("libraries cached", "cold, libraries cached (CLI)")):
            row = by.get(key)
            if row and row.wall and "FAILED" not in row.note:
                ratios[f"{label} / cold  (process cpu)"] = row.process_cpu / cold.process_cpu
                ratios[f"{label} / cold  (process wall)"] = row.wall / cold.wall
        warm = by.get("warm (CLI)")
        if warm and "FAILED" not in warm.note:
            ratio = warm.process_cpu / cold.process_cpu
            targets.append(("warm <= 10% of cold (process cpu)", f"{ratio:.1%} ({warm.wall:.2f} s wall)",
                            ratio <= TARGET_WARM))
        per = cold.peak_mb / (cold.klines / 200) if cold.klines else None
        if per is not None:
            ratios["cold peak MB per 200 kLOC"] = per
            targets.append((f"peak <= {TARGET_MB} MB per 200 kLOC", f"{per:.0f} MB ({cold.peak_mb:.0f} MB for "
                            f"{cold.klines:.0f} kLOC)", per <= TARGET_MB))
        prow = by.get("pyright")
        if prow and prow.wall and "FAILED" not in prow.note:
            ratios["pyright / cold  (process cpu)"] = prow.cpu / cold.process_cpu
            ratios["pyright / cold  (process wall)"] = prow.wall / cold.wall
            ratios["pyright / cold  (peak MB)"] = prow.peak_mb / cold.peak_mb
    one = by.get("one-file (CLI)")
    if one and one.wall and "FAILED" not in one.note:
        targets.append((f"one-file change <= {TARGET_EDIT_MS:g} ms, CLI", f"{one.wall * 1000:.0f} ms", 
                        one.wall * 1000 <= TARGET_EDIT_MS))
    for prefix, _, target_label, _ in _EDIT_ROWS:
        if workspace.get(prefix + "p50_ms") is not None:
            targets.append((f"one-file change <= {TARGET_EDIT_MS:g} ms, {target_label}",
                            f"{workspace[prefix + 'p50_ms']:.0f} ms (p95 {workspace[prefix + 'p95_ms']:.0f}; cpu p50 "
                            f"{workspace[prefix + 'p50_cpu_ms']:.0f})", workspace[prefix + "p50_ms"] <= TARGET_EDIT_MS))
    return Result(target, rows, analysis, ratios, errors, targets, workspace, name)


def _fmt(value, spec):
    return "-" if value is None else format(value, spec)


def render(result: Result) -> str:
    lines = [f"== {result.name or 'input'}: {result.target}", ""]
    lines.append(f"{'measure':<30} {'files':>6} {'kLOC':>7} {'cpu s':>8} {'work s':>8} {'proc cpu':>8} "
                 f"{'wall s':>8} {'peak MB':>8}")
    for r in result.rows:
        lines.append(f"{r.name:<30} {_fmt(r.files, 'd'):>6} {_fmt(r.klines, '.1f'):>7} {_fmt(r.cpu, '.3f'):>8} "
                     f"{_fmt(r.work, '.3f'):>8} {_fmt(r.process_cpu, '.2f'):>8} {_fmt(r.wall, '.2f'):>8} "
                     f"{_fmt(r.peak_mb, '.0f'):>8}")
    lines.append("")
    lines.extend(f"{r.name:<30} {r.note}" for r in result.rows if r.note)
    lines.append("")
    for name, ratio in result.ratios.items():
        lines.append(f"{name:<44} {ratio:8.2f}" + ("" if "MB per" in name else "x"))
    if result.targets:
        lines.append("")
        lines.extend(f"target: {what:<42} {measured}  {'met' if met else 'NOT met'}"
                     for what, measured, met in result.targets)
    a = result.analysis
    if a:
        lines.append("")
        lines.append(f"yield points: {a['points']}  by certainty: "
                     + ", ".join(f"{k} {v}" for k, v in a["by_certainty"].items()))
        lines.append("  by kind: " + ", ".join(f"{k} {v}" for k, v in a["by_kind"].items()))
        lines.append(f"  functions: {a['functions']} ({a['functions_switching']} may switch); "
                     f"problems: {a['problems']}; findings: {a['findings']}")
        lines.extend(f"PROBLEM {sample}" for sample in a.get("problem_samples", ()))
    for error in result.errors:
        lines.append("")
        lines.append("ERROR " + error.rstrip())
    return "\n".join(lines)


def render_side_by_side(results: list[Result]) -> str:
    """One column per project: the scenarios' process wall/cpu and the ratios the targets judge."""
    if len(results) < 2:
        return ""
    names = [r.name for r in results]
    lines = [f"{'':<42}" + "".join(f"{n:>22}" for n in names)]

    def row(label, cell):
        lines.append(f"{label:<42}" + "".join(f"{cell(r):>22}" for r in results))

    def by(result, name):
        return next((r for r in result.rows if r.name == name), None)

    row("project kLOC", lambda r: _fmt(by(r, "ast.parse (project)") and by(r, "ast.parse (project)").klines, ".1f"))
    for name in ("ast.parse (project)", "cold (CLI)", "warm (CLI)", "one-file (CLI)", "cold, libraries cached (CLI)",
                 "ast.parse (loaded)", "pyright"):
        row(f"{name} cpu / wall s", lambda r, n=name: (
            f"{_fmt(by(r, n).process_cpu if n != 'ast.parse (project)' and n != 'ast.parse (loaded)' else by(r, n).cpu, '.2f')}"
            f" / {_fmt(by(r, n).wall, '.2f')}") if by(r, n) else "-")
    row("workspace edit p50 / p95 ms", lambda r: f"{r.workspace['p50_ms']:.0f} / {r.workspace['p95_ms']:.0f}"
        if r.workspace.get("p50_ms") is not None else "-")
    row("workspace body edit p50 / p95 ms", lambda r: f"{r.workspace['body_p50_ms']:.0f} / {r.workspace['body_p95_ms']:.0f}"
        if r.workspace.get("body_p50_ms") is not None else "-")
    for key in ("cold / ast.parse (project)  (analyze cpu)", "warm / cold  (process cpu)",
                "one-file / cold  (process cpu)", "libraries cached / cold  (process cpu)", "cold peak MB per 200 kLOC", "pyright / cold  (process cpu)"):
        row(key.replace("  ", " "), lambda r, k=key: _fmt(r.ratios.get(k), ".2f"))
    return "\n".join(lines)


def profile(target: str, python: str, top: int, timeout: float) -> str:
    """cProfile of one cold analysis of `target`: the top entries by cumulative time."""
    import pstats
    import io
    os.makedirs(WORK, exist_ok=True)
    prof = os.path.join(WORK, "analyze.prof")
    result = os.path.join(WORK, "profile-result.json")
    loaded = os.path.join(WORK, "profile-loaded.json")
    run = measure([sys.executable, os.path.abspath(__file__), "--child", "analyze", "--result", result,
                   "--python", python, "--loaded", loaded, "--profile", prof, target], timeout, result, child_env())
    if run.error:
        return "profile FAILED: " + run.error
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    head = f"cProfile of analyze({target}): {run.out['work']:.2f} s under the profiler; stats in {prof}\n"
    return head + text.getvalue()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--child" in argv:
        run_child(argv)
        return 0
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--quick", action="store_true",
                        help="only each project's quick sub-folder (sqlalchemy/orm, django/db)")
    parser.add_argument("--project", action="append", choices=sorted(PROJECTS),
                        help="only this project (repeatable; default: all)")
    parser.add_argument("--input", help="analyse (a copy of) this folder instead (against the running interpreter)")
    parser.add_argument("--module", help="with --input: the file the one-file scenarios edit (default: nearest 2k lines)")
    parser.add_argument("--skip-pyright", action="store_true")
    parser.add_argument("--edits", type=int, default=EDITS, help="workspace edits (p50/p95 over these)")
    parser.add_argument("--profile", action="store_true", help="cProfile the analysis instead (default: --quick input)")
    parser.add_argument("--top", type=int, default=25, help="profile entries to print")
    parser.add_argument("--repeat", type=int, default=3, help="ast.parse passes (best counts)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per measurement")
    parser.add_argument("--engine", default="HEAD",
                        help="git revision whose committed switchpoint/ the run uses (default: HEAD), "
                             "or 'worktree' for the checkout as it is")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)

    global ENGINE_PATH
    ENGINE_PATH, engine = snapshot_engine(args.engine)
    print(f"engine: {engine} (a private copy in {os.path.relpath(ENGINE_PATH, REPO)})")
    jobs = []  # (name, target, module, cache root)
    if args.input:
        python = sys.executable
        pyright = None if args.skip_pyright else pyright_command(ensure_env())
        source = os.path.abspath(args.input)
        copy = prepare_scratch(source, "input")
        module = os.path.join(copy, os.path.relpath(os.path.abspath(args.module), source)) if args.module else None
        jobs.append((os.path.basename(source), copy, module, os.path.dirname(copy)))
    else:
        python = ensure_env()
        pyright = None if args.skip_pyright else pyright_command(python)
        print("versions:", versions(python))
        for name in args.project or list(PROJECTS):
            project = PROJECTS[name]
            source = package_dir(python, project.package)
            if args.profile:
                print(profile(os.path.join(source, project.quick), python, args.top, args.timeout))
                continue
            copy = prepare_scratch(source, name)
            target = os.path.join(copy, project.quick) if args.quick else copy
            jobs.append((name + ("/" + project.quick if args.quick else ""), target,
                         os.path.join(copy, project.module), os.path.dirname(copy)))
    if args.profile:
        return 0
    results = []
    for name, target, module, root in jobs:
        results.append(bench(target, python, pyright, args.timeout, args.repeat, module=module, edits=args.edits,
                             cache_root=root, name=name))
        print()
        print(render(results[-1]), flush=True)
        print()
    side = render_side_by_side(results)
    if side:
        print(side)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump([{"name": r.name, "target": r.target, "rows": [row.__dict__ for row in r.rows],
                        "analysis": r.analysis, "workspace": r.workspace, "ratios": r.ratios,
                        "targets": r.targets, "errors": r.errors} for r in results], handle, indent=1)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
