"""How the `switchpoint` script ends its process: a one-shot analysis skips the interpreter's
teardown (freeing the analysis's heap object by object costs seconds on a large project) but loses
nothing it printed and keeps its exit status; `trace` runs the user's program, whose atexit
handlers still run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# the console script's entry, with an atexit handler of our own to see whether the teardown ran
_DRIVER = textwrap.dedent("""
    import atexit, sys
    atexit.register(lambda: sys.stderr.write("teardown ran\\n"))
    from switchpoint.cli.main import console
    sys.argv = ["switchpoint", *sys.argv[1:]]
    console()
""")

_PROGRAM = textwrap.dedent("""
    import gevent

    served = 0


    def fetch(url):
        gevent.sleep(0.01)
        return len(url)


    def record(url):
        global served
        served = served + fetch(url)


    def main():
        gevent.joinall([gevent.spawn(record, "u"), gevent.spawn(record, "v")])
    """)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.pop("PYTHONUNBUFFERED", None)  # buffered output, as a pipe usually has: what is left must be flushed
    return subprocess.run([sys.executable, "-c", _DRIVER, *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def _project(tmp_path: Path) -> Path:
    # enough functions that the JSON output is more than one pipe buffer: all of it must arrive
    (tmp_path / "prog.py").write_text(_PROGRAM + "".join(
        f"\n\ndef helper_{i}(counts):\n    gevent.sleep(0)\n    return counts['a']\n" for i in range(400)))
    return tmp_path


def test_yield_points_prints_everything_and_skips_the_teardown(tmp_path):
    result = _run("yield-points", "--no-cache", "--format", "json", "prog.py", cwd=_project(tmp_path))
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)["yield_points"]  # the whole document, or this fails
    # fetch's sleep, record's call of fetch, main's joinall, each helper's sleep; the last is the last line's
    assert len(points) == 3 + 400
    assert points[-1]["chain"] == ["prog.helper_399", "gevent.sleep"]
    assert "teardown ran" not in result.stderr


def test_check_keeps_its_exit_status(tmp_path):
    result = _run("check", "--no-cache", "prog.py", cwd=_project(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "SP101" in result.stdout
    assert "teardown ran" not in result.stderr


def test_commands_that_are_not_one_shot_analyses_tear_down_as_usual(tmp_path):
    (tmp_path / "program.py").write_text(textwrap.dedent("""
        import atexit
        atexit.register(lambda: print("the program's own atexit handler ran"))
        """))
    result = _run("trace", "--out", "trace.json", "program.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the program's own atexit handler ran" in result.stdout
    assert "teardown ran" in result.stderr
    usage = _run(cwd=tmp_path)  # no command: the usage, as a status
    assert usage.returncode == 2 and "teardown ran" in usage.stderr
