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

from switchpoint.analysis.resolve.binder import FunctionInfo
from switchpoint.analysis.rules._flow import (
    flow_of, mutated_containers, mutation_key, place_text, remembered_changes, self_root,
)
from switchpoint.analysis.rules._per_run import PerRun
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
    mutations = _mutations(context)
    findings = []
    for func, loop in loops:
        key = mutation_key(context, func, loop.place)
        if key is None:
            continue
        first = mutations.first_outside(key, {id(n) for n in ast.walk(loop.loop)})
        if first is None:
            continue
        other, node = first
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


_MUTATIONS: PerRun[_Mutations] = PerRun()  # by the run's summaries


def _mutations(context) -> _Mutations:
    """The run's index of in-place changes of shared containers (one per run)."""
    return _MUTATIONS.get(context.summaries, lambda: _Mutations(context))


class _Mutations:
    """The in-place changes of shared containers in the program, as (container key, node) per function,
    made only as far as the loops' questions need: a loop asks for the first change of what it iterates
    in program order, so functions are walked for their changes a batch at a time until one is found,
    and only functions that can change that container at all (a container reached through `self` is
    changed only by methods of that class hierarchy, `mutation_key`). On django its two swept loops walk
    a few dozen functions of 10k. What each function changes in place is remembered across runs (it does
    not depend on what is shared); only which of those containers are shared is asked in every run."""

    BATCH = 256

    def __init__(self, context):
        self.context = context
        self.functions = program_of(context).functions
        self.of: dict[FunctionInfo, list] = {}  # function -> [(container key, node)] of its changes, once walked
        self._methods_by_root: dict[str, list] | None = None  # class hierarchy root -> its methods, in order

    def first_outside(self, key, inside: set[int]):
        """The first (function, node) in program order that changes container `key` in place at a node
        not in `inside` (the loop's own), or None."""
        candidates = self._able_to_change(key)
        for start in range(0, len(candidates), self.BATCH):
            batch = candidates[start:start + self.BATCH]
            self._walk([func for func in batch if func not in self.of])
            for func in batch:
                for changed, node in self.of[func]:
                    if changed == key and id(node) not in inside:
                        return func, node
        return None

    def _able_to_change(self, key) -> list:
        """The functions, in program order, whose changes can have `key` (see `mutation_key`)."""
        if key[0] != "self":
            return self.functions
        if self._methods_by_root is None:  # one pass for every loop's question
            self._methods_by_root = {}
            for func in self.functions:
                root = self_root(self.context, func)
                if root is not None:
                    self._methods_by_root.setdefault(root, []).append(func)
        return self._methods_by_root.get(key[1], [])

    def _walk(self, functions: list) -> None:
        for func, changes in remembered_changes(self.context, functions).items():
            self.of[func] = mutated_containers(self.context, func, changes) if changes else []
