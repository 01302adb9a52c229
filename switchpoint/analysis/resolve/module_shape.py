"""A module's shape: what of a module other code and the call graph's global indexes can see, apart from
what its functions' bodies compute. Two versions of a module with the same shape differ only inside
function bodies, which is the condition for keeping the module across an edit of it (resolve/body_edits.py:
its definitions updated in place, only the entries that read an edited body collected again) and, later, a
call graph: an edit that changes the shape must take the full path, but an edit of top-level statements that
nothing but the module's own top-level code reads, which changes only the text outside bodies, the module
scope's bindings of the names it binds and the words of the code run on import (resolve/top_level_edits.py
compares the other parts). The workspace reports how many of a run's edited modules kept their shape
(`Workspace.stats["same_shape"]`, a top-level edit kept in place counted among them) and how many were kept in
place.

The shape, compared whole (docs/model.md, "Incrementality"):
- the module's name, whether it is a package, its problem, the names of other modules its decided tests read;
- its text outside function bodies (a body runs from its first statement's line to its end and the blank
  lines after it; one that starts on its `def` line counts as outside): top-level statements, imports, class statements with their bases,
  keywords and class-body statements, def lines with their decorators, arguments, defaults and annotations,
  comments there (and between a def line and its first statement);
- its functions in order (nested ones, which bodies define, included): qualname, kind, async, parameters,
  whether it is a generator;
- its classes in order: the names bound in the class body, the instance attributes methods assign
  (`self.x = ...`) and those whose containers they store into (`self.x[k] = ...`), with the methods doing so;
- the names bound in the module's scope with how many bindings each (a body's `global x; x = ...` binds one);
- the stores a body makes into other objects' attributes (`obj.x = v`, `Module.attribute_stores`) and into
  containers bound by name (`d[k] = v`, `Module.stored_names`): which function, which attribute or name;
- the words of the code that runs on import that can make classes live (resolve/live_classes.py's
  module_words, with the bases whose `__subclasses__()` it asks for; they follow from the text outside bodies).
The words of the function bodies are left out: a body saying a word no body said before (typing `self.conn`
letter by letter says `c`, `co`, `con`...), or no longer saying one, keeps the module in place, and a full run
takes which classes are live from the new words. What needs them is a kept graph, whose world computed
liveness from the old ones: kept_run.py asks that world whether the words gained or lost name a class whose
liveness reads words (`World.live_words_matter`) and takes a run where one does.
Left out too, as read only by the collection of the function whose body holds them: the branches its tests
decide (`Module.decided`), the lambdas and comprehensions in it, the values it assigns (read by other
modules' inference through the module, which marks their entries).
"""

from __future__ import annotations

import ast

from switchpoint.analysis.resolve.binder import Module
from switchpoint.analysis.resolve.live_classes import module_words, outside_bodies


def same_shape(old: Module, new: Module) -> bool:
    """Whether `new` differs from `old` only inside function bodies (see the module's docstring)."""
    if old is new:
        return True
    if old.source is None or new.source is None:
        return False
    return shape(old) == shape(new)


def shape(module: Module) -> tuple:
    """The module's shape as one comparable tuple (kept on the module: it is shared across worlds)."""
    found = module.__dict__.get("_shape")
    if found is None:
        found = module.__dict__["_shape"] = (
            (module.name, module.is_package, module.problem, tuple(dep for dep, _ in module.condition_deps)),
            outside_bodies(module, module.source.text),
            tuple((f.qualname, f.kind, f.is_async, f.params, f.is_generator) for f in module.functions),
            tuple((c.qualname, tuple(sorted(c.scope.bindings)), _instance_attrs(c)) for c in module.classes),
            tuple(sorted((name, len(found)) for name, found in module.scope.bindings.items()))
            if module.scope is not None else (),
            tuple(sorted((owner.qualname, _attribute(target)) for owner, stores in module.attribute_stores.items()
                         for target, _ in stores)),
            tuple(sorted((name, tuple(sorted(f.qualname for f in owners))) for name, owners in module.stored_names.items())),
            _words(module_words(module)),
        )
    return found


def _instance_attrs(cls) -> tuple:
    return tuple(_by_method(table) for table in (cls.instance_attrs, cls.held_stores))


def _by_method(table: dict) -> tuple:
    """name -> the methods (each once: an edit of a method binds all it assigns or stores again)."""
    return tuple(sorted((name, tuple(sorted({f.qualname for _, f in assigned}))) for name, assigned in table.items()))


def _attribute(target) -> str:
    return target.attr if isinstance(target, ast.Attribute) else type(target).__name__


def _words(words: tuple) -> tuple:
    own, reflected = words
    return frozenset(own), reflected
