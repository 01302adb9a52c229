"""The type tests that must have held where a function reads a local name: `isinstance(x, C)` over `x.read()`.

One walk over a function's body, made the first time one of its names is evaluated and only where a line of
it says `isinstance`, `issubclass` or `type(...) is`, finds for each read of a local name the tests in force
there: those of an `if`/`elif`/`while` over it (the `else` under their negation), of a conditional
expression, of the operands before it in an `and` (an `or`: negated), of an `assert` or of an `if` whose body
ends in `return`/`raise`/`continue`/`break` before it in the same block, and of a list, set, dict or
generator comprehension's conditions over its element. A test is one of

    isinstance(x, C)   isinstance(x, (C, D))   isinstance(x, C | D)   issubclass(x, C)
    type(x) is C       type(x) is not C

(with `not`, and an `or` of isinstance tests of one name), where `x` is a plain name and the classes are
dotted names (which of those name a class for good is the evaluator's to say). It counts for a read only if nothing can give the name another value in between: any
binding of it inside the region the test guards (an assignment, `+=`, a walrus, `del`, a `for`, `with` or
`except` target, an import, a `def`, a `match` capture) drops it, and so does any way of rebinding a local
from elsewhere (a nested function's `nonlocal`, a walrus in a generator expression, which runs later).
Only names bound in the function itself (or by the comprehension the read is in) are narrowed, never a
global or a closure's variable (a call in between may rebind those), nor an attribute (`self.conn`: any
call, any switch, may store another), nor a read inside a nested function, lambda or generator expression
under a test outside it (they run later). `x is None` is not read: None has no method a call could reach.

What a test means for the values is the evaluator's part (`Evaluator._narrowed`): this module reads syntax
only. The table is kept on the function's scope (the lines saying a test on the module's): it depends on
the text alone, so it holds for as long as the module's binding does.
"""

from __future__ import annotations

import ast
from bisect import bisect_left, bisect_right

from switchpoint.analysis.resolve.binder import COMPREHENSIONS, Scope

# a fact one test gives about a name: (kind, class expressions, positive, callee name node)
#   kind "isinstance", "issubclass": the classes tested (each a dotted name), callee `isinstance`/`issubclass`
#   kind "type": `type(x) is C`, callee `type`
# positive False: the test failed (`else`, `not`, the code after an `if` that returns)
_NO_TABLE: dict = {}
_TEST_WORDS = ("isinstance", "issubclass", "type(")
_TERMINATING = (ast.Return, ast.Raise, ast.Continue, ast.Break)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class _Fact:
    """One test's fact about one variable (a name of the function, or of the comprehension `owner`), made once
    per test node and polarity, so a binding met anywhere in a region it guards drops it everywhere."""

    __slots__ = ("name", "owner", "fact", "parts", "dropped")

    def __init__(self, name: str, owner, fact: tuple, parts: tuple = ()):
        self.name = name
        self.owner = owner  # None: the function's own variable; else the comprehension node binding it
        self.fact = fact
        self.parts = parts  # facts it was combined from (an `or` of tests): dropped with any of them
        self.dropped = False

    def holds(self) -> bool:
        return not self.dropped and all(part.holds() for part in self.parts)


class _Facts(dict):
    """read -> the facts in force there; `dropped`: read -> the facts a binding in their region dropped."""

    __slots__ = ("dropped",)

    def __init__(self):
        super().__init__()
        self.dropped: dict = {}


def dropped_guards(node: ast.Name, scope: Scope) -> tuple:
    """The facts over the read `node` that a binding somewhere in the region of their test dropped (a
    function's own name read in its own scope; `guards` must have been asked first), each true there where
    what reaches the read was bound before its test."""
    table = scope.narrowing if scope.kind == "function" else None
    dropped = getattr(table, "dropped", None)
    return dropped.get(node, ()) if dropped else ()


