"""Which reads of a local name the type tests guard (resolve/narrowing.py): the syntax side of narrowing.

Each line of SOURCE that reads `x` (or `v`) says `# yes` when a test must be in force at one of its reads
of it (the others being the test's own), `# no` when none may be at any. What the tests make of the values is the fixture `type_tests.py`'s to show.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.binder import Binder, Module
from switchpoint.analysis.resolve.narrowing import guards
from switchpoint.analysis.syntax import SourceText

SOURCE = '''
import gevent


def branches(x, flag):
    if isinstance(x, int):
        x.bit_length()  # yes
    elif isinstance(x, (str, bytes)):
        x.upper()  # yes
    else:
        x.read()  # yes
    x.read()  # no
    y = None if type(x) is not int else x  # yes
    z = not isinstance(x, str) or x.upper()  # yes
    w = isinstance(x, str) and flag and x.upper()  # yes
    while isinstance(x, str):
        x.upper()  # yes
        break
    assert issubclass(x, Exception)
    x.mro()  # yes
    return y, z, w


def returning(x):
    if not isinstance(x, str):
        return None
    x.upper()  # yes
    for item in x:
        if not isinstance(item, str):
            continue
        x.upper()  # yes


def split_test(x, y):
    # the test's lines say no test word whole (`type(` and `) is` apart): no fact, so no walrus to miss
    if isinstance(y, str):
        y.upper()
    if not (type(x)
            is str) or (x := y):
        return None
    x.upper()  # no


def rebound(x, items):
    if isinstance(x, str):
        x = x.upper()  # no
        x.lower()  # no
    if isinstance(x, str):
        x += "!"
        x.upper()  # no
    if isinstance(x, str) and (x := items[0]):  # no
        x.upper()  # no
    if isinstance(x, str):
        for x in items:
            x.upper()  # no
    if isinstance(x, str):
        with open(x) as x:  # no
            x.read()  # no
    if isinstance(x, str):
        try:
            pass
        except ValueError as x:
            pass
        x.upper()  # no
    if isinstance(x, str):
        import x
        x.upper()  # no
    if isinstance(x, str):
        def x():
            pass
        x.upper()  # no
    if isinstance(x, str):
        del x
        x.upper()  # no
    if not isinstance(x, str):
        return None
    x = None
    return x  # no


def matched(x, subject):
    if isinstance(x, str):
        match subject:
            case [x]:
                pass
        x.upper()  # no


def comprehensions(items, x):
    a = [v.upper() for v in items if isinstance(v, str)]  # yes
    b = list(v.upper() for v in items if isinstance(v, str))  # yes
    if isinstance(x, str):
        c = [x.upper() for _ in items]  # yes
        d = list(x.upper() for _ in items)  # no
        e = [x.upper() for x in items]  # no
    f = [v for v in items if isinstance(v, str) for v in v.split()]  # no
    return a, b, c, d, e, f


def classes_of_its_own(items, x):
    return [x.upper() for str in items if isinstance(x, str)]  # no


def nested(x):
    if isinstance(x, str):
        def later():
            return x.upper()  # no
        return later, (lambda: x.upper())  # no
    return None


def shared(x):
    def swap():
        nonlocal x
        x = 1
    if isinstance(x, str):
        swap()
        x.upper()  # no


def lazy_walrus(x, items):
    later = ((x := item) for item in items)
    if isinstance(x, str):
        next(later)
        x.upper()  # no


CURRENT = None


def through_global():
    if isinstance(CURRENT, str):
        CURRENT.upper()  # no


def negated_and(x, y):
    if not (isinstance(x, str) and y):
        x.upper()  # no
    if isinstance(x, str) or isinstance(x, bytes):
        x.upper()  # yes
    if isinstance(x, str) or y:
        x.upper()  # no
'''


def _reads(tmp_path) -> dict:
    """line -> [(read name, whether a test is in force there)] for the reads of `x` and `v`."""
    path = tmp_path / "app.py"
    path.write_text(SOURCE)
    module = Binder(Module("app", str(path), SourceText(SOURCE), ast.parse(SOURCE))).bind()
    found: dict = {}
    for function in module.functions:
        for node in ast.walk(function.node):
            if isinstance(node, ast.Name) and node.id in ("x", "v", "CURRENT") and isinstance(node.ctx, ast.Load):
                # a function's table answers for its own reads; a nested one's reads are absent from it
                own = _innermost(module, node) is function
                if own:
                    found.setdefault(node.lineno, []).append((node.col_offset, guards(node, function.scope) is not None))
    return {line: [guarded for _, guarded in pairs] for line, pairs in found.items()}


def _innermost(module: Module, node: ast.AST):
    best = None
    for function in module.functions:
        body = function.node
        if (body.lineno, body.col_offset) <= (node.lineno, node.col_offset) and (
                node.end_lineno, node.end_col_offset) <= (body.end_lineno, body.end_col_offset):
            if best is None or best.node.lineno <= body.lineno:
                best = function
    return best


def test_each_read_is_guarded_exactly_where_the_source_says(tmp_path):
    reads = _reads(tmp_path)
    lines = SOURCE.splitlines()
    checked = 0
    for number, text in enumerate(lines, start=1):
        if text.rstrip().endswith(("# yes", "# no")):
            expected = text.rstrip().endswith("# yes")
            assert number in reads, f"line {number} reads no x: {text.strip()}"
            assert any(reads[number]) == expected, f"line {number}: {text.strip()} -> {reads[number]}"
            checked += 1
    assert checked >= 40


def test_a_function_without_tests_has_no_table_to_walk(tmp_path):
    source = "def f(x):\n    return x.read()\n"
    module = Binder(Module("plain", None, SourceText(source), ast.parse(source))).bind()
    function = module.functions[0]
    read = function.node.body[0].value.func.value
    assert guards(read, function.scope) is None
    assert function.scope.narrowing == {}  # decided from the module's text, with no walk
