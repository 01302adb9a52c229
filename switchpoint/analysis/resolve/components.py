"""The strongly connected components of iterations that ask for each other while they are computed.

Iterating a display's `*x` element iterates what `x` holds, which may be a display spreading others, or the
display itself (`args = (*args, extra)`, `a = [*b]; b = [*a]`); a generator's `yield from` iterates another
generator. The evaluator (`resolve/infer.py`, `Evaluator._iterated_once`) computes each such iteration once,
and this keeps Tarjan's bookkeeping over the iterations under way, so that a cycle of them is solved to its
least fixpoint: every member of a component takes the union of what its members gathered (each member reaches
every other, so each holds what all of them hold), and an iteration asked for again while its component is
under way adds nothing more where it is asked. Without it, every path through the spreads was walked again
(django: minutes, exponential in chains of names spreading each other).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Frame:
    """One iteration under way, or finished and waiting for its component's root."""
    index: int  # its position on the component stack (Tarjan's index: the stack keeps visiting order)
    low: int  # the lowest index it reaches among those on the stack
    depth: int  # how many memoised computations were under way when it started (see Components.revisit)
    result: tuple = ()


class Components:
    def __init__(self):
        self._frames: dict = {}  # key -> Frame, for every key on the stack
        self._stack: list = []  # keys, in visiting order
        self._calls: list[Frame] = []  # the frames being computed, innermost last

    def under_way(self, key) -> Frame | None:
        return self._frames.get(key)

    def revisit(self, frame: Frame, depth: int) -> bool:
        """`frame`'s iteration is asked for while its component is under way: the innermost iteration under
        way reaches it. True where what it gives flows straight into that iteration (no memoised computation
        started since, at `depth`), which then needs nothing more (the component's union holds it); False
        where another computation under way takes it (an expression's value, a return), which must get what
        a cycle gives."""
        caller = self._calls[-1]
        if frame.index < caller.low:
            caller.low = frame.index
        return depth == caller.depth

    def straight(self, frame: Frame) -> bool:
        """Whether what `frame`'s iteration (finished, not its component's root) gave flows straight into the
        iteration under way that asked for it, as `revisit`'s answer."""
        return frame.depth == self._calls[-1].depth

    def begin(self, key, depth: int) -> Frame:
        frame = self._frames[key] = Frame(len(self._stack), len(self._stack), depth)
        self._stack.append(key)
        self._calls.append(frame)
        return frame

    def finish(self, frame: Frame, result: tuple) -> list | None:
        """`frame`'s iteration gave `result` (what it gathered, its component's members' aside). Where it is
        the root of its component: the component's (key, frame) pairs, now off the stack; else None (the root
        will gather it)."""
        self._calls.pop()
        frame.result = result
        if frame.low < frame.index:
            caller = self._calls[-1]
            if frame.low < caller.low:
                caller.low = frame.low
            return None
        members = self._stack[frame.index:]
        del self._stack[frame.index:]
        return [(key, self._frames.pop(key)) for key in members]

    def abandon(self, frame: Frame) -> None:
        """`frame`'s computation raised (RecursionError): it and what it left on the stack are forgotten."""
        self._calls.pop()
        for key in self._stack[frame.index:]:
            del self._frames[key]
        del self._stack[frame.index:]
