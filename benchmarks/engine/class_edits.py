"""Edits inside class bodies but outside their methods, as an editor makes them, and which path each takes in a
workspace: the module kept in place (resolve/body_edits.py, resolve/class_edits.py) and the call graph kept
(callgraph/kept_graph.py), or a run.

    cd DIR_WITH_THE_PROJECT && PYTHONPATH=CHECKOUT python benchmarks/engine/class_edits.py --python VENV_PYTHON
        [--classes N] [--kind KIND ...] FILE [FILE ...]

For each of up to N top-level classes of each file (spread over the file, those with a method), each edit kind is
made in one editor's workspace (`open_workspace`, the file analysed first, each edit undone and analysed again
before the next), and counted by outcome with its CPU time:
- `value`: a class attribute's literal value changed (`timeout = 5` -> another literal), where the class has one;
- `attribute`: a new class attribute appended at the end of the class (`_retries = 3`);
- `pass`: `pass` inserted as the class body's first statement (after its docstring);
- `header`: a method appended at the end of the class, a bare header (`def _spare(self):` / `pass`);
- `filled`: that method's body filled (`x = self` / `return x`) after the bare header was analysed (timed: the fill);
- `pasted`: the method with that body appended at once;
- `between`: the bare method inserted between the class's first two methods.
Prints per kind how many edits kept the graph, how many took a run though kept in place, how many took a run,
and each outcome's median CPU milliseconds.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
from pathlib import Path

KINDS = ("value", "attribute", "pass", "header", "filled", "pasted", "between")


def _indent_of(lines: list[str], line: int) -> str:
    text = lines[line - 1]
    return text[:len(text) - len(text.lstrip())]


def _insert(lines: list[str], before_line: int, block: str) -> str:
    return "".join(lines[:before_line - 1]) + block + "".join(lines[before_line - 1:])


def class_edit(text: str, node: ast.ClassDef, kind: str) -> str | None:
    """`text` with edit `kind` made in class `node` (None where the class has no place for it)."""
    lines = text.splitlines(keepends=True)
    body = node.body
    methods = [item for item in body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not methods:
        return None
    indent = _indent_of(lines, body[-1].lineno if not getattr(body[-1], "decorator_list", None)
                        else body[-1].decorator_list[0].lineno)
    end = node.end_lineno + 1  # the line after the class's last
    if kind == "value":
        for item in body:
            if (isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant) and item.lineno == item.end_lineno
                    and isinstance(item.value.value, (int, str)) and not isinstance(item.value.value, bool)):
                line = lines[item.lineno - 1]
                value = item.value
                old = line[value.col_offset:value.end_col_offset]
                new = repr(value.value + 1) if isinstance(value.value, int) else repr(value.value + "_x")
                lines[item.lineno - 1] = line[:value.col_offset] + new + line[value.end_col_offset:]
                assert old != new
                return "".join(lines)
        return None
    if kind == "attribute":
        return _insert(lines, end, f"{indent}_retries = 3\n")
    if kind == "pass":
        first = body[1] if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(
            body[0].value, ast.Constant) else body[0]
        at = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        return _insert(lines, at, f"{_indent_of(lines, at)}pass\n")
    if kind == "header":
        return _insert(lines, end, f"\n{indent}def _spare(self):\n{indent}    pass\n")
    if kind in ("filled", "pasted"):
        return _insert(lines, end, f"\n{indent}def _spare(self):\n{indent}    x = self\n{indent}    return x\n")
    if kind == "between":
        if len(methods) < 2:
            return None
        second = methods[1]
        at = min([second.lineno, *(d.lineno for d in second.decorator_list)])
        return _insert(lines, at, f"{indent}def _spare(self):\n{indent}    pass\n\n")
    raise ValueError(kind)


def classes_of(text: str, count: int) -> list[ast.ClassDef]:
    """Up to `count` top-level classes with a method, spread over the file."""
    found = [node for node in ast.parse(text).body if isinstance(node, ast.ClassDef)
             and any(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) for item in node.body)]
    if len(found) <= count:
        return found
    step = len(found) / count
    return [found[int(index * step)] for index in range(count)]


def measure(path: Path, python: str, count: int, kinds) -> dict:
    from switchpoint.analysis.api import Options, open_workspace

    text = path.read_text(encoding="utf-8")
    workspace = open_workspace(Options(python=python, whole_results=False))
    workspace.analyze_file(path)
    outcomes: dict = {}  # kind -> outcome -> [seconds]
    for node in classes_of(text, count):
        for kind in kinds:
            edited = class_edit(text, node, kind)
            if edited is None:
                continue
            if kind == "filled":  # typed: the header first
                workspace.set_text(path, class_edit(text, node, "header"))
                workspace.analyze_file(path)
            workspace.set_text(path, edited)
            start = time.process_time()
            workspace.analyze_file(path)
            seconds = time.process_time() - start
            stats = workspace.stats
            outcome = "graph kept" if stats.get("graph_kept") else (
                "run, kept in place" if stats.get("kept_in_place") else "run")
            outcomes.setdefault(kind, {}).setdefault(outcome, []).append(seconds)
            workspace.set_text(path, text)
            workspace.analyze_file(path)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--python", required=True)
    parser.add_argument("--classes", type=int, default=8)
    parser.add_argument("--kind", action="append", choices=KINDS)
    arguments = parser.parse_args()
    for name in arguments.files:
        outcomes = measure(Path(name), arguments.python, arguments.classes, arguments.kind or KINDS)
        print(f"{name}:")
        for kind, found in outcomes.items():
            print(f"  {kind:10}" + ", ".join(
                f"{outcome} {len(times)} ({statistics.median(times) * 1000:.0f} ms)" for outcome, times in sorted(found.items())))


if __name__ == "__main__":
    main()
