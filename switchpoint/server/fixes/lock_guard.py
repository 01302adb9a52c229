"""Guard a flagged read-switch-write statement with a lock, creating the module-level lock if it is missing.

The lock is a greenlet-aware one from the framework the module imports (gevent,
else eventlet); a `threading` lock would not exclude greenlets of one thread.
"""

from __future__ import annotations

import libcst as cst

from . import nodes

LOCK_FACTORIES = {"gevent": ("gevent.lock", "gevent.lock.RLock()"), "eventlet": ("eventlet.semaphore", "eventlet.semaphore.Semaphore()")}


def _root_name(statement: cst.SimpleStatementLine) -> str | None:
    """The shared object the statement writes: `t` for `t[k] += 1`, `count` for `self.count = ...`."""
    for small in statement.body:
        targets = []
        if isinstance(small, (cst.AugAssign, cst.AnnAssign)):
            targets = [small.target]
        elif isinstance(small, cst.Assign):
            targets = [t.target for t in small.targets]
        for target in targets:
            while isinstance(target, cst.Subscript):
                target = target.value
            if isinstance(target, cst.Attribute):
                return target.attr.value
            if isinstance(target, cst.Name):
                return target.value
    return None


def _module_names(module: cst.Module) -> set[str]:
    names = set()
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    return names


class _Wrap(cst.CSTTransformer):
    def __init__(self, target: cst.SimpleStatementLine, lock: str):
        self.target, self.lock = target, lock

    def leave_SimpleStatementLine(self, original, updated):
        if original is not self.target:
            return updated
        return cst.With(
            items=[cst.WithItem(item=cst.parse_expression(self.lock))],
            body=cst.IndentedBlock(body=[updated.with_changes(leading_lines=[])]),
            leading_lines=updated.leading_lines,
        )


def guard_with_lock(text: str, line: int) -> tuple[str, str] | None:
    """(new text, lock name) with the statement on `line` under `with <lock>:`, or None if not applicable."""
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    statement = nodes.statement_at_line(parsed, line)
    if not isinstance(statement, cst.SimpleStatementLine) or not isinstance(parsed.parents.get(statement), cst.IndentedBlock):
        return None  # top-level code or a one-line suite: nothing sensible to wrap
    root = _root_name(statement) or "shared"
    lock = f"_{root.strip('_')}_lock"
    module = parsed.module.visit(_Wrap(statement, lock))
    if lock not in _module_names(module):
        framework = "eventlet" if nodes.imports_framework(module, "eventlet") and not nodes.imports_framework(module, "gevent") else "gevent"
        import_name, factory = LOCK_FACTORIES[framework]
        module = nodes.add_import(module, import_name)
        module = nodes.insert_after_imports(module, [cst.parse_statement(f"{lock} = {factory}\n")])
    return module.code, lock
