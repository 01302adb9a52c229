"""Which bindings of a function's local name may reach one of its reads, and the type tests on the way.

Inference is flow-insensitive (every binding of a name is one of its values): this module says, for a read
in the function's own code, which bindings may reach it, by walking the statements back from the read. An
assignment that must have run just before (`params = tuple(params)` above the read in the same block, or in a
block around it) hides the bindings before it; one that may not have run (in an `if`, a loop, a `try`, a
`with`) joins them. The evaluator uses the answer for the type tests on the way only (`Evaluator._bindings`):
a hidden binding keeps its values, which may stand for a value inference misses of those that reach. On the way back, an `if` whose one branch ends in `return`/`raise`/`continue`/
`break` (or rebinds the name for good) lets through only the values that took the other branch: the values
from before it hold its test's fact there (narrowing's facts, `narrowing.test_facts`), so the normalising
idiom `if not isinstance(params, tuple): params = (params,)` leaves a tuple. Entering a loop from inside it
joins every binding in the loop (the next iteration may see them), as does leaving an `except` handler
(the `try` body may have run in part).

A read gets `None` (every binding, as before) where the walk cannot be sure: the name has a binding it
cannot place (an import), code elsewhere may rebind it (a nested function's `nonlocal`, a walrus in a
generator expression), it is declared (`x: T`, which wins anyway), or the walk reaches the function's start
with nothing bound (a read before any binding raises: no value is no help). Only reads evaluated in the
function's own scope are answered (not a lambda's, a nested function's or a comprehension's but for its first
iterable), only for names with two bindings or more. The table is kept on the function's scope: it depends on
the text alone.
"""

from __future__ import annotations

import ast
from bisect import bisect_left

from switchpoint.analysis.resolve.binder import Scope
from switchpoint.analysis.resolve.narrowing import banned_names, test_facts

_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_TERMINATING = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_FALLBACK = None
_UNASKED = object()


def reaching(node: ast.Name, scope: Scope, bindings: tuple) -> tuple | None:
    """((index into `bindings`, facts), ...) of the bindings of `node.id` that may reach the read `node`, or None."""
    table = scope.reaching
    if table is None:
        table = scope.reaching = _Table(scope)
    return table.answer(node, bindings)


def facts_on_the_way(node: ast.Name, scope: Scope, bindings: tuple) -> dict | None:
    """{index into `bindings`: the type tests' facts on its way to the read `node`} for the bindings that may
    reach it, and under the key None the facts every way to the read passes (what a binding said not to reach
    gets, since it is kept: see `Evaluator._bindings`); None where `reaching` cannot say."""
    reached = reaching(node, scope, bindings)
    if not reached:
        return None
    on_the_way = dict(reached)
    common = list(reached[0][1])
    for _, facts in reached[1:]:
        common = [fact for fact in common if fact in facts]
    on_the_way[None] = tuple(common)
    return on_the_way


def bound_before(node: ast.Name, scope: Scope, bindings: tuple, fact: tuple) -> bool:
    """Whether every binding that may reach the read `node` stands before the test that gave `fact` (narrowing's
    fact tuple, whose last item is the test's callee): then the read sees the value the test saw."""
    found = reaching(node, scope, bindings)
    if found is None:
        return False
    test = fact[3]
    at = (test.lineno, test.col_offset)
    for index, _ in found:
        place = _place(bindings[index])
        if place is None or (place != "param" and place >= at):
            return False
    return True


class _Table:
    __slots__ = ("scope", "statement_of", "parent_of", "answers", "banned")

    def __init__(self, scope: Scope):
        self.scope = scope
        self.statement_of: dict = {}  # read -> the innermost statement holding it
        self.parent_of: dict = {}  # statement -> (owner: a statement, a handler, a case or None, block, index)
        self.answers: dict = {}
        self.banned = _UNASKED  # names code elsewhere may rebind (None: any, the text is not at hand)
        function = scope.owner.node
        if function.__class__ in (ast.FunctionDef, ast.AsyncFunctionDef):
            self._index(function.body, None)

    def _index(self, block: list, owner) -> None:
        reads = self.statement_of
        for index, statement in enumerate(block):
            self.parent_of[statement] = (owner, block, index)
            for part in _own_expressions(statement):
                for inner in _run_here(part):
                    reads[inner] = statement
            for field in _BLOCKS.get(statement.__class__, ()):
                self._index(getattr(statement, field), statement)
            for handler in getattr(statement, "handlers", ()):
                self.parent_of[handler] = (statement, None, 0)
                self._index(handler.body, handler)
            for case in getattr(statement, "cases", ()):
                self.parent_of[case] = (statement, None, 0)
                self._index(case.body, case)

    def answer(self, node: ast.Name, bindings: tuple) -> tuple | None:
        if node in self.answers:
            return self.answers[node]
        found = self.answers[node] = self._answer(node, bindings)
        return found

    def _answer(self, node: ast.Name, bindings: tuple) -> tuple | None:
        statement = self.statement_of.get(node)
        if statement is None or (node.ctx.__class__ is not ast.Load and statement.__class__ is not ast.AugAssign):
            return _FALLBACK  # a target (but `x += y`'s, which reads x first)
        if self.banned is _UNASKED:
            self.banned = banned_names(self.scope)
        if self.banned is None or node.id in self.banned:
            return _FALLBACK
        places = []
        for binding in bindings:
            place = _place(binding)
            if place is None:
                return _FALLBACK
            places.append(place)
        walk = _Walk(self, node.id, bindings, places)
        try:
            return walk.run(node, statement)
        except _GiveUp:
            return _FALLBACK


