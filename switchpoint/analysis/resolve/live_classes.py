"""Which classes of the loaded world may have instances: those dispatch on a receiver of unknown class reaches.

Every class of the project (resolve/project.py) may (any code may make one), and the words of its functions
count as code that runs (any may run). A library class may when it, or a class with it in
its MRO, is named by code that runs (a loaded module's text but for its functions' bodies, and the bodies of
the functions the call graph reaches), is decorated, is created under a metaclass or an `__init_subclass__`
that may keep it (all but CREATION_HOOKS_KEEPING_NOTHING), or is below a base whose `__subclasses__()` such
code asks for. Names are words of the text, not resolved (a word counts for every class of that name), with
what names a class without making one blanked: the name its class statement defines, the bases it names, the
name a def statement defines, docstrings, `__all__`, comment lines, a class's name in its own methods
(docs/model.md, "Classes that can have instances"). Words are kept on the module, which is shared across worlds.

A modelled class the model gives a rule (its `made_by`: models/__init__.py, MADE_BY) may have instances once one
of its words is a word of such code, or a class live with it is (its modelled subclass, a source class below it,
a class whose method returns one); the others are live wherever their package is imported.
"""

from __future__ import annotations

import ast
import re
import sys

from switchpoint.analysis.resolve.binder import ClassInfo, FunctionInfo, Module, dotted_name, header_node

# metaclasses and classes whose __init_subclass__ see a class being created but keep no reference to it (they
# record what they need on the class itself): data about the stdlib, as the models are (_py_abc's ABCMeta is
# abc.ABCMeta where the C _abc is missing: abc.py's fallback, which its `ABCMeta` names too)
CREATION_HOOKS_KEEPING_NOTHING = frozenset({
    "abc.ABCMeta", "_py_abc.ABCMeta", "enum.EnumMeta", "enum.EnumType", "typing._AnyMeta", "typing._ProtocolMeta",
    "typing._Final", "typing.Annotated", "typing.Generic", "typing.Protocol",
})
# modules whose text names classes only for unpickling to find by name (a limit of the rule, docs/model.md): their
# words make nothing live (_compat_pickle's tables of Python 2 names kept collections.UserString live everywhere)
NAMING_FOR_UNPICKLING = frozenset({"_compat_pickle"})
_WORD = re.compile(r"[A-Za-z_]\w*")
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*", re.M)  # a comment alone on its line (one after code may be in a string)
_DEF = re.compile(r"\bdef\s+")
_REFLECTED = "__subclasses__"
_REFLECTING = re.compile(r"([A-Za-z_]\w*)\s*\.\s*__subclasses__\b")
_OWN = frozenset({"cls", "self"})  # `cls.__subclasses__()` in a class's methods: that class's subclasses
_NOTHING: tuple = ((), frozenset())


def module_words(module: Module) -> tuple[tuple[str, ...], frozenset[str]]:
    """(the words of the module's code that runs as it is imported, the bases whose subclasses it asks for):
    its text but for the bodies of its functions, the names its class statements define and the bases
    they name (kept on the module: it is shared across worlds)."""
    words = module.__dict__.get("_live_words")
    if words is None:
        text = _masked(module) if module.name not in NAMING_FOR_UNPICKLING else None
        if text is None:
            words = _NOTHING
        else:
            words = _words(outside_bodies(module, text), None)
        module.__dict__["_live_words"] = words
        _forget_masked_when_done(module)
    return words


