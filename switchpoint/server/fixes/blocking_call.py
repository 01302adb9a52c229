"""Replace a call that blocks the whole hub (`time.sleep`, `select.select`, ...) with its switching equivalent."""

from __future__ import annotations

import libcst as cst

from switchpoint.analysis import api

from . import nodes

# blocking callable -> {framework: switching callable}; the module to import is the callable's module.
EQUIVALENTS = {
    "time.sleep": {"gevent": "gevent.sleep", "eventlet": "eventlet.sleep"},
    "select.select": {"gevent": "gevent.select.select", "eventlet": "eventlet.green.select.select"},
    "socket.create_connection": {"gevent": "gevent.socket.create_connection", "eventlet": "eventlet.green.socket.create_connection"},
    "socket.getaddrinfo": {"gevent": "gevent.socket.getaddrinfo", "eventlet": "eventlet.green.socket.getaddrinfo"},
    "subprocess.run": {"gevent": "gevent.subprocess.run", "eventlet": "eventlet.green.subprocess.run"},
    "subprocess.call": {"gevent": "gevent.subprocess.call", "eventlet": "eventlet.green.subprocess.call"},
    "subprocess.check_call": {"gevent": "gevent.subprocess.check_call", "eventlet": "eventlet.green.subprocess.check_call"},
    "subprocess.check_output": {"gevent": "gevent.subprocess.check_output", "eventlet": "eventlet.green.subprocess.check_output"},
    "subprocess.Popen": {"gevent": "gevent.subprocess.Popen", "eventlet": "eventlet.green.subprocess.Popen"},
}


def _module_of(callable_name: str) -> str:
    return callable_name.rpartition(".")[0]


class _Replace(cst.CSTTransformer):
    def __init__(self, target: cst.Call, replacement: str):
        self.target, self.replacement = target, replacement

    def leave_Call(self, original, updated):
        if original is not self.target:
            return updated
        return updated.with_changes(func=cst.parse_expression(self.replacement))


def replace_blocking_call(text: str, position: api.Position) -> tuple[str, str, str] | None:
    """(new text, blocking name, replacement) for the innermost known blocking call at `position`, else None."""
    parsed = nodes.parse(text)
    if parsed is None:
        return None
    call = nodes.innermost(parsed, cst.Call, position)
    while call is not None:
        written = nodes.dotted_name(call.func)
        if written is not None:
            head, _, rest = written.partition(".")
            qualified = nodes.from_imports(parsed.module).get(head)
            name = f"{qualified}.{rest}" if qualified and rest else (qualified or written)
            if name in EQUIVALENTS:
                break
        parent = parsed.parents.get(call)
        while parent is not None and not isinstance(parent, cst.Call):
            parent = parsed.parents.get(parent)
        call = parent
    if call is None:
        return None
    framework = "eventlet" if nodes.imports_framework(parsed.module, "eventlet") and not nodes.imports_framework(parsed.module, "gevent") else "gevent"
    replacement = EQUIVALENTS[name][framework]
    module = parsed.module.visit(_Replace(call, replacement))
    module = nodes.add_import(module, _module_of(replacement))
    return module.code, name, replacement
