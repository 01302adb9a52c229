"""The same input gives the same report in every process: witness chains included, whatever the
hash seed (set and dict orders of names), so CI diffs and baselines never flicker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from switchpoint.analysis.api import analyze
for report in analyze(sys.argv[1:]).files:
    print(repr(report))
"""


FOLDERS = [str(ROOT / "tests" / "fixtures" / "analysis"), str(ROOT / "tests" / "differential" / "programs")]


def _report(seed: str, prelude: str = "") -> str:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", prelude + SCRIPT, *FOLDERS], capture_output=True, text=True,
                          env=environment, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reports_do_not_depend_on_the_hash_seed():
    first = _report("1")
    assert "chain=(" in first
    assert _report("2") == first
    assert _report("3") == first


def test_of_equally_short_witnesses_the_first_by_name_is_chosen(tmp_path):
    # zeta is defined (and collected) first; the chain names alpha all the same
    from switchpoint.analysis.api import analyze

    (tmp_path / "m.py").write_text(
        "import gevent\n\ndef zeta():\n    gevent.sleep(0)\n\ndef alpha():\n    gevent.sleep(0)\n\n"
        "def f():\n    zeta()\n    alpha()\n"
    )
    report = analyze([tmp_path / "m.py"])
    summary = next(s for s in report.files[0].functions if s.qualname == "m.f")
    assert summary.chain == ("m.f", "m.alpha", "gevent.sleep")


def test_reports_do_not_depend_on_what_the_process_imported(monkeypatch):
    # socket.py binds gethostbyname by `from _socket import *`: what _socket defines is asked of the
    # C module itself, imported for the question, not only when something else imported it before.
    # This process (pytest, the engine's tests) has imported far more than a fresh one has.
    import socket  # noqa: F401

    from switchpoint.analysis.api import analyze

    fresh = _report("0", prelude="import sys; assert '_socket' not in sys.modules, 'imported already'")
    monkeypatch.chdir(ROOT)
    here = "".join(repr(report) + "\n" for report in analyze(FOLDERS).files)
    assert "'socket.gethostbyname')" in here
    assert fresh == here
