"""SP102 check-then-act: shared state is tested, a switch point may run, then an action relies on the test still holding.

## What it does
Flags a write to (or in-place change of) shared state made in a branch guarded by
a test that read the same state, when a switch point lies between the test and the
action on some path and no lock is held across them:

- `if key not in self.cache: value = fetch(key); self.cache[key] = value`;
- a pool that checks its size, opens a connection (which switches), then appends;
- a `setdefault` that tests `key in self`, then writes `self[key]` when missing
  (as redis-dict did: both halves are network round trips).

The guard may be the test itself or a local variable computed from a read
(`conn = self.idle.get(key)` then `if conn is None:`), and code after an `if` that
returned, raised, continued or broke counts as guarded by the negated test, as
does code after a wait loop (`while len(pool) >= size: cond.wait()`), whose test
is checked one last time before leaving.
Shared state means the same as for SP101: globals, class attributes, and
attributes and items of objects reachable from more than one virtual thread.

## Why is this bad?
Another virtual thread can pass the same test while this one is switched out, and
both then act: two fetches for one cache entry, 50 greenlets opening 50 connections
past a pool limit of 10 (a real gevent bug), a `setdefault` overwriting a value
another client just set.

## Example
```python
class Pool:
    def get(self):
        if len(self.connections) < self.size:
            conn = gevent.socket.create_connection(self.address)   # switches
            self.connections.append(conn)    # SP102: the size check may no longer hold
            return conn
```

## Use instead
Reserve before switching, or hold a lock across the test and the action:
```python
        if len(self.connections) + self.opening < self.size:
            self.opening += 1                # no switch between test and reservation
            try:
                conn = gevent.socket.create_connection(self.address)
            finally:
                self.opening -= 1
            self.connections.append(conn)
```
or `with self.lock:` around the whole check and action.

## Known limits
Possible switch points count as in SP101 (only when the program shows a switching
class reaching the receiver). A `while` loop's own test does not guard its body
(`while not self.done: ...; self.done = True` ends the loop, it does not act on a
stale check), so a fill loop (`while len(pool) < size: pool.append(connect())`) is
not reported. Library classes are trusted with their own state (`Event.set()`
after `Event.is_set()` is not reported). Tests on one object and actions on an alias of it held in
another object are not matched.
"""

from __future__ import annotations

from switchpoint.analysis.rules._base import short_chain
from switchpoint.analysis.rules._flow import flow_of, place_text
from switchpoint.analysis.rules._program import program_of

CODE = "SP102"
NAME = "check-then-act"


def check(context) -> list:
    if not program_of(context).concurrent:
        return []
    findings = []
    for func in context.own_functions():
        for race in flow_of(context, func).check_then_acts:
            tested = place_text(race.test.place)
            acted = place_text(race.place)
            switch = race.switch
            message = (
                f"check-then-act on `{acted}`: `{tested}` is checked on line {race.test.node.lineno}, but at the switch "
                f"point on line {switch.node.lineno} ({short_chain(switch.chain)}) another virtual thread can pass the "
                "same check or change the state, so this action may rely on a check that no longer holds"
            )
            findings.append(context.race_finding(
                CODE, message, (race.test.node, f"`{tested}` is checked here"), switch,
                (race.action, f"`{acted}` is changed here"),
            ))
    return findings
