"""The trap layer contract the static analysis relies on: TRAPS is a literal, and only _traps switches."""

from __future__ import annotations

import ast
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[2] / "switchpoint" / "runtime"
SWITCHING_METHODS = {"switch", "throw"}


def _tree(name: str) -> ast.Module:
    return ast.parse((RUNTIME / name).read_text(encoding="utf-8"))


def _traps_tuple() -> tuple[str, ...]:
    for node in _tree("_traps.py").body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["TRAPS"]:
            assert isinstance(node.value, ast.Tuple), "TRAPS must be a tuple literal"
            assert all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.value.elts)
            return tuple(e.value for e in node.value.elts)
    raise AssertionError("_traps.py defines no TRAPS")


def _calls_switch(fn: ast.FunctionDef) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in SWITCHING_METHODS
               for n in ast.walk(fn))


def test_traps_names_exactly_the_switching_functions():
    traps = _traps_tuple()
    functions = {n.name: n for n in _tree("_traps.py").body if isinstance(n, ast.FunctionDef)}
    assert len(set(traps)) == len(traps), "TRAPS lists a name twice"
    missing = [name for name in traps if name not in functions]
    assert not missing, f"TRAPS names functions _traps.py does not define: {missing}"
    calls_trap = {name for name, fn in functions.items()
                  if _calls_switch(fn) or any(isinstance(c, ast.Call) and getattr(c.func, "id", None) in traps
                                              for c in ast.walk(fn))}
    assert calls_trap == set(traps)


def test_no_other_runtime_module_switches_greenlets():
    offenders = []
    for path in sorted(RUNTIME.rglob("*.py")):
        if path.name == "_traps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in SWITCHING_METHODS:
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"greenlet switch/throw outside _traps.py: {offenders}"


def test_public_switching_api_reaches_a_trap():
    """sleep and checkpoint are traps themselves; the rest of the API is ordinary source over them."""
    from switchpoint import runtime
    from switchpoint.runtime import _traps
    assert runtime.sleep is _traps.sleep
    assert runtime.checkpoint is _traps.checkpoint
