"""The extension in real VS Code: code-server, driven by Debian's Chromium, with the real server.

One run of e2e_driver.js opens the IODict workspace and records what the page shows;
each test below checks one thing against what the server itself says (lsp_truth.py),
so no expected value is written into the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .harness import ARTIFACTS, EXTENSION, CodeServer
from .lsp_truth import yield_points

HERE = Path(__file__).resolve().parent
GLYPH = "⏸"
STATUS_BAR_ID = "switchpoint.switchpoint.switchpoint.status"  # <publisher>.<name>.<item id>
SCREENSHOT = ARTIFACTS / "vscode-e2e.png"
TIMEOUT_MS = 120_000  # safety net for each wait; a passing run takes a few seconds per step


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    # A copy: the toggle commands write .vscode/settings.json into the workspace.
    target = tmp_path_factory.mktemp("e2e") / "workspace"
    shutil.copytree(HERE / "workspace", target)
    return target


@pytest.fixture(scope="session")
def truth(workspace) -> dict:
    """What the server says about iodict.py, asked directly over stdio."""
    reply, diagnostics = yield_points(sys.executable, workspace / "iodict.py", {})
    assert reply["points"], "the server found no switch points in iodict.py: nothing to check the editor against"
    return {"points": reply["points"], "diagnostics": diagnostics}


def race_position(truth: dict) -> dict:
    """Where the screenshot hovers: the lost update, or the first point if there is none."""
    races = [d for d in truth["diagnostics"] if d.get("code") == "SP101"]
    start = (races[0] if races else truth["points"][0])["range"]["start"]
    return {"line": start["line"] + 1, "column": start["character"] + 1}


def bare_python(folder: Path) -> Path:
    """An interpreter that runs but cannot import switchpoint: this Python, isolated, without site-packages."""
    script = folder / "python-without-switchpoint"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n')
    script.chmod(0o755)
    return script


def race_fixes(truth: dict) -> list[str]:
    """The quick fixes the server offers on the lost update, preferred (guard with a lock) first."""
    races = [d for d in truth["diagnostics"] if d.get("code") == "SP101"]
    return races[0]["quickFixes"] if races else ["(no race found)"]


@pytest.fixture(scope="session")
def page(code_server_entry, vsix, workspace, truth, tmp_path_factory) -> dict:
    """Runs the driver once against a fresh code-server and returns what it saw."""
    home = tmp_path_factory.mktemp("code-server")
    settings = {
        # fromEnvironment with the repo's interpreter: the e2e test runs this source tree.
        "switchpoint.interpreter": sys.executable,
        "switchpoint.importStrategy": "fromEnvironment",
        "switchpoint.trace.server": "messages",
        "workbench.startupEditor": "none",
        "workbench.colorTheme": "Default Dark Modern",
        "workbench.tips.enabled": False,
        "extensions.ignoreRecommendations": True,
        "editor.minimap.enabled": False,
        "security.workspace.trust.enabled": False,
    }
    server = CodeServer(code_server_entry, home, workspace, vsix, settings)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    results_path = home / "results.json"
    config = {
        "url": server.url,
        "workspace": str(workspace),
        "file": "iodict.py",
        "extensionDir": str(EXTENSION),
        "chromium": shutil.which("chromium") or "/usr/bin/chromium",
        "glyph": GLYPH,
        "statusBarId": STATUS_BAR_ID,
        "screenshotPath": str(SCREENSHOT),
        "endScreenshotPath": str(ARTIFACTS / "vscode-e2e-end.png"),
        "resultsPath": str(results_path),
        "settings": settings,
        "missingInterpreter": str(home / "no-such-python"),
        "interpreterWithoutSwitchpoint": str(bare_python(home)),
        "timeoutMs": TIMEOUT_MS,
        "diagnosticTimeoutMs": TIMEOUT_MS,
        "racePosition": race_position(truth),
        "quickFix": race_fixes(truth)[0],
        "quickFixText": re.search(r"`([^`]+)`", race_fixes(truth)[0]).group(1),
    }
    config_path = home / "driver.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    # The driver and its Chromium in a process group of their own, ended whole if it hangs.
    driver = subprocess.Popen(
        ["node", str(HERE / "e2e_driver.js"), str(config_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        _, stderr = driver.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(driver.pid, signal.SIGKILL)
        _, stderr = driver.communicate()
    finally:
        server.stop()
    if not results_path.exists():
        pytest.fail(f"the driver recorded nothing ({driver.returncode}):\n{stderr[-3000:]}")
    results = json.loads(results_path.read_text(encoding="utf-8"))
    results["_log"] = server.log_path.read_text(errors="replace")[-3000:]
    return results


def seen(page: dict, step: str):
    result = page.get(step)
    assert result is not None, f"the driver never reached {step!r}"
    assert result["ok"], f"{step} failed in the page:\n{result['error']}"
    return result["value"]


def lines_of(points) -> dict[int, str]:
    """1-based line -> 'certain' if any point on it certainly switches, else 'possible'."""
    lines: dict[int, str] = {}
    for p in points:
        line = p["range"]["start"]["line"] + 1
        lines[line] = "certain" if p["certainty"] == "certain" or lines.get(line) == "certain" else "possible"
    return lines


def starts(points) -> list[tuple[int, int]]:
    """Distinct point starts as VS Code shows them: 1-based line and column, in order."""
    return sorted({(p["range"]["start"]["line"] + 1, p["range"]["start"]["character"] + 1) for p in points})


def test_workspace_opens_with_the_iodict_program(page):
    assert seen(page, "workbench") is True
    assert seen(page, "open_file") is True


def test_status_bar_counts_the_files_switch_points_and_says_the_server_runs(page, truth):
    label = seen(page, "status_bar")
    possible = sum(p["certainty"] == "possible" for p in truth["points"])
    count = f"{len(truth['points'])} switch points" + (f" ({possible} possible)" if possible else "")
    assert f"switchpoint: {count} in this file" in label
    assert "Server: running" in label
    assert sys.executable in label


def test_inlay_hint_at_every_switch_point(page, truth):
    hints = seen(page, "editor")["hints"]
    assert all(GLYPH in h["text"] for h in hints)
    assert {h["line"] for h in hints} == set(lines_of(truth["points"]))


def test_one_gutter_icon_per_line_fainter_where_only_possible(page, truth):
    gutter = seen(page, "editor")["gutter"]
    shown = {g["line"]: g["kind"] for g in gutter}
    assert len(shown) == len(gutter), f"more than one icon on a line: {gutter}"
    # Per line, the kind of icon follows the server's certainty (the faint one where every
    # point is only possible); which lines are possible is the engine's call, not checked here.
    assert shown == lines_of(truth["points"])


def test_race_diagnostic_on_the_lost_update(page, truth):
    problems = "\n".join(seen(page, "diagnostics"))
    codes = {d["code"] for d in truth["diagnostics"]}
    assert "SP101" in codes, f"the server itself reports no lost update in iodict.py: {truth['diagnostics']}"
    for code in codes:
        assert code in problems, f"{code} missing from the Problems panel: {problems}"


def test_screenshot_saved_as_artifact(page):
    path = Path(seen(page, "screenshot"))
    assert path == SCREENSHOT
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert (width, height) == (1280, 1000)


def test_next_and_previous_switch_point_move_the_cursor(page, truth):
    moves = seen(page, "next_switch_point")
    expected = starts(truth["points"])
    assert (moves["before"]["line"], moves["before"]["column"]) == (1, 1)
    assert (moves["first"]["line"], moves["first"]["column"]) == expected[0]
    assert (moves["second"]["line"], moves["second"]["column"]) == expected[1]
    assert (moves["back"]["line"], moves["back"]["column"]) == expected[0]


def test_show_chain_lists_the_chain_of_the_point_under_the_cursor(page, truth):
    labels = seen(page, "show_chain")
    first = min(truth["points"], key=lambda p: (p["range"]["start"]["line"], p["range"]["start"]["character"]))
    text = "\n".join(labels)
    for function in first["chain"]:
        assert function in text, f"{function} missing from {labels}"


def test_hover_shows_the_chain(page, truth):
    text = seen(page, "hover")
    first = min(truth["points"], key=lambda p: (p["range"]["start"]["line"], p["range"]["start"]["character"]))
    assert first["chain"][-1] in text, text


def test_toggle_gutter_icons_command(page, truth):
    toggled = seen(page, "toggle_gutter")
    assert toggled == {"off": 0, "on": len(lines_of(truth["points"]))}


def test_toggle_hints_command(page, truth):
    toggled = seen(page, "toggle_hints")
    assert toggled["off"] == 0
    assert toggled["on"] == len(seen(page, "editor")["hints"])


def test_quick_fix_for_the_race_is_offered_and_applied(page, truth):
    fixes = race_fixes(truth)
    assert fixes and "Guard with" in fixes[0], f"the server offers no lock guard for the race: {fixes}"
    result = seen(page, "quick_fix")
    for title in fixes:
        assert any(title in item for item in result["offered"]), f"{title!r} not in the quick fix menu: {result['offered']}"
    assert result["changedFile"] is True
    assert result["before"] >= 1
    assert result["after"] < result["before"], "the race warning stayed after the fix"


def test_a_server_that_cannot_start_is_explained_with_a_button_to_the_log(page):
    failure = seen(page, "start_failure")
    assert "switchpoint: the server could not start: there is no interpreter at" in failure["message"]
    assert "no-such-python" in failure["message"]
    assert "Show Log" in failure["buttons"]
    assert "could not start" in failure["log"]
    assert "not running" in failure["status"]


def test_an_interpreter_without_switchpoint_is_named_in_the_notification(page):
    failure = seen(page, "start_failure_no_switchpoint")
    assert "No module named switchpoint" in failure["message"]
    assert "python-without-switchpoint" in failure["message"]
    assert "Show Log" in failure["buttons"]


def test_a_fixed_setting_brings_the_server_back_and_restart_restarts_it(page):
    result = seen(page, "recover_and_restart")
    assert "Server: running" in result["recovered"]
    assert re.search(r"switchpoint: [1-9]\d* switch points", result["recovered"]), result["recovered"]
    assert sys.executable in result["recovered"]
    # The key binding started the server once more: the status bar's start count went up by one.
    assert f"Server: running (start {result['startsBefore'] + 1})" in result["restarted"]
