"""The engine benchmark's core runs end to end on a tiny folder (no pyright, no network, no timing asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "engine" / "run.py"


def _load():
    spec = importlib.util.spec_from_file_location("engine_bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_bench_table_has_real_numbers(tmp_path: Path):
    run = _load()
    (tmp_path / "a.py").write_text("import gevent\n\n\ndef wait():\n    gevent.sleep(0)\n")
    (tmp_path / "b.py").write_text("from a import wait\n\n\ndef twice():\n    wait()\n    wait()\n")
    (tmp_path / "c.py").write_text("def pure(x):\n    return x + 1\n")
    result = run.bench(str(tmp_path), sys.executable, None, timeout=120, repeat=1, log=lambda *_: None)
    assert not result.errors, result.errors
    rows = {r.name: r for r in result.rows}
    assert set(rows) == {"ast.parse (project)", "switchpoint analyze", "ast.parse (loaded)"}
    for row in rows.values():
        assert row.files >= 3 and row.klines > 0 and row.work > 0 and row.cpu >= 0 and row.wall > 0 and row.peak_mb > 0, row
    assert rows["ast.parse (project)"].files == 3
    assert result.analysis["points"] >= 2 and sum(result.analysis["by_kind"].values()) == result.analysis["points"]
    assert {"analysis / ast.parse (project)  (cpu)", "analysis / ast.parse (loaded)  (cpu)"} <= set(result.ratios)
    assert all(r > 0 for r in result.ratios.values())
    text = run.render(result)
    assert "switchpoint analyze" in text and "yield points:" in text
