"""Which monkey patches are in force: found in the analysed program, overridable in configuration.

Looks for calls of `gevent.monkey.patch_all(...)`, `gevent.monkey.patch_<flag>()` and
`eventlet.monkey_patch(...)` in the project's own code (resolving the callee, so
`from gevent import monkey; monkey.patch_all()` counts), honouring constant keyword
flags (`patch_all(thread=False)` leaves threading alone). Nothing is run.
"""

from __future__ import annotations

import ast

from switchpoint.analysis.models import patches
from switchpoint.analysis.resolve.binder import Module
from switchpoint.analysis.resolve.infer import Evaluator, ExtV

PATCH_CALL_HINTS = ("patch_", "monkey_patch")


def detect_patches(modules: list[Module], evaluator: Evaluator) -> dict[str, bool]:
    """Patch flags the project's code turns on (flag -> True); empty when it patches nothing."""
    flags: dict[str, bool] = {}
    for module in modules:
        if module.source is None or not any(hint in module.source.text for hint in PATCH_CALL_HINTS):
            continue
        for func in [module.top, *module.functions]:
            for call in _calls(func.node):
                for value in evaluator.eval(call.func, func.scope):
                    if isinstance(value, ExtV):
                        _apply(value.qualname, call, flags)
    return {flag: True for flag, on in flags.items() if on}


def effective_flags(detected: dict[str, bool], setting) -> dict[str, bool]:
    """Combine what the code does with `monkey_patch` from configuration."""
    if setting == "none":
        return {}
    if setting == "all":
        return _with_extras({flag: True for flag, on in patches.GEVENT_DEFAULTS.items() if on})
    if isinstance(setting, dict):  # overrides on top of what the code does (gevent's flags, as "all" is)
        merged = dict(detected)
        merged.update(_with_extras(setting))
        return {flag: True for flag, on in merged.items() if on}
    return dict(detected)


def _with_extras(flags: dict[str, bool]) -> dict[str, bool]:
    """gevent's flags with those each sets besides its own (`GEVENT_EXTRA_FLAGS`), unless given themselves."""
    found = dict(flags)
    for flag, on in flags.items():
        for extra in patches.GEVENT_EXTRA_FLAGS.get(flag, ()):
            if extra not in flags:
                found[extra] = on
    return found


def _apply(qualname: str, call: ast.Call, flags: dict[str, bool]) -> None:
    keywords = {k.arg: k.value.value for k in call.keywords if k.arg and isinstance(k.value, ast.Constant)}
    if qualname == "gevent.monkey.patch_all":
        for flag, default in patches.GEVENT_DEFAULTS.items():
            _turn_on(flags, flag, bool(keywords.get(flag, default)))
    elif qualname in patches.GEVENT_SINGLE:
        _turn_on(flags, patches.GEVENT_SINGLE[qualname], True)
    elif qualname in ("eventlet.monkey_patch", "eventlet.patcher.monkey_patch"):
        chosen = {name for name, on in keywords.items() if on is True and name in patches.EVENTLET_FLAGS}
        refused = {name for name, on in keywords.items() if on is False}
        names = chosen if chosen and not keywords.get("all") else set(patches.EVENTLET_FLAGS) - refused
        for name in names:
            for flag in patches.EVENTLET_FLAGS[name]:
                flags[flag] = True


def _turn_on(flags: dict[str, bool], flag: str, on: bool) -> None:
    """A gevent patch call's flag, and those it sets besides its own (`GEVENT_EXTRA_FLAGS`), on where `on`."""
    for name in (flag, *patches.GEVENT_EXTRA_FLAGS.get(flag, ())):
        flags[name] = flags.get(name, False) or on


def _calls(node: ast.AST):
    """Calls in a function's own body (nested functions are functions of their own)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(child, ast.Call):
            yield child
        stack.extend(ast.iter_child_nodes(child))
