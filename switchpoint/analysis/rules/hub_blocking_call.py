"""SP201 hub-blocking-call: a call that blocks the whole hub, in code that runs on virtual threads.

## What it does
Flags calls that block the OS thread instead of switching, where they run on a
hub: unpatched `time.sleep`, `socket` I/O, `select`, `subprocess`, `threading`
locks, events and joins, `os.waitpid`, `os.read` / `os.write` (pipes and ttys wait for
the other side; gevent never patches them, eventlet's `monkey_patch(os=True)` does),
`input()` and `sys.stdin` reads, and known blocking C database drivers
(`psycopg2.connect`, `MySQLdb.connect`, ...), and, in asyncio code, synchronous
HTTP clients (`requests.get`, `urllib.request.urlopen`, `httpx.Client`). It follows the patch state the
engine found: after `gevent.monkey.patch_all()` (or `eventlet.monkey_patch()`, or
`monkey_patch` in `[tool.switchpoint]`) the patched calls switch instead and are
not flagged; `patch_all(thread=False)` leaves `threading` locks blocking.

It reports the call in the project's code that leads to the blocking primitive
(the primitive itself, or the library function that reaches it), not every caller
up the chain; the files given to `switchpoint check` are the project, also when they
are an installed package or stdlib modules. Code runs on virtual threads when the program imports gevent,
eventlet or `switchpoint.runtime`, or spawns virtual threads; in asyncio-only
programs, inside `async def` functions and the functions they call.

Exempt: functions handed to a thread pool (`switchpoint.runtime.to_thread`,
`asyncio.to_thread`, `loop.run_in_executor`, `executor.submit`, gevent's
`threadpool.spawn`/`apply`, `eventlet.tpool.execute`, an unpatched
`threading.Thread(target=...)`), and functions only ever called from those. Also
exempt: `os.read` / `os.write` on a descriptor the same function has just created as
a new regular file (the first item of `tempfile.mkstemp()`, or `os.open` with flags
that include `O_CREAT | O_EXCL`), and library code that only reaches such calls
(`tempfile.mkstemp()` and `gettempdir()` write a probe file): a regular file never
waits for a peer the way a pipe, socket or tty does. Nor do calls told not to wait:
`lock.acquire(False)` and `os.waitpid(pid, os.WNOHANG)`, the flag written at the call or
the default of a library function's parameter no call passes (`Popen.poll()`,
`terminate()`, `kill()` and `send_signal()` call `os.waitpid` with WNOHANG so).

Configuration (`[tool.switchpoint]`): `blocking = ["mydriver.query", "pkg.*.fetch"]`
adds calls to flag, `non_blocking = [...]` exempts calls (qualified names as in
yield-point chains, shell wildcards allowed).

## Why is this bad?
A hub runs every virtual thread of its OS thread. A blocking call stops all of
them for its whole duration: one `time.sleep(1)` freezes every connection the
server handles, and timeouts elsewhere fire for no visible reason.

## Example
```python
import gevent, time

def worker():
    time.sleep(1)          # SP201: blocks every greenlet (time is not patched)

gevent.joinall([gevent.spawn(worker) for _ in range(100)])
```

## Use instead
The cooperative call (`gevent.sleep`, `switchpoint.runtime.sleep`, `await
asyncio.sleep`), monkey patching at startup, or a thread pool for calls that must
block (`switchpoint.runtime.to_thread(blocking_call)`).

## Known limits
Threading locks, stdin reads and queue waits inside libraries (logging's handler
locks, the runtime's internal guards, a debugger's prompt) are not reported: they
are held briefly or sit on rarely taken paths; the same calls made directly by the
project's code are. A library call that reaches one of those and, by another path,
another blocking call is reported, with the shortest path to the other as its witness. Module-level code reports only its own direct calls. Only `certain` paths to a blocking call are reported. Methods of objects the
engine cannot type (a driver's cursor) are not seen; list them in `blocking`. A
regular file's descriptor obtained any other way (`open(...).fileno()`, `os.open`
without `O_EXCL`, a parameter) is still reported: it may be a pipe or a FIFO.
"""

from __future__ import annotations

import functools
import weakref

from switchpoint.analysis.effects.solve import Summaries
from switchpoint.analysis.resolve.binder import FunctionInfo
from switchpoint.analysis.rules._base import modules_of_run
from switchpoint.analysis.rules._per_run import PerRun
from switchpoint.analysis.rules._program import calls_with_names, is_project_function, program_of
from switchpoint.analysis.rules._pruned_graph import PrunedGraph
from switchpoint.analysis.rules._regular_files import FILE_IO, regular_file_calls

