#!/usr/bin/env bash
# Fills bundled/libs with switchpoint (from this repository) and its dependencies, for
# importStrategy "useBundled". Run it before packaging: `npm run package` does.
# Native parts (libcst, greenlet) are built for the interpreter that runs this script;
# its version is recorded in bundled/libs/.python-version, and bundled/tool/lsp_server.py
# refuses, with a clear message, to run them on another.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-${PYTHON:-python3}}"
rm -rf "$here/bundled/libs"
"$python" -m pip install --quiet --disable-pip-version-check --no-compile --target "$here/bundled/libs" "$here/.."
# Console scripts are of no use inside the extension.
rm -rf "$here/bundled/libs/bin"
"$python" -c 'import sys; print(f"{sys.version_info.major}.{sys.version_info.minor}")' > "$here/bundled/libs/.python-version"
echo "bundled switchpoint for Python $(cat "$here/bundled/libs/.python-version") into $here/bundled/libs"
