"""Collected operations on disk, per module: a second process re-collects only what changed.

Collecting a function's operations (inference of every callee and receiver) is
most of an analysis. This store keeps each function's `Collected` entry in a file
per module version, `<root>/ops/<key>/<module>.<text hash>.pickle`, where the key
covers switchpoint's version and files, the Python version and the primitive
model (monkey-patch flags, `switching` / `non_switching`). An entry records the
text hash of every module its collection read or refers to, and for each of those whose
decided tests read names of other modules, those names' values (`Module.condition_deps`,
marked "¦module": asked again of the texts, nothing loaded); it is reused only while each
of those modules, as loaded now, has the same hash, and each of those names the same value. Anything else
(a changed module, a module that appeared or vanished under a name) means
collecting afresh, exactly as a cold run would.

Project modules live under the project (`.switchpoint_cache/ops/`); every other
module (stdlib, site-packages) in a per-user folder shared by projects
(`$SWITCHPOINT_CACHE_HOME`, else `$XDG_CACHE_HOME/switchpoint`, else
`~/.cache/switchpoint`), so a library is collected once per environment. Two texts of
a module are kept, and two records per function (the module read by its collection
changed), the newest first: an edit undone or a branch switched back finds its entries
again; older ones are replaced as newer ones are stored. Folders of other keys that no
run wrote to for a month go when a new key's folder is made. Unsaved editor text is never
stored, nor any entry that holds only while such a text stays as it is (it read that
module, or callers passed it something defined there): in the language server each
keystroke would otherwise rewrite the tables of modules nobody edits.

References are symbolic on disk: a function or class is (module name, index in
the module's binding order), a lambda (its owner, its node), an operation's anchor
node its (type, start, end), read back as a `Position` that the operation turns
into the node on first use (`anchors.py`). The rare function whose operations hold a value with no symbolic form (a literal
container among an instance's type arguments, a module version no longer loaded)
is simply not stored.
"""

from __future__ import annotations

import ast
import os
import pickle
import sys
import tempfile

from switchpoint.analysis.callgraph.anchors import Position, find_node, node_key
from switchpoint.analysis.callgraph.ops import LOCAL, Collected, Op, mark_value
from switchpoint.analysis.resolve import body_marks
from switchpoint.analysis.resolve.binder import FunctionInfo, Module, scope_within
from switchpoint.analysis.resolve.infer import (
    UNKNOWN, AccessorV, ClassV, ContainerV, CtxV, DispatchV, ExtV, FuncV, GenExpV, GenV, InstV, LazyV, ModuleV, ParamV,
    PartialV, PrefixedV, SuperV,
)

FORMAT = 16
VERSIONS_KEPT = 2  # texts per module, records per function: the current one and the one before
_SCALARS = (str, int, bool, type(None))
_NOT_ARGUMENTS = (ContainerV, GenExpV, LazyV, SuperV)
CONDITION = "¦"  # marks the values of other modules' names a module's decided tests read (Module.condition_deps)


def user_cache_home() -> str:
    """Where caches shared by every project of this user live."""
    configured = os.environ.get("SWITCHPOINT_CACHE_HOME")
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "switchpoint")


# the first characters of the mark names that are not modules: argument keys, body marks (the module's text hash
# stands for its bodies on disk), the values decided tests read
_NOT_MODULES = ("§", body_marks.BODY, CONDITION)


class _Unsavable(Exception):
    """An entry refers to something with no symbolic form (a node without a position, a literal
    container among type arguments, a module version no longer loaded)."""


