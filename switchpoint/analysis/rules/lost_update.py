"""SP101 lost-update: shared state is read, a switch point may run, and a value computed from the read is written back.

## What it does
Flags a write to shared state whose value depends on an earlier read of the same
place, when a switch point lies between the read and the write on some path and
no lock is held across all three:

- `t[key] += 1` where `t.__getitem__` or `t.__setitem__` may switch;
- `self.n = self.n + 1` around a call that switches;
- `await t.set(key, await t.get(key) + 1)` in asyncio, or `set_count(get_count() + fetch())`
  (the read and the write go through the project's own getters and setters, methods
  or functions over a global; they are followed into their bodies).

Shared state is what another virtual thread can reach: module globals, class
attributes, attributes and items of objects that escape to a spawned virtual
thread (passed to `spawn`, stored in a global or in another shared object, `self`
of such objects), and closure cells captured by spawned functions. Local
variables are never shared, and a program with no spawn site is single-threaded.
Spawns hidden inside a framework (a WSGI server started from a config file,
aiohttp handlers) are invisible: declare such functions with
`spawned = ["myapp.views.*"]` in `[tool.switchpoint]`.

## Why is this bad?
At the switch point another virtual thread runs and may update the same value.
This thread then writes back a result computed from the stale read, and the other
update is lost: two greenlets each adding 5 to a counter leave it at 5, not 10.

## Example
```python
def incrementer(t, key):
    for _ in range(5):
        t[key] += 1     # IODict.__setitem__ -> gevent.sleep: the other greenlet's increments are lost

t = IODict()
gevent.joinall([gevent.spawn(incrementer, t, "hits"), gevent.spawn(incrementer, t, "hits")])
```

## Use instead
Hold a lock across the read, the switch and the write, or make the update a
single operation that does not switch (an atomic increment on the server):
```python
with lock:              # gevent.lock.Semaphore, switchpoint.runtime.Lock, ...
    t[key] += 1
```

## How `possible` switch points count
A switch point the engine marks `possible` (the receiver's class is unknown)
counts only when the program shows an object of a switching class reaching that
receiver, for example `t` above, which both spawn sites give an `IODict` (or
`self.connect()` where a shared subclass overrides `connect` with a switching
method, `self.opener().read()` where its override of `opener` returns an object
whose `read` switches, `self.source.read()` where it assigns such an object to
`source`; another subclass's switching override confirms nothing). The confirming
class's method must switch for certain: one that itself only possibly switches (it
calls a method on a receiver of unknown class) confirms nothing, a guess on a guess.
Certain switch points always count. This keeps the rule quiet on code
full of `x[k] += 1` over plain dicts in programs that happen to define one
switching `__getitem__`. A call whose callee only *possibly* switches deep down
(dynamic dispatch inside a library, e.g. `urllib.request.urlopen`) does not count;
declare such functions in `switching = [...]` of `[tool.switchpoint]`.

## Known limits
- Aliasing is followed through local variables (`c = self.cache`), not through
  containers or across functions except via getter/setter parameters.
- A lock taken by every caller of a function (rather than in it) is not seen.
- Loop-carried updates (read in one iteration, written in the next) are not flagged.
- Dependence is data dependence: a value written because of a read, not computed
  from it, is the business of SP102 check-then-act.
"""

from __future__ import annotations

from switchpoint.analysis.rules._base import short_chain
from switchpoint.analysis.rules._flow import flow_of, place_text
from switchpoint.analysis.rules._program import program_of

CODE = "SP101"
NAME = "lost-update"


def check(context) -> list:
    if not program_of(context).concurrent:
        return []
    findings = []
    for func in context.own_functions():
        for update in flow_of(context, func).lost_updates:
            what = place_text(update.place)
            switch = update.switch
            read_line, switch_line = update.read.node.lineno, switch.node.lineno
            message = (
                f"lost update of `{what}`: read on line {read_line}, then another virtual thread can update it at the "
                f"switch point on line {switch_line} ({short_chain(switch.chain)}), and this write puts back a value "
                "computed from the stale read, erasing that update"
            )
            findings.append(context.race_finding(
                CODE, message, (update.read.node, f"`{what}` is read here"), switch,
                (update.write, f"`{what}` is written here"),
            ))
    return findings
