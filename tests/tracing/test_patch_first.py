"""`switchpoint trace` leaves the program's monkey patching first: no ssl, socket, selectors or subprocess before it.

gevent asks to be patched before anything imports ssl (it warns "Monkey-patching
ssl after ssl has already been imported" when it can tell, and patches
incompletely when it cannot). The tracer runs in the program's interpreter, so
it must not import switchpoint.runtime's socket- and thread-heavy modules itself.
`threading` is allowed: the tracer needs `threading.setprofile` to follow new
threads, and `from gevent import monkey` imports threading before patching anyway.
"""

from __future__ import annotations

import json

from _tracing_support import run_cli

# Modules gevent patches that a program must be free to import only after patch_all().
PATCHED_LATER = ("ssl", "_ssl", "socket", "selectors", "subprocess", "asyncio", "concurrent.futures")

PROGRAM = f"""\
import sys
EARLY = sorted(name for name in {PATCHED_LATER!r} if name in sys.modules)
RUNTIME_EARLY = sorted(name for name in sys.modules if name.startswith("switchpoint.runtime._")
                       and not name.startswith("switchpoint.runtime._tracing_"))
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from gevent import monkey
    monkey.patch_all()
import gevent
gevent.sleep(0)
print(__import__("json").dumps({{
    "early": EARLY,
    "runtime_early": RUNTIME_EARLY,
    "warnings": [f"{{w.category.__name__}}: {{w.message}}" for w in caught],
}}))
"""


def test_nothing_gevent_patches_is_imported_before_the_program_patches(tmp_path):
    program = tmp_path / "patch_first.py"
    program.write_text(PROGRAM, encoding="utf-8")
    result = run_cli("trace", "--out", str(tmp_path / "trace.json"), "--", str(program), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["early"] == [], f"imported before the program's first line: {report['early']}"
    assert report["runtime_early"] == [], f"runtime modules imported by the tracer: {report['runtime_early']}"
    assert report["warnings"] == []
    assert "MonkeyPatchWarning" not in result.stderr and "already been imported" not in result.stderr, result.stderr
    # the program really ran under the tracer
    assert json.loads((tmp_path / "trace.json").read_text(encoding="utf-8"))["version"] == 1