class OpStore:
    def __init__(self, project_root: str, key: str):
        self.key = f"{key}-py{sys.version_info[0]}{sys.version_info[1]}-f{FORMAT}"
        self.project_root = os.path.abspath(project_root)
        self._tables: dict[tuple[str, bytes], dict] = {}  # (module name, digest) -> (phase, reference) -> record
        self._indexes: dict[int, tuple[Module, dict, dict]] = {}  # id(module) -> (module, funcs, classes)
        self.restored = 0

    # -- where ----------------------------------------------------------------------------------

    def _folder(self, module: Module) -> str:
        path = os.path.abspath(module.path)
        if path.startswith(self.project_root + os.sep):
            root = os.path.join(self.project_root, ".switchpoint_cache")
        else:
            root = user_cache_home()
        return os.path.join(root, "ops", self.key)

    def _file(self, module: Module) -> str:
        return os.path.join(self._folder(module), f"{module.name}.{module.digest.hex()}.pickle")

    def _table(self, module: Module) -> dict:
        """The module's table as restoring uses it: read once a run, and emptied as its records are restored."""
        key = (module.name, module.digest)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = self._read(module)
        return table

    def _read(self, module: Module) -> dict:
        """The module's table as on disk; empty when missing or damaged (collect afresh, and overwrite it)."""
        try:
            with open(self._file(module), "rb") as handle:
                table = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
                IndexError, MemoryError):
            return {}
        return table if isinstance(table, dict) else {}

    def _index(self, module: Module) -> tuple[dict, dict]:
        known = self._indexes.get(id(module))
        if known is None or known[0] is not module:
            functions = {id(f): i for i, f in enumerate(module.functions)}
            functions[id(module.top)] = -1
            classes = {id(c): i for i, c in enumerate(module.classes)}
            known = self._indexes[id(module)] = (module, functions, classes)
        return known[1], known[2]

    @staticmethod
    def _storable(module: Module | None) -> bool:
        return module is not None and module.path is not None and bool(module.digest)

    # -- reading ----------------------------------------------------------------------------------

    def restore(self, func: FunctionInfo, evaluator, phase: str, signature_of):
        """The stored entry of `func` for `phase` ("first" or "refined"), if every module it depends on
        is unchanged and (refined) `signature_of(marks)` is what it was; else None."""
        module = func.module
        if not self._storable(module):
            return None
        world = evaluator.world
        table = self._table(module)
        try:
            key = (phase, _Encoder(self, world).ref(func))
        except _Unsavable:
            return None
        records = table.get(key, ())
        for record in records if isinstance(records, tuple) else ():
            entry = self._restored(record, func, evaluator, signature_of)
            if entry is not None:
                # a function is restored once a run: its records need not stay in memory (a large program's
                # tables are a hundred MB unpickled; `save` reads the file again)
                del table[key]
                return entry
        return None

    def _restored(self, record: tuple, func: FunctionInfo, evaluator, signature_of):
        world = evaluator.world
        try:
            encoded_ops, encoded_lambdas, encoded_marks, signature, encoded_decorated = record
        except (TypeError, ValueError):
            return None  # not a record as this format writes them: collect afresh
        # checked before anything is loaded: a record that does not apply must leave the world as it was
        if signature != signature_of(encoded_marks):
            return None
        if any(name[0] not in _NOT_MODULES and world.peek_digest(name) != digest for name, digest in encoded_marks):
            return None
        if any(name[0] == CONDITION and not world.conditions_hold(answers) for name, answers in encoded_marks):
            return None
        # a body mark names a body of a module whose text is the one read: the body as it is now (the modules
        # first, loaded in the order of their names, which sort before "¶")
        # (a body mark named as a fresh binding names it: the function's, where a method inserted in place renamed)
        marks = tuple((name, mark_value(name, world)) for name in (
            body_marks.in_memory(name, world) for name, _ in encoded_marks if name[0] != CONDITION))
        try:
            decoder = _Decoder(evaluator, func.node)
            ops = [decoder.op(encoded) for encoded in encoded_ops]
            lambdas = tuple(decoder.ref(encoded) for encoded in encoded_lambdas)
            decorated = tuple((decoder.ref(a), decoder.ref(b)) for a, b in encoded_decorated)
        except (LookupError, TypeError, ValueError):
            return None  # a node or a function that is not where the record says: collect afresh
        self.restored += 1
        # its own body is the one the record was collected from: the module's text is
        return Collected(ops, lambdas, marks, signature, decorated, body_marks.own(func))

    # -- writing ----------------------------------------------------------------------------------

    def save(self, graph, overlays: dict[str, str]) -> int:
        """Store the entries this run collected, but none that holds for unsaved editor text only
        (`_holds_for_unsaved`): the next keystroke makes it stale, and it would replace a record valid for
        the files on disk. One module at a time: only one module's encoded records are alive at once."""
        unsaved = _unsaved_texts(graph.world, overlays)
        by_module: dict[int, tuple[Module, list]] = {}
        for phase, func in graph.collected:
            module = func.module
            if not self._storable(module) or _is_unsaved(module, overlays):
                continue
            by_module.setdefault(id(module), (module, []))[1].append((phase, func))
        encoder = _Encoder(self, graph.world)
        versions: dict[str, dict[str, list[str]]] = {}  # folder -> module name -> its files there (_versions)
        stored = 0
        for module, functions in by_module.values():
            records = {}
            for phase, func in functions:
                entry = graph.cache.of(phase).get(func)
                if entry is None or _holds_for_unsaved(entry.marks, entry.signature, unsaved):
                    continue
                try:
                    key, record = self._encode(func, entry, encoder)
                except _Unsavable:
                    continue
                if not _holds_for_unsaved(record[2], None, unsaved):  # the modules it refers to, now marked too
                    records[(phase, key)] = record
            if records:
                self._tables.pop((module.name, module.digest), None)  # what restoring left of it: read afresh below
                table = self._read(module)
                for key, record in records.items():
                    table[key] = _newest_first(record, table.get(key))
                self._write(module, table, versions)
                stored += len(records)
        return stored

    def _encode(self, func: FunctionInfo, entry, encoder: _Encoder) -> tuple:
        world = encoder.world
        encoder.modules = {}
        key = encoder.ref(func)
        ops = [encoder.op(op) for op in entry.ops]
        lambdas = [encoder.ref(f) for f in entry.lambdas]
        decorated = tuple((encoder.ref(a), encoder.ref(b)) for a, b in entry.decorated)
        marks = {}
        for name, module in entry.marks:
            if name[0] == body_marks.BODY:  # as a fresh binding of the module's text names the body
                name = body_marks.on_disk(name, world)
            marks[name] = None if name[0] in _NOT_MODULES or module is None else module.digest
            if not world.watch_bodies and name[0] not in _NOT_MODULES and module is not None and world.is_project(module):
                # collected without body marks (a one-shot run): an editor restoring it keeps it while none of
                # the module's bodies changed in place
                marks[body_marks.every_body(name)] = None
        for module in encoder.modules.values():
            if world.modules.get(module.name) is not module:
                raise _Unsavable  # it refers to a module that is not what its name loads
            marks[module.name] = module.digest
        for module in [*(m for name, m in entry.marks if m is not None and name[0] not in _NOT_MODULES),
                       *encoder.modules.values()]:
            if module.condition_deps:
                marks[CONDITION + module.name] = module.condition_deps
        return key, (ops, lambdas, tuple(sorted(marks.items())), entry.signature, decorated)

    def _write(self, module: Module, table: dict, versions: dict[str, dict[str, list[str]]]) -> None:
        """Write the module's table, and remove its files for older texts beyond VERSIONS_KEPT (`versions`:
        what each folder held when this save first wrote there, listed once, not once per module)."""
        folder = self._folder(module)
        target = self._file(module)
        try:
            if not os.path.isdir(folder):
                os.makedirs(folder)
                _prune_siblings(folder)
            _ignore_in_git(os.path.dirname(os.path.dirname(folder)))
            listed = versions.get(folder)
            if listed is None:
                listed = versions[folder] = _versions(folder)
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(table, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)  # atomic: a concurrent reader sees the old file or the new one
            others = [path for path in listed.get(module.name, ()) if path != target and os.path.exists(path)]
            others.sort(key=os.path.getmtime, reverse=True)
            for stale in others[VERSIONS_KEPT - 1:]:
                os.unlink(stale)  # older texts of the same module
        except OSError:
            pass  # read-only or full: the analysis stands without the store


