"""`switchpoint yield-points` end to end, as a subprocess: the exact JSON schema, text form, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "switchpoint", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_json_schema_on_the_motivating_program(tmp_path):
    shutil.copy(ROOT / "examples" / "iodict.py", tmp_path / "iodict.py")
    result = run("yield-points", "--format", "json", "iodict.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == 1 and set(data) == {"version", "yield_points"}
    # one point a line, each a whole JSON object: grep and diff work on the output
    lines = result.stdout.splitlines()
    assert [json.loads(line.strip().rstrip(",")) for line in lines[3:-2]] == data["yield_points"]
    assert lines[:3] == ["{", '  "version": 1,', '  "yield_points": ['] and lines[-2:] == ["  ]", "}"]
    source = (tmp_path / "iodict.py").read_text().splitlines()
    line = next(i for i, text in enumerate(source, 1) if text.strip() == "t[key] += 1")
    column = source[line - 1].index("t[key]") + 1
    on_line = [p for p in data["yield_points"] if p["range"]["start"]["line"] == line]
    assert {p["kind"] for p in on_line} == {"subscript", "store_subscript"}
    for point in on_line:
        assert set(point) == {"path", "range", "kind", "certainty", "chain"}
        assert point["path"] == "iodict.py"
        assert point["range"] == {"start": {"line": line, "column": column}, "end": {"line": line, "column": column + len("t[key]")}}
        assert point["chain"][0] == "iodict.incrementer" and point["chain"][-1] == "gevent.sleep"
        assert point["certainty"] in ("certain", "possible")


def test_text_form_and_paths_outside_the_current_folder(tmp_path):
    shutil.copy(ROOT / "examples" / "iodict.py", tmp_path / "iodict.py")
    elsewhere = tmp_path / "sub"
    elsewhere.mkdir()
    result = run("yield-points", str(tmp_path / "iodict.py"), cwd=elsewhere)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(str(tmp_path / "iodict.py") + ":") for line in lines)
    assert any(": subscript" in line and "via iodict.incrementer -> iodict.IODict.__getitem__ -> gevent.sleep" in line for line in lines)


def test_missing_path_and_syntax_error_are_one_line_each(tmp_path):
    (tmp_path / "bad.py").write_text("def f(:\n")
    result = run("yield-points", "bad.py", "missing.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == ["bad.py:1:7: syntax error: invalid syntax", "missing.py: no such file or directory"]


def test_bad_interpreter_is_a_clear_message(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run("yield-points", "--python", str(tmp_path / "no-python"), "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "cannot use interpreter" in result.stderr and "Traceback" not in result.stderr


def test_other_interpreter_environment(tmp_path):
    """--python resolves imports along that interpreter's sys.path (found without importing the project)."""
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "remotelib.py").write_text("import gevent\n\ndef get():\n    gevent.sleep(0)\n")
    (tmp_path / "app.py").write_text("import remotelib\n\nremotelib.get()\n")
    with_env = run("yield-points", "--format", "json", "--python", str(venv / "bin" / "python"), "app.py", cwd=tmp_path)
    without = run("yield-points", "--format", "json", "app.py", cwd=tmp_path)
    assert [p["chain"] for p in json.loads(with_env.stdout)["yield_points"]] == [["app", "remotelib.get", "gevent.sleep"]]
    assert json.loads(without.stdout)["yield_points"] == []
