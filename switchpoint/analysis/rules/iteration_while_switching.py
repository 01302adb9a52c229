"""SP103 iteration-while-switching: a loop over a shared container whose body may switch, while other code mutates it.

## What it does
Flags `for x in container:` (also over `.items()`, `.keys()`, `.values()`) when
the container is shared state (as in SP101), the loop body may switch, and some
code elsewhere in the program mutates that container in place (`append`, `add`,
`remove`, `pop`, `del c[k]`, `c[k] = v`, ...). Rebinding the attribute to a new
container does not count: a running loop keeps the old one.

## Why is this bad?
At the switch point another virtual thread can mutate the container. For dicts and
sets the loop then fails with `RuntimeError: dictionary changed size during
iteration`; for lists it silently skips or repeats elements.

## Example
```python
def broadcast(self, message):
    for client in self.clients:          # SP103
        client.sendall(message)          # switches; meanwhile disconnect() removes a client

def disconnect(self, client):
    self.clients.remove(client)
```

## Use instead
Iterate over a snapshot: `for client in list(self.clients):`, or hold a lock that
the mutating code takes too.

## Known limits
A mutation is matched by the container's name (global, or attribute path on
`self` or on a parameter), not by object identity. Loops guarded by a lock are
still reported when the mutating code does not visibly take the same lock.
"""

from __future__ import annotations

import ast
import weakref

from switchpoint.analysis.rules._flow import flow_of, mutated_containers, mutation_key, place_text, remembered_changes
from switchpoint.analysis.rules._program import program_of

CODE = "SP103"
NAME = "iteration-while-switching"


def check(context) -> list:
    program = program_of(context)
    if not program.concurrent:
        return []
    own = context.own_functions()
    loops = [(func, loop) for func in own for loop in flow_of(context, func).swept_loops]
    if not loops:
        return []  # nothing to check, and the program-wide index of mutations is not needed
    # Walks do not depend on each other (accessor summaries depend only on function and depth), so
    # building the index here, after this file's walks or before them, changes no other finding.
    mutated = _mutations(context)
    findings = []
    for func, loop in loops:
        key = mutation_key(context, func, loop.place)
        inside = {id(n) for n in ast.walk(loop.loop)}
        elsewhere = [(f, n) for f, n in mutated.get(key, ()) if id(n) not in inside]
        if key is None or not elsewhere:
            continue
        other, node = elsewhere[0]
        what = place_text(loop.place)
        switch = loop.switch
        message = (
            f"iteration over shared `{what}` while switching: at the switch point on line {switch.node.lineno} "
            f"another virtual thread can mutate it (as {other.qualname} does on line {node.lineno}), "
            "which breaks or skews this loop"
        )
        related = [
            context.switch_related(switch),
        ]
        if other.module is context.module:
            related.append(context.related(node, f"`{what}` is mutated here"))
        findings.append(context.finding(CODE, loop.iterable, message, related, switch.chain))
    return findings


_MUTATIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _mutations(context) -> dict:
    """Container key -> [(function, node)] of the in-place changes of shared containers anywhere in the
    program, once per run. What each function changes in place is remembered across runs (it does not
    depend on what is shared); only which of those containers are shared is asked in every run."""
    mutated = _MUTATIONS.get(context.summaries)
    if mutated is None:
        mutated = {}
        for func, changes in remembered_changes(context, program_of(context).functions).items():
            if changes:
                for key, node in mutated_containers(context, func, changes):
                    mutated.setdefault(key, []).append((func, node))
        _MUTATIONS[context.summaries] = mutated
    return mutated
