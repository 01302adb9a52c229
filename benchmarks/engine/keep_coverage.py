"""How many of a module's functions an edit inside the body keeps in place (resolve/body_edits.py), and why the
others are refused: for each top-level function and method of a top-level class (those `edits.body_edit` picks
from), `None` is inserted before the first statement after its docstring (a statement saying only a word every
module's bodies say: engines before the bodies' words left the shape compared them, and a kept graph still
checks whether a new word names a class not live), and `body_edits.refusal` is asked of the module bound from
the text before and the one bound from the text after (an engine without `refusal`, an older one, is asked
`keep`: "refused", no reason given). `--statement` inserts another statement: `--statement 'conn_0 = 0'`, a
word no body says, what typing a new identifier does at nearly every key.

    PYTHONPATH=CHECKOUT python benchmarks/engine/keep_coverage.py [--statement S] FILE [FILE ...]
    PYTHONPATH=CHECKOUT python benchmarks/engine/keep_coverage.py --python VENV_PYTHON [--statement S] FILE [FILE ...]

Prints, per file, kept/all and the refusals counted by reason. The modules are bound without a world: a test
another module's name decides is not decided here (a handful of modules). With `--python`, each edit is also
made in an editor's workspace (`open_workspace`, the file analysed first, each edit then undone), from the folder
the file's package is in: how many edits kept the last run's call graph (`stats["graph_kept"]`,
callgraph/kept_graph.py), how many took a run though kept in place, and each kind's median CPU time.
"""

from __future__ import annotations

import ast
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from edits import body_anchors  # next to this script
from switchpoint.analysis.resolve import body_edits, body_marks
from switchpoint.analysis.resolve.binder import Binder, Module
from switchpoint.analysis.resolve.module_cache import text_digest
from switchpoint.analysis.syntax import SourceText


def bound(text: str, name: str) -> Module:
    """The module bound from `text` and watched, as a workspace's world binds a project module."""
    module = Module(name, name + ".py", SourceText(text), ast.parse(text), digest=text_digest(text))
    Binder(module).bind()
    body_marks.watch(module)
    return module


STATEMENT = "None"


def coverage(path: Path, statement: str = STATEMENT) -> tuple[int, Counter]:
    """(how many edits are kept, the refusals counted by reason) over the functions of the file at `path`."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    reasons: Counter = Counter()
    kept = 0
    for _, line, column in body_anchors(text):
        edited = "".join(lines[:line - 1]) + " " * column + statement + "\n" + "".join(lines[line - 1:])
        before, after = bound(text, path.stem), bound(edited, path.stem)
        if hasattr(body_edits, "refusal"):
            why = body_edits.refusal(before, after)
        else:
            why = None if body_edits.keep(before, after) is not None else "refused"
        if why is None:
            kept += 1
        else:
            reasons[why] += 1
    return kept, reasons


def workspace_coverage(path: Path, python: str, statement: str = STATEMENT) -> dict[str, list[float]]:
    """Per outcome ("graph kept", "run, kept in place", "run"), the CPU seconds of each body edit of `path` made
    in one workspace (each edit undone before the next)."""
    from switchpoint.analysis.api import Options, open_workspace

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    workspace = open_workspace(Options(python=python))
    workspace.analyze_file(path)
    spent: dict[str, list[float]] = {}
    for _, line, column in body_anchors(text):
        workspace.set_text(path, "".join(lines[:line - 1]) + " " * column + statement + "\n" + "".join(lines[line - 1:]))
        start = time.process_time()
        workspace.analyze_file(path)
        seconds = time.process_time() - start
        stats = workspace.stats
        outcome = "graph kept" if stats.get("graph_kept") else "run, kept in place" if stats["kept_in_place"] else "run"
        spent.setdefault(outcome, []).append(seconds)
        workspace.set_text(path, text)
        workspace.analyze_file(path)
    return spent


def main(arguments: list[str]) -> None:
    python, statement = None, STATEMENT
    while arguments[:1] in (["--python"], ["--statement"]):
        if arguments[0] == "--python":
            python = arguments[1]
        else:
            statement = arguments[1]
        arguments = arguments[2:]
    for name in arguments:
        path = Path(name)
        kept, reasons = coverage(path, statement)
        total = kept + sum(reasons.values())
        refused = ", ".join(f"{why} {count}" for why, count in reasons.most_common())
        print(f"{path.name}: {kept}/{total} kept" + (f"; refused: {refused}" if refused else ""))
        if python is not None:
            outcomes = workspace_coverage(path, python, statement)
            print("  in a workspace: " + ", ".join(
                f"{outcome} {len(times)} (median {statistics.median(times) * 1000:.0f} ms CPU)"
                for outcome, times in sorted(outcomes.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
