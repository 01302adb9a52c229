"""Random edits of the kind typing makes, for the tests that compare an editor's analyses with cold ones.

A line deleted, duplicated or commented out, a name swapped for another of the program's, a statement
or a small function inserted: most leave the file parseable, some do not (as half-typed code does).
The runtime's own modules are the usual corpus: switching code spread over modules importing each other.
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
RUNTIME = ROOT / "switchpoint" / "runtime"
# traps, hub, waiting and the primitives built on them
RUNTIME_MODULES = ("_sync", "_hub", "_waiting", "_channels", "_traps", "_vthread", "_timeouts", "_taskgroup")
RUNTIME_TARGETS = ("_sync", "_channels", "_taskgroup")  # the modules analysed after each edit

STATEMENTS = [
    "time.sleep(0)", "gevent.sleep(0)", "sleep(0)", "pass", "x = 1", "self.count += 1", "self.data[key] = value",
    "yield", "return None", "raise RuntimeError()", "import time", "from gevent import sleep",
    "with self._lock:\n{indent}    pass", "for item in self.items:\n{indent}    item.close()",
]


def names_in(texts) -> list[str]:
    """The identifiers of four letters or more in `texts`, sorted: what a swapped name is taken from."""
    return sorted({word for text in texts for word in re.findall(r"\b[a-z_]\w{3,}\b", text)})


def edited(rng: random.Random, text: str, names: list[str]) -> str:
    """`text` after one random edit of one of its lines."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    indent = line[: len(line) - len(line.lstrip())]
    kind = rng.randrange(6)
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, line)
    elif kind == 2:
        lines.insert(i, indent + rng.choice(STATEMENTS).replace("{indent}", indent))
    elif kind == 3:
        words = re.findall(r"\b[A-Za-z_]\w*\b", line)
        if words:
            lines[i] = re.sub(rf"\b{re.escape(rng.choice(words))}\b", rng.choice(names), line, count=1)
    elif kind == 4:
        lines[i] = indent + "# " + line.lstrip()
    else:
        lines.insert(i, f"{indent}def helper_{rng.randrange(3)}(self=None):\n{indent}    return {rng.choice(names)}")
    return "\n".join(lines)


def body_edited(rng: random.Random, text: str, statements: list[str]) -> str:
    """`text` with one of `statements` inserted before the first statement (after the docstring) of a random
    function's body, indented as it is: an edit inside a body (which most often keeps the module's shape)."""
    lines = text.split("\n")
    anchors = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            first = body[0]
            if first.lineno > node.lineno and not lines[first.lineno - 1][:first.col_offset].strip():
                anchors.append((first.lineno, first.col_offset))
    line, column = rng.choice(sorted(anchors))
    indent = " " * column
    lines.insert(line - 1, indent + rng.choice(statements).replace("{indent}", indent))
    return "\n".join(lines)
