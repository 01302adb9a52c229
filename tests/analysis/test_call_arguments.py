"""Which argument expression a call writes out for a parameter (`call_argument`): the one lookup that
property(), builtins' tables and lazy iterators share."""

import ast

import pytest

from switchpoint.analysis.resolve.infer import call_argument


def _call(text: str) -> ast.Call:
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize(("text", "position", "keyword", "expected"), [
    ("f(a, b)", 1, None, "b"),
    ("f(a)", 1, None, None),  # half-typed: fewer arguments than the function takes
    ("f(a, fset=b)", 1, "fset", "b"),
    ("f(a, b, fset=c)", 1, "fset", "c"),  # the keyword is looked for first
    ("f(*xs, b)", 1, None, None),  # a `*x` before the position: its length is unknown
    ("f(a, *xs)", 0, None, "a"),
    ("f(a, *xs)", 1, None, None),
    ("f(*xs, key=k)", None, "key", "k"),
])
def test_call_argument(text, position, keyword, expected):
    given = call_argument(_call(text), position, keyword)
    assert (ast.unparse(given) if given is not None else None) == expected