class _GiveUp(Exception):
    pass


class _Walk:
    def __init__(self, table: _Table, name: str, bindings: tuple, places: list):
        self.table = table
        self.name = name
        self.bindings = bindings
        self.places = places  # each binding's position (line, column), or "param"
        self.found: dict = {}  # binding index -> facts it gets (facts common to every path it reaches by)
        self.ordered = sorted((place, index) for index, place in enumerate(places) if place != "param")

    def run(self, read: ast.Name, statement) -> tuple | None:
        # what the statement holding the read binds before the read (a walrus), or as a loop around it
        facts: tuple = ()
        own_value = getattr(statement, "value", None) if statement.__class__ in (ast.Assign, ast.AnnAssign) else None
        if statement.__class__ is ast.While:
            self._collect(self._within(statement), facts)
        else:
            header_end = _header_end(statement)
            for index in self._within(statement):
                binding = self.bindings[index]
                if binding[0] in ("assign", "unpack") and binding[1] is own_value:
                    continue  # the statement's own target: bound after its value is read
                if header_end is None or self.places[index] < header_end:
                    self.found.setdefault(index, facts)
        reaches, facts = self._up(statement, facts)
        if reaches:
            self._collect([i for i, place in enumerate(self.places) if place == "param"], facts)
        if not self.found:
            return _FALLBACK
        return tuple(sorted(self.found.items(), key=lambda item: item[0]))

    def _collect(self, indexes, facts: tuple) -> None:
        for index in indexes:
            known = self.found.get(index)
            # reached by several paths: only the facts every one of them gives
            self.found[index] = facts if known is None else tuple(f for f in known if f in facts)

    def _within(self, node) -> list:
        return self._between((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset))

    def _between(self, start: tuple, end: tuple) -> list:
        """The bindings placed from `start` up to `end` (exclusive), by bisection over the ordered places."""
        ordered = self.ordered
        low = bisect_left(ordered, (start, -1))
        high = bisect_left(ordered, (end, -1), low)
        return [index for _, index in ordered[low:high]]

    def _up(self, statement, facts: tuple) -> tuple:
        """Back from `statement` (whose own part is done) to the function's start: (reaches it, facts)."""
        while True:
            owner, block, index = self.table.parent_of[statement]
            if block is not None:
                reaches, facts = self._back(block, index, facts)
                if not reaches:
                    return False, facts
            if owner is None:
                return True, facts
            kind = owner.__class__
            if kind in _LOOPS:  # the next iteration sees what the loop binds
                self._collect(self._within(owner), facts)
            elif kind is ast.If:
                if self._within(owner.test):
                    raise _GiveUp  # a walrus in the test
                facts = facts + test_facts(self.table.scope, owner.test, block is owner.body, self.name)
            elif kind is ast.match_case:
                raise _GiveUp  # a case has no position to tell its captures by
            elif kind is ast.ExceptHandler:
                self._collect(self._before(owner, owner.body[0]), facts)  # the `as` name
                statement = owner
                owner, _, _ = self.table.parent_of[owner]  # its try or match: what came before the handler
                self._collect(self._before(owner, statement), facts)
            else:  # with, try (body, else, finally): what its header and earlier parts bind
                self._collect(self._before(owner, block[0]), facts)
            statement = owner

    def _before(self, owner, first) -> list:
        return self._between((owner.lineno, owner.col_offset), (first.lineno, first.col_offset))

    def _back(self, block: list, index: int, facts: tuple) -> tuple:
        """The statements block[index-1] ... block[0]: (whether what was bound before the block gets through,
        the facts it holds then)."""
        for statement in reversed(block[:index]):
            kind = statement.__class__
            if kind is ast.If:
                reaches, facts = self._branches(statement, facts)
                if not reaches:
                    return False, facts
                continue
            inside = self._within(statement)
            if not inside:
                continue
            dominating = _dominating(statement, self.bindings, inside, self.name)
            if dominating is not None:
                self._collect([dominating], facts)
                return False, facts
            self._collect(inside, facts)  # bound on some paths only: what came before may get through too
        return True, facts

    def _branches(self, statement: ast.If, facts: tuple) -> tuple:
        if self._within(statement.test):
            raise _GiveUp  # a walrus in the test
        flows = []
        for branch, positive in ((statement.body, True), (statement.orelse, False)):
            if branch and isinstance(branch[-1], _TERMINATING):
                continue  # nothing from this branch reaches past the `if`
            reaches, branch_facts = self._back(branch, len(branch), facts)
            if reaches:
                flows.append(branch_facts + test_facts(self.table.scope, statement.test, positive, self.name))
        if not flows:
            return False, facts
        if len(flows) == 1:
            return True, flows[0]
        return True, tuple(f for f in flows[0] if f in flows[1])


