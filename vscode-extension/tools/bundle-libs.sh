#!/usr/bin/env bash
# Fills bundled/libs with switchpoint (from this repository) and its dependencies, for
# importStrategy "useBundled". Run it before packaging: `npm run package` does.
# Usage: tools/bundle-libs.sh [python] [target folder, default bundled/libs]
# Native parts (libcst, greenlet) are built for the interpreter that runs this script;
# its version is recorded in bundled/libs/.python-version, and bundled/tool/lsp_server.py
# refuses, with a clear message, to run them on another.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-${PYTHON:-python3}}"
target="${2:-$here/bundled/libs}"
rm -rf "$target"
"$python" -m pip install --quiet --disable-pip-version-check --no-compile --target "$target" "$here/.."
# Console scripts are of no use inside the extension.
rm -rf "$target/bin"
"$python" -c 'import sys; print(f"{sys.version_info.major}.{sys.version_info.minor}")' > "$target/.python-version"
echo "bundled switchpoint for Python $(cat "$target/.python-version") into $target"
