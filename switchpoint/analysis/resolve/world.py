"""The analysed world: every module loaded so far, loaded lazily by name, and indexes over them.

A module is loaded (read, parsed, bound) the first time a name resolves into it.
Modelled packages (gevent, eventlet, greenlet) are never loaded: the model tables
speak for them. The indexes (methods and properties by name, subclasses by class)
serve dispatch on receivers whose class is unknown or may be a subclass.
"""

from __future__ import annotations

import ast
import os

from switchpoint.analysis.resolve import body_edits, body_marks
from switchpoint.analysis.resolve.top_level_edits import says
from switchpoint.analysis.resolve.static_conditions import RUNNING, TargetFacts
from switchpoint.analysis.resolve.binder import Binder, ClassInfo, FunctionInfo, Module
from switchpoint.analysis.resolve.imported_conditions import ImportedConditions
from switchpoint.analysis.resolve.lazy_bodies import drop_unread, watch
from switchpoint.analysis.resolve.live_classes import LiveClasses, forget_made_words, functions_words
from switchpoint.analysis.resolve.module_cache import ModuleCache, fingerprint, text_digest
from switchpoint.analysis.resolve.modules import ModuleFinder, ModuleLocation
from switchpoint.analysis.resolve.project import ProjectScope
from switchpoint.analysis.semantics.primitives import TRAP_MODULES, PrimitiveModel
from switchpoint.analysis.syntax import ParseResult, SourceText, decode_source, parse


NOT_PARSED = object()  # World.peek: the module's current text has not been parsed yet
_UNREADABLE = (OSError, UnicodeDecodeError, SyntaxError, LookupError)  # a file that cannot be read as source