def _versions(folder: str) -> dict[str, list[str]]:
    """Module name -> the files of its texts in `folder` (`<module name>.<digest>.pickle`)."""
    found: dict[str, list[str]] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if suffix == "pickle" and dot:
                found.setdefault(stem.rpartition(".")[0], []).append(entry.path)
    return found


def _newest_first(record: tuple, known) -> tuple:
    """A function's records once `record` is stored: it first, then the one before it unless that depends
    on the same texts and signature (anything in `known` that is not a record of this format is dropped)."""
    earlier = [r for r in known if isinstance(r, tuple) and len(r) == len(record)] if isinstance(known, tuple) else []
    earlier = [r for r in earlier if (r[2], r[3]) != (record[2], record[3])]
    return (record, *earlier[:VERSIONS_KEPT - 1])


def _reads_unsaved(answers: tuple, unsaved: dict[str, str]) -> bool:
    """Whether the values of other modules' names a module's decided tests read come from unsaved text."""
    return any(module in unsaved for (module, _), _ in answers)


def _unsaved_texts(world, overlays: dict[str, str]) -> dict[str, str]:
    """Module name -> how a refined signature names its text (`arguments._defining_texts`: the hash's
    first 12 hex digits), for each module loaded from unsaved editor text."""
    return {module.name: module.digest.hex()[:12] for module in world.loaded()
            if module.path is not None and module.digest and _is_unsaved(module, overlays)}


