"""The analysis engine on a large real project, next to `ast.parse` and pyright, in one run.

    .venv/bin/python benchmarks/engine/run.py --quick        # sqlalchemy/orm only
    .venv/bin/python benchmarks/engine/run.py                # all of sqlalchemy 2.0 (~240 kLOC)
    .venv/bin/python benchmarks/engine/run.py --profile      # cProfile of the analysis (--quick input)
    .venv/bin/python benchmarks/engine/run.py --input DIR --skip-pyright

The inputs install themselves into a venv under `benchmarks/.work/` (gitignored):
sqlalchemy 2.0.x and pyright from PyPI. Every measurement runs in its own fresh
interpreter; wall time and peak RSS come from `os.wait4` on that child (pyright's
node process included). Anchors, all in this same run:

  ast.parse (project)  read + `ast.parse` of every .py file the analysis was given
  ast.parse (loaded)   the same for every module the analysis loaded (project files
                       plus the library modules it followed imports into)
  pyright              the pyright CLI on the same folder, same interpreter

The analysis is run cold: a fresh process, no cache. "work" is the time inside
`analyze()` (or inside the parse loop), "wall" the whole child process.
The target (issue 2): analysis work <= 3x ast.parse work of the files analysed,
peak memory <= 300 MB on sqlalchemy.
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
REQUIREMENTS = ("sqlalchemy==2.0.*", "pyright==1.1.*")
STAMP_VERSION = "2"  # bump when ensure_env lays out .work/ differently

# Input projects: name -> (distribution's import package, quick sub-folder).
# Issue 4 adds django here ("django": ("django", "db")) with its requirement above.
PROJECTS = {"sqlalchemy": ("sqlalchemy", "orm")}

# Scenarios. Only "cold" exists; issue 4 adds "warm" (second analysis in the same
# Workspace, nothing changed) and "one-file-changed" (edit one module, re-analyse),
# each as another child mode below (see `child_analyze`) and another row in the table.
SCENARIOS = ("cold",)

TARGET_RATIO = 3.0
TARGET_MB = 300


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
            "'sqlalchemy': m.version('sqlalchemy'), 'pyright': m.version('pyright')}))")
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


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [REPO, env.get("PYTHONPATH")]))
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
    points = report.yield_points
    loaded = sorted({m.path for w in worlds for m in w.loaded() if m.path})
    with open(args.loaded, "w") as handle:
        json.dump(loaded, handle)
    functions = [f for file in report.files for f in file.functions]
    return {
        "work": work,
        "cpu": cpu,
        "gc": clock.seconds,
        "gc_collections": clock.collections,
        "files": len(report.files),
        "loaded": len(loaded),
        "points": len(points),
        "by_certainty": dict(Counter(p.certainty for p in points).most_common()),
        "by_kind": dict(Counter(p.kind for p in points).most_common()),
        "functions": len(functions),
        "functions_switching": sum(1 for f in functions if f.may_switch),
        "problems": len(report.problems),
        "findings": sum(len(f.findings) for f in report.files),
    }


def run_child(argv: list[str]) -> None:
    import faulthandler
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True, choices=["parse", "analyze"])
    parser.add_argument("--result", required=True)
    parser.add_argument("--files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python")
    parser.add_argument("--loaded")
    parser.add_argument("--profile")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    result = child_parse(args) if args.child == "parse" else child_analyze(args)
    with open(args.result, "w") as handle:
        json.dump(result, handle)


# -- the benchmark ---------------------------------------------------------------------------------

@dataclass
class Row:
    name: str
    files: int | None
    klines: float | None
    work: float | None  # seconds inside the measured code (None for pyright)
    cpu: float | None  # CPU seconds inside the measured code (for pyright: of the whole process tree)
    wall: float | None
    peak_mb: float | None
    note: str = ""


@dataclass
class Result:
    target: str
    rows: list[Row]
    analysis: dict
    ratios: dict
    errors: list[str]


def _count_lines(files: list[str]) -> int:
    total = 0
    for path in files:
        with open(path, "rb") as handle:
            total += handle.read().count(b"\n")
    return total


def bench(target: str, python: str, pyright: list[str] | None, timeout: float = 900.0,
          repeat: int = 3, log=print) -> Result:
    """Measure everything on the folder `target` (analysed against interpreter `python`)."""
    from switchpoint.analysis.workspace import expand_paths  # the analysis's own file selection

    project, _ = expand_paths([target])
    rows: list[Row] = []
    errors: list[str] = []
    env = child_env()
    me = os.path.abspath(__file__)
    with tempfile.TemporaryDirectory(prefix="sp-engine-bench-") as tmp:
        def path(name):
            return os.path.join(tmp, name)

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
                       run.peak_mb, note)

        log(f"ast.parse of {len(project)} project files ...")
        rows.append(parse_row("ast.parse (project)", project))

        log("switchpoint analyze, cold ...")
        run = measure([sys.executable, me, "--child", "analyze", "--result", path("analyze.json"),
                       "--python", python, "--loaded", path("loaded.json"), target],
                      timeout, path("analyze.json"), env)
        analysis = run.out
        if run.error:
            errors.append(f"switchpoint analyze: {run.error}")
            rows.append(Row("switchpoint analyze", len(project), _count_lines(project) / 1000, None, None, run.wall,
                            run.peak_mb, "FAILED (see below)"))
            loaded = []
        else:
            with open(path("loaded.json")) as handle:
                loaded = json.load(handle)
            library = len(set(loaded) - set(project))
            analysis["process_cpu"], analysis["process_wall"] = run.cpu, run.wall
            rows.append(Row("switchpoint analyze", analysis["files"], _count_lines(project) / 1000, analysis["work"],
                            analysis["cpu"], run.wall, run.peak_mb, f"loaded {len(loaded)} modules ({library} library); "
                            f"{analysis['gc']:.2f} s in gc ({analysis['gc_collections']} collections); "
                            f"whole process: {run.cpu:.2f} s cpu"))

        if loaded:
            log(f"ast.parse of the {len(loaded)} loaded modules ...")
            rows.append(parse_row("ast.parse (loaded)", loaded))

        if pyright:
            log("pyright ...")
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
            rows.append(Row("pyright", files, None, None, prun.cpu, prun.wall, prun.peak_mb, note))

    by = {r.name: r for r in rows}
    result_analysis = analysis
    ratios = {}
    sp = by.get("switchpoint analyze")
    if sp and sp.work:
        for anchor in ("ast.parse (project)", "ast.parse (loaded)"):
            if by.get(anchor) and by[anchor].work:
                ratios[f"analysis / {anchor}  (cpu)"] = sp.cpu / by[anchor].cpu
                ratios[f"analysis / {anchor}  (work wall)"] = sp.work / by[anchor].work
        if by.get("pyright") and by["pyright"].wall and "FAILED" not in by["pyright"].note:
            ratios["pyright / analysis  (process cpu)"] = by["pyright"].cpu / result_analysis["process_cpu"]
            ratios["pyright / analysis  (process wall)"] = by["pyright"].wall / sp.wall
            ratios["pyright / analysis  (peak MB)"] = by["pyright"].peak_mb / sp.peak_mb
    return Result(target, rows, analysis if sp and sp.work else {}, ratios, errors)


def _fmt(value, spec):
    return "-" if value is None else format(value, spec)


def render(result: Result) -> str:
    lines = [f"input: {result.target}", ""]
    lines.append(f"{'measure':<22} {'files':>6} {'kLOC':>7} {'cpu s':>8} {'work s':>8} {'wall s':>8} {'peak MB':>8}")
    for r in result.rows:
        lines.append(f"{r.name:<22} {_fmt(r.files, 'd'):>6} {_fmt(r.klines, '.1f'):>7} {_fmt(r.cpu, '.2f'):>8} "
                     f"{_fmt(r.work, '.2f'):>8} {_fmt(r.wall, '.2f'):>8} {_fmt(r.peak_mb, '.0f'):>8}")
    lines.append("")
    lines.extend(f"{r.name:<22} {r.note}" for r in result.rows if r.note)
    lines.append("")
    for name, ratio in result.ratios.items():
        lines.append(f"{name:<44} {ratio:6.2f}x")
    by = {r.name: r for r in result.rows}
    sp = by.get("switchpoint analyze")
    if sp and sp.work and by.get("ast.parse (project)") and by["ast.parse (project)"].work:
        ratio = sp.cpu / by["ast.parse (project)"].cpu
        lines.append(f"target: analysis <= {TARGET_RATIO:g}x ast.parse (project), cpu: {ratio:.1f}x "
                     f"{'met' if ratio <= TARGET_RATIO else 'NOT met'}; peak <= {TARGET_MB} MB: "
                     f"{sp.peak_mb:.0f} MB {'met' if sp.peak_mb <= TARGET_MB else 'NOT met'}")
    a = result.analysis
    if a:
        lines.append("")
        lines.append(f"yield points: {a['points']}  by certainty: "
                     + ", ".join(f"{k} {v}" for k, v in a["by_certainty"].items()))
        lines.append("  by kind: " + ", ".join(f"{k} {v}" for k, v in a["by_kind"].items()))
        lines.append(f"  functions: {a['functions']} ({a['functions_switching']} may switch); "
                     f"problems: {a['problems']}; findings: {a['findings']}")
    for error in result.errors:
        lines.append("")
        lines.append("ERROR " + error.rstrip())
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the project's quick sub-folder (sqlalchemy/orm)")
    parser.add_argument("--project", default="sqlalchemy", choices=sorted(PROJECTS))
    parser.add_argument("--input", help="analyse this folder instead (against the running interpreter)")
    parser.add_argument("--skip-pyright", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the analysis instead (default: --quick input)")
    parser.add_argument("--top", type=int, default=25, help="profile entries to print")
    parser.add_argument("--repeat", type=int, default=3, help="ast.parse passes (best counts)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per measurement")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)

    if args.input:
        python, target = sys.executable, os.path.abspath(args.input)
        pyright = None if args.skip_pyright else pyright_command(ensure_env())
    else:
        python = ensure_env()
        package, quick = PROJECTS[args.project]
        target = package_dir(python, package)
        if args.quick or args.profile:
            target = os.path.join(target, quick)
        pyright = None if args.skip_pyright else pyright_command(python)
        print("versions:", versions(python))
    if args.profile:
        print(profile(target, python, args.top, args.timeout))
        return 0
    result = bench(target, python, pyright, args.timeout, args.repeat)
    print()
    print(render(result))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"target": result.target, "rows": [r.__dict__ for r in result.rows],
                       "analysis": result.analysis, "ratios": result.ratios, "errors": result.errors},
                      handle, indent=1)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
