"""A cached virtualenv holding the real programs, created by the tests themselves.

It lives under `${SWITCHPOINT_TOOLS_CACHE:-~/.cache/switchpoint-tools}/differential-<key>`,
the key hashing the interpreter version and the pinned requirements, so a new
pin makes a new venv and an unchanged one is reused across runs and clones.
Creation holds a file lock (two pytest processes never install into one venv)
and writes a stamp last: a half-made venv is rebuilt.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path


def cache_root() -> Path:
    return Path(os.environ.get("SWITCHPOINT_TOOLS_CACHE") or Path.home() / ".cache" / "switchpoint-tools")


def program_venv(requirements: tuple[str, ...]) -> Path:
    """The interpreter of a venv with exactly these pinned requirements installed (created on first use)."""
    key_text = f"{sys.version_info[:3]}\n" + "\n".join(sorted(requirements))
    key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    venv = root / f"differential-{key}"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    with open(root / f"differential-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text() == key_text and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements],
            capture_output=True, text=True, timeout=900,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pip install {' '.join(requirements)} failed:\n{result.stderr[-3000:]}")
        stamp.write_text(key_text)
    return python


def site_packages(python: Path) -> Path:
    """The purelib folder of that interpreter, where the programs' source is installed."""
    result = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    return Path(result.stdout.strip())


def stdlib_folder(python: Path) -> Path:
    """The stdlib folder of that interpreter (the base interpreter's for a venv)."""
    result = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    return Path(result.stdout.strip())
