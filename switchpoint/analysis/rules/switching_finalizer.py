"""SP301 switching-finalizer: a `__del__`, weakref callback or `weakref.finalize` callback that may switch.

## What it does
Flags a `__del__` method whose body certainly reaches a switch point, and a
callback passed to `weakref.finalize(obj, callback, ...)`, `weakref.ref(obj,
callback)`, `weakref.proxy(obj, callback)` or `weakref.WeakMethod(method,
callback)` that certainly reaches one. The finding sits on the `def` of `__del__`
or on the registering call, with the switch point and its chain as related.

## Why is this bad?
Finalizers run wherever the garbage collector happens to run them: in the middle
of any statement of any virtual thread, inside the hub, or while a lock is held.
A switch there suspends an arbitrary frame at a point nobody expected to be a
switch point; gevent once deadlocked this way (a `__del__` that closed a socket
through the hub, reached while the hub itself was collecting).

## Example
```python
class Connection:
    def __del__(self):
        self.sock.sendall(b"QUIT")        # gevent socket I/O switches
```

## Use instead
Close explicitly (`with` blocks, `close()` from the owner), or have the finalizer
only hand the work to a virtual thread without switching:
`gevent.spawn(conn.close)` / `hub.loop.run_callback(...)`.

## Known limits
Only certain switch points count (a finalizer that may call an overridden method
is not flagged). Callbacks registered through helpers (`atexit`, custom registries)
are not followed.
"""

from __future__ import annotations

from switchpoint.analysis.api import CERTAIN
from switchpoint.analysis.resolve.infer import FuncV
from switchpoint.analysis.rules._program import calls_with_names

CODE = "SP301"
NAME = "switching-finalizer"

# registering call (last name, qualified prefix) -> position of the callback argument
CALLBACK_AT = {"finalize": 1, "ref": 1, "proxy": 1, "WeakMethod": 1}


def check(context) -> list:
    findings = []
    summaries = context.summaries
    for func in context.module.functions:
        if func.name == "__del__" and func.cls is not None and summaries.certainty(func) == CERTAIN:
            findings.append(_finding(context, func.node, func, "`__del__` may switch", name_only=True))
    for func in context.own_functions():
        for node, names in calls_with_names(context, func):
            position = next((CALLBACK_AT[n.rpartition(".")[2]] for n in names
                             if n.rpartition(".")[2] in CALLBACK_AT and n.startswith(("weakref.", "_weakref."))), None)
            if position is None or len(node.args) <= position:
                continue
            for value in context.evaluator.eval(node.args[position], func.scope):
                if isinstance(value, FuncV) and summaries.certainty(value.func) == CERTAIN:
                    findings.append(_finding(context, node, value.func, f"the weakref callback `{value.func.name}` may switch"))
                    break
    return findings


def _finding(context, node, callback, what: str, name_only: bool = False):
    chain = tuple(context.summaries.chain(callback, True))
    message = (f"{what}: finalizers run at arbitrary points (inside other virtual threads, the hub, or "
               f"under a lock), so switching there can deadlock or corrupt state ({' -> '.join(chain)})")
    related = []
    for op, certainty, op_chain in context.switching_ops(callback):
        if certainty == CERTAIN and callback.module is context.module:
            related.append(context.related(op.first, "switch point: " + " -> ".join(op_chain), op.last))
            break
    if name_only:
        return _on_name(context, node, message, related, chain)
    return context.finding(CODE, node, message, related, chain)


def _on_name(context, node, message, related, chain):
    """A finding on the `def` line only (from `def` to the end of the name), not the whole body."""
    from switchpoint.analysis.api import Finding, Position, Range

    start = context.range_of(node).start
    line = node.lineno
    text = context.module.source._line(line)
    column = text.find(node.name, max(start.column - 1, 0))
    end = Position(line, (column if column >= 0 else len(text)) + len(node.name) + 1)
    return Finding(context.path, Range(start, end), CODE, message, tuple(related), chain)