def guards(node: ast.Name, scope: Scope) -> tuple | None:
    """(the function's scope, the facts in force at the read `node` evaluated in `scope`), or None."""
    root = scope
    while root.kind == "comprehension":
        root = root.parent
    if root.kind != "function":
        return None
    table = root.narrowing
    if table is None:
        table = root.narrowing = _table(root)
    facts = table.get(node)
    return None if facts is None else (root, facts)


def _table(scope: Scope) -> dict:
    function = scope.owner
    node = getattr(function, "node", None)
    module = getattr(function, "module", None)
    source = getattr(module, "source", None)
    if node is None or source is None or not hasattr(node, "end_lineno"):
        return _NO_TABLE
    top = scope.module_scope()
    lines = top.narrowing  # a module scope's slot holds the lines of its text that say a test
    if lines is None:
        ends = source.line_ends()
        lines = top.narrowing = _lines_saying(source.text, ends)
    index = bisect_left(lines, node.lineno)
    if index == len(lines) or lines[index] > node.end_lineno:
        return _NO_TABLE
    try:
        return _Walk(scope, source, lines).run(node)
    except RecursionError:  # pathologically deep expressions: no narrowing
        return _NO_TABLE


def says_a_test(scope: Scope) -> bool:
    """Whether a line of the function says a test (`isinstance`, `issubclass`, `type(...) is`): elsewhere no
    fact can hold, and `reaching` has nothing to narrow."""
    function = scope.owner
    node = getattr(function, "node", None)
    source = getattr(getattr(function, "module", None), "source", None)
    if node is None or source is None or not hasattr(node, "end_lineno"):
        return False
    top = scope.module_scope()
    lines = top.narrowing  # a module scope's slot holds the lines of its text that say a test (_table)
    if lines is None:
        lines = top.narrowing = _lines_saying(source.text, source.line_ends())
    return _on_lines(lines, node.lineno, node.end_lineno)


def test_facts(scope: Scope, test: ast.expr, positive: bool, name: str) -> tuple:
    """The facts about the function's own local `name` that `test` gives where it was true (`positive`) or
    false (for `reaching`, which follows a name's values back past an `if`)."""
    walk = _Walk(scope, scope.owner.module.source, [])
    return tuple(f.fact for f in walk.facts(test, positive, {}) if f.name == name and f.owner is None and f.holds())


def banned_names(scope: Scope) -> frozenset | None:
    """The names of a function that code elsewhere may rebind while it runs (see _Walk._ban), None for all."""
    source = getattr(scope.owner.module, "source", None)
    if source is None:
        return None
    walk = _Walk(scope, source, [])
    walk._ban(scope.owner.node)
    return frozenset(walk.banned) | scope.nonlocals | scope.globals


