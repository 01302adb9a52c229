"""`switchpoint callgraph`: PyCG's format, with the edges dunder dispatch and callbacks add."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_callgraph_json(tmp_path):
    (tmp_path / "main.py").write_text(textwrap.dedent("""
        import gevent

        class Box:
            def __getitem__(self, key):
                gevent.sleep(0)

        def helper(box: Box):
            return box[1]

        def run(fn):
            return fn()

        def main():
            run(lambda: helper(Box()))

        main()
    """))
    result = subprocess.run([sys.executable, "-m", "switchpoint", "callgraph", "main.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    graph = json.loads(result.stdout)
    assert graph["main"] == ["main.main"]
    assert graph["main.helper"] == ["main.Box.__getitem__"]
    assert graph["main.Box.__getitem__"] == ["gevent.sleep"]
    assert graph["main.main"] == ["main.main.<lambda>", "main.run"]
    assert graph["main.main.<lambda>"] == ["main.helper"]  # Box() runs no __init__ of its own
