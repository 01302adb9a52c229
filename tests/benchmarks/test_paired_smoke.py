"""The paired comparison of two engines (benchmarks/engine/paired.py) runs end to end on a tiny folder: every
measure runs both engines in fresh processes and prints a ratio and both point counts (no timing asserted)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "benchmarks" / "engine"
REPO = ENGINE.parents[1]


def _load():
    sys.path.insert(0, str(ENGINE))  # paired.py imports run.py beside it
    spec = importlib.util.spec_from_file_location("engine_bench_paired", ENGINE / "paired.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_measure_compares_both_engines_on_the_same_input(tmp_path: Path, capsys):
    paired = _load()
    project = tmp_path / "proj"
    project.mkdir()
    (project / "a.py").write_text("import gevent\n\n\ndef wait():\n    '''Waits.'''\n    gevent.sleep(0)\n")
    (project / "b.py").write_text("from a import wait\n\n\ndef twice():\n    wait()\n    wait()\n")
    assert paired.main([str(REPO), str(REPO), "--pairs", "1", "--input", str(project),
                        "--module", str(project / "a.py")]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("proj ")]
    assert [line.split(":")[0] for line in lines] == ["proj cold", "proj append", "proj body"]
    for line in lines:
        ratio = float(re.search(r"new/base median ([0-9.]+)", line).group(1))
        base, new = re.search(r"points base (\d+) new (\d+)", line).groups()
        assert ratio > 0 and base == new
    assert "points base 3 new 3" in lines[0]  # the project's points: a.py's sleep, b.py's two calls
    assert (project / "a.py").read_text().count("gevent.sleep(0)") == 1  # the edits stay in the editor's memory
