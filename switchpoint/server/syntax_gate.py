"""Keeps text that does not parse away from the engine, answering with its syntax error directly.

Half of the keystrokes in a typed line leave the file unparseable (`x = `,
`self.`). Handing such text to the engine makes it drop what it knew about the
file, so the next parseable keystroke costs a cold analysis (seconds on a big
module instead of the incremental time). Parsing first (a few milliseconds) and
answering with the same syntax-error problem the engine would give keeps the
engine on the last text that parsed; text that parses goes to the engine with
its tree, which the engine takes instead of parsing it again.
"""

from __future__ import annotations

import ast
import warnings

from switchpoint.analysis import api


def checked(path: str, text: str) -> tuple[api.Problem | None, ast.Module | None]:
    """(the file's syntax error as the engine reports it, None), or (None, the text's tree) when it parses,
    or (None, None) when the check itself fails (e.g. text the compiler cannot even encode: the engine decides)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes: the engine does not report them either
            return None, ast.parse(text, path)
    except SyntaxError as error:
        line = max(error.lineno or 1, 1)
        column = max(error.offset or 1, 1)
        at = api.Position(line=line, column=column)
        return api.Problem(path=path, message=f"syntax error: {error.msg}", range=api.Range(start=at, end=at)), None
    except Exception:
        return None, None

