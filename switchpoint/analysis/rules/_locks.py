"""Locks for the race rules: which expressions are locks, and which functions only ever run under one.

An expression is a lock when the engine infers an instance of a known lock class
(gevent, eventlet, switchpoint.runtime, threading, asyncio), or, when its class is
unknown, when its last name is a lock word (`lock`, `_lock`, `write_lock`,
`rlock`, `mutex`, `sem`, `semaphore`; not `clock`).

A function runs under its callers' lock when every call of it in the project sits
inside a `with <lock>:` block (or inside another such function) and it is never
spawned: its reads and writes then count as locked, like the caller's.
"""

from __future__ import annotations

import ast
import re

from switchpoint.analysis.resolve.infer import ExtV, InstV
from switchpoint.analysis.rules._per_run import PerRun
from switchpoint.analysis.rules._program import body_withs, program_of

LOCK_WORDS = frozenset({"lock", "rlock", "mutex", "semaphore", "sem", "sema"})
LOCK_CLASSES = frozenset({
    "gevent.lock.Semaphore", "gevent.lock.BoundedSemaphore", "gevent.lock.RLock",
    "eventlet.semaphore.Semaphore", "eventlet.semaphore.BoundedSemaphore",
    "switchpoint.runtime._sync.Lock", "switchpoint.runtime._sync.RLock", "switchpoint.runtime._sync.Semaphore",
    "switchpoint.runtime._sync.BoundedSemaphore", "switchpoint.runtime._sync.Condition",
    "threading.Lock", "threading.RLock", "_thread.lock", "_thread.RLock", "_thread.allocate_lock",
    "threading.Semaphore", "threading.BoundedSemaphore", "threading.Condition",
    "asyncio.locks.Lock", "asyncio.locks.Semaphore", "asyncio.locks.BoundedSemaphore", "asyncio.locks.Condition",
})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_LOCKED: PerRun[set] = PerRun()  # by the run's summaries


def is_lock(evaluator, node: ast.AST, scope) -> bool:
    for value in evaluator.eval(node, scope):
        name = None
        if isinstance(value, InstV):
            name = value.cls if isinstance(value.cls, str) else value.cls.qualname
        elif isinstance(value, ExtV):
            name = value.qualname
        if name and evaluator.world.model.canonical(name) in LOCK_CLASSES:
            return True
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
    return any(word.lower() in LOCK_WORDS for word in _WORD.findall(name))


def locked_functions(context) -> set:
    """Functions every call of which happens with a lock held by the caller (once per run)."""
    return _LOCKED.get(context.summaries, lambda: _find_locked(context))


def _find_locked(context) -> set:
    program = program_of(context)
    evaluator = context.evaluator
    remembered = program.remembered_of(program.functions, "lock sites", lambda func: _call_sites(program, evaluator, func))
    # the least set closed under: a callee never spawned whose every call is locked or made by a member.
    # A worklist: each callee counts its calls neither locked nor made by a member yet (one per call, as
    # `all` over its calls asks), and is found when none is left
    unlocked: dict = {}  # callee -> number of its calls not locked whose caller is not found (yet)
    unlocked_by: dict = {}  # caller -> the callees of its calls not locked, once per such call
    for func, calls in remembered.items():
        for callee, locked in calls:
            if locked:
                unlocked.setdefault(callee, 0)
            else:
                unlocked[callee] = unlocked.get(callee, 0) + 1
                unlocked_by.setdefault(func, []).append(callee)
    spawned = program.spawned
    found = set()
    pending = [callee for callee, count in unlocked.items() if not count and callee not in spawned]
    while pending:
        func = pending.pop()
        found.add(func)
        for callee in unlocked_by.get(func, ()):
            count = unlocked[callee] = unlocked[callee] - 1
            if not count and callee not in spawned:
                pending.append(callee)
    return found


def _call_sites(program, evaluator, func) -> tuple:
    """(callee, whether a lock is held) of each function a call in `func` may run (remembered across runs).
    The callees are those the program's builder found (`Program.called`, remembered with the same function's
    facts, so valid while these are)."""
    locked_calls = set()
    for node in body_withs(func):
        if any(is_lock(evaluator, item.context_expr, func.scope) for item in node.items):
            for statement in node.body:
                locked_calls.update(id(n) for n in ast.walk(statement) if isinstance(n, ast.Call))
    return tuple((callee, id(node) in locked_calls) for node, callees in program.called[func] for callee in callees)