def _is_unsaved(module: Module, overlays: dict[str, str]) -> bool:
    return module.path in overlays or os.path.abspath(module.path) in overlays


def _holds_for_unsaved(marks: tuple, signature: tuple | None, unsaved: dict[str, str]) -> bool:
    """Whether an entry holds only while some unsaved text stays as it is: its collection read that
    module or refers to it (marks), or callers passed it a class or function defined there (signature)."""
    if not unsaved:
        return False
    if any(name in unsaved or (name[0] == CONDITION and _reads_unsaved(value, unsaved)) for name, value in marks):
        return True
    texts = [text for _, text in signature or () if text]
    return any(digest in text for digest in unsaved.values() for text in texts)


STALE_DAYS = 30  # a store folder of another key untouched this long is removed


def _prune_siblings(folder: str) -> None:
    """Remove the store folders of other keys (older switchpoint versions, other models) that no
    run has written to for STALE_DAYS: each upgrade would otherwise leave a whole store behind."""
    import shutil
    import time

    parent = os.path.dirname(folder)
    limit = time.time() - STALE_DAYS * 86400
    for name in os.listdir(parent):
        sibling = os.path.join(parent, name)
        if sibling != folder and os.path.isdir(sibling) and os.path.getmtime(sibling) < limit:
            shutil.rmtree(sibling, ignore_errors=True)


