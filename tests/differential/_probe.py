"""Runs a program inside `switchpoint trace` and records what the tracer's JSON does not hold.

    switchpoint trace --root R... -- _probe.py OUT_DIR ROOTS PROGRAM.py [ARGS...]

ROOTS is the tracer's roots joined with os.pathsep. The probe runs PROGRAM.py as
`__main__` (with SWITCHPOINT_DIFF_HUB=runtime: inside `switchpoint.runtime.run`,
with `runtime_shim/gevent` standing in for gevent) and writes `OUT_DIR/probe-<pid>.json` with:

- `lines`: every line of a file under the roots that ran (line coverage, for the
  precision lower bound): on 3.12+ from `sys.monitoring`, each line's event turned off
  once seen (a hot loop costs its first iteration only, and the program keeps
  `sys.settrace` to itself); on 3.11 from `sys.settrace`/`threading.settrace`, every
  line every time (gevent-websocket's unmasking loop, 70 000 steps a message, took
  its driver past its timeout on 3.12 and 3.13);
- `stacks`: for each distinct chain of analysed frames seen at a switch, one
  whole stack (innermost first), printed next to a missed site.

A process the program forks keeps probing and writes a file of its own
when its program returns through the probe (gunicorn's worker's `sys.exit`); one that ends in
`os._exit` (socketserver's and multiprocessing's children) writes none, and its
lines are not counted as run. Its switches are in the tracer's JSON either way
(`switchpoint/runtime/_tracing_forks.py`).

It imports only the stdlib and greenlet (and `switchpoint.runtime` to run on its hub); it never
changes what the program does beyond observing it.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import threading

import greenlet

MAX_STACKS = 5000
MAX_FRAMES = 40
_MONITORING_TOOL = 1  # sys.monitoring.COVERAGE_ID (a literal: 3.11 has no sys.monitoring)


class Probe:
    def __init__(self, roots: list[str]):
        self.roots = tuple(os.path.join(os.path.realpath(root), "") for root in roots)
        self._path_of: dict = {}  # code object -> real path under a root, or None
        self.lines: dict[str, set[int]] = {}
        self.stacks: dict[tuple, list[str]] = {}
        self.monitoring = False  # line coverage through sys.monitoring rather than settrace

    def path(self, code):
        try:
            return self._path_of[code]
        except KeyError:
            real = os.path.realpath(code.co_filename)
            path = real if real.startswith(self.roots) and os.path.isfile(real) else None
            self._path_of[code] = path
            return path

    # line coverage -------------------------------------------------------
    def _install_line_monitoring(self) -> bool:
        """Line coverage through sys.monitoring (3.12+), each event disabled once seen; False where unavailable."""
        monitoring = getattr(sys, "monitoring", None)
        if monitoring is None:
            return False
        try:
            monitoring.use_tool_id(_MONITORING_TOOL, "switchpoint differential probe")
        except ValueError:  # the program's own coverage tool holds the id: fall back on settrace
            return False
        disable = monitoring.DISABLE

        def on_start(code, offset):
            # settrace's "call" event records the line of the frame's first instruction (a def's or its first
            # decorator's line; 0 for a module)
            path = self.path(code)
            if path is not None:
                line = next((line for start, end, line in code.co_lines() if start <= offset < end), None)
                if line is not None:
                    self.lines.setdefault(path, set()).add(line)
            return disable

        def on_line(code, line):
            path = self.path(code)
            if path is not None:
                self.lines.setdefault(path, set()).add(line)
            return disable

        events = monitoring.events
        monitoring.register_callback(_MONITORING_TOOL, events.PY_START, on_start)
        monitoring.register_callback(_MONITORING_TOOL, events.LINE, on_line)
        monitoring.set_events(_MONITORING_TOOL, events.PY_START | events.LINE)
        return True

    def _stop_line_coverage(self) -> None:
        if self.monitoring:
            sys.monitoring.set_events(_MONITORING_TOOL, 0)
            sys.monitoring.free_tool_id(_MONITORING_TOOL)
        else:
            sys.settrace(None)
            threading.settrace(None)

    def _global_trace(self, frame, event, arg):
        path = self.path(frame.f_code)
        if path is None:
            return None
        lines = self.lines.setdefault(path, set())
        lines.add(frame.f_lineno)

        def local_trace(frame, event, arg):
            if event == "line":
                lines.add(frame.f_lineno)
            return local_trace

        return local_trace

    # stacks at switches ----------------------------------------------------
    def _on_switch(self, origin) -> None:
        frame = origin.gr_frame
        analysed = []
        whole = []
        while frame is not None and frame.f_code is not _MAIN_CODE:  # the probe's frames and below are noise
            code = frame.f_code
            path = self.path(code)
            if path is not None:
                analysed.append((path, frame.f_lineno))
            if len(whole) < MAX_FRAMES:
                whole.append(f"{code.co_filename}:{frame.f_lineno} in {code.co_qualname}")
            frame = frame.f_back
        key = tuple(analysed)
        if analysed and key not in self.stacks and len(self.stacks) < MAX_STACKS:
            self.stacks[key] = whole

    def _install_greenlet_trace(self) -> None:
        previous = greenlet.gettrace()

        def on_event(event, args):
            if event in ("switch", "throw"):
                try:
                    self._on_switch(args[0])
                except Exception:  # noqa: BLE001 -- an observer must never break the program's switch
                    pass
            if previous is not None:
                previous(event, args)

        greenlet.settrace(on_event)

    def install(self) -> None:
        self._install_greenlet_trace()
        self.monitoring = os.environ.get("SWITCHPOINT_DIFF_SETTRACE") != "1" and self._install_line_monitoring()
        if not self.monitoring:
            sys.settrace(self._global_trace)
            threading.settrace(self._global_trace)

    def dump(self, out_dir: str) -> None:
        document = {
            "pid": os.getpid(),
            "lines": {path: sorted(lines) for path, lines in self.lines.items()},
            "stacks": [{"analysed": [list(f) for f in key], "stack": whole} for key, whole in self.stacks.items()],
        }
        with open(os.path.join(out_dir, f"probe-{os.getpid()}.json"), "w", encoding="utf-8") as out:
            json.dump(document, out)


def main() -> int:
    out_dir, roots, program, *args = sys.argv[1:]
    out_dir = os.path.abspath(out_dir)
    probe = Probe(roots.split(os.pathsep))
    sys.argv = [program, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(program))
    status = 0
    run = lambda: runpy.run_path(program, run_name="__main__")  # noqa: E731
    if os.environ.get("SWITCHPOINT_DIFF_HUB") == "runtime":
        # the fixture's `gevent` becomes runtime_shim/gevent, and it runs as the runtime's main virtual thread
        from switchpoint import runtime

        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "runtime_shim"))
        run = lambda: runtime.run(lambda: runpy.run_path(program, run_name="__main__"))  # noqa: E731
    probe.install()
    try:
        run()
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:  # an exception: `switchpoint trace` prints it and exits 1
        probe._stop_line_coverage()
        probe.dump(out_dir)
    return status  # in a forked child too: `switchpoint trace` writes no JSON there


_MAIN_CODE = main.__code__

if __name__ == "__main__":
    sys.exit(main())
