"""What the VS Code extension's tests share: paths, the setup script, a code-server process.

The heavy installs (Debian packages, code-server, npm dependencies) are done by
vscode-extension/tools/setup-e2e.sh, cached outside the repository, so only the first
run on a machine pays for them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "vscode-extension"
SETUP = EXTENSION / "tools" / "setup-e2e.sh"
ARTIFACTS = REPO / "test-artifacts"


def run_setup(mode: str) -> str:
    started = time.monotonic()
    done = subprocess.run(["bash", str(SETUP), mode], cwd=EXTENSION, capture_output=True, text=True, timeout=900)
    if done.returncode:
        pytest.fail(f"{SETUP.name} {mode} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    print(f"{SETUP.name} {mode}: {time.monotonic() - started:.0f} s")
    return done.stdout.strip().splitlines()[-1]


class CodeServer:
    """A code-server on 127.0.0.1 with a port of its choosing, in its own process group."""

    def __init__(self, entry: Path, home: Path, workspace: Path, vsix: Path, user_settings: dict):
        self.home = home
        self.workspace = workspace
        self.user_data = home / "user-data"
        self.extensions = home / "extensions"
        self.settings_file = self.user_data / "User" / "settings.json"
        self.settings_file.parent.mkdir(parents=True)
        self.write_settings(user_settings)
        self.log_path = home / "code-server.log"
        env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
        common = [
            "node", str(entry), "--auth", "none", "--user-data-dir", str(self.user_data),
            "--extensions-dir", str(self.extensions), "--disable-telemetry", "--disable-update-check",
        ]
        install = subprocess.run(common + ["--install-extension", str(vsix)], env=env, capture_output=True, text=True, timeout=180)
        assert install.returncode == 0, f"installing the .vsix failed:\n{install.stdout}\n{install.stderr}"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            common + ["--bind-addr", "127.0.0.1:0", "--disable-workspace-trust", "--disable-getting-started-override", str(workspace)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.url = self._wait_for_url()

    def write_settings(self, settings: dict) -> None:
        self.settings_file.write_text(json.dumps(settings, indent=2, ensure_ascii=False), encoding="utf-8")

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = self.log_path.read_text(errors="replace")
            found = re.search(r"HTTP server listening on (http://127\.0\.0\.1:\d+)/", text)
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                pytest.fail(f"code-server exited ({self.process.returncode}):\n{text[-3000:]}")
            time.sleep(0.2)
        pytest.fail(f"code-server did not start listening:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        # code-server keeps an extension host (and the language server under it) per
        # connection: end the whole process group it leads, by its id.
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self._log.close()