def _ignore_in_git(folder: str) -> None:
    if os.path.basename(folder) == ".switchpoint_cache":
        ignore = os.path.join(folder, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w") as handle:
                handle.write("*\n")


class _Encoder:
    def __init__(self, store: OpStore, world):
        self.store = store
        self.world = world
        self.modules: dict[int, Module] = {}  # id -> every module the entry being encoded refers to
        self._refs: dict[int, tuple] = {}  # id(function or class) -> (reference, module): one lookup each

    def ref(self, item) -> tuple:
        known = self._refs.get(id(item))
        if known is None:
            known = self._refs[id(item)] = (self._reference(item), item.module)
        self.modules[id(known[1])] = known[1]
        return known[0]

    def _reference(self, item) -> tuple:
        module = item.module
        if not OpStore._storable(module):
            raise _Unsavable
        if isinstance(item, FunctionInfo) and item.kind == "lambda":
            # a lambda is made by the evaluator, not the binder: where it is, and whose scope it is in
            return ("L", self.ref(_lambda_owner(item)), self.node(item.node))
        functions, classes = self.store._index(module)
        index = (functions if isinstance(item, FunctionInfo) else classes).get(id(item))
        if index is None:
            raise _Unsavable  # a lambda, or an object of a module version no longer loaded
        return ("F" if isinstance(item, FunctionInfo) else "C", module.name, index)

    def node(self, node) -> tuple:
        key = node_key(node)
        if key is None:
            raise _Unsavable
        return key

    def op(self, op: Op) -> tuple:
        targets = tuple((self.key(key), certain, via if via is None or type(via) is str else self.plain(via))
                        for key, certain, via in op.targets)
        first, last = op.anchors()  # as they are: a Position stays one (nothing to find)
        return (op.kind, self.node(first), None if last is first else self.node(last), targets,
                self.calls(op.callargs) if op.callargs else (), self.calls(op.spawned) if op.spawned else ())

    def key(self, key):
        if isinstance(key, FunctionInfo):
            return self.ref(key)
        if isinstance(key, tuple) and key and key[0] == "override":  # of a source class, or a builtin type's name
            return ("override", key[1] if isinstance(key[1], str) else self.ref(key[1]), key[2])
        if isinstance(key, tuple) and key and (key[0] == "result" or key[0] == "attr"):  # its operation: a tuple of strings
            return (key[0], self.ref(key[1]), key[2], self.plain(key[3]))
        return self.plain(key)

    def plain(self, value):
        if isinstance(value, tuple):
            if all(isinstance(v, _SCALARS) for v in value):
                return value
        elif isinstance(value, _SCALARS):
            return value
        raise _Unsavable

    def calls(self, calls) -> tuple:
        return tuple((self.ref(callee), {i: self.arguments(vs) for i, vs in bound.items()}) for callee, bound in calls)

    def arguments(self, values) -> tuple:
        # literal containers, generator expressions and super() passed as arguments type no parameter
        # and are never called (CallGraph._argument_values and call_targets skip them): leave them out
        return tuple(self.value(v) for v in values if type(v) not in _NOT_ARGUMENTS)

    def values(self, values) -> tuple:
        return tuple(self.value(v) for v in values)

    def value(self, value) -> tuple:
        kind = type(value)
        if kind is FuncV:
            override = None if value.override is None else (self.ref(value.override[0]), value.override[1])
            return ("fn", self.ref(value.func), None if value.wrapper is None else self.ref(value.wrapper), value.binding,
                    override)
        if kind is InstV:
            return ("inst", self.cls(value.cls), value.exact, tuple(self.values(vs) for vs in value.args), value.subclassed)
        if kind is ClassV:
            return ("class", self.cls(value.cls), value.exact)
        if kind is ParamV:
            return ("param", self.ref(value.func), value.index)
        if kind is PartialV:
            return ("partial", self.values(value.target), value.maker)
        if kind is AccessorV:  # its names: strings, tuples of them and None
            return ("accessor", value.maker, value.kind, value.names)
        if kind is PrefixedV:
            return ("prefixed", self.ref(value.cls), value.exact, value.prefix)
        if kind is GenV or kind is CtxV:
            return ("gen" if kind is GenV else "ctx", self.ref(value.func))
        if kind is ExtV or kind is DispatchV or kind is ModuleV:
            return ({ExtV: "ext", DispatchV: "dispatch", ModuleV: "module"}[kind], self.plain(_only_field(value)))
        if value is UNKNOWN:
            return ("?",)
        raise _Unsavable  # a literal container or the like inside an instance's type arguments

    def cls(self, cls):
        return cls if isinstance(cls, str) else self.ref(cls)


def _only_field(value) -> str:
    return value.qualname if isinstance(value, ExtV) else value.name


def _lambda_owner(func: FunctionInfo):
    """The function, lambda, class or module whose scope a lambda was met in (see Evaluator.lambda_function)."""
    prefix = func.qualname[: -len(".<lambda>")]
    parent = func.scope.parent
    if parent is not None and parent.owner is not None and parent.owner.qualname == prefix:
        return parent.owner
    for cls in func.module.classes:  # a lambda in a class body: its scope's parent skips the class
        if cls.qualname == prefix and cls.scope.parent is parent:
            return cls
    raise _Unsavable


class _Decoder:
    def __init__(self, evaluator, home: ast.AST):
        self.evaluator = evaluator
        self.world = evaluator.world
        self.home = home  # the function's node: where its operations' anchors are found on first use

    def ref(self, encoded):
        kind, module_name, index = encoded
        if kind == "L":
            owner = self.ref(module_name)  # (the owner's reference, in that slot)
            node = find_node(owner.node, index)
            if not isinstance(node, ast.Lambda):
                raise LookupError(index)
            # (a lambda in a comprehension is evaluated in the comprehension's scope)
            return self.evaluator.lambda_function(node, scope_within(owner.scope, owner.node, node))
        module = self.world.modules[module_name]
        if kind == "F":
            return module.top if index == -1 else module.functions[index]
        return module.classes[index]

    def op(self, encoded) -> Op:
        kind, first, last, targets, callargs, spawned = encoded
        first = Position(first)
        op = Op(kind, first, first if last is None else Position(last), self.home)
        # LOCAL is compared by identity (CallGraph.reverse_edges): unpickled strings are other objects
        op.targets = [(self.key(key), LOCAL if certain == LOCAL else certain, via) for key, certain, via in targets]
        op.callargs = self.calls(callargs)
        op.spawned = self.calls(spawned)
        return op

    def key(self, key):
        if key[0] == "F" or key[0] == "L":
            return self.ref(key)
        if key[0] == "override":
            return ("override", key[1] if isinstance(key[1], str) else self.ref(key[1]), key[2])
        if key[0] == "result" or key[0] == "attr":
            return (key[0], self.ref(key[1]), key[2], key[3])
        return key

    def calls(self, calls) -> tuple:
        return tuple((self.ref(callee), {i: self.values(vs) for i, vs in bound.items()}) for callee, bound in calls)

    def values(self, values) -> tuple:
        return tuple(self.value(v) for v in values)

    def value(self, encoded):
        kind = encoded[0]
        if kind == "fn":
            override = None if encoded[4] is None else (self.ref(encoded[4][0]), encoded[4][1])
            return FuncV(self.ref(encoded[1]), None if encoded[2] is None else self.ref(encoded[2]), encoded[3], override)
        if kind == "inst":
            return InstV(self.cls(encoded[1]), encoded[2], tuple(self.values(vs) for vs in encoded[3]), encoded[4])
        if kind == "class":
            return ClassV(self.cls(encoded[1]), encoded[2])
        if kind == "param":
            return ParamV(self.ref(encoded[1]), encoded[2])
        if kind == "partial":
            return PartialV(self.values(encoded[1]), encoded[2])
        if kind == "accessor":
            return AccessorV(encoded[1], encoded[2], encoded[3])
        if kind == "prefixed":
            return PrefixedV(self.ref(encoded[1]), encoded[2], encoded[3])
        if kind == "gen":
            return GenV(self.ref(encoded[1]))
        if kind == "ctx":
            return CtxV(self.ref(encoded[1]))
        if kind == "ext":
            return ExtV(encoded[1])
        if kind == "dispatch":
            return DispatchV(encoded[1])
        if kind == "module":
            return ModuleV(encoded[1])
        if kind == "?":
            return UNKNOWN
        raise ValueError(kind)

    def cls(self, encoded):
        return encoded if isinstance(encoded, str) else self.ref(encoded)
