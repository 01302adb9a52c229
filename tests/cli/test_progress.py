"""The progress bar: drawn on stderr only when stderr is a terminal (and, outside tests, after a second)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys


def _big_project(folder):
    for index in range(12):
        body = "".join(f"def f{i}(x):\n    return [y + {i} for y in x if y]\n\n" for i in range(120))
        (folder / f"m{index}.py").write_text("import gevent\n\n" + body + "def g():\n    gevent.sleep(0)\n")


def test_progress_on_a_terminal_only(tmp_path):
    _big_project(tmp_path)
    command = [sys.executable, "-m", "switchpoint", "yield-points", "--no-cache", "."]
    quiet_env = {**os.environ, "SWITCHPOINT_PROGRESS_AFTER": "0"}
    piped = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=quiet_env)
    assert piped.returncode == 0 and piped.stderr == ""
    controller, terminal = pty.openpty()
    with subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=terminal, env={**os.environ, "COLUMNS": "100", "SWITCHPOINT_PROGRESS_AFTER": "0"}) as process:
        os.close(terminal)
        drawn = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            drawn += chunk
        assert process.wait(timeout=300) == 0
    os.close(controller)
    assert b"analysing" in drawn