CODE = "SP201"
NAME = "hub-blocking-call"

# C extensions that block in C, which no monkey patch reaches
BLOCKING_DRIVERS = frozenset({
    "psycopg2.connect", "psycopg2._psycopg.connect", "MySQLdb.connect", "MySQLdb.Connect", "MySQLdb._mysql.connect",
    "cx_Oracle.connect", "pymssql.connect", "ibm_db.connect", "pyodbc.connect",
})
# synchronous HTTP clients: they block an asyncio event loop (under gevent, patched sockets make them cooperative)
SYNC_HTTP_CLIENTS = ("requests.", "urllib.request.urlopen", "httpx.get", "httpx.post", "httpx.put", "httpx.delete",
                     "httpx.request", "httpx.Client.", "urllib3.request", "urllib3.PoolManager.request")
# calls that run their callable argument on another OS thread: by last name anywhere, or by
# last name on a thread pool object (gevent's hub.threadpool, ThreadPool, eventlet.tpool)
THREAD_POOL_CALLS = frozenset({"to_thread", "run_in_executor", "submit"})
THREAD_POOL_METHODS = frozenset({"spawn", "apply", "apply_async", "map", "imap", "execute"})
THREAD_POOL_OWNERS = ("threadpool", "ThreadPool", "tpool")
# primitives reported only where project code calls them itself, not deep inside a library (where they
# sit on rarely taken paths, like a debugger reading stdin, or guard short critical sections, like logging's locks)
LIBRARY_LOCKS = ("_thread.", "threading.", "sys.stdin", "builtins.input", "_queue.", "queue.")
GREEN_PACKAGES = ("gevent", "eventlet", "switchpoint.runtime")


def check(context) -> list:
    config = context.settings()
    blocking = context.blocking  # less what only reaches a regular file's read or write
    green = _green(context)
    exempt = None
    findings = []
    for func in context.own_functions():
        if not (green or _on_event_loop(context, func)):
            continue
        if exempt is None:
            exempt = _exempt(context)  # a whole-graph pass: only for files with code on a hub or loop
        if func in exempt:
            continue
        reported = set()
        regular = None  # its os.read / os.write calls on a new regular file, once it has such a call
        for op in context.graph.ops.get(func, ()):
            if regular is None and any(_file_io(key) for key, _, _ in op.targets):
                regular = regular_file_calls(context.graph, context.evaluator, func)
            if regular and id(op.first) in regular:
                continue
            chain = _direct_block(context, blocking, func, op)
            if chain is None or _declared(config, "non_blocking", chain[-1]) or id(op.first) in reported:
                continue
            reported.add(id(op.first))
            findings.append(_finding(context, op.first, chain))
        for node, names in calls_with_names(context, func):
            if id(node) in reported:
                continue
            on_loop = not green  # asyncio: no monkey patching makes a synchronous HTTP client cooperative
            for name in names:
                blocks = name in BLOCKING_DRIVERS or (on_loop and name.startswith(SYNC_HTTP_CLIENTS))
                if (blocks or _declared(config, "blocking", name)) and not _declared(config, "non_blocking", name):
                    findings.append(_finding(context, node, (func.qualname, name)))
                    break
    return findings


def _finding(context, node, chain):
    message = f"`{chain[-1]}` blocks the hub: every other virtual thread on it stops until the call returns"
    related = (context.related(node, "blocking call: " + " -> ".join(chain)),)
    return context.finding(CODE, node, message, related, chain)


def _declared(config, key: str, name: str) -> bool:
    from switchpoint.analysis.config import _matches

    patterns = getattr(config, key, ())
    return bool(patterns) and _matches(name, tuple(patterns), {})


def _file_io(key) -> bool:
    return isinstance(key, tuple) and key[0] == "block" and key[1] in FILE_IO


def _analysed(context, func: FunctionInfo) -> bool:
    """Whether a function is the project's: not a library's, or in one of the files being checked (an installed
    package or a stdlib module given as a path is the project then, and only its calls into others are reported)."""
    return is_project_function(func) or (func.module is not None and func.module.name in context.project_modules)


def _via_names(via) -> tuple[str, ...]:
    """The names a target is reached through: none, one, or (a call's, a decorator wrapper's)."""
    if not via:
        return ()
    return via if isinstance(via, tuple) else (via,)


