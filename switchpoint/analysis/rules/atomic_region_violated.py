"""SP302 atomic-region-violated: a block under `with switchpoint.runtime.atomic():` (or an atomic function) reaches a switch point.

## What it does
`switchpoint.runtime.atomic()` declares that no other virtual thread may run while
its body executes; at run time it raises `AtomicViolation` at the first switch
point reached inside. This rule proves the violation statically: it reports every
switch point inside the `with` body (or inside a function decorated with
`atomic`), with its chain, and points at the region it breaks.

## Why is this bad?
The region's invariant (typically: several updates of shared state appear to
other virtual threads all at once) no longer holds: another virtual thread can run
at the switch point and see, or change, the half-done state. At run time the
program fails with `AtomicViolation` on the first path that gets there, which may
be a rare one.

## Example
```python
from switchpoint import runtime as rt

with rt.atomic():
    balance[src] -= amount
    audit_log.write(entry)      # SP302: the log's write switches (socket I/O)
    balance[dst] += amount
```

## Use instead
Move the switching call out of the region (before or after it), or protect the
whole sequence with a lock instead of `atomic()` if it must switch.

## Known limits
Possible switch points count only when the program confirms them (see SP101).
Regions entered through helpers (`atomic` stored in a variable, a custom context
manager wrapping it) are not recognised.
"""

from __future__ import annotations

from switchpoint.analysis.rules._flow import enters_atomic_region, flow_of

CODE = "SP302"
NAME = "atomic-region-violated"


def check(context) -> list:
    findings = []
    for func in context.own_functions():
        if not enters_atomic_region(context, func):
            continue
        seen = set()
        for violation in flow_of(context, func).atomic_violations:
            switch = violation.switch
            if id(switch.op) in seen:
                continue
            seen.add(id(switch.op))
            region = violation.region
            message = (
                f"switch point inside the atomic region starting on line {region.lineno}: another virtual thread can "
                f"run here ({' -> '.join(switch.chain)}), and at run time this raises AtomicViolation"
            )
            related = (
                context.related(region, "the atomic region", region.items[0].context_expr if hasattr(region, "items") else region),
                context.switch_related(switch),
            )
            findings.append(context.finding(CODE, switch.op.first, message, related, switch.chain, last=switch.op.last))
    return findings
