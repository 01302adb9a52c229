"""Keeps text that does not parse away from the engine, answering with its syntax error directly.

Half of the keystrokes in a typed line leave the file unparseable (`x = `,
`self.`). Handing such text to the engine makes it drop what it knew about the
file, so the next parseable keystroke costs a cold analysis (seconds on a big
module instead of the incremental time). Checking with `compile()` first (a few
milliseconds) and answering with the same syntax-error problem the engine would
give keeps the engine on the last text that parsed.
"""

from __future__ import annotations

import ast

from switchpoint.analysis import api


def syntax_problem(path: str, text: str) -> api.Problem | None:
    """The file's syntax error as the engine reports it, or None when it parses (or the check itself fails)."""
    try:
        compile(text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        line = max(error.lineno or 1, 1)
        column = max(error.offset or 1, 1)
        at = api.Position(line=line, column=column)
        return api.Problem(path=path, message=f"syntax error: {error.msg}", range=api.Range(start=at, end=at))
    except Exception:
        return None  # e.g. text the compiler cannot even encode: the engine decides
    return None