@functools.lru_cache(maxsize=65536)  # asked for every call of the project and every edge of the graph, per run
def _thread_pool(via) -> bool:
    """Whether the target is reached through a call that runs it on a thread pool."""
    for name in _via_names(via):
        owner, _, last = name.rpartition(".")
        if last in THREAD_POOL_CALLS or (last in THREAD_POOL_METHODS and any(o in owner for o in THREAD_POOL_OWNERS)):
            return True
    return False


def _direct_block(context, blocking: Summaries, func: FunctionInfo, op):
    """The chain of an op that blocks by itself or through library code (not through project functions)."""
    for key, certain, via in op.targets:
        if not certain or _thread_pool(via):
            continue
        if isinstance(key, tuple) and key[0] == "block":
            return (func.qualname, *_via_names(via), key[1])
        if func.kind == "module":
            continue  # import-time code: only its own direct blocking calls count
        if isinstance(key, FunctionInfo) and not _analysed(context, key) and key in blocking.certain:
            if key.qualname.startswith("switchpoint.runtime"):
                continue  # the runtime is built for hubs
            chain = blocking.chain(key, True)
            if chain[-1].startswith(LIBRARY_LOCKS):
                # library-internal locks (logging's) are held briefly: the call counts only when another
                # of its paths reaches a blocking call of another kind, with the shortest such as its witness
                beyond = _beyond_library_locks(blocking)
                if key not in beyond.certain:
                    continue
                chain = beyond.chain(key, True)
            return (func.qualname, *_via_names(via), *chain)
    return None


def _beyond_library_locks(blocking: Summaries) -> Summaries:
    """What may block the hub through a blocking call other than a library-internal lock (once per run,
    asked only when a library call's shortest witness ends in one)."""
    return _BEYOND_LOCKS.get(blocking, lambda: Summaries(PrunedGraph(blocking.graph, dropped_sources=LIBRARY_LOCKS), "block"))


_BEYOND_LOCKS: PerRun[Summaries] = PerRun()  # by the run's blocking summaries


def _green(context) -> bool:
    """Whether the program runs on a green-thread hub: the analysed files import gevent, eventlet or the
    runtime, or the world held such a module when the graph had grown (a module the program uses
    imports one). Both are fixed for the run (once per run, `_GREEN`); `world.modules` read now would
    also hold what other files' rules loaded before this file's, and the answer would depend on the
    order the files are checked in."""
    return _GREEN.get(context.graph, lambda: any(_is_green(name) for name in modules_of_run(context)) or any(
        _is_green(name) for name in _analysed_imports(context)
    ))


def _is_green(name: str) -> bool:
    return name.startswith(GREEN_PACKAGES)


def _analysed_imports(context):
    """Module names the analysed files' import statements bind (`from a import b`: a and a.b), as the
    binder recorded them in the scopes of their top-level code, functions and classes."""
    world = context.graph.world
    for module_name in sorted(context.project_modules or {context.module.name}):
        module = world.modules.get(module_name)
        if module is None or module.top is None:
            continue
        for owner in (module.top, *module.functions, *module.classes):
            for bindings in owner.scope.bindings.values():
                for binding in bindings:
                    if binding[0] == "elsewhere":  # imported in a function declaring the name global
                        binding = binding[1]
                    if binding[0] == "module":
                        yield binding[1]
                    elif binding[0] == "from":
                        yield binding[1]
                        yield f"{binding[1]}.{binding[2]}"


_GREEN: PerRun[bool] = PerRun()  # by the run's call graph


def _on_event_loop(context, func: FunctionInfo) -> bool:
    """asyncio: async functions, and functions an async function calls directly."""
    if func.is_async:
        return True
    called = _CALLED_FROM_ASYNC.get(context.summaries, lambda: {
        key for caller, ops in context.graph.ops.items() if caller.is_async
        for op in ops for key, _, _ in op.targets if isinstance(key, FunctionInfo)
    })
    return func in called


_CALLED_FROM_ASYNC: PerRun[set] = PerRun()  # by the run's summaries


_EXEMPT: PerRun[set] = PerRun()  # by the run's call graph


def _exempt(context) -> set:
    """Functions handed to a thread pool, and functions only ever called from exempt ones (once per run)."""
    return _EXEMPT.get(context.graph, lambda: _find_exempt(context))


