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
    project = tmp_path / "proj"
    project.mkdir()
    (project / "a.py").write_text("import gevent\n\n\ndef wait():\n    gevent.sleep(0)\n")
    (project / "b.py").write_text("from a import wait\n\n\ndef twice():\n    wait()\n    wait()\n")
    (project / "c.py").write_text("def pure(x):\n    return x + 1\n")
    original = (project / "b.py").read_text()
    result = run.bench(str(project), sys.executable, None, timeout=120, repeat=1, log=lambda *_: None,
                       module=str(project / "b.py"), edits=3, name="tiny")
    assert not result.errors, result.errors
    rows = {r.name: r for r in result.rows}
    assert set(rows) == {"ast.parse (project)", "cold (CLI)", "warm (CLI)", "one-file (CLI)", "workspace cold file",
                         "workspace edit p50", "workspace body edit p50", "ast.parse (loaded)", "cold, libraries cached (CLI)",
                         "workspace first file, stored"}
    for name in ("ast.parse (project)", "cold (CLI)", "warm (CLI)", "one-file (CLI)", "ast.parse (loaded)",
                 "cold, libraries cached (CLI)"):
        row = rows[name]
        assert row.files >= 3 and row.klines > 0 and row.work > 0 and row.cpu >= 0 and row.wall > 0, row
        assert row.peak_mb > 0 and row.process_cpu > 0, row
    assert rows["ast.parse (project)"].files == 3
    # the cache lands in the scratch root (next to the pyproject.toml bench writes), not in the repo
    assert (tmp_path / "pyproject.toml").exists() and (tmp_path / ".switchpoint_cache").is_dir()
    assert "cache hit" in rows["warm (CLI)"].note and "cache miss" in rows["one-file (CLI)"].note
    assert "cache miss" in rows["cold, libraries cached (CLI)"].note
    assert (tmp_path / ".switchpoint_cache" / "ops").is_dir()  # the per-module store, refilled by that run
    assert (project / "b.py").read_text() == original  # the edit is undone
    assert result.analysis["points"] >= 2 and sum(result.analysis["by_kind"].values()) == result.analysis["points"]
    ws = result.workspace
    assert len(ws["edits_ms"]) == 3 and ws["p50_ms"] > 0 and ws["p95_ms"] >= ws["p50_ms"]
    assert ws["cold_points"] == 2 and ws["points"] == [2, 2, 2] and "functions" in ws["stats"][-1]
    assert len(ws["body_edits_ms"]) == 3 and ws["body_points"] == [2, 2, 2]
    assert [s["same_shape"] for s in ws["body_stats"]] == [1, 1, 1]  # the edits inside a body keep its shape
    stored = rows["workspace first file, stored"]
    assert stored.work > 0 and "'from_disk': 0" not in stored.note  # the first open reused the CLI's store
    assert {"cold / ast.parse (project)  (analyze cpu)", "warm / cold  (process cpu)",
            "one-file / cold  (process cpu)", "libraries cached / cold  (process cpu)",
            "cold peak MB per 200 kLOC"} <= set(result.ratios)
    assert all(r > 0 for r in result.ratios.values())
    text = run.render(result)
    assert "cold (CLI)" in text and "yield points:" in text and "target: warm" in text
    both = run.render_side_by_side([result, result])
    assert "warm / cold" in both