def function_words(func: FunctionInfo) -> tuple[tuple[str, ...], frozenset[str]]:
    """As module_words, for the body of a function (a method, a nested function: the code calling it runs);
    nothing for a lambda or a module's top level (their text is their container's)."""
    module = func.module
    node = header_node(func)
    if module is None or func.kind == "module" or not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return _NOTHING
    known = module.__dict__.get("_live_function_words")
    if known is None:
        known = module.__dict__["_live_function_words"] = {}
    words = known.get(node)
    if words is None:
        text = _masked(module)
        first = node.body[0].lineno if node.body else node.lineno
        if text is None or node.end_lineno is None:
            words = _NOTHING
        else:
            ends = module.source.line_ends()
            words = _words(text[line_start(ends, first):ends[min(node.end_lineno, len(ends)) - 1]],
                           func.cls.name if func.cls is not None else None)
        known[node] = words
        _forget_masked_when_done(module)
    return words


def functions_words(module: Module) -> tuple[tuple[str, ...], frozenset[str]]:
    """The union of function_words over the module's functions (kept on the module): a project module's
    functions all count as code that runs, and adding their words at once is adding them one by one (names
    and reflected bases only grow), in one step instead of one per function (thousands, at every edit)."""
    words = module.__dict__.get("_live_functions_words")
    if words is None:
        names: dict[str, None] = {}
        reflected: set[str] = set()
        for func in module.functions:
            own, asked = function_words(func)
            names.update(dict.fromkeys(own))
            reflected.update(asked)
        words = module.__dict__["_live_functions_words"] = (tuple(names), frozenset(reflected)) if names else _NOTHING
    return words


def kept_functions_words(module: Module) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """functions_words(module) where kept on the module already, else None (made by nothing here)."""
    return module.__dict__.get("_live_functions_words")


