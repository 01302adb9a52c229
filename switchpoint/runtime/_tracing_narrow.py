"""Narrows the implicit calls of `for` and `with` from their whole statement to their header.

CPython 3.11 and 3.12 give `FOR_ITER`/`GET_ITER` the position of the whole
`for` statement (or comprehension), and `__enter__`/`__exit__` the position of
the whole `with` statement; 3.13 gives the iterable or the context expression.
Sites must not depend on the Python version, so all of them become what
`yield-points` marks: `for` -> `target in iter` (target start .. iter end),
`with` -> the with item (`expr` or `expr as name`).
A coroutine waiting in `async for` or `async with` (its `__anext__`, `__aenter__`,
`__aexit__` awaited) stands at a SEND placed the same way, narrowed the same way;
a SEND at any other position is a plain `await`, left as it is.
Positions here are 0-based UTF-8 byte columns, as in `co_positions()`.
"""

from __future__ import annotations

import ast
import dis
import linecache

_FOR_OPS = frozenset({"FOR_ITER", "GET_ITER", "GET_AITER", "GET_ANEXT"})
_WITH_OPS = frozenset({"BEFORE_WITH", "BEFORE_ASYNC_WITH", "WITH_EXCEPT_START", "CALL", "PRECALL"})
_ENTER_OPS = frozenset({"BEFORE_WITH", "BEFORE_ASYNC_WITH"})
_AWAIT = "SEND"
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

# filename -> _Headers (None when the source cannot be parsed)
_cache: dict = {}


def _span(node) -> tuple:
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def _item_span(item: ast.withitem) -> tuple:
    last = item.optional_vars if item.optional_vars is not None else item.context_expr
    return (item.context_expr.lineno, item.context_expr.col_offset, last.end_lineno, last.end_col_offset)


def _header(target, iterable) -> tuple:
    return (target.lineno, target.col_offset, iterable.end_lineno, iterable.end_col_offset)


class _Headers:
    """The `for` headers and `with` items of one file, keyed by the positions CPython gives them."""

    def __init__(self, tree: ast.AST):
        # span of a for statement / comprehension expression, or of an iterable -> headers in source order
        self.fors: dict = {}
        # span of a with statement -> its items in source order (3.11, 3.12)
        self.withs: dict = {}
        # span of a context expression -> its item (3.13)
        self.items: dict = {}
        # the same for `async for` headers (of async generators only) and `async with` statements and items:
        # where a SEND there is the statement's own await
        self.async_fors: dict = {}
        self.async_withs: set = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.AsyncFor)):
                header = _header(node.target, node.iter)
                for key in (_span(node), _span(node.iter)):
                    self.fors.setdefault(key, []).append(header)
                    if isinstance(node, ast.AsyncFor):
                        self.async_fors.setdefault(key, []).append(header)
            elif isinstance(node, _COMPREHENSIONS):
                for gen in node.generators:
                    header = _header(gen.target, gen.iter)
                    for key in (_span(node), _span(gen.iter)):
                        self.fors.setdefault(key, []).append(header)
                        if gen.is_async:
                            self.async_fors.setdefault(key, []).append(header)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                items = [_item_span(item) for item in node.items]
                self.withs[_span(node)] = items
                for item, item_span in zip(node.items, items):
                    self.items[_span(item.context_expr)] = item_span
                if isinstance(node, ast.AsyncWith):
                    self.async_withs.update([_span(node), *(_span(item.context_expr) for item in node.items)])


def forget_sources() -> None:
    """Drops what was parsed, and stale source lines: files may have changed since the last recording."""
    _cache.clear()
    linecache.checkcache()


def _headers(filename: str):
    if filename not in _cache:
        try:
            _cache[filename] = _Headers(ast.parse("".join(linecache.getlines(filename))))
        except (SyntaxError, ValueError):
            _cache[filename] = None
    return _cache[filename]


