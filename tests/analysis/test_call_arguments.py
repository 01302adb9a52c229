"""Which argument expression a call writes out for a parameter (`call_argument`): the one lookup that
property(), builtins' tables and lazy iterators share; and where a call's arguments go in a function's
header (`sites._header`)."""

import ast

import pytest

from switchpoint.analysis.callgraph.sites import _header
from switchpoint.analysis.resolve.binder import Binder, Module, parameters
from switchpoint.analysis.resolve.infer import call_argument
from switchpoint.analysis.syntax import SourceText


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


HEADERS = '''
def plain(a, b): pass
def starred(a, /, b, *args, c, **kwargs): pass
def keywords_only(a, *, b, c=1, **options): pass
def spread(*items): pass
def nothing(): pass
def mapping_only(**kwargs): pass
'''


def test_header_matches_the_binding_order():
    """The indexes `_header` gives `*args` and `**kwargs` (and what positions fill) are those of
    `binder.parameters`, the order every parameter index is in."""
    module = Binder(Module("app", None, SourceText(HEADERS), ast.parse(HEADERS))).bind()
    assert len(module.functions) == 6
    for func in module.functions:
        arguments = func.node.args
        params = parameters(arguments)
        expected = (
            len(arguments.posonlyargs) + len(arguments.args),
            params.index(arguments.vararg) if arguments.vararg else None,
            params.index(arguments.kwarg) if arguments.kwarg else None,
            tuple(p.arg for p in (arguments.vararg, arguments.kwarg) if p),
        )
        assert tuple(_header(func)) == expected, func.qualname