class World:
    def __init__(self, finder: ModuleFinder, model: PrimitiveModel, overlays: dict[str, str] | None = None,
                 cache: ModuleCache | None = None, trees: dict[str, tuple] | None = None,
                 project: ProjectScope | None = None, facts: TargetFacts = RUNNING, watch_bodies: bool = True):
        self.finder = finder
        # the project's body reads are marks (resolve/body_marks.py): what lets a later run keep an edited module
        # in place, and costs every read; a run with no later one (one-shot) goes without
        self.watch_bodies = watch_bodies
        self.facts = facts  # what the target decides before running: the branches the binder binds
        self.model = model
        self.overlays = overlays if overlays is not None else {}  # abs path -> unsaved editor text
        self.trees = trees if trees is not None else {}  # abs path -> (an overlay text, its tree parsed already)
        self.cache = cache if cache is not None else ModuleCache()
        self.modules: dict[str, Module | None] = {}
        self.by_path: dict[str, Module] = {}
        self.traps: set[str] = set()  # qualified names of runtime trap functions
        self._traps_by_name: dict[str, list[str]] = {}  # last name -> traps, see traps_named
        self._traps_indexed = 0
        self._loaded_order: list[Module] = []
        self._methods: dict[str, list[FunctionInfo]] | None = None  # name -> methods, built on demand
        self._indexed = 0  # how many of _loaded_order the index covers
        self.generation = 0  # bumped whenever a module joins the world: indexes rebuild when it moves
        self._joined: list[Module] = []  # every module that joined, in order: _joined[g:] came after generation g
        self.replacements = 0  # bumped when a module replaces an earlier one: indexes may shrink
        self._indexed_replacements = 0
        self._subclasses: dict[int, list[ClassInfo]] | None = None  # id(class) -> subclasses, built on demand
        self._subclasses_indexed = 0  # how many of _loaded_order that index covers
        self._model_methods: dict[str, list[str]] = {}
        self._model_methods_key: tuple | None = None
        self._model_methods_imported: frozenset[str] = frozenset()
        # the project's files, whose classes are always live: those analysed (load_file) and the source under
        # the project's roots (resolve/project.py)
        self.project_paths: set[str] = set()
        self.project = project if project is not None else ProjectScope(())
        self._live: LiveClasses | None = None  # the classes that may have instances, built on demand
        self._live_methods: dict[str, tuple] = {}  # name -> (methods known, live classes known, live methods)
        self._live_model_methods: dict[str, tuple] = {}  # as _live_methods, for model_methods_named
        # what other modules bind to tests the target decides, read from their texts for the binder
        self._conditions = ImportedConditions(facts, self._condition_source)
        self._condition_files: dict[str, tuple] = {}  # module name -> (path, fingerprint) of the text they read
        self._parsed: dict[str, tuple] = {}  # path -> (text, ParseResult) parsed for a condition, not loaded yet
        self._being_bound: Module | None = None
        # (module, its functions whose bodies changed) of each edit kept in place as it loaded (body_edits.py)
        self.kept_in_place: list[tuple[Module, list[FunctionInfo]]] = []
        # told of a module before an edit may be kept in place, which moves its nodes (Workspace._anchor_restored)
        self.before_keep = None

    # -- loading --------------------------------------------------------------------------------

    def module(self, name: str) -> Module | None:
        """The module called `name`, loading it on first use; None if opaque or not found."""
        if name in self.modules:
            return self.modules[name]
        self.modules[name] = None  # guards against import cycles while loading
        if self.model.is_opaque(name):
            return None
        location = self.finder.find(name)
        module = self._load(location) if location else None
        self.modules[name] = module
        return module

    def peek(self, name: str):
        """What `module(name)` would return, without making anything part of this world: the module,
        None (opaque or not found), or NOT_PARSED when its current text was never parsed here."""
        return self._peek(name)[0]

    def peek_digest(self, name: str) -> bytes | None:
        """The text hash of the module `module(name)` would return (None: opaque or not found), reading
        the file if need be but never parsing it or making it part of this world."""
        current, location = self._peek(name)
        if current is not NOT_PARSED:
            return current.digest if current is not None else None
        if location.path is None:
            return b""  # a namespace package
        try:
            return text_digest(self._text(location.path))
        except _UNREADABLE:
            return None

    def would_give(self, name: str, module: Module | None, path: str | None = None) -> bool:
        """Whether this world would give `module` for `name` (`path`: loaded as that file, `load_file`), without
        making anything part of it: the same object, or both None, or both a namespace package (which has no
        code: its submodules are asked by their own names)."""
        if path is not None:
            return self._cached(path, name, fingerprint(path, self.overlays)) is module
        current, location = self._peek(name)
        if current is NOT_PARSED:
            return location.path is None and module is not None and module.path is None and module.source is not None
        return current is module

    def _peek(self, name: str) -> tuple:
        """(peek's answer, the location searched or None)."""
        if name in self.modules:
            return self.modules[name], None
        if self.model.is_opaque(name):
            return None, None
        location = self.finder.find(name)
        if location is None:
            return None, None
        if location.path is None:
            return NOT_PARSED, location
        cached = self._cached(location.path, location.name, fingerprint(location.path, self.overlays))
        return (cached if cached is not None else NOT_PARSED), location

    def _text(self, path: str) -> str:
        """The unsaved editor text of `path`, else the file's; raises one of _UNREADABLE."""
        text = self.overlays.get(path)
        if text is None:
            with open(path, "rb") as handle:
                text = decode_source(handle.read())
        return text

    def is_module(self, name: str) -> bool:
        return self.model.is_opaque(name) is False and self.finder.find(name) is not None

    def load_file(self, path: str, name: str) -> Module:
        """Load a project file under its module name (replacing an earlier load)."""
        location = ModuleLocation(name, path, os.path.basename(path) == "__init__.py", (os.path.dirname(path),))
        self.project_paths.add(path)
        module = self._load(location)
        self.modules[name] = module
        return module

    def _load(self, location: ModuleLocation) -> Module:
        if location.path is None:  # namespace package: no code of its own
            module = Module(location.name, None, SourceText(""), ast.Module(body=[], type_ignores=[]), True, digest=b"")
            return self._register(self._bind(module))
        path = location.path
        mark = fingerprint(path, self.overlays)
        cached = self._cached(path, location.name, mark)
        if cached is not None:
            return self._register(cached)
        module = self._read(location, path)
        earlier = self.cache.latest(path, location.name)
        if earlier is not None and self.is_project(module):
            # an edit inside bodies, or of top-level statements nothing else reads: the module kept, updated
            if self.before_keep is not None:
                self.before_keep(earlier)
            changed = body_edits.keep(earlier, module, self.said_elsewhere, self.names_module)
            if changed is not None:
                self.kept_in_place.append((earlier, changed))
                module = earlier
        self.cache.put(path, location.name, mark, module)
        return self._register(module)

    def names_module(self, name: str) -> bool:
        """Whether `name` (`a.b`) is a module the search path has (a from-import of it binds the module)."""
        return self.finder.find(name) is not None

    def said_elsewhere(self, words, module: Module, names=()) -> bool:
        """Whether a module kept in the cache other than `module` says one of `words` (in its text), one is a word
        that makes a modelled class live, or, one of the names `module` binds (`names`) being public (and `module`
        without a literal `__all__`), a kept module star-imports `module`: what may read those names of `module`,
        or be made live by those words (resolve/top_level_edits.py)."""
        if any(word in made for made in self.model.made_by.values() for word in words):
            return True
        # (a literal `__all__`, the same in both texts, says what a star import binds: none of those names)
        public = module.all_names is None and any(not name.startswith("_") for name in names)
        for other in self.cache.modules():
            if other is module or other.source is None:
                continue
            text = other.source.text
            if any(says(text, word) for word in words):
                return True
            if public and other.scope is not None and any(
                    star[1] == module.name for star in other.scope.bindings.get("*", ())):
                return True
        return False

    def _read(self, location: ModuleLocation, path: str) -> Module:
        try:
            text = self._text(path)
        except _UNREADABLE as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            return self._bind(Module(location.name, path, None, None, location.is_package, f"cannot read: {reason}"))
        known = self.trees.get(path)
        stashed = self._parsed.pop(path, None)
        if known is not None and known[0] is text:
            parsed = ParseResult(known[1])
        elif stashed is not None and stashed[0] == text:
            parsed = stashed[1]
        else:
            parsed = parse(text, path)
        module = Module(location.name, path, SourceText(text), parsed.tree, location.is_package, parsed.error,
                        error_range=parsed.error_range, digest=text_digest(text))
        return self._bind(module)

    def _bind(self, module: Module) -> Module:
        """`module` bound (not yet part of this world: `_register`)."""
        if module.tree is None:
            module.tree = ast.Module(body=[], type_ignores=[])
        binder = Binder(module, self.facts, self._conditions)
        self._being_bound = module  # its own names, asked through a package that imports it, are read from its tree
        try:
            binder.bind()
        finally:
            self._being_bound = None
        if binder.answers:
            module.condition_deps = tuple(sorted(binder.answers.items(), key=lambda answer: answer[0]))
            files = {self._condition_files.get(name) for name in binder.reads if name != module.name}
            module.condition_files = tuple(sorted(file for file in files if file is not None))
        if not self.is_project(module):
            watch(module)  # its functions' bodies may be dropped until read (drop_unread_bodies)
        elif self.watch_bodies:
            body_marks.watch(module)  # reads of its bodies are marks (an edit of one may keep its definitions)
        return module

    def forget_made_words(self) -> None:
        """Forget the words made for the live classes from the loaded modules' texts (live_classes.forget_made_words),
        once the graph is solved in a run that never runs again."""
        forget_made_words(self.loaded())

    def drop_unread_bodies(self) -> int:
        """Drops the bodies of the library functions nothing read so far, to be parsed again if something
        does (resolve/lazy_bodies.py); how many were dropped."""
        return drop_unread(m for m in self.loaded() if not self.is_project(m))

    # -- what a module's decided tests read of others (resolve/imported_conditions.py) ------------

    def _condition_source(self, name: str):
        """(tree, is_package) of the module `name` as imports find it, without making it part of this world (the
        tree is kept for its loading); None when opaque, not found or unreadable. Notes the file read."""
        location = None if self.model.is_opaque(name) else self.finder.find(name)
        if location is None:
            return None
        if location.path is None:  # a namespace package: no code, its submodules
            return ast.Module(body=[], type_ignores=[]), True
        path = location.path
        mark = fingerprint(path, self.overlays)
        self._condition_files[name] = (path, mark)
        module = self.modules.get(name) or self._being_bound
        if module is None or module.path != path or module.name != name:
            module = self.cache.get(path, name, mark)
        if module is not None:
            tree = module.tree
        else:
            known = self._parsed.get(path)
            try:
                text = self._text(path)
            except _UNREADABLE:
                return None
            if known is None or known[0] != text:
                known = self._parsed[path] = (text, parse(text, path))
            tree = known[1].tree
        return (tree if tree is not None else ast.Module(body=[], type_ignores=[])), location.is_package

    def conditions_hold(self, answers: tuple) -> bool:
        """Whether the names of other modules a module's decided tests read (`Module.condition_deps`) still have
        the values they had, asked of the texts as they are now (nothing is loaded)."""
        return all(_same(self._conditions.value(module, name, set()), value) for (module, name), value in answers)

    def _cached(self, path: str, name: str, mark) -> Module | None:
        """The module kept for `path` under `name` and `mark`, unless a name of another module its decided tests
        read has another value now (asked only where a file those values were read from changed)."""
        module = self.cache.get(path, name, mark, lambda now: self._digest_now(path, now))
        if module is None or not module.condition_deps:
            return module
        if all(fingerprint(file, self.overlays) == known for file, known in module.condition_files):
            return module
        return module if self.conditions_hold(module.condition_deps) else None

    def _digest_now(self, path: str, mark: tuple) -> bytes | None:
        """The hash of the text of `path` whose fingerprint is `mark` (module_cache.fingerprint), None if unreadable."""
        if mark[0] == "text":
            return mark[1]
        try:
            return text_digest(self._text(path))
        except _UNREADABLE:
            return None

    def _register(self, module: Module) -> Module:
        """Make a bound module (fresh or from the cache) part of this world."""
        self.generation += 1
        self._joined.append(module)
        if module.path:
            self.by_path[module.path] = module
        if self.modules.get(module.name) is not None:
            self.replacements += 1  # the indexes rebuild from scratch (_current_order)
        self._loaded_order.append(module)
        trap_list = TRAP_MODULES.get(module.name)
        if trap_list:
            self.traps.update(f"{module.name}.{name}" for name in _literal_names(module.tree, trap_list))
        return module

    def primitive_key(self, qualname: str):
        """How a call of this function ends a chain: ("prim", q) switches, ("block", q) blocks the hub,
        ("silent", q) is declared non-switching; None: follow its body (or, without source, nothing)."""
        model = self.model
        if model.is_silent(qualname):
            return ("silent", qualname)
        if qualname in self.traps or model.switches(qualname):
            return ("prim", model.canonical(qualname))
        if model.blocks(qualname):
            return ("block", model.canonical(qualname))
        return None

    def loaded(self) -> list[Module]:
        return [m for m in self._loaded_order if self.modules.get(m.name) is m]

    # -- indexes over what is loaded --------------------------------------------------------------

    def _current_order(self) -> None:
        """After a module replaced another, drop the replaced one from the order the indexes walk."""
        if self._indexed_replacements != self.replacements:
            self._indexed_replacements = self.replacements
            self._loaded_order = self.loaded()
            self._methods = self._subclasses = None
            self._live_methods = {}
            if self._live is not None:  # keeps what the call graph reached (LiveClasses.reach)
                self._live.restart()

    def methods_named(self, name: str) -> list[FunctionInfo]:
        """Every method called `name` in a class of a loaded module (dispatch on unknown receivers)."""
        self._current_order()
        if self._methods is None:
            self._methods, self._indexed = {}, 0
        index = self._methods
        for module in self._loaded_order[self._indexed:]:
            for method_name, methods in _methods_of(module).items():
                known = index.get(method_name)
                if known is None:
                    index[method_name] = list(methods)
                else:
                    known.extend(methods)
        self._indexed = len(self._loaded_order)
        return self._methods.get(name, [])

    def live_methods_named(self, name: str, evaluator) -> list[FunctionInfo]:
        """The methods of `methods_named(name)` whose classes may have instances (`live_classes`): what a
        receiver of unknown class dispatches to."""
        methods = self.methods_named(name)
        if not methods:
            return methods
        live = self.live_classes(evaluator)
        known = self._live_methods.get(name)
        if known is not None and known[0] == len(methods) and known[1] == len(live.joined):
            return known[2]
        found = [m for m in methods if m.cls in live.classes]
        self._live_methods[name] = (len(methods), len(live.joined), found)
        return found

    def live_classes(self, evaluator) -> LiveClasses:
        """The classes of the loaded modules that may have instances, brought up to date (MROs and metaclasses
        as `evaluator` has them); grows as modules join (`LiveClasses.joined`)."""
        self._current_order()
        if self._live is None:
            self._live = LiveClasses(self.model)
        self._live.update(self._loaded_order, self.is_project, evaluator)
        return self._live

    def live_words_matter(self, module: Module, before: tuple | None) -> bool:
        """Whether an analysed module's function words going from `before` (live_classes.functions_words, before an
        edit kept in place; None: not known) to what they are now may make a fresh world's live classes differ
        from this one's (`LiveClasses.words_matter`); never where nothing asked this world which classes are live
        (nor would a fresh world for the same graph: the edits a kept graph takes add no dispatch key)."""
        live = self._live
        if live is None:
            return False
        return before is None or live.words_matter(before, functions_words(module), self._loaded_order)

    def is_project(self, module: Module) -> bool:
        """Whether a loaded module is the project's: one analysed, or under the project's roots."""
        return module.path in self.project_paths or self.project.holds(module.path)

    def traps_named(self, name: str) -> list[str]:
        """Qualified names of the runtime's trap functions called `name`, sorted."""
        return self._trap_index().get(name, [])

    def _trap_index(self) -> dict[str, list[str]]:
        """Last name -> the traps of that name, sorted (rebuilt when traps were added)."""
        if self._traps_indexed != len(self.traps):
            self._traps_by_name = {}
            for qualname in sorted(self.traps):
                self._traps_by_name.setdefault(qualname.rpartition(".")[2], []).append(qualname)
            self._traps_indexed = len(self.traps)
        return self._traps_by_name

    def model_methods_named(self, name: str, evaluator=None) -> list[str]:
        """Qualified names of switching modelled methods called `name`, for imported modelled packages
        (and, of the modules a program must import to get their objects, the imported ones), but for those
        of classes with a rule (the model's made_by) not live yet (`live_classes`, as `evaluator` has them)."""
        methods = self._imported_model_methods(name)
        made_by = self.model.made_by
        if not methods or not made_by or evaluator is None:
            return methods
        live = self.live_classes(evaluator)
        known = self._live_model_methods.get(name)
        if known is not None and known[0] is methods and known[1] == len(live.modelled_joined):
            return known[2]
        found = [q for q in methods if (owner := q.rpartition(".")[0]) not in made_by or owner in live.modelled]
        self._live_model_methods[name] = (methods, len(live.modelled_joined), found)
        return found

    def _imported_model_methods(self, name: str) -> list[str]:
        """model_methods_named's answer but for the rule of live classes."""
        key = (id(self.model), self.generation)
        if self._model_methods_key != key:
            opaque = [n for n, m in self.modules.items() if m is None and self.model.is_opaque(n)]
            imported = {n.partition(".")[0] for n in opaque}
            imported.update(g for g in self.model.imported_only if any(_within(n, g) for n in opaque))
            closed = tuple(g for g in self.model.imported_only if g not in imported)
            index: dict[str, list[str]] = {}
            for qualname in sorted(self.model.switching):
                if qualname.partition(".")[0] in imported and not any(_within(qualname, g) for g in closed):
                    index.setdefault(qualname.rpartition(".")[2], []).append(qualname)
            self._model_methods, self._model_methods_key = index, key
            self._model_methods_imported = frozenset(imported)
        return self._model_methods.get(name, [])

    def subclasses(self, cls: ClassInfo | str, mro) -> list[ClassInfo]:
        """Loaded classes that have `cls` in their MRO (other than itself): a class with source, or a builtin
        type by its qualified name (`builtins.dict`: the source classes deriving from dict)."""
        index = self._subclasses
        current = self._indexed_replacements == self.replacements
        if index is None or not current or self._subclasses_indexed != len(self._loaded_order):
            index = self._index_subclasses(mro)
        return index.get(cls if cls.__class__ is str else id(cls), [])

    def _index_subclasses(self, mro) -> dict[int, list[ClassInfo]]:
        self._current_order()
        if self._subclasses is None:
            self._subclasses, self._subclasses_indexed = {}, 0
        # only modules that joined since the last call: an MRO, once computed, never changes. Those
        # that join while this loop computes MROs wait for the next call, as a snapshot would have it
        order, index = self._loaded_order, self._subclasses
        end = len(order)
        for module in order[self._subclasses_indexed:end]:
            for sub in module.classes:
                for ancestor in mro(sub)[1:]:
                    if isinstance(ancestor, ClassInfo):
                        index.setdefault(id(ancestor), []).append(sub)
                    elif ancestor.startswith("builtins.") and ancestor != "builtins.object":
                        index.setdefault(ancestor, []).append(sub)
        self._subclasses_indexed = end
        return index

    def member_names_since(self, generation: int) -> set[str]:
        """Names that classes (methods, class attributes) and trap functions bind in the modules that
        joined after `generation`: the only names whose dispatch those modules can change; and, each after
        an "@", the attributes their classes' bodies and methods assign (what a base class's `self.name`
        may hold: the call graph's ("attr", class, name, operation) keys)."""
        names: set[str] = set()
        for module in self._joined[generation:]:
            names.update(_member_names(module))
            names.update(_assigned_names(module))
        names.update(self._trap_index())
        return names

    def model_methods_imported(self) -> frozenset[str]:
        """The imported modelled packages (and modules of `imported_only`) `model_methods_named` answers for."""
        self._imported_model_methods("")
        return self._model_methods_imported


