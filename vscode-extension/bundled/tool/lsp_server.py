"""Runs the switchpoint language server from the copy shipped inside the extension.

Used when `switchpoint.importStrategy` is `useBundled`: puts `bundled/libs` (filled at
package time by `tools/bundle-libs.sh`, with `pip install --target`) first on sys.path,
so this copy wins over any switchpoint installed in the interpreter, then runs
`switchpoint <args>` exactly as `python -m switchpoint <args>` would.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

LIBS = Path(__file__).resolve().parent.parent / "libs"
# Written by tools/bundle-libs.sh: the Python the native parts (libcst, greenlet) were built for.
BUILT_FOR = LIBS / ".python-version"


def _check_interpreter() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"error: switchpoint requires Python 3.11 or newer; {sys.executable} is {sys.version.split()[0]}")
    if not LIBS.is_dir():
        sys.exit(f"error: no bundled switchpoint at {LIBS}; set switchpoint.importStrategy to fromEnvironment")
    try:
        built_for = BUILT_FOR.read_text(encoding="utf-8").strip()
    except OSError:
        return
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if built_for and built_for != running:
        sys.exit(
            f"error: the bundled switchpoint was built for Python {built_for}, but {sys.executable} is Python {running}; "
            "select a Python " + built_for + " interpreter or set switchpoint.importStrategy to fromEnvironment"
        )


def main() -> None:
    _check_interpreter()
    sys.path.insert(0, str(LIBS))
    sys.argv = ["switchpoint", *sys.argv[1:]]
    runpy.run_module("switchpoint", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
