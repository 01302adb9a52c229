"""Where the values of unknown class behind a real program's points that never switched come from.

    .venv/bin/python benchmarks/unknown_origins.py sqlalchemy-asyncio
    .venv/bin/python benchmarks/unknown_origins.py gunicorn --runs 3 --examples 2

Most such points (benchmarks/false_points.py) reach a switching method through a value of unknown class,
dispatched by name to every live class that defines it. For each point this finds that dispatch (the last
hop of its chain that the graph records as a dispatch by name), the operand of unknown class there, and
says where that value comes from: a parameter, an attribute or a method result of a receiver of unknown
class, an attribute of a known receiver whose value is unknown, a C function's result...; an element of
an iterable (a loop's or comprehension's target, an unpacked item) is followed to the iterable's origin
("root"). Then it counts the dynamic attribute writes in the functions the graph reached (`setattr` with a
name that is not a constant, `__setattr__`, `__dict__` writes and updates), by what the receiver and
the value evaluate to: any of them with a value of unknown class may bind any attribute name of any
object to anything, which is what a value for `<unknown>.name` made of every binding of `name` in the
program would have to take in. Nothing is written.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from switchpoint.analysis.api import Options  # noqa: E402
from switchpoint.analysis.resolve.infer import (  # noqa: E402
    UNKNOWN, ClassV, DispatchV, ExtV, FuncV, InstV, ModuleV, ParamV, SuperV,
)
from switchpoint.analysis.workspace import Workspace  # noqa: E402

_DISPATCH_KINDS = ("dispatch", "propdispatch")
_FOLLOWED = 4  # how many names, elements and items an origin is followed through


def analysed(files: list[str], python: str | None) -> tuple:
    """(call graph, evaluator) of a cold analysis of `files`, as `yield-points --no-cache` makes it."""
    workspace = Workspace(Options(python=python), one_shot=False)
    run = workspace.derive(files)
    return run.graph, run.evaluator


def unknown(values) -> bool:
    """Whether values hold one of unknown class (a parameter and a method of an unknown receiver are such)."""
    return any(v is UNKNOWN or isinstance(v, (DispatchV, ParamV)) for v in values)


class Origins:
    """Classifies the operands of unknown class where a graph dispatches by name."""

    def __init__(self, graph, evaluator):
        self.graph = graph
        self.ev = evaluator
        self.functions = {}
        for func in graph.ops:
            self.functions.setdefault(func.qualname, func)

    def dispatch(self, chain, line: int | None = None) -> tuple | None:
        """(function, operation) of the chain's last hop that is a dispatch by name: the function's operation
        with a dispatch key named as the next source hop (or the builtins called on the way to it); in the
        point's own function, the operation on the point's `line` where there is one."""
        for index in range(len(chain) - 2, -1, -1):
            func = self.functions.get(chain[index])
            if func is None:
                continue
            names = set()
            for callee in chain[index + 1:]:
                names.add(callee.rsplit(".", 1)[-1])
                if not callee.startswith("builtins."):
                    break
            ops = [op for op in self.graph.ops[func] if any(
                isinstance(key, tuple) and key[0] in _DISPATCH_KINDS and key[1] in names for key, _, _ in op.targets)]
            if index == 0 and line is not None:
                ops = [op for op in ops if getattr(op.first, "lineno", None) == line] or ops
            if ops:
                return func, ops[0]
        return None

    def origin(self, chain, line: int | None = None) -> tuple[str, str]:
        """(origin, root) of the value dispatched on in a point's chain (the point on `line`); root follows
        elements and items to their iterable."""
        found = self.dispatch(chain, line)
        if found is None:
            return "no dispatch by name (an unknown callable...)", "no dispatch by name (an unknown callable...)"
        func, op = found
        for operand in _operands(op):
            if unknown(self._values(operand, func.scope)):
                said = self._origin(operand, func.scope, func, 0)
                root = said
                while root.startswith(("element of ", "item of ")):
                    root = root.split(" of ", 1)[1]
                return said, root
        return "no operand of unknown class found", "no operand of unknown class found"

    def _values(self, node: ast.expr, scope) -> tuple:
        return _evaluated(self.ev, node, scope)

    def _origin(self, node: ast.expr, scope, func, depth: int) -> str:
        if isinstance(node, ast.Attribute):
            if any(isinstance(v, DispatchV) for v in self._values(node, scope)):
                return "attribute of a receiver of unknown class"
            return "attribute of a known receiver, value unknown"
        if isinstance(node, ast.Call):
            called = self._values(node.func, scope)
            if any(isinstance(v, DispatchV) for v in called):
                return "method result of a receiver of unknown class"
            if any(v is UNKNOWN for v in called):
                return "result of an unknown callable"
            if any(isinstance(v, ParamV) for v in called):
                return "result of calling a parameter"
            if any(isinstance(v, FuncV) for v in called):
                return "result of a source function, unknown"
            if any(isinstance(v, ExtV) for v in called):
                return "result of a C or modelled function"
            return "result of another call"
        if isinstance(node, ast.Name):
            return self._name_origin(node, scope, func, depth)
        if isinstance(node, ast.Subscript):
            return "subscript"
        if isinstance(node, ast.Starred):
            return self._origin(node.value, scope, func, depth)
        return f"expression ({type(node).__name__})"

    def _name_origin(self, node: ast.Name, scope, func, depth: int) -> str:
        owner = scope
        while owner is not None and node.id not in owner.bindings:
            owner = owner.parent
        if owner is None:  # a comprehension's target: its iterable, in the function's scope
            for found in ast.walk(func.node):
                if isinstance(found, ast.comprehension) and any(
                        isinstance(t, ast.Name) and t.id == node.id for t in ast.walk(found.target)):
                    return "element of " + self._followed(found.iter, func.scope, func, depth)
            return "name bound out of sight"
        for binding in owner.bindings[node.id]:
            where = owner
            if binding[0] == "elsewhere":
                binding, where = binding[1], binding[2]
            kind = binding[0]
            if kind == "param":
                return "parameter"
            if kind in ("iter", "unpack_iter"):
                return "element of " + self._followed(binding[1], where, func, depth)
            if kind == "unpack":
                return "item of " + self._followed(binding[1], where, func, depth)
            if kind == "assign" and isinstance(binding[1], ast.expr) and unknown(self._values(binding[1], where)):
                return self._followed(binding[1], where, func, depth)
            if kind in ("caught", "enter", "annotation", "unknown"):
                return f"name bound by {kind}"
        return "name of known values (narrowed or rebound)"

    def _followed(self, node: ast.expr, scope, func, depth: int) -> str:
        if depth >= _FOLLOWED:
            return "(followed no further)"
        if not unknown(self._values(node, scope)):
            return "an iterable of known class"
        return self._origin(node, scope, func, depth + 1)


def _evaluated(evaluator, node: ast.expr, scope) -> tuple:
    try:
        return evaluator.eval(node, scope)
    except Exception:  # a measurement, not the engine: an evaluation that raises counts as unknown
        return (UNKNOWN,)


def _operands(op) -> list:
    """The expressions an operation works on: a loop's iterable; a call's arguments and receiver; else the
    node's parts, then the node itself (a truth test's operand)."""
    if op.kind == "for_iter":
        return [op.last]
    node = op.first
    found = []
    if isinstance(node, ast.Call):
        found += [*node.args, *(k.value for k in node.keywords)]
        if isinstance(node.func, ast.Attribute):
            found.append(node.func.value)
    elif isinstance(node, ast.AST):
        found += [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]
    found = [f.value if isinstance(f, ast.Starred) else f for f in found]
    return found + ([node] if isinstance(node, ast.expr) else [])


def dynamic_writes(graph, evaluator) -> Counter:
    """(how, what the receiver is, whether the value is of unknown class) -> count, over the attribute writes
    whose name is no constant in the functions the graph reached (module code included)."""
    counts: Counter = Counter()
    for func in graph.ops:
        node = getattr(func, "node", None)
        body = getattr(node, "body", None)
        if func.module is None or not isinstance(body, list):
            continue
        for statement in body:
            for found in _own_nodes(statement):
                write = _dynamic_write(found)
                if write is None:
                    continue
                how, receiver, value = write
                receivers = _kinds(_evaluated(evaluator, receiver, func.scope))
                known = "value unknown" if unknown(_evaluated(evaluator, value, func.scope)) else "value known"
                counts[(how, receivers, known)] += 1
    return counts


def _own_nodes(statement):
    """The nodes of a statement but those of the functions and lambdas it defines (functions of their own)."""
    pending = [] if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) else [statement]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(child for child in ast.iter_child_nodes(node)
                       if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))


def _dynamic_write(node) -> tuple | None:
    """(how, receiver, value) of a write of an attribute whose name the code does not spell."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) == 3:
        if not isinstance(node.args[1], ast.Constant):
            return "setattr", node.args[0], node.args[2]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__setattr__":
        if len(node.args) >= 2 and not isinstance(node.args[-2], ast.Constant):
            return "__setattr__", node.args[0] if len(node.args) == 3 else node.func.value, node.args[-1]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update" and node.args:
        holder = node.func.value
        if isinstance(holder, ast.Attribute) and holder.attr == "__dict__":
            return "__dict__.update", holder.value, node.args[0]
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) and target.value.attr == "__dict__":
                return "__dict__[name] =", target.value.value, node.value
    return None


