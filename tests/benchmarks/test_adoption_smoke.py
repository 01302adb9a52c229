"""benchmarks/adoption.py on a tiny folder (`--input`): it counts what the refining pass took and compared, and
the differences it found (none)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_tool_counts_what_was_checked(tmp_path):
    (tmp_path / "app.py").write_text(
        "class Conn:\n    pass\n\ndef use(conn, extra=None):\n    extra = extra or {}\n    extra['c'] = conn\n"
        "    return extra\n\ndef main():\n    return use(Conn())\n")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "adoption.py"), "--input", str(tmp_path)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "checked refined  expr" in done.stdout
    assert "differ" not in done.stdout