class _Walk:
    def __init__(self, scope: Scope, source, lines: list):
        self.scope = scope
        self.source = source
        self.lines = lines  # the lines that say a test, in order: code on no such line gives no fact
        self.uses: dict[ast.Name, tuple] = {}  # read -> the facts in force there
        self.banned: set[str] = set()  # names something other than the function's own code may rebind
        self.memo: dict[tuple, tuple] = {}  # (test node, positive) -> its facts

    def run(self, function) -> dict:
        # (node or list of statements, facts in force, comprehension-bound names -> their comprehension)
        self._ban(function)
        stack: list = [(function.body, (), {})]  # a def's statements, or a lambda's expression
        while stack:
            item, active, env = stack.pop()
            if isinstance(item, list):
                self._block(item, active, env, stack)
            else:
                self._node(item, active, env, stack)
        table = _Facts()
        bound = self.scope.bindings
        nonlocals = self.scope.nonlocals
        for use, facts in self.uses.items():
            kept = tuple(f.fact for f in facts if f.holds() and (
                f.owner is not None or (f.name in bound and f.name not in self.banned and f.name not in nonlocals)))
            if kept:
                table[use] = kept
            # a test a binding somewhere in its region dropped: still true where only bindings from before the
            # test reach the read (the evaluator asks reaching.py)
            dropped = tuple(f.fact for f in facts if not f.holds() and f.owner is None and f.name in bound
                            and f.name not in self.banned and f.name not in nonlocals)
            if dropped:
                table.dropped[use] = dropped
        return table

    # -- statements ------------------------------------------------------------------------------

    def _block(self, statements: list, active: tuple, env: dict, stack: list) -> None:
        """Each statement, under the facts of the asserts and returning `if`s before it in the block."""
        for statement in statements:
            stack.append((statement, active, env))
            kind = statement.__class__
            if (kind is ast.Assert or kind is ast.If) and not _on_lines(self.lines, statement.lineno, statement.end_lineno):
                continue  # no test said on its lines: it is not walked (_quiet), so it gives no fact either
            if kind is ast.Assert:
                active = active + self.facts(statement.test, True, env)
            elif kind is ast.If:
                body_ends = _terminates(statement.body)
                else_ends = bool(statement.orelse) and _terminates(statement.orelse)
                if body_ends and not else_ends:
                    active = active + self.facts(statement.test, False, env)
                elif else_ends and not body_ends:
                    active = active + self.facts(statement.test, True, env)

    def _ban(self, function) -> None:
        """The names code elsewhere may rebind while the function runs: a nested function's (or class's)
        `nonlocal`, a walrus in a generator expression (it runs when the generator is iterated)."""
        source, first, last = self.source, function.lineno, function.end_lineno
        if source.mentions("nonlocal", first, last):
            self.banned.update(name for inner in ast.walk(function) if inner.__class__ is ast.Nonlocal for name in inner.names)
        if source.mentions(":=", first, last):
            for inner in ast.walk(function):
                if inner.__class__ is ast.GeneratorExp:
                    self.banned.update(n.target.id for n in ast.walk(inner) if n.__class__ is ast.NamedExpr)

    def _quiet(self, statement, active: tuple) -> bool:
        """Whether nothing in `statement` can matter: no line of it says a test, nor (as text) a name a fact
        in force is about (to be read or bound). Asked of statements only: expressions are small."""
        first, last = statement.lineno, statement.end_lineno
        if _on_lines(self.lines, first, last):
            return False
        return not any(self.source.mentions(fact.name, first, last) for fact in active)

    def _node(self, node, active: tuple, env: dict, stack: list) -> None:
        kind = node.__class__
        if kind is ast.Name:
            if not active:
                return
            if node.ctx.__class__ is ast.Load:
                owner = env.get(node.id)
                found = tuple(f for f in active if f.name == node.id and f.owner is owner)
                if found:
                    self.uses[node] = found
            else:
                self._bound(node.id, active, env.get(node.id))
            return
        if kind is ast.Constant or (isinstance(node, ast.stmt) and self._quiet(node, active)):
            return
        if kind is ast.If or kind is ast.While or kind is ast.IfExp:
            stack.append((node.test, active, env))
            stack.append((node.body, active + self.facts(node.test, True, env), env))
            if kind is ast.IfExp or node.orelse:
                stack.append((node.orelse, active + self.facts(node.test, False, env), env))
            return
        if kind is ast.BoolOp:
            positive = node.op.__class__ is ast.And
            for value in node.values:
                stack.append((value, active, env))
                active = active + self.facts(value, positive, env)
            return
        if kind is ast.NamedExpr:  # binds in the function, even in a comprehension (PEP 572)
            self._bound(node.target.id, active, None)
            stack.append((node.value, active, env))
            return
        if kind in COMPREHENSIONS:
            self._comprehension(node, active, env, stack)
            return
        if kind in _NESTED:
            self._nested(node, active, env, stack)
            return
        if kind is ast.Import or kind is ast.ImportFrom:
            for alias in node.names:
                self._bound((alias.asname or alias.name).partition(".")[0], active, None)
            return
        if kind is ast.ExceptHandler and node.name:
            self._bound(node.name, active, None)
        elif kind is ast.MatchAs or kind is ast.MatchStar:
            if node.name:
                self._bound(node.name, active, None)
        elif kind is ast.MatchMapping and node.rest:
            self._bound(node.rest, active, None)
        for field in _BLOCK_FIELDS.get(kind, ()):
            stack.append((getattr(node, field), active, env))
        skip = _BLOCK_FIELDS.get(kind)
        for name, value in ast.iter_fields(node):
            if skip and name in skip:
                continue
            if isinstance(value, list):
                for child in value:
                    if isinstance(child, ast.AST):
                        stack.append((child, active, env))
            elif isinstance(value, ast.AST):
                stack.append((value, active, env))

    def _bound(self, name: str, active: tuple, owner) -> None:
        """A binding of `name` (of the function's variable, or of comprehension `owner`'s): the facts about
        it in force here guard a region it rebinds."""
        for fact in active:
            if fact.name == name and fact.owner is owner:
                fact.dropped = True

    def _nested(self, node, active: tuple, env: dict, stack: list) -> None:
        """A nested def, class or lambda: what its statement evaluates here (decorators, defaults, bases)
        is walked; its body runs later, in a scope of its own, and only its `nonlocal`s matter here."""
        if node.__class__ is ast.Lambda:
            parts = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        elif node.__class__ is ast.ClassDef:
            self._bound(node.name, active, None)
            parts = [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
        else:
            self._bound(node.name, active, None)
            parts = [*node.decorator_list, *node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        stack.extend((part, active, env) for part in parts)

    def _comprehension(self, node, active: tuple, env: dict, stack: list) -> None:
        """Its first iterable runs here; the rest in its own scope, where its targets are its names: facts
        about other variables of those names, or tested against classes so named, stop at it. A generator
        expression runs later: no fact from outside holds in it, and a walrus in it may rebind at any time."""
        first, *rest = node.generators
        stack.append((first.iter, active, env))
        names: set = set()
        for generator in node.generators:
            names.update(n.id for n in ast.walk(generator.target) if n.__class__ is ast.Name)
        inner_env = {**env, **{name: node for name in names}}
        if node.__class__ is ast.GeneratorExp:  # runs later (a walrus in it bans its name: _ban)
            current: tuple = ()
        else:
            current = tuple(f for f in active if f.name not in names and not (_names_of(f.fact) & names))
        for index, generator in enumerate(node.generators):
            if index:
                stack.append((generator.iter, current, inner_env))
            stack.append((generator.target, current, inner_env))
            for condition in generator.ifs:
                stack.append((condition, current, inner_env))
                current = current + self.facts(condition, True, inner_env)
        elements = (node.key, node.value) if node.__class__ is ast.DictComp else (node.elt,)
        stack.extend((element, current, inner_env) for element in elements)

    # -- tests ------------------------------------------------------------------------------------

    def facts(self, test: ast.expr, positive: bool, env: dict) -> tuple:
        """The facts `test` gives when it was true (`positive`) or false, each one object per test."""
        key = (test, positive)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._facts(test, positive, env)
        return found

    def _facts(self, test: ast.expr, positive: bool, env: dict) -> tuple:
        kind = test.__class__
        if kind is ast.UnaryOp and test.op.__class__ is ast.Not:
            return self.facts(test.operand, not positive, env)
        if kind is ast.BoolOp:
            conjunction = (test.op.__class__ is ast.And) == positive
            parts = [self.facts(value, positive, env) for value in test.values]
            if conjunction:
                return tuple(f for part in parts for f in part)
            return self._either(parts)
        if kind is ast.Call:
            return self._called(test, positive, env)
        if kind is ast.Compare and len(test.ops) == 1:
            return self._compared(test, positive, env)
        return ()

    def _either(self, parts: list) -> tuple:
        """One of several tests held (an `or`): a fact only where each is an isinstance of the same name."""
        if not parts or any(len(part) != 1 for part in parts):
            return ()
        first = parts[0][0]
        if any(f.name != first.name or f.owner is not first.owner or f.fact[0] != "isinstance" or not f.fact[2]
               for (f,) in parts):
            return ()
        classes = tuple(c for (f,) in parts for c in f.fact[1])
        return (_Fact(first.name, first.owner, ("isinstance", classes, True, first.fact[3]), tuple(f for (f,) in parts)),)

    def _called(self, test: ast.Call, positive: bool, env: dict) -> tuple:
        callee = test.func
        if (
            callee.__class__ is not ast.Name or callee.id not in ("isinstance", "issubclass") or len(test.args) != 2
            or test.keywords or test.args[0].__class__ is not ast.Name
        ):
            return ()
        classes = _classes(test.args[1])
        return self._fact(test.args[0].id, (callee.id, classes, positive, callee), env) if classes else ()

    def _compared(self, test: ast.Compare, positive: bool, env: dict) -> tuple:
        op = test.ops[0].__class__
        if op is not ast.Is and op is not ast.IsNot:
            return ()
        holds = positive == (op is ast.Is)
        left, right = test.left, test.comparators[0]
        if (
            left.__class__ is ast.Call and left.func.__class__ is ast.Name and left.func.id == "type"
            and len(left.args) == 1 and not left.keywords and left.args[0].__class__ is ast.Name
            and _dotted(right)
        ):
            return self._fact(left.args[0].id, ("type", (right,), holds, left.func), env)
        return ()

    def _fact(self, name: str, fact: tuple, env: dict) -> tuple:
        if _names_of(fact) & env.keys():  # a class named by a comprehension's own variable: not the function's
            return ()
        owner = env.get(name)
        if owner is None and (name not in self.scope.bindings or name in self.scope.nonlocals):
            return ()  # not a local of the function (a global, a closure's variable)
        return (_Fact(name, owner, fact),)


# the fields of compound statements that hold statement lists
_BLOCK_FIELDS = {
    ast.For: ("body", "orelse"), ast.AsyncFor: ("body", "orelse"), ast.With: ("body",), ast.AsyncWith: ("body",),
    ast.Try: ("body", "orelse", "finalbody"), ast.ExceptHandler: ("body",), ast.match_case: ("body",),
}
if hasattr(ast, "TryStar"):
    _BLOCK_FIELDS[ast.TryStar] = ("body", "orelse", "finalbody")


def _lines_saying(text: str, ends) -> list:
    """The lines (1-based, in order) of `text`, whose lines end at `ends`, that say a test word."""
    found = set()
    for word in _TEST_WORDS:
        at = text.find(word)
        while at != -1:
            line = bisect_right(ends, at)
            # `type(` mostly reads a name (`type(self).__name__`): only a line comparing it with `is` tests
            if word != "type(" or ") is " in text[at:ends[line] if line < len(ends) else len(text)]:
                found.add(line + 1)
            at = text.find(word, at + 1)
    return sorted(found)


def _on_lines(lines: list, first: int, last: int) -> bool:
    """Whether one of the ordered `lines` is within `first` to `last`."""
    index = bisect_left(lines, first)
    return index != len(lines) and lines[index] <= last


def _terminates(statements: list) -> bool:
    return bool(statements) and isinstance(statements[-1], _TERMINATING)


def _classes(node: ast.expr) -> tuple:
    """The class expressions `isinstance`'s second argument names (a tuple or `|` of dotted names), or ()."""
    if node.__class__ is ast.Tuple:
        found = [_classes(element) for element in node.elts]
        return () if not found or not all(found) else tuple(c for part in found for c in part)
    if node.__class__ is ast.BinOp and node.op.__class__ is ast.BitOr:
        left, right = _classes(node.left), _classes(node.right)
        return left + right if left and right else ()
    return (node,) if _dotted(node) else ()


def _dotted(node: ast.expr) -> bool:
    while node.__class__ is ast.Attribute:
        node = node.value
    return node.__class__ is ast.Name


def _names_of(fact: tuple) -> set:
    """The names a fact's classes and callee are looked up by."""
    names = set()
    for node in fact[1]:
        while node.__class__ is ast.Attribute:
            node = node.value
        names.add(node.id)
    if fact[3] is not None:
        names.add(fact[3].id)
    return names