def _dominating(statement, bindings: tuple, inside: list, name: str) -> int | None:
    """The binding a plain assignment `name = ...` (or `a, name = ...`) makes for good, or None."""
    if statement.__class__ not in (ast.Assign, ast.AnnAssign) or statement.value is None:
        return None
    targets = statement.targets if statement.__class__ is ast.Assign else [statement.target]
    if not any(_names_directly(target, name) for target in targets):
        return None
    for index in inside:
        binding = bindings[index]
        if binding[0] in ("assign", "unpack") and binding[1] is statement.value:
            return index
    return None


def _names_directly(target: ast.expr, name: str) -> bool:
    if target.__class__ is ast.Name:
        return target.id == name
    if target.__class__ in (ast.Tuple, ast.List):
        return any(_names_directly(element, name) for element in target.elts)
    return False


def _place(binding: tuple):
    kind = binding[0]
    if kind == "param":
        return "param"
    if kind == "elsewhere":  # a walrus in a comprehension, bound in the function
        return _place(binding[1])
    if kind in ("assign", "unpack", "iter", "unpack_iter", "enter", "caught", "annotation"):
        node = binding[1]
    elif kind in ("def", "class"):
        node = binding[1].node
    else:  # an import, or a binding with no place
        return None
    if node is None or not hasattr(node, "lineno"):
        return None
    return (node.lineno, node.col_offset)


def _header_end(statement):
    """Where a compound statement's body starts (its header is evaluated before), or None for a simple one."""
    body = getattr(statement, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
        return (body[0].lineno, body[0].col_offset)
    if statement.__class__ is ast.Match and statement.cases:
        first = statement.cases[0].pattern
        return (first.lineno, first.col_offset)
    return None


def _run_here(node: ast.expr):
    """The names an expression reads as it is evaluated: not in a lambda's body nor a generator expression's
    (but its first iterable), which run later, when the name may hold another value."""
    pending = [node]
    while pending:
        node = pending.pop()
        kind = node.__class__
        if kind is ast.Name:
            yield node
        elif kind is ast.Lambda:
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
        elif kind is ast.GeneratorExp:
            pending.append(node.generators[0].iter)
        else:
            pending.extend(ast.iter_child_nodes(node))


def _own_expressions(statement) -> list:
    """The expressions a statement evaluates itself (not its blocks, nor a nested def's or class's body)."""
    kind = statement.__class__
    if kind in _NESTED:
        parts = list(statement.decorator_list)
        if kind is ast.ClassDef:
            parts += statement.bases + [k.value for k in statement.keywords]
        else:
            parts += statement.args.defaults + [d for d in statement.args.kw_defaults if d is not None]
        return parts
    parts = []
    skip = _BLOCKS.get(kind, ())
    for field, value in ast.iter_fields(statement):
        if field in skip or field in ("handlers", "cases"):
            continue
        if isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            parts.append(value)
    return parts


_BLOCKS = {
    ast.If: ("body", "orelse"), ast.For: ("body", "orelse"), ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"), ast.With: ("body",), ast.AsyncWith: ("body",),
    ast.Try: ("body", "orelse", "finalbody"),
}
if hasattr(ast, "TryStar"):
    _BLOCKS[ast.TryStar] = ("body", "orelse", "finalbody")
