"""An edit of one class body outside its methods that nothing outside the class statement can see, kept in place as
resolve/top_level_edits.py keeps an edit of top-level statements: a class body runs with the module's top-level
code (its operations are the top-level code's, callgraph/sites.py), so the module's `top` is the changed function,
and the class's scope takes the new bindings of the names the changed statements bind.

The edits kept (`plan`): the top-level statements both texts share are the same text but one class statement, whose
header (its lines before its body) is the same and whose body statements differ, between the ones both share (by
their text, compared from both ends), by simple statements on both sides (`pass`, an expression statement of a
literal, an assignment of a literal, a name or an attribute to plain names: top_level_edits._simple, without
annotations, which make dataclass fields), and at most one method added: a def whose header says nothing run on
import (no decorators, defaults, annotations or return annotation) and whose body defines nothing; or none at all
(comments and blank lines in the class body). Every other part of the module's shape (resolve/module_shape.py) is
the same but the text outside bodies, the functions (the one added), the names the class's body binds and the
words of the code run on import. The names the changed statements bind (the method's too) are read by nothing but
the class body: no dunder, said nowhere else in either text of the module, nor in any other module the workspace
keeps (`said_elsewhere`, as for a top-level name): so no call site dispatches on a method's name (no class defining
it changes which classes a `.name` call reaches, nor overrides anything), and no read of the class attribute. The
words of the code run on import the two texts differ by are checked as top-level edits check theirs; the method's
body's words are a body's, which a kept graph checks (kept_run.py, `World.live_words_matter`) and a run reads anew.

`ClassEdit.apply` gives the class statement the new body list (the statements shared the old nodes, their positions
taken by body_edits; the changed ones the new nodes), the module a new top-level statement list of the same nodes
(its top-level code's own body, body_marks.own: collected again), the class's scope the new bindings of the changed
names in a fresh binding's order, and the method added takes its place among the module's functions in a fresh
binding's order. The functions after it keep their body marks' names (body_marks.inserted), so each mark an entry
holds still names the body it read; the disk store writes and reads them as a fresh binding names them. What the
edit changed is left on the module (`edited`) for kept_run.py, which compares what the changed statements mention.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from keyword import iskeyword

from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import Module, header_node
from switchpoint.analysis.resolve.live_classes import functions_words
from switchpoint.analysis.resolve.module_shape import shape
from switchpoint.analysis.resolve.top_level_edits import (
    _first_line, _same_statement, _simple, region_refusal,
)

# the parts of module_shape.shape a class edit kept in place leaves as they were (all but the text outside
# bodies, the functions, the classes' bindings and the words of the code run on import)
_SAME_PARTS = (0, 4, 5, 6)
EDITED = "_class_edited"  # on a module kept in place by a class edit: (old statements, new statements)
_FUNCTIONS, _CLASSES, _MODULE_WORDS = 2, 3, 7


@dataclass
class ClassEdit:
    """In top-level statement `index` (a class statement), body statements `old[start:old_end]` became
    `new[start:new_end]`, binding `names`; `added` the method added (the new module's function), at `at` among
    the new module's functions."""
    index: int
    start: int
    old_end: int
    new_end: int
    names: frozenset = frozenset()
    added: object = None
    at: int = -1

    def changes_code(self) -> bool:
        return self.old_end > self.start or self.new_end > self.start

    def position_pairs(self, old: Module, new: Module) -> tuple[list, list, list]:
        """(old statements, new statements) whose nodes correspond one for one (the top-level statements but the
        class, the class body's shared ones), and the (old, new) pairs of the class statement's own nodes (the
        statement, its decorators, bases and keywords), whose positions the old ones take."""
        a, b = old.tree.body, new.tree.body
        o, n = a[self.index], b[self.index]
        olds = a[:self.index] + a[self.index + 1:] + o.body[:self.start] + o.body[self.old_end:]
        news = b[:self.index] + b[self.index + 1:] + n.body[:self.start] + n.body[self.new_end:]
        pairs = [(o, n)]
        for name in ("decorator_list", "bases", "keywords", "type_params"):
            for x, y in zip(getattr(o, name, ()) or (), getattr(n, name, ()) or ()):
                pairs.extend(zip(ast.walk(x), ast.walk(y)))
        return olds, news, pairs

    def apply(self, old: Module, new: Module) -> None:
        """`old`'s class statement made `new`'s (after body_edits moved the shared statements' positions)."""
        o, n = old.tree.body[self.index], new.tree.body[self.index]
        # what kept_run.py and callgraph/kept_graph.py ask of the edit (dropped as the module's next edit is kept)
        old.__dict__[EDITED] = (o.body[self.start:self.old_end], n.body[self.start:self.new_end])
        o.body = o.body[:self.start] + n.body[self.start:self.new_end] + o.body[self.old_end:]
        old.tree.body = list(old.tree.body)  # a new list: the top-level code's own body, collected again
        cls = next(c for c in old.classes if c.node is o)
        fresh = next(c for c in new.classes if c.node is n).scope.bindings
        kept = cls.scope.bindings
        rebound = {name: fresh[name] if name in self.names else kept[name] for name in fresh}
        kept.clear()
        kept.update(rebound)
        for scope in (cls.scope, old.scope):  # what was computed over their statements
            scope.comprehensions = scope.narrowing = scope.reaching = None
        func = self.added
        if func is not None:  # the method the old class did not have: made one of its, where a fresh binding has it
            func.module, func.scope.parent, func.cls = old, old.scope, cls  # (a method's scope skips its class's)
            body_marks.inserted(old, func, self.at)

def plan(old: Module, new: Module, said_elsewhere) -> ClassEdit | str:
    """The class edit from `old` to `new` when it may be kept in place (see the module's docstring), else why not.
    `said_elsewhere` as for resolve/top_level_edits.plan."""
    if said_elsewhere is None or old.all_names != new.all_names:
        return "shape"
    before, after = shape(old), shape(new)
    if any(before[part] != after[part] for part in _SAME_PARTS) or before[_MODULE_WORDS][1] != after[_MODULE_WORDS][1]:
        return "shape"
    a, b = old.tree.body, new.tree.body
    if len(a) != len(b):
        return "shape"
    differing = [i for i, (x, y) in enumerate(zip(a, b)) if not _same_statement(old, x, new, y)]
    if len(differing) != 1 or a[differing[0]].__class__ is not ast.ClassDef or b[differing[0]].__class__ is not ast.ClassDef:
        return "shape"
    index = differing[0]
    o, n = a[index], b[index]
    if o.name != n.name or not o.body or not n.body or o.body[0].lineno == o.lineno or n.body[0].lineno == n.lineno:
        return "class statement"
    # the header: its lines up to the body's first statement (a comment or a blank line just before it aside)
    header = (old.source._span_of_lines(_first_line(o), o.lineno), new.source._span_of_lines(_first_line(n), n.lineno))
    if header[0] != header[1] or any(ast.dump(x) != ast.dump(y) for x, y in (
            (ast.List(o.decorator_list), ast.List(n.decorator_list)), (ast.List(o.bases), ast.List(n.bases)),
            (ast.List(o.keywords), ast.List(n.keywords)))):
        return "class statement"
    ob, nb = o.body, n.body
    start = 0
    while start < min(len(ob), len(nb)) and _same_statement(old, ob[start], new, nb[start]):
        start += 1
    end = 0
    while end < min(len(ob), len(nb)) - start and _same_statement(old, ob[-1 - end], new, nb[-1 - end]):
        end += 1
    edit = ClassEdit(index, start, len(ob) - end, len(nb) - end)
    changed = (ob[start:edit.old_end], nb[start:edit.new_end])
    old_class = next((c for c in old.classes if c.node is o), None)
    new_class = next((c for c in new.classes if c.node is n), None)
    if old_class is None or new_class is None or old_class.scope.parent is not old.scope:
        return "class statement"
    # the functions: the same, or one more, a method of this class among the changed statements
    body_words = (functions_words(old), functions_words(new))
    if before[_FUNCTIONS] == after[_FUNCTIONS]:
        if set(body_words[0][0]) != set(body_words[1][0]) or body_words[0][1] != body_words[1][1]:
            return "shape"  # a body changed too (two edits at once)
    else:
        at = _inserted_at(before[_FUNCTIONS], after[_FUNCTIONS])
        if at is None or body_words[0][1] != body_words[1][1]:
            return "shape"
        edit.added, edit.at = new.functions[at], at
        if not any(header_node(edit.added) is statement for statement in changed[1]):
            return "shape"
        if _method_alone(new, edit.added, new_class) is None:
            return "class statement"
    names = set()
    for statements in changed:
        for statement in statements:
            if edit.added is not None and header_node(edit.added) is statement:
                names.add(edit.added.name)
                continue
            bound = _simple(statement) if statement.__class__ is not ast.AnnAssign else None
            if bound is None:
                return "class statement"
            names.update(bound)
    edit.names = frozenset(names)
    # the classes: the same but this one's bindings, by the changed names alone
    for x, y in zip(before[_CLASSES], after[_CLASSES]):
        if x == y:
            continue
        if x[0] != new_class.qualname or x[0] != y[0] or x[2] != y[2] or (set(x[1]) ^ set(y[1])) - names:
            return "shape"
    if any(name.startswith("__") and name.endswith("__") for name in names):
        return "class statement"
    # the words of the code run on import the two differ by (the changed class statements'); those of the method
    # added are its body's, which a kept graph checks as it checks an edited body's (World.live_words_matter)
    words = (before[_MODULE_WORDS][0], after[_MODULE_WORDS][0])
    said = {word for word in words[0] ^ words[1] if not iskeyword(word)}
    for module, body, statements in ((old, ob, changed[0]), (new, nb, changed[1])):
        why = region_refusal(module, body, statements, names, "class statement")
        if why is not None:
            return why
    if (said or names) and said_elsewhere(said | names, old, ()):
        return "name said elsewhere" if names and said_elsewhere(names, old, ()) else "class word"
    return edit


def _inserted_at(before: tuple, after: tuple) -> int | None:
    """Where `after` has one element more than `before`, the rest the same in order (None where it is not so)."""
    if len(after) != len(before) + 1:
        return None
    at = 0
    while at < len(before) and before[at] == after[at]:
        at += 1
    return at if after[at + 1:] == before[at:] else None


def _method_alone(module: Module, func, cls) -> tuple | None:
    """The name a def statement added to `cls`'s body binds, where nothing its header says runs on import (no
    decorators, defaults, annotations, return annotation) and no test the binder decided is in it; None otherwise."""
    node = header_node(func)
    arguments = node.args
    if (func.kind != "method" or func.cls is not cls or func.scope.parent is not module.scope or node.decorator_list
            or node.returns is not None or getattr(node, "type_params", None) or arguments.defaults
            or arguments.kw_defaults or arguments.kwonlyargs or arguments.vararg or arguments.kwarg
            or any(arg.annotation is not None for arg in (*arguments.posonlyargs, *arguments.args))):
        return None
    if any(node.lineno <= at.lineno <= node.end_lineno for at in module.decided):
        return None
    return (func.name,)


def edited(module: Module) -> tuple | None:
    """(the class body statements replaced, those replacing them) of the class edit that
    kept `module` in place last, None where its last edit kept in place was none."""
    return module.__dict__.get(EDITED)
