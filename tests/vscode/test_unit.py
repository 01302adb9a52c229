"""The extension's own logic (interpreter choice, settings, decorations from a yieldPoints
reply, launch command, failure reasons): its unit tests, run by Node's test runner."""

from __future__ import annotations

import re
import subprocess


def test_extension_unit_tests_pass(extension_build):
    done = subprocess.run(
        ["node", "--test", "--test-reporter=spec", "out/test/"], cwd=extension_build, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    passed = re.search(r"ℹ pass (\d+)", output)
    failed = re.search(r"ℹ fail (\d+)", output)
    assert passed and int(passed.group(1)) > 0, f"Node's test runner ran no test:\n{output[-3000:]}"
    assert failed and int(failed.group(1)) == 0, output[-6000:]


def test_typescript_compiles_without_errors(extension_build):
    done = subprocess.run(["npx", "--no-install", "tsc", "-p", ".", "--noEmit"], cwd=extension_build, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
