"""SP002 unanalysable-file: a file could not be analysed (unreadable, not UTF-8, a syntax error).

## What it does
Reports each file `switchpoint check` was given but could not read or parse, at
the position of the syntax error when there is one, a file on which a rule
failed internally (the other rules' findings are still reported), and a function
nested too deeply to analyse (a generated expression of thousands of terms: it is
taken to possibly switch). A path that does not exist is a usage error instead
(exit code 2). `switchpoint yield-points` prints the same problems on stderr, and
the editor shows them as errors.

## Why is this bad?
Nothing in such a file is checked, and callers that go through it lose their
switch points: a clean report would be a false promise.

## Example
```python
def broken(:      # SP002 syntax error: invalid syntax
```

## Use instead
Fix the file, or leave it out of the paths given to `switchpoint check`.

## Known limits
Only the first syntax error of a file is reported.
"""

from __future__ import annotations

from switchpoint.analysis.api import Finding, Position, Range

CODE = "SP002"
NAME = "unanalysable-file"


def check(context) -> list:
    module = context.module
    if not module.problem:
        return []
    where = module.error_range or Range(Position(1, 1), Position(1, 1))
    return [Finding(context.path, where, CODE, f"file could not be analysed: {module.problem}")]
