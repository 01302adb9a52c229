"""Random typing over stdio ends where a cold analysis of the same texts does.

A copy of the runtime's modules is edited through the real server the way an editor sends it:
incremental and whole-document changes, bursts inside the debounce and pauses past it (so analyses
start and are interrupted), files opened as the edits reach them, texts that do not parse for a
keystroke or two (the syntax gate keeps them from the engine) and then parse again. Now and then,
with every text parsing, `switchpoint/yieldPoints` of one open module must equal what a fresh
in-process analysis of the same texts reports: the server's incremental engine, its op store on
disk, its cancellation and its re-checks of other documents must never show. (Checked to fail, at
step 34, when the engine reuses collected operations whose modules changed.)
"""

from __future__ import annotations

import ast
import asyncio
import random
import shutil

import pytest
from lsprotocol import types as lsp

from switchpoint.analysis.api import Options, open_workspace
from tests.random_edits import RUNTIME, RUNTIME_MODULES, RUNTIME_TARGETS, STATEMENTS, body_edited, edited, names_in

pytestmark = pytest.mark.asyncio

STEPS = 36  # the default run's; SWITCHPOINT_SLOW=1 adds eight runs of 80 (marker `slow`)
PAUSES = (0.0, 0.0, 0.05, 0.3)  # seconds after an edit: within the 120 ms debounce, and past it


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def _position(text: str, offset: int) -> lsp.Position:
    """The LSP position of a code-point offset (the texts have no astral characters: a code point is a UTF-16 unit)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return lsp.Position(line=text.count("\n", 0, offset), character=offset - line_start)


def _change(old: str, new: str) -> lsp.TextDocumentContentChangePartial:
    """The one range change that turns `old` into `new`: what differs between their common prefix and suffix."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=_position(old, prefix), end=_position(old, len(old) - suffix)),
        text=new[prefix: len(new) - suffix],
    )


def _cold_points(target, changed: dict) -> list[tuple]:
    """The points of `target` in a fresh workspace given the unsaved texts `changed`, in LSP terms (0-based;
    a code point is a UTF-16 unit here): (start line, character, end line, character, kind, certainty, chain)."""
    workspace = open_workspace(Options())
    for path, text in changed.items():
        workspace.set_text(path, text)
    report = workspace.analyze_file(target)
    points = sorted(report.yield_points, key=lambda p: (p.range.start, p.range.end, p.kind))
    return [(p.range.start.line - 1, p.range.start.column - 1, p.range.end.line - 1, p.range.end.column - 1,
             p.kind, p.certainty, p.chain) for p in points]


def _answered(point) -> tuple:
    """A point of the `switchpoint/yieldPoints` answer, as `_cold_points` gives them."""
    start, end = point.range.start, point.range.end
    return start.line, start.character, end.line, end.character, point.kind, point.certainty, tuple(point.chain)


async def _settled_points(editor, uris: dict, target: str, text: str):
    """The target's points once the server knows every open document's latest text. Right after an edit
    of another file the target's answer may still be the one computed before it (the server re-checks
    it when the user pauses, and notifies), so the other documents are asked for first (each one's
    latest version is analysed, which hands the engine its text), then the target's text is sent again
    as a new version, whose analysis sees them all."""
    for name, uri in uris.items():
        if name != target:
            await editor.points(uri)
    editor.replace_all(uris[target], text)
    return await editor.points(uris[target])


async def test_random_typing_ends_where_a_cold_analysis_does(editor):
    await _type_at_random(editor, seed=11, steps=STEPS)


async def test_random_typing_inside_bodies_ends_where_a_cold_analysis_does(editor):
    """Statements typed into function bodies only: the edits that keep a module's shape (resolve/module_shape.py)."""
    await _type_at_random(editor, seed=12, steps=12, edit=lambda rng, text, names: body_edited(rng, text, STATEMENTS))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20, 28))
async def test_much_more_random_typing_ends_where_a_cold_analysis_does(editor, seed):
    await _type_at_random(editor, seed, steps=80)


async def _type_at_random(editor, seed: int, steps: int, edit=edited) -> None:
    package = editor.root / "switchpoint" / "runtime"
    shutil.copytree(RUNTIME, package, ignore=shutil.ignore_patterns("__pycache__"))
    editor.write("switchpoint/__init__.py", "")
    editor.write("pyproject.toml", "")
    paths = {name: package / f"{name}.py" for name in RUNTIME_MODULES}
    originals = {name: path.read_text(encoding="utf-8") for name, path in paths.items()}
    assert all(ord(char) <= 0xFFFF for text in originals.values() for char in text)
    current, parsing = dict(originals), dict(originals)  # parsing: each module's last text that parses
    names = names_in(originals.values())
    await editor.start()
    uris = {name: editor.open(f"switchpoint/runtime/{name}.py") for name in RUNTIME_TARGETS}

    rng = random.Random(seed)
    compared = 0
    for step in range(steps):
        broken = [n for n in RUNTIME_MODULES if current[n] is not parsing[n]]
        if broken:  # the line typed to its end: the file parses again
            name = broken[0]
            old, new = current[name], parsing[name]
        else:
            name = rng.choice(RUNTIME_MODULES)
            old = current[name]
            new = originals[name] if rng.random() < 0.1 else edit(rng, old, names)
        if name not in uris:
            uris[name] = editor.open(f"switchpoint/runtime/{name}.py")
        if rng.random() < 0.5:
            editor.change(uris[name], _change(old, new))
        else:
            editor.replace_all(uris[name], new)
        current[name] = new
        if _parses(new):
            parsing[name] = new
        await asyncio.sleep(rng.choice(PAUSES))
        if not any(current[n] is not parsing[n] for n in RUNTIME_MODULES):
            target = rng.choice(RUNTIME_TARGETS)
            answer = await _settled_points(editor, uris, target, current[target])
            assert answer.version == editor.versions[uris[target]]
            changed = {paths[n]: text for n, text in current.items() if text != originals[n]}
            assert [_answered(p) for p in answer.points] == _cold_points(paths[target], changed), f"step {step}, {target}.py"
            compared += 1
    assert compared >= steps // 3
    assert not editor.errors_logged()