def _words(text: str, owner: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """The words of `text` and the bases whose subclasses it asks for; but `owner`, the class whose method
    `text` is: its methods run on an instance, or on the class named elsewhere, that exists already."""
    if "#" in text:
        text = _COMMENT_LINE.sub("", text)
    words = set(_WORD.findall(text))
    words.discard(owner)
    # kept for every function reached: a tuple of interned words is a tenth of a frozenset of fresh strings
    kept = tuple(map(sys.intern, words))
    if _REFLECTED not in words:
        return kept, frozenset()
    reflected = set()
    for name in _REFLECTING.findall(text):
        if name in _OWN:
            if owner:
                reflected.add(owner)
        else:
            reflected.add(name)
    return kept, frozenset(reflected)


def line_start(ends, line: int) -> int:
    """Where line `line` (1-based) starts in a text whose line ends are `ends` (Source.line_ends)."""
    return ends[line - 2] if line > 1 else 0


def outside_bodies(module: Module, text: str) -> str:
    """`text` (the module's source, or a masked copy of it line for line) with the lines of the module's
    functions' bodies cut out, and the blank lines each body ends with (they belong to no statement)."""
    ends = module.source.line_ends()
    pieces, at = [], 0
    for first, last in body_lines(module):
        pieces.append(text[at:line_start(ends, first)])
        at = ends[min(last, len(ends)) - 1]
        while at < len(text):
            after = text.find("\n", at)
            line_end = len(text) if after < 0 else after + 1
            if text[at:line_end].strip():
                break
            at = line_end
    pieces.append(text[at:])
    return "".join(pieces)


def body_lines(module: Module) -> list[tuple[int, int]]:
    """The line ranges of the bodies of the module's functions, merged, in order (a body that starts on
    its `def` line is left to the module: that line holds the defaults and decorators too)."""
    ranges = sorted(
        (node.body[0].lineno, node.end_lineno) for node in map(header_node, module.functions)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
        and node.end_lineno and node.body[0].lineno > node.lineno
    )
    merged: list[tuple[int, int]] = []
    for first, last in ranges:
        if merged and first <= merged[-1][1]:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _said_only(module: Module):
    """Text that names classes without loading them: docstrings, and what a module's `__all__` lists (what
    `from m import *` binds is loaded by the names the importer uses)."""
    for owner in (module.tree, *(c.node for c in module.classes), *map(header_node, module.functions)):
        body = getattr(owner, "body", None)
        if body and isinstance(body, list) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            yield body[0]
    for statement in module.tree.body if module.tree is not None else ():
        if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and statement.value is not None:
                yield statement.value


def forget_made_words(modules) -> None:
    """Forget the modules' masked texts and their functions' words, made again if asked: for a run whose graph is
    grown (nothing more reaches a function) and that never runs again (django: 4 MB less peak RSS). What the
    module's own code and its functions together say (`module_words`, `functions_words`) stays."""
    for module in modules:
        facts = module.__dict__
        facts.pop("_live_masked", None)
        facts.pop("_live_function_words", None)


def _forget_masked_when_done(module: Module) -> None:
    """Drop the module's masked text once its words and every function's are kept: nothing reads it again, and
    it is as big as the module's text (sqlalchemy: 12 MB at the peak). Asked again, it would be made again."""
    facts = module.__dict__
    if "_live_masked" not in facts or "_live_words" not in facts:
        return
    defs = facts.get("_live_defs")
    if defs is None:
        defs = facts["_live_defs"] = sum(
            1 for f in module.functions if f.kind != "module" and isinstance(header_node(f), (ast.FunctionDef, ast.AsyncFunctionDef))
        )
    if len(facts.get("_live_function_words") or ()) == defs:
        del facts["_live_masked"]


def _masked(module: Module) -> str | None:
    """The module's text with the name each class statement defines, the bases it names as a chain of
    names (`Base`, `mod.Base`, `Generic[T]`'s `Generic`), the name each def statement defines, docstrings and
    `__all__` blanked: they make no instance (kept on the module)."""
    masked = module.__dict__.get("_live_masked", False)
    if masked is not False:
        return masked
    source = module.source
    masked = None
    if source is not None:
        text = source.text
        spans = []
        for cls in module.classes:
            node = cls.node
            at = _offset(source, node.lineno, node.col_offset)
            name_at = text.find(cls.name, at + 5)  # past `class`
            if name_at >= 0:
                spans.append((name_at, name_at + len(cls.name)))
            for base in node.bases:
                named = base.value if isinstance(base, ast.Subscript) else base
                if dotted_name(named) and named.end_lineno is not None:
                    spans.append((_offset(source, named.lineno, named.col_offset),
                                  _offset(source, named.end_lineno, named.end_col_offset)))
        for func in module.functions:  # a def statement's name: defining a function calls nothing
            node = header_node(func)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found = _DEF.search(text, _offset(source, node.lineno, node.col_offset))
                if found is not None and text.startswith(node.name, found.end()):
                    spans.append((found.end(), found.end() + len(node.name)))
        for node in _said_only(module):
            spans.append((_offset(source, node.lineno, node.col_offset),
                          _offset(source, node.end_lineno, node.end_col_offset)))
        if spans:
            pieces, at = [], 0
            for first, last in sorted(spans):
                if first >= at:
                    pieces.append(text[at:first])
                    pieces.append(" " * (last - first))
                    at = last
            pieces.append(text[at:])
            text = "".join(pieces)
        masked = text
    module.__dict__["_live_masked"] = masked
    return masked


def _offset(source, lineno: int, byte_col: int) -> int:
    """The offset in the text of a 1-based line and a UTF-8 byte column."""
    return line_start(source.line_ends(), lineno) + source.column(lineno, byte_col) - 1


class LiveClasses:
    """The classes that may have instances, over the modules indexed in the order they joined and the
    functions the call graph reached; grows only. `joined` lists them in the order they became live: what
    joined since an earlier length is what dispatch must take again."""

    def __init__(self, model=None):
        self.classes: set[ClassInfo] = set()
        self.joined: list[ClassInfo] = []
        self._names: set[str] = set()  # the words of the code that runs (module_words, function_words)
        self._reflected: set[str] = set()  # bases whose subclasses that code asks for
        self._waiting: dict[str, list[ClassInfo]] = {}  # classes not live (yet), by name
        self._indexed = 0
        # id -> project module indexed (every function's words added); held, so an id is never another's
        self._all_functions_said: dict[int, Module] = {}
        # modelled classes with a rule (the model's made_by), as `classes` and `joined` (qualified names)
        self.modelled: set[str] = set()
        self.modelled_joined: list[str] = []
        self._model = model
        self._modelled_waiting: dict[str, list[str]] = {}  # word -> modelled classes it makes live
        self._modelled_words: dict[str, tuple] = {}  # word -> the modelled classes it makes live, waiting or not
        self._by_name: tuple[int, dict[str, list[ClassInfo]]] = (0, {})  # (len(joined), live library classes by name)
        if model is not None and model.made_by:
            for cls in sorted(model.made_by):
                for word in sorted(model.made_by[cls]):
                    self._modelled_waiting.setdefault(word, []).append(cls)
            self._modelled_words = {word: tuple(classes) for word, classes in self._modelled_waiting.items()}
            for cls in sorted(model.classes - model.made_by.keys()):  # always live: so are the classes live with it
                self._make_modelled_live(cls)

    def update(self, order: list[Module], is_project, evaluator) -> None:
        """Index the modules of `order` past those indexed already (MROs and metaclasses as `evaluator` has them)."""
        end = len(order)  # modules that join while MROs are computed wait for the next call
        for module in order[self._indexed:end]:
            self._add_words(module_words(module), evaluator)
            project = is_project(module)
            if project:  # any of its functions may run, as when the project is analysed whole (each one a root)
                self._add_words(functions_words(module), evaluator)
                self._all_functions_said[id(module)] = module
            for cls in module.classes:
                if cls in self.classes or cls in self._waiting.get(cls.name, ()):
                    continue
                if project or cls.name in self._names or cls.node.decorator_list or self._seen_created(cls, evaluator):
                    self._make_live(cls, evaluator)
                else:
                    self._waiting.setdefault(cls.name, []).append(cls)
        self._indexed = end

    def restart(self) -> None:
        """Index the modules again from the first (a module replaced another: the order changed); what the
        replaced one made live stays (the same in every run that replaces it)."""
        self._indexed = 0

    def reach(self, functions, evaluator) -> None:
        """Functions the call graph reached: what their bodies name may be made when they run."""
        said = self._all_functions_said
        for func in functions:
            module = func.module
            if said.get(id(module)) is module:  # a project module's: its functions' words are added already
                continue
            words = function_words(func)
            if words is not _NOTHING:
                self._add_words(words, evaluator)

    def _add_words(self, words: tuple, evaluator) -> None:
        names, reflected = words
        fresh = set(names)
        fresh -= self._names
        if fresh:
            self._names.update(fresh)
            waiting, modelled = self._waiting, self._modelled_waiting
            for name in fresh:
                if name in waiting:
                    for cls in waiting.pop(name):
                        self._make_live(cls, evaluator)
                if name in modelled:
                    for qualname in modelled.pop(name):
                        self._make_modelled_live(qualname)
        if not reflected <= self._reflected:
            self._reflected.update(reflected)
            self._recheck(evaluator)

    def words_matter(self, old: tuple, new: tuple, order: list[Module]) -> bool:
        """Whether a project module's function words going from `old` to `new` (functions_words, before and after
        an edit kept in place; this index read the module's words as `old`, or as words `old` differs from only
        by words naming no class) may make a fresh index of the same modules tell other classes live:
        - a base whose subclasses they ask for gained or lost;
        - a word gained that no code indexed says yet, naming a class not live (waiting here) or a modelled class
          not live yet;
        - a word lost that this index holds, naming a live class but the project's (live whatever is said) or a
          live modelled class: it may be what made it live (that other code says it too is not looked for);
        - either naming a class of a module of `order` (the world's) that joined since the last update."""
        if old[1] != new[1]:
            return True
        before, after = set(old[0]), set(new[0])
        gained, lost = after - before, before - after
        if not gained and not lost:
            return False
        names = self._names
        gained -= names
        lost &= names
        if not gained and not lost:
            return False
        # the classes of modules not indexed yet are named by the words as the next update finds them
        if any(cls.name in gained or cls.name in lost for module in order[self._indexed:] for cls in module.classes):
            return True
        if not gained.isdisjoint(self._waiting) or not gained.isdisjoint(self._modelled_waiting):
            return True
        live, modelled = self._live_by_name(), self._modelled_words
        return any(word in live or any(cls in self.modelled for cls in modelled.get(word, ())) for word in lost)

    def _live_by_name(self) -> dict[str, list[ClassInfo]]:
        """The live classes but the project's (live whatever the words), by name; kept while none joins."""
        known, index = self._by_name
        if known != len(self.joined):
            said = self._all_functions_said
            index = {}
            for cls in self.joined:
                if said.get(id(cls.module)) is not cls.module:
                    index.setdefault(cls.name, []).append(cls)
            self._by_name = (len(self.joined), index)
        return index

    def _seen_created(self, cls: ClassInfo, evaluator) -> bool:
        """Whether code other than its users sees `cls` being created: a metaclass along its MRO, a base's
        `__init_subclass__` (but those of CREATION_HOOKS_KEEPING_NOTHING), or a base whose subclasses some
        module asks for."""
        reflected = self._reflected
        for ancestor in evaluator.mro(cls):
            if not isinstance(ancestor, ClassInfo):
                continue
            if ancestor.metaclass is not None and not _keeps_nothing(evaluator, ancestor):
                return True
            if ancestor is not cls:
                if ancestor.name in reflected:
                    return True
                if "__init_subclass__" in ancestor.scope.bindings and ancestor.qualname not in CREATION_HOOKS_KEEPING_NOTHING:
                    return True
        return False

    def _recheck(self, evaluator) -> None:
        """Bases' subclasses asked for anew: the waiting classes under them are live."""
        for name, waiting in list(self._waiting.items()):
            live = [cls for cls in waiting if cls not in self.classes and self._seen_created(cls, evaluator)]
            for cls in live:
                waiting.remove(cls)
                self._make_live(cls, evaluator)
            if not waiting:
                del self._waiting[name]

    def _make_live(self, cls: ClassInfo, evaluator) -> None:
        """`cls` may have instances, and so may every class along its MRO (an instance of it is one of theirs)."""
        for ancestor in evaluator.mro(cls):
            if isinstance(ancestor, ClassInfo):
                if ancestor not in self.classes:
                    self.classes.add(ancestor)
                    self.joined.append(ancestor)
            elif ancestor.__class__ is str and self._model is not None:  # a modelled base
                self._make_modelled_live(self._model.canonical(ancestor))

    def _make_modelled_live(self, qualname: str) -> None:
        """The modelled class `qualname` may have instances, and so may the classes live with it (its modelled
        bases, what its methods return and its attributes hold: the model's live_with)."""
        model = self._model
        pending = [qualname]
        while pending:
            cls = pending.pop()
            if cls in model.made_by:
                if cls in self.modelled:
                    continue
                self.modelled.add(cls)
                self.modelled_joined.append(cls)
            pending.extend(model.live_with.get(cls, ()))


def _keeps_nothing(evaluator, cls: ClassInfo) -> bool:
    """Whether the metaclass `cls` names is one of CREATION_HOOKS_KEEPING_NOTHING (unresolved: it may keep it)."""
    from switchpoint.analysis.resolve.infer import ClassV  # infer imports the world, which imports this module

    values = evaluator.eval(cls.metaclass, cls.statement_scope)
    return bool(values) and all(
        isinstance(v, ClassV) and getattr(v.cls, "qualname", v.cls) in CREATION_HOOKS_KEEPING_NOTHING for v in values
    )
