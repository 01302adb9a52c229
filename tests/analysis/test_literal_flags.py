"""The table of primitives a literal argument keeps from switching (models/literal_flags.py), and its reading.

The table is checked against the libraries themselves (the test imports them; the engine never does): each
entry's parameter has that name at that position in the real signature, and its default is the one that
waits. What each entry claims about switching is shown by the traced fixtures `literal_flags_*.py`.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import warnings

import pytest

from switchpoint.analysis.callgraph.quiet_calls import is_quiet
from switchpoint.analysis.models import patches
from switchpoint.analysis.models.literal_flags import QUIET, Quiet
from switchpoint.analysis.semantics.primitives import load_model


def _real(qualname: str):
    parts = qualname.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # eventlet's deprecation notice
                found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name, None) or _named(found, name)
        return found
    raise LookupError(qualname)


def _named(module, name: str):
    """A C module's type by its own name, which the module binds under another (`_thread.LockType` is `lock`)."""
    return next(v for v in vars(module).values() if isinstance(v, type) and v.__name__ == name)


def _signature(function) -> inspect.Signature:
    """The real signature; a C method without one (`_thread.lock.acquire`) as its docstring's first line says."""
    try:
        return inspect.signature(function)
    except ValueError:
        header = function.__doc__.splitlines()[0].partition(" -> ")[0]
        name, _, arguments = header.partition("(")
        namespace: dict = {}
        exec(f"def {name}(self, {arguments}: pass", namespace)
        return inspect.signature(namespace[name])


@pytest.mark.parametrize("entry", QUIET, ids=lambda e: f"{e.callable}:{e.parameter}")
def test_entry_matches_the_real_signature(entry: Quiet):
    parameters = list(_signature(_real(entry.callable)).parameters.values())
    if not entry.function:
        parameters = parameters[1:]  # self
    packed = {p.kind for p in parameters[:entry.position + 1]}
    if inspect.Parameter.VAR_POSITIONAL in packed:
        # passes its arguments on (gevent's Pool.start to Pool.add): the parameter is the callee's, named there
        assert parameters[-1].kind is inspect.Parameter.VAR_KEYWORD
        return
    parameter = parameters[entry.position]
    assert parameter.name == entry.parameter
    if parameter.default is inspect.Parameter.empty:  # flags every call gives (os.waitpid's options): no flag waits
        assert entry.function and entry.values, entry
        assert all(value is None or (type(value) is int and value) for value in entry.values), "only set flags"
    else:
        assert parameter.default, "its default is the waiting one"
        assert entry.values and not any(entry.values), "only values that say 'do not wait'"
    for name, position in entry.left_out:
        assert parameters[position].name == name and parameters[position].default is not inspect.Parameter.empty


def test_every_entry_names_a_primitive_or_a_runtime_function():
    model = load_model()
    for entry in QUIET:
        if entry.unpatched_only:  # the stdlib's lock: blocks the hub unpatched, switches once patched
            assert entry.callable in patches.PATCHES["thread"], entry
        else:  # or a C function that blocks unpatched and switches patched, quiet either way (os.waitpid)
            assert (entry.callable in model.switching or entry.callable.startswith("switchpoint.runtime.")
                    or any(entry.callable in names for names in patches.PATCHES.values())), entry


def test_an_entry_for_the_unpatched_lock_leaves_the_patched_one_a_point():
    entries = tuple(e for e in QUIET if e.callable == "_thread.lock.acquire")
    call = _call("lock.acquire(False)")
    assert is_quiet(entries, call, True, switches=False)
    assert not is_quiet(entries, call, True, switches=True)


def _call(text: str) -> ast.Call:
    return ast.parse(text, mode="eval").body


KILL = (Quiet("m", "block", 1, (False, 0), (("exception", 0),)),)
ACQUIRE = (Quiet("m", "blocking", 0, (False, 0)),)
KILLALL = (Quiet("f", "block", 2, (False, 0), (("exception", 1),), function=True),)


@pytest.mark.parametrize(("text", "entries", "through_instance", "quiet"), [
    ("lock.acquire(False)", ACQUIRE, True, True),
    ("lock.acquire(0)", ACQUIRE, True, True),
    ("lock.acquire(blocking=False)", ACQUIRE, True, True),
    ("Lock.acquire(lock, blocking=False)", ACQUIRE, False, True),  # a keyword is where it is, however called
    ("Lock.acquire(lock, False)", ACQUIRE, False, False),  # positions unknown: `lock` may be the flag
    ("lock.acquire(True)", ACQUIRE, True, False),
    ("lock.acquire()", ACQUIRE, True, False),
    ("lock.acquire(None)", ACQUIRE, True, False),  # not a listed value
    ("lock.acquire(0.0)", ACQUIRE, True, False),  # compared with its type: 0.0 is no int
    ("lock.acquire(flag)", ACQUIRE, True, False),
    ("lock.acquire(not True)", ACQUIRE, True, False),  # only constants written out
    ("lock.acquire(*args)", ACQUIRE, True, False),
    ("lock.acquire(**options)", ACQUIRE, True, False),
    ("g.kill(block=False)", KILL, True, True),
    ("g.kill(block=False, timeout=1)", KILL, True, True),
    ("g.kill(Exit, block=False)", KILL, True, False),  # the exception given
    ("g.kill(Exit, False)", KILL, True, False),
    ("g.kill(exception=Exit, block=False)", KILL, True, False),
    ("g.kill(*args, block=False)", KILL, True, False),  # may hold the exception
    ("g.kill(block=False, **options)", KILL, True, False),
    ("gevent.killall(gs, block=False)", KILLALL, False, True),
    ("killall(gs, Exit, False)", KILLALL, False, False),
    ("killall(gs, exception=Exit, block=False)", KILLALL, False, False),
])
def test_reading_a_call(text, entries, through_instance, quiet):
    assert is_quiet(entries, _call(text), through_instance) is quiet


WAITPID = (Quiet("os.waitpid", "options", 1, (1, None), function=True),)
# what resolve/constants.py says of a name (a C constant, a name bound to one, a parameter left to its default)
CONSTANTS = {"os.WNOHANG": (1,), "NOHANG_OR_NONE": (1, None), "EITHER": (1, 0)}


@pytest.mark.parametrize(("text", "quiet"), [
    ("os.waitpid(pid, 1)", True),
    ("os.waitpid(pid, os.WNOHANG)", True),
    ("os.waitpid(pid, NOHANG_OR_NONE)", True),  # every value it may hold is listed
    ("os.waitpid(pid, EITHER)", False),  # it may be 0, which waits
    ("os.waitpid(pid, unknown)", False),  # no constant
    ("os.waitpid(pid, 0)", False),
    ("os.waitpid(pid, os.WNOHANG | os.WUNTRACED)", False),  # an expression: not read
])
def test_reading_a_flag_the_call_surely_passes(text, quiet):
    asked = []

    def constants(expr, wanted):
        asked.append(wanted)
        return CONSTANTS.get(ast.unparse(expr))

    assert is_quiet(WAITPID, _call(text), False, constants=constants) is quiet
    assert all(wanted(1) and wanted(None) and not wanted(0) and not wanted(True) for wanted in asked)
