"""An edit of a project module's top-level statements that nothing outside its own import-time code can see,
kept in place as resolve/body_edits.py keeps an edit inside bodies: the module's top-level code (`module.top`)
is then the one changed function, its statement list the new one, and only its entry is collected again.

The edits kept (`plan`): between the top-level statements both texts share as they were (by their lines, compared
from both ends), the ones that differ are simple on both sides: an assignment of a literal, a name or an attribute
(`x = 1`, `x: int = other`, `x = mod.attr`) to plain names, an expression statement of a literal (a string, `...`),
`pass`, and a def statement added after every other function whose header says nothing run on import (no
parameters, decorators or return annotation) and whose body defines nothing; or there are none at all (comments
and blank lines between statements). Every other part of the module's shape (resolve/module_shape.py) is the same
but the text outside bodies, the module scope's bindings of the names those statements bind, the function added
(its words too), and the words of the code run on import; words the two differ by but those names (a value's, a
string's, a comment's after code) must be said by no other kept module (a class of that name would be: it could
be live now) nor make a modelled class live.
Such a name is read by nothing but the top-level code: no dunder (a module's `__getattr__`, `__all__`), said
nowhere else in either text of the module, nor in any other module's text the workspace keeps (`said_elsewhere`:
a read of a module's name by name, `m.x`, `from m import x`, `getattr(m, "x")`, a star importer's `x`, spells
it), not a word making a modelled class live, and for a public name, no kept module star-imports the module
(what `from m import *` binds grows). A changed statement mentioning a name the module's code stores into as a
container is refused as in a body (the walk of the module's code for it spells the name). So the entries that
read the module by name (their marks name it, not its top-level code) hold, and the top-level code's own entry,
whose own body is the module's statement list (body_marks.own), is collected again, and the function added
collected (a root of a fresh graph: every function of an analysed file is); the call graph kept or not as for a
body (callgraph/kept_graph.py, which takes the function added as it takes new edges).

`TopEdit.apply` gives the old module the new statement list (the statements shared kept as the old nodes, their
positions taken by body_edits; the changed ones the new nodes), and the module scope the new bindings of the
changed names in a fresh binding's order, and the function added for the last of its functions (its body mark's
index a fresh binding's, so marks stored on disk name the same function); what was computed over the module
scope's statements (narrowing, reaching, comprehension scopes) is forgotten.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from keyword import iskeyword

from switchpoint.analysis.resolve.binder import Module, header_node
from switchpoint.analysis.resolve.live_classes import functions_words
from switchpoint.analysis.resolve.module_shape import shape

# the parts of resolve/module_shape.shape a top-level edit kept in place leaves as they were (all but the text
# outside bodies, the module scope's bindings, the words of the code run on import and, for a def added, the
# functions; the words of the bodies are not part of the shape: live_classes.functions_words)
_SAME_PARTS = (0, 3, 5, 6)
_TEXT, _FUNCTIONS, _BINDINGS, _MODULE_WORDS = 1, 2, 4, 7


@dataclass
class TopEdit:
    """The changed top-level statements: `old[start:old_end]` became `new[start:new_end]`, binding `names`."""
    start: int
    old_end: int
    new_end: int
    names: frozenset
    added: object = None  # the new module's function a def statement added, bound again into the old module

    def shared(self, old: Module, new: Module) -> tuple[list, list]:
        """The statements the two texts share, in each tree (the old ones keep their nodes)."""
        a, b = old.tree.body, new.tree.body
        return a[:self.start] + a[self.old_end:], b[:self.start] + b[self.new_end:]

    def changes_code(self) -> bool:
        return self.old_end > self.start or self.new_end > self.start

    def apply(self, old: Module, new: Module) -> None:
        """`old`'s top-level code made `new`'s (after body_edits moved the shared statements' positions)."""
        a, b = old.tree.body, new.tree.body
        old.tree.body = a[:self.start] + b[self.start:self.new_end] + a[self.old_end:]  # a new list: top's own body
        kept, fresh = old.scope.bindings, new.scope.bindings
        rebound = {name: fresh[name] if name in self.names else kept[name] for name in fresh}
        kept.clear()
        kept.update(rebound)
        scope = old.scope
        scope.comprehensions = scope.narrowing = scope.reaching = None
        func = self.added
        if func is not None:  # the function the old module's definitions did not have: made one of them
            func.module, func.scope.parent = old, scope
            old.functions.append(func)
            old.__dict__["_body_names"][func] = new.__dict__["_body_names"][func]  # its index is the last, as here


def plan(old: Module, new: Module, said_elsewhere) -> TopEdit | str:
    """The top-level edit from `old` to `new` when it may be kept in place (see the module's docstring), else why
    not. `said_elsewhere(words, module, names)`: whether a kept module other than `module` says one of `words`, or
    one is a word making a modelled class live, or (one of the bound `names` being public) a kept module
    star-imports `module`."""
    if said_elsewhere is None or old.all_names != new.all_names:
        return "shape"
    before, after = shape(old), shape(new)
    if any(before[part] != after[part] for part in _SAME_PARTS) or before[_MODULE_WORDS][1] != after[_MODULE_WORDS][1]:
        return "shape"
    added = None
    body_words = (functions_words(old), functions_words(new))
    if before[_FUNCTIONS] == after[_FUNCTIONS]:
        if set(body_words[0][0]) != set(body_words[1][0]) or body_words[0][1] != body_words[1][1]:
            return "shape"  # a body changed (with a top-level statement: two edits at once)
    else:
        if after[_FUNCTIONS][:-1] != before[_FUNCTIONS] or body_words[0][1] != body_words[1][1]:
            return "shape"
        added = new.functions[-1]  # the last of the module's functions: its body mark's index is a fresh binding's
    a, b = old.tree.body, new.tree.body
    start = 0
    while start < min(len(a), len(b)) and _same_statement(old, a[start], new, b[start]):
        start += 1
    end = 0  # statements shared at the end
    while end < min(len(a), len(b)) - start and _same_statement(old, a[-1 - end], new, b[-1 - end]):
        end += 1
    edit = TopEdit(start, len(a) - end, len(b) - end, frozenset(), added)
    changed = (a[start:edit.old_end], b[start:edit.new_end])
    names = set()
    for statements in changed:
        for statement in statements:
            bound = _simple(statement) if added is None or header_node(added) is not statement else _alone(new, added)
            if bound is None:
                return "top-level statement"
            names.update(bound)
    if added is not None and not any(header_node(added) is statement for statement in changed[1]):
        return "shape"
    edit.names = frozenset(names)
    bindings = (dict(before[_BINDINGS]), dict(after[_BINDINGS]))
    if any(bindings[0].get(name) != bindings[1].get(name) for name in bindings[0].keys() | bindings[1].keys()
           if name not in names):
        return "shape"
    # the words the code says that may make classes live, which differ by the changed statements' (a value's, a
    # string's, a comment's after code): a class of such a name would be said by its module (a keyword names none)
    words = (_all_words(before, body_words[0]), _all_words(after, body_words[1]))
    said = {word for word in words[0] ^ words[1] if not iskeyword(word)}
    for module, statements in ((old, changed[0]), (new, changed[1])):
        why = region_refusal(module, module.tree.body, statements, names, "top-level statement")
        if why is not None:
            return why
    if (said or names) and said_elsewhere(said | names, old, names):
        return "name said elsewhere" if names and said_elsewhere(names, old, names) else "top-level word"
    return edit


def region_refusal(module: Module, body: list, statements: list, names, shared_line: str) -> str | None:
    """Why the changed `statements` of `module` (consecutive in `body`, binding `names`) cannot be kept in place,
    None if they can: a name they bind said in the rest of the text, a line they share with a statement kept
    (refused as `shared_line`: its words cannot be told apart), a container of the module they mention."""
    source = module.source
    if not statements:  # none said anywhere in this text
        return "name said elsewhere" if any(says(source.text, name) for name in names) else None
    first, last = _first_line(statements[0]), statements[-1].end_lineno
    index = next(i for i, s in enumerate(body) if s is statements[0])
    if index > 0 and body[index - 1].end_lineno >= first:
        return shared_line
    following = index + len(statements)
    if following < len(body) and _first_line(body[following]) <= last:
        return shared_line
    text = source.text
    outside = text[:_line_start(source, first)] + text[source.line_ends()[last - 1]:]
    if any(says(outside, name) for name in names):
        return "name said elsewhere"
    containers = [name for name in module.stored_names if name in module.scope.bindings]
    if containers and source.mentions_any(containers, first, last):
        return "module container"
    return None


def _alone(module: Module, func) -> tuple | None:
    """The name a def statement added binds, where the function is one nothing but a call could reach into: at the
    module's level, with no parameters, decorators or return annotation (what its header says runs on import), no
    test the binder decided in it (the module's table of those is not the new one's), nothing it defines (the
    module has one function more, and as many classes)."""
    node = header_node(func)
    arguments = node.args
    if (func.kind != "function" or func.cls is not None or func.scope.parent is not module.scope
            or node.decorator_list or node.returns is not None or getattr(node, "type_params", None)
            or arguments.posonlyargs or arguments.args or arguments.vararg or arguments.kwonlyargs or arguments.kwarg):
        return None
    if any(node.lineno <= at.lineno <= node.end_lineno for at in module.decided):
        return None
    return (func.name,)


def says(text: str, word: str) -> bool:
    """Whether `text` says `word` as a whole word (not inside a longer identifier): a name is read by name, an
    identifier or a string that is all of it (`getattr(m, "x")`, `"m.x"`); a module's attribute named by a string
    made at run time is unknown to the engine (infer's `_prefixed`)."""
    if word not in text:  # the common answer, found at C speed
        return False
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def _all_words(module_shape: tuple, body_words: tuple) -> frozenset:
    """The words a project module's code says that may make classes live (those run on import, from its shape,
    and its bodies', live_classes.functions_words)."""
    return module_shape[_MODULE_WORDS][0] | frozenset(body_words[0])


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", None)
    return min(statement.lineno, *(d.lineno for d in decorators)) if decorators else statement.lineno


def _line_start(source, line: int) -> int:
    return source.line_ends()[line - 2] if line > 1 else 0


def _same_statement(old: Module, a: ast.stmt, new: Module, b: ast.stmt) -> bool:
    """Whether two top-level statements are the same text (their lines and columns; positions may differ)."""
    if a.__class__ is not b.__class__ or a.col_offset != b.col_offset or a.end_col_offset != b.end_col_offset:
        return False
    first_a, first_b = _first_line(a), _first_line(b)
    if a.end_lineno - first_a != b.end_lineno - first_b:
        return False
    return old.source._span_of_lines(first_a, a.end_lineno) == new.source._span_of_lines(first_b, b.end_lineno)


def _simple(statement: ast.stmt) -> tuple | None:
    """The names a simple statement binds (see the module's docstring), None for any other statement."""
    kind = statement.__class__
    if kind is ast.Pass:
        return ()
    if kind is ast.Expr:
        return () if statement.value.__class__ is ast.Constant else None
    if kind is ast.Assign:
        targets, value = statement.targets, statement.value
    elif kind is ast.AnnAssign:
        if not statement.simple or not _simple_value(statement.annotation):
            return None
        targets, value = [statement.target], statement.value
    else:
        return None
    if value is not None and not _simple_value(value):
        return None
    names = []
    for target in targets:
        if target.__class__ is not ast.Name or target.id.startswith("__") and target.id.endswith("__"):
            return None
        names.append(target.id)
    return tuple(names)


def _simple_value(node: ast.expr) -> bool:
    """A literal (a signed number too), a name, or an attribute of a name or of such an attribute."""
    kind = node.__class__
    if kind is ast.UnaryOp and node.op.__class__ in (ast.USub, ast.UAdd):
        node, kind = node.operand, node.operand.__class__
        return kind is ast.Constant
    while kind is ast.Attribute:
        node = node.value
        kind = node.__class__
    return kind is ast.Constant or kind is ast.Name