def _kinds(values) -> str:
    kinds = set()
    for value in values:
        if value is UNKNOWN or isinstance(value, (DispatchV, ParamV)):
            kinds.add("unknown")
        elif isinstance(value, (InstV, SuperV)):
            kinds.add("instance")
        elif isinstance(value, ClassV):
            kinds.add("class")
        elif isinstance(value, ModuleV):
            kinds.add("module")
        else:
            kinds.add("other")
    return "+".join(sorted(kinds)) or "nothing"


def main(argv=None) -> int:
    from false_points import never_switched
    from tests.differential.real_programs import REAL_PROGRAMS, measure, program_venv, site_packages, stdlib_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", choices=[p.name for p in REAL_PROGRAMS])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=1, help="points shown per origin")
    args = parser.parse_args(argv)

    program = next(p for p in REAL_PROGRAMS if p.name == args.program)
    points = never_switched(measure(program, runs=args.runs))
    python = program_venv(program.requirements)
    files = [str(program.driver_path), *(str(site_packages(python) / name) for name in program.analysed)]
    files += [str(stdlib_folder(python) / name) for name in program.stdlib]
    graph, evaluator = analysed(files, str(python))
    origins = Origins(graph, evaluator)
    said, roots, examples = Counter(), Counter(), {}
    for point in points:
        origin, root = origins.origin(point.chain, point.span.line)
        said[origin] += 1
        roots[root] += 1
        examples.setdefault(origin, []).append(point)
    print(f"{program.name}: {len(points)} points on executed lines never switched")
    print("origin of the value dispatched on, where it is:")
    for origin, count in said.most_common():
        print(f"{count:6d}  {origin}")
        for point in examples[origin][: args.examples]:
            print(f"          e.g. {point.describe().split('site-packages/')[-1]}")
    print("root origin (elements and items followed to their iterable):")
    for origin, count in roots.most_common():
        print(f"{count:6d}  {origin}")
    writes = dynamic_writes(graph, evaluator)
    print(f"dynamic attribute writes in the functions reached: {sum(writes.values())}")
    for (how, receivers, value), count in writes.most_common():
        print(f"{count:6d}  {how} on {receivers}, {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
