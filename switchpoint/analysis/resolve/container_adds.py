"""What one statement adds to the container it stores into: `d[k] = v`, `lst[a:b] = vs`, `d.setdefault(k, v)`,
`lst.append(v)`, `s.update(vs)`, `lst += vs` (tables `known_returns.CONTAINER_STORES`), as (kind, element,
key) triples, or None where the statement stores what is not followed (a `for` target, an unpacking, starred
arguments).

The element is the expression stored, or an `ast.Starred` made here standing for what iterating it gives; the key
is a dict's key expression, None for a mapping whose entries join (`d.update(m)`, `d |= m`) and unused for the
other kinds. Read for containers a name holds (resolve/container_stores.py) and for containers held by
attributes (`self._d[k] = v`, binder.py notes them with `Module.attribute_stores`). The nodes made here are made
once per node (`Made`): the evaluator's memo tables key by identity.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.known_returns import CONTAINER_STORES


class Made:
    """The nodes made for one walk or one module's binding, one per node they stand for."""

    def __init__(self) -> None:
        self._nodes: dict = {}

    def iterated(self, node: ast.expr) -> ast.Starred:
        """A `*node` standing for what iterating node gives."""
        made = self._nodes.get(id(node))
        if made is None:
            made = self._nodes[id(node)] = ast.copy_location(ast.Starred(value=node, ctx=ast.Load()), node)
        return made

    def constant(self, at: ast.AST, value) -> ast.Constant:
        key = (id(at), "constant")
        made = self._nodes.get(key)
        if made is None:
            made = self._nodes[key] = ast.copy_location(ast.Constant(value=value), at)
        return made


def subscript_store(target: ast.Subscript, statement, made: Made) -> list | None:
    """`d[k] = v` (a slice of a list: `lst[a:b] = values`); `d[k] += v` adds nothing (it keeps the entry's
    class, as `x += y` keeps x's)."""
    if statement.__class__ is ast.AugAssign:
        return []
    if statement.__class__ not in (ast.Assign, ast.AnnAssign) or statement.value is None:
        return None  # a `for` or `with` target, an unpacking: not followed
    if statement.__class__ is ast.Assign and target not in statement.targets:
        return None  # `d[a], d[b] = ...`
    value = statement.value
    if target.slice.__class__ is ast.Slice:
        return [("list", made.iterated(value), None)]
    return [("dict", value, target.slice), ("list", value, None)]


def method_call(method: str, call: ast.Call, made: Made) -> list | None:
    """A call of a storing method (`binder.STORING_METHODS`) on the container."""
    if any(a.__class__ is ast.Starred for a in call.args):
        return None  # its arguments not written out
    adds = []
    args = call.args
    for kind, methods in CONTAINER_STORES.items():
        how = methods.get(method)
        if how is None:
            continue
        shape, *positions = how
        if shape == "entry":
            key, value = positions
            if key < len(args):
                adds.append((kind, args[value] if value < len(args) else made.constant(call, None), args[key]))
        elif shape == "element":
            if positions[0] < len(args):
                adds.append((kind, args[positions[0]], None))
        elif shape == "elements":
            chosen = args if positions[0] is None else args[positions[0]:positions[0] + 1]
            adds += [(kind, made.iterated(given), None) for given in chosen]
        elif shape == "mapping":
            adds += [(kind, given, None) for given in args[positions[0]:positions[0] + 1]]
            for keyword in call.keywords:
                key = None if keyword.arg is None else made.constant(keyword, keyword.arg)
                adds.append((kind, keyword.value, key))
    return adds


def augmented(node: ast.AugAssign, made: Made) -> list | None:
    """`lst += values`, `d |= m`, `s |= values` (`-=`, `&=`, `*=` add nothing)."""
    op = node.op.__class__
    if op in (ast.Sub, ast.BitAnd, ast.Mult):
        return []
    if op not in (ast.Add, ast.BitOr, ast.BitXor):
        return None
    if op is ast.Add:
        return [("list", made.iterated(node.value), None)]
    return [("dict", node.value, None), ("set", made.iterated(node.value), None)]