def _same(value, other) -> bool:
    """Equal and of the same type (`True` is not `1` to a test reading it)."""
    return type(value) is type(other) and value == other


def _within(name: str, module: str) -> bool:
    """Whether `name` is the module `module` or a name inside it."""
    return name == module or name.startswith(module + ".")


def _literal_names(tree: ast.Module, variable: str) -> list[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            if isinstance(node.value, (ast.Tuple, ast.List, ast.Set)):
                return [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _methods_of(module: Module) -> dict[str, tuple[FunctionInfo, ...]]:
    """Method name -> the methods of that name in the module's classes, in class then binding order
    (kept on the module: it is shared across worlds)."""
    methods = module.__dict__.get("_methods_of")
    if methods is None:
        found: dict[str, list[FunctionInfo]] = {}
        for cls in module.classes:
            for method_name, bindings in cls.scope.bindings.items():
                for binding in bindings:
                    if binding[0] == "def":
                        found.setdefault(method_name, []).append(binding[1])
        methods = module.__dict__["_methods_of"] = {name: tuple(found_) for name, found_ in found.items()}
    return methods


def _assigned_names(module: Module) -> frozenset[str]:
    """"@name" for each attribute the module's classes assign, in their bodies or on `self` (kept on the module)."""
    names = module.__dict__.get("_assigned_names")
    if names is None:
        names = frozenset("@" + name for cls in module.classes for name in (*cls.scope.bindings, *cls.instance_attrs))
        module.__dict__["_assigned_names"] = names
    return names


def _member_names(module: Module) -> frozenset[str]:
    """Names bound in the module's class bodies (kept on the module: it is shared across worlds)."""
    names = module.__dict__.get("_member_names")
    if names is None:
        names = frozenset(name for cls in module.classes for name in cls.scope.bindings)
        module.__dict__["_member_names"] = names
    return names