def _rank(code, offset: int, opnames: frozenset, pos: tuple) -> int:
    """How many instructions of the same kind at the same position come before `offset` in `code`."""
    positions = list(code.co_positions())
    rank = 0
    for ins in dis.get_instructions(code):
        if ins.offset >= offset:
            break
        line, end_line, col, end_col = positions[ins.offset // 2]
        if ins.opname in opnames and (line, col, end_line, end_col) == pos:
            rank += 1
    return rank


def _cover(spans: list) -> tuple:
    """From the start of the first span to the end of the last, when CPython cannot tell which one ran."""
    return spans[0][:2] + spans[-1][2:]


def narrow(filename: str, code, offset: int, opname: str, pos: tuple) -> tuple:
    """The header position for an implicit `for`/`with` call at `offset`, else `pos` unchanged."""
    if opname not in _FOR_OPS and opname not in _WITH_OPS and opname != _AWAIT:
        return pos
    headers = _headers(filename)
    if headers is None:
        return pos
    if opname == _AWAIT:
        candidates = headers.async_fors.get(pos)
        if candidates:
            # an async comprehension's async generators share its position: which one waits is not told
            return candidates[0] if len(candidates) == 1 else _cover(candidates)
        if pos not in headers.async_withs:
            return pos  # a plain `await`
    elif opname in _FOR_OPS:
        candidates = headers.fors.get(pos)
        if not candidates:
            return pos
        if len(candidates) == 1:
            return candidates[0]
        # several generators of one comprehension share its position: their FOR_ITERs run in source order
        rank = _rank(code, offset, frozenset({opname}), pos)
        if opname == "FOR_ITER" and rank < len(candidates):
            return candidates[rank]
        return _cover(candidates)
    item = headers.items.get(pos)
    if item is not None:
        # 3.13 already points at the context expression, which is also where
        # the expression's own call is: only what runs after entering is implicit
        if opname == "CALL" and not _rank(code, offset, _ENTER_OPS, pos):
            return pos
        return item
    items = headers.withs.get(pos)
    if not items:
        return pos
    if len(items) == 1:
        return items[0]
    depth = _with_depth(code, offset, pos)
    return items[depth] if depth < len(items) else _cover(items)


def _exception_table(code):
    """(start, end, handler) byte offsets of `co_exceptiontable` (format: CPython's exception_handling_notes.txt)."""
    data, i = code.co_exceptiontable, 0

    def varint():
        nonlocal i
        byte = data[i]
        i += 1
        value = byte & 63
        while byte & 64:
            byte = data[i]
            i += 1
            value = (value << 6) | (byte & 63)
        return value

    while i < len(data):
        start, length, handler = varint() * 2, varint() * 2, varint() * 2
        varint()  # depth and lasti
        yield start, start + length, handler


def _with_depth(code, offset: int, pos: tuple) -> int:
    """Which item of a multi-item `with` (all sharing `pos` on 3.11/3.12) the instruction at `offset` belongs to.

    `with a, b, c:` nests c in b in a: whatever runs for item k (entering it,
    its body, its `__exit__` on either path) is protected by the exception
    handlers of items k-1, ..., 0, one inside the other. The exception table
    is flat (one handler per instruction), so walk outward from handler to the
    handler protecting it, counting this statement's `with` handlers: k of them.
    """
    instructions = list(dis.get_instructions(code))
    positions = list(code.co_positions())
    handlers = set()
    for before, ins in zip(instructions, instructions[1:]):
        line, end_line, col, end_col = positions[ins.offset // 2]
        if ins.opname == "WITH_EXCEPT_START" and (line, col, end_line, end_col) == pos:
            # the handler is entered at the PUSH_EXC_INFO just before
            handlers.update((ins.offset, before.offset))
    table = list(_exception_table(code))
    depth, seen, here = 0, set(), offset
    while here not in seen:
        seen.add(here)
        handler = next((target for start, end, target in table if start <= here < end), None)
        if handler is None:
            break
        depth += handler in handlers
        here = handler
    return depth