def _find_exempt(context) -> set:
    graph = context.graph
    threads_block = "_thread.lock.acquire" in graph.world.model.blocking
    calls = _calls_of(graph, threads_block)
    exempt, callers = set(calls.elsewhere), calls.callers
    program = program_of(context)
    for site in program.spawns:
        if threads_block and any(n.endswith("threading.Thread") for n in site.names):
            exempt.update(f for f, _ in site.spawned)
    handing = functools.partial(_handed_to_threads, program, context.evaluator)
    for handed in program.remembered_of(program.functions, "handed to thread pools", handing).values():
        exempt.update(handed)
    # functions every caller of which is exempt: only a callee of a function just found exempt can become one
    pending = list(exempt)
    while pending:
        for op in graph.ops.get(pending.pop(), ()):
            for key, _, _ in op.targets:
                if isinstance(key, FunctionInfo) and key not in exempt:  # (a body not read yet is a subclass)
                    calling = callers.get(key)
                    if calling and calling <= exempt:
                        exempt.add(key)
                        pending.append(key)
    return exempt


def _handed_to_threads(program, evaluator, caller: FunctionInfo) -> tuple[FunctionInfo, ...]:
    """Functions a project function's calls hand to a thread pool (remembered across runs)."""
    found = []
    for node, names in program.named_calls[caller]:
        if node.args and any(_thread_pool(n) for n in names):
            index = 1 if any(n.endswith("run_in_executor") for n in names) else 0
            if len(node.args) > index:
                for value in evaluator.eval(node.args[index], caller.scope):
                    func = getattr(value, "func", None)
                    if isinstance(func, FunctionInfo):
                        found.append(func)
    return tuple(found)


class _Calls:
    """Which functions the graph's operations call, on the caller's OS thread or on another one, indexed by
    callee: callee -> callers of the calls on the same thread (`callers`), and callee -> callers running it on
    another OS thread (`elsewhere`). Kept across a workspace's runs and brought up to date with each run's
    graph (`update`): a function's operations are scanned again only when they are not the objects scanned
    last time (collected operations are reused across runs, unchanged), instead of every operation each run."""

    def __init__(self, threads_block: bool):
        self.threads_block = threads_block  # unpatched `threading.Thread(target=f)` runs f on another OS thread
        self.callers: dict[FunctionInfo, set] = {}
        self.elsewhere: dict[FunctionInfo, set] = {}
        self._scanned: dict[FunctionInfo, tuple] = {}  # caller -> (its operations as scanned, callees, elsewhere)
        self._off: dict = {}  # via -> whether a target reached through it runs on another OS thread

    def update(self, graph) -> None:
        scanned, ops_of = self._scanned, graph.ops
        for caller, ops in ops_of.items():
            known = scanned.get(caller)
            if known is None or known[0] != ops:  # not the operations scanned (list == compares by identity first)
                self._drop(caller)
                self._add(caller, list(ops))
        if len(scanned) != len(ops_of):  # every caller of the graph is scanned: the others left it
            for caller in [c for c in scanned if c not in ops_of]:
                self._drop(caller)

    def _add(self, caller: FunctionInfo, ops: list) -> None:
        called, elsewhere = set(), set()
        for op in ops:
            for key, _, via in op.targets:
                if isinstance(key, FunctionInfo):
                    (elsewhere if via is not None and self._runs_elsewhere(via) else called).add(key)
        # tuples, for _drop alone to read: a set per function and kind was 6.6 MB of django's run
        self._scanned[caller] = (ops, tuple(called), tuple(elsewhere))
        for index, keys in ((self.callers, called), (self.elsewhere, elsewhere)):
            for key in keys:
                found = index.get(key)
                if found is None:
                    index[key] = {caller}
                else:
                    found.add(caller)

    def _drop(self, caller: FunctionInfo) -> None:
        known = self._scanned.pop(caller, None)
        if known is None:
            return
        for index, keys in ((self.callers, known[1]), (self.elsewhere, known[2])):
            for key in keys:
                found = index[key]
                found.discard(caller)
                if not found:
                    del index[key]

    def _runs_elsewhere(self, via) -> bool:
        off = self._off.get(via)
        if off is None:
            off = self._off[via] = _thread_pool(via) or (
                self.threads_block and any(n.endswith("threading.Thread") for n in _via_names(via))
            )
        return off


# module cache (one per workspace) -> _Calls of its last run
_CALLS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _calls_of(graph, threads_block: bool) -> _Calls:
    calls = _CALLS.get(graph.world.cache)
    if calls is None or calls.threads_block != threads_block:
        calls = _CALLS[graph.world.cache] = _Calls(threads_block)
    calls.update(graph)
    return calls
