"""`[tool.switchpoint]` problems and the on-disk cache, through `switchpoint yield-points` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SWITCHING = "import gevent\n\ndef f():\n    gevent.sleep(0)\n"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "switchpoint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "table, words",
    [
        ('monkey_patch = "sometimes"', ["monkey_patch", "auto"]),
        ("monkey_patch = { socket = 1 }", ["monkey_patch.socket", "true or false"]),
        ("monkey_patch = { telepathy = true }", ["unknown patch flag", "telepathy"]),
        ('switching = "mylib.f"', ["switching", "list of strings"]),
        ('switching = ["my lib.f"]', ["switching", "not a qualified name"]),
        ("colour = 3", ["unknown key", "colour"]),
        ("[tool.switchpoint", ["not valid TOML"]),
    ],
)
def test_bad_configuration_is_one_clear_line(tmp_path, table, words):
    (tmp_path / "pyproject.toml").write_text(f"[tool.switchpoint]\n{table}\n" if not table.startswith("[") else table)
    (tmp_path / "a.py").write_text(SWITCHING)
    result = run("yield-points", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert str(tmp_path / "pyproject.toml") in result.stderr
    assert all(word in result.stderr for word in words), result.stderr


def test_monkey_patch_override_in_configuration(tmp_path):
    (tmp_path / "a.py").write_text("import time\n\ndef f():\n    time.sleep(1)\n")
    plain = json.loads(run("yield-points", "--format", "json", "a.py", cwd=tmp_path).stdout)
    (tmp_path / "pyproject.toml").write_text('[tool.switchpoint]\nmonkey_patch = "all"\n')
    patched = json.loads(run("yield-points", "--format", "json", "--no-cache", "a.py", cwd=tmp_path).stdout)
    assert plain["yield_points"] == []
    assert [p["chain"] for p in patched["yield_points"]] == [["a.f", "time.sleep"]]


def test_warm_run_comes_from_the_cache_and_an_edit_invalidates_it(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text("def helper():\n    return 1\n")
    (tmp_path / "app.py").write_text("from lib import helper\n\ndef caller():\n    helper()\n")
    cold = run("yield-points", "--format", "json", "app.py", cwd=tmp_path)
    entries = list((tmp_path / ".switchpoint_cache").glob("*.pickle"))
    assert json.loads(cold.stdout)["yield_points"] == [] and len(entries) == 1
    assert (tmp_path / ".switchpoint_cache" / ".gitignore").read_text() == "*\n"
    warm = run("yield-points", "--format", "json", "app.py", cwd=tmp_path)
    assert warm.stdout == cold.stdout
    assert entries[0].stat().st_mtime_ns == list((tmp_path / ".switchpoint_cache").glob("*.pickle"))[0].stat().st_mtime_ns
    # an edit in a module the analysis read (not one it was given) must not be served from the cache
    (tmp_path / "lib.py").write_text(SWITCHING.replace("def f", "def helper"))
    edited = json.loads(run("yield-points", "--format", "json", "app.py", cwd=tmp_path).stdout)
    assert [p["chain"] for p in edited["yield_points"]] == [["app.caller", "lib.helper", "gevent.sleep"]]


def test_check_after_an_edit_reuses_the_unchanged_modules_and_agrees_with_no_cache(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "lib.py").write_text("def helper():\n    return 1\n")
    (tmp_path / "app.py").write_text(
        "import gevent\nfrom lib import helper\n\ncounts = {}\n\ndef bump(key):\n"
        "    counts[key] = counts.get(key, 0) + helper()\n\ngevent.spawn(bump, 'a')\ngevent.spawn(bump, 'a')\n"
    )
    first = run("check", "--format", "json", ".", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    stored = {p.name.split(".")[0] for p in (tmp_path / ".switchpoint_cache" / "ops").rglob("*.pickle")}
    assert stored == {"app", "lib"}  # each module's collected operations, under the project
    # helper() now switches between the read and the write of counts[key]: a lost update
    (tmp_path / "lib.py").write_text(SWITCHING.replace("def f", "def helper"))
    cached = run("check", "--format", "json", ".", cwd=tmp_path)
    fresh = run("check", "--format", "json", "--no-cache", ".", cwd=tmp_path)
    assert cached.returncode == fresh.returncode == 1
    assert cached.stdout == fresh.stdout
    assert "SP101" in {finding["code"] for finding in json.loads(cached.stdout)["findings"]}
