"""The stdlib as monkey patching leaves it: per patch flag, the names that then switch.

gevent's `patch_all()` / `patch_<flag>()` and eventlet's `monkey_patch(...)` replace
these with cooperative versions. Patched, each name below is a switching primitive;
unpatched, the same call blocks the whole hub (rule SP201 reports that). Names are
as the engine resolves them: C functions under their C module (`_socket.socket.recv`),
pure-Python ones under their own module (`ssl.SSLSocket.recv`). Pure-Python code
above them (`queue.Queue.get` waiting on a `threading.Condition`, `http.client`
reading a socket) is analysed as source and reaches these with a full chain.
"""

# stdlib modules whose functions never switch, patched or not: they call str methods and C functions that
# neither gevent nor eventlet patches (os.stat, os.fspath). Followed as source, a path of unknown class made
# every os.path.join a possible point (its str methods dispatch to any method of the name). Missed so: a
# path object whose __fspath__ switches.
NEVER_SWITCHING_MODULES = frozenset({"posixpath", "ntpath", "genericpath"})
# stdlib functions that never switch, patched or not: compiling a regular expression (re._compile, behind
# every re.compile, match, search, sub...) parses a string and keeps the result in a dict. Followed as source,
# its truth tests of the `flags` parameter made every re.compile of a program a possible point wherever a class
# with a switching __len__ may have instances. Missed so: a flags object or a str subclass whose dunders switch
# (what re.sub calls with each match runs outside it, in Pattern.sub)
# typing's code that makes an alias of a subscript's type arguments (`Tuple[int, str]`, `Dict[str, X]`,
# `Callable[[A], R]`, `Box[int]` on a Generic subclass, `Annotated[...]`) or collects a generic class's type
# variables (`_collect_parameters`, 3.13's `_collect_type_parameters`), and `TypeVar(...)` (source on 3.11, C from
# 3.12 on): it tests, iterates, compares and hashes the type arguments. Followed as source, those were values of
# unknown class: every such subscript a program evaluates at run time was a possible point wherever a class with a
# switching __iter__ or __eq__ may have instances (208 of the 2,571 points of SQLAlchemy's asyncio program that
# never switched, all through its server-side cursor's __iter__). Missed so: a type argument whose class's dunders
# or `__typing_subst__` switch (a class's own __class_getitem__ and a base's __init_subclass__ still run)
_TYPING_ALIASES = frozenset({
    "typing._SpecialGenericAlias.__getitem__", "typing._TupleType.__getitem__", "typing._CallableType.__getitem__",
    "typing._CallableType.__getitem_inner__", "typing._collect_parameters", "typing._collect_type_parameters",
    "typing.TypeVar.__init__", "typing.Generic.__class_getitem__", "typing._generic_class_getitem",
    "typing.Annotated.__class_getitem__",
})
# signal's conversion of a handler or signal number to its enum (`signal.signal`, `getsignal`, `pthread_sigmask`,
# `sigpending`...): `enum_klass(value)` with `Signals` or `Handlers`, IntEnums that `_IntEnum._convert_` makes at
# import time, which no code in sight binds: the call was an unknown callable and every signal.signal a possible
# point (10 of gunicorn's points that never switched, 10 of gunicorn-eventlet's). It is signal.py's private helper,
# called there with those two enums only (3.11 to 3.13), and an IntEnum's call looks the value up in its members.
# Missed so: an old handler object whose __hash__ or __eq__ switches (3.11 and 3.12 look any value up; 3.13
# converts ints only)
_SIGNAL_ENUMS = frozenset({"signal._int_to_enum"})
# os.environ's (and os.environb's) mapping methods: they call the encoding and decoding functions os's
# `_createenviron()` (and its module level, for environb) hands `_Environ`: str.encode/bytes.decode wrappers,
# str.upper on Windows, `bytes` and a type check. That code runs at import time, where no code in sight passes
# them: each `os.environ[k]` was an unknown callable (5 of gunicorn's and 5 of gunicorn-eventlet's points that
# never switched); the same methods on 3.11 to 3.13. Missed so: an `os._Environ` (a private class) a program
# makes with its own functions, a key of a str subclass whose `encode` switches
_ENVIRON_METHODS = frozenset({
    f"os._Environ.{name}" for name in ("__getitem__", "__setitem__", "__delitem__", "__iter__", "__repr__")
})
NEVER_SWITCHING_FUNCTIONS = frozenset({"re._compile"}) | _TYPING_ALIASES | _SIGNAL_ENUMS | _ENVIRON_METHODS

_SOCKET_METHODS = (
    "accept", "_accept", "connect", "connect_ex", "recv", "recvfrom", "recv_into", "recvfrom_into",
    "send", "sendall", "sendto", "sendmsg", "recvmsg", "sendfile",
)
_SSL_METHODS = ("recv", "recv_into", "send", "sendall", "read", "write", "do_handshake", "accept", "connect", "unwrap")
_LOCK_METHODS = ("acquire", "acquire_lock", "__enter__")

PATCHES: dict[str, frozenset[str]] = {
    "socket": frozenset({f"_socket.socket.{m}" for m in _SOCKET_METHODS} | {"socket.socket.accept", "socket.socket.sendfile", "socket.create_connection"}),
    "dns": frozenset({
        "_socket.getaddrinfo", "_socket.gethostbyname", "_socket.gethostbyname_ex",
        "_socket.gethostbyaddr", "_socket.getnameinfo", "socket.getaddrinfo",
        # the same C functions as socket.py's `from _socket import *` names them for its users
        "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.getnameinfo",
    }),
    "ssl": frozenset({f"ssl.SSLSocket.{m}" for m in _SSL_METHODS}),
    "time": frozenset({"time.sleep"}),
    "select": frozenset({
        "select.select", "select.poll.poll", "select.epoll.poll", "select.kqueue.control", "select.devpoll.poll",
    }),
    "thread": frozenset(
        {f"_thread.lock.{m}" for m in _LOCK_METHODS}
        | {f"_thread.RLock.{m}" for m in _LOCK_METHODS}
        # 3.13's Thread.join waits on the thread's handle (self._handle.join): gevent and eventlet patch its type
        | {"_thread._ThreadHandle.join"}
        # what the interpreter and a forked multiprocessing child (Process._bootstrap) call last: gevent's
        # sleeps, then joins the other threads; 3.13's own joins them in C (_thread._shutdown), older ones on
        # locks (eventlet's, green, on those locks)
        | {"threading._shutdown"}
        | {"threading.Thread.join", "threading.Semaphore.acquire", "threading.Semaphore.__enter__",
           "threading.BoundedSemaphore.acquire", "threading.Event.wait", "threading.Condition.wait",
           "threading.Condition.wait_for", "threading.Barrier.wait"}
    ),
    "os": frozenset({"os.waitpid", "os.wait", "os.wait3", "os.wait4", "os.fork", "os.forkpty"}),
    # eventlet's green os also waits on the hub in read and write, on any descriptor that is no regular
    # file (pipes, sockets, ttys); gevent's patch_os leaves them alone
    "os_io": frozenset({"os.read", "os.write"}),
    "subprocess": frozenset({
        "subprocess.Popen.wait", "subprocess.Popen.communicate", "subprocess.run", "subprocess.call",
        "subprocess.check_call", "subprocess.check_output", "subprocess.getoutput", "subprocess.getstatusoutput",
    }),
    "queue": frozenset({"_queue.SimpleQueue.get", "queue.SimpleQueue.get"}),
    "signal": frozenset(),
    "sys": frozenset({"sys.stdin.read", "sys.stdin.readline"}),
    "builtins": frozenset(),  # gevent's patch_builtins does nothing on Python 3: input() keeps blocking
    "contextvars": frozenset(),
    "logging": frozenset(),  # logging's handler locks are threading locks: covered by "thread"
}

# Classes a patch replaces whole, for the names the engine reads as the stdlib's source: patched, the names of
# REPLACED_SWITCHING switch (primitives, bodies not followed) and those of REPLACED_SILENT neither switch nor
# block (the replacement does neither); unpatched, both are the stdlib's source, followed like any other.
# gevent's patch_subprocess puts its own Popen in subprocess.Popen's place (not a subclass: none of the
# stdlib's methods runs); its flag is set by gevent's subprocess patch only (GEVENT_EXTRA_FLAGS): eventlet's
# green Popen subclasses the stdlib's and runs its constructor, whose error-pipe os.read then switches only
# under eventlet's os patch (os_io).
REPLACED_SWITCHING: dict[str, frozenset[str]] = {
    "subprocess_popen": frozenset({
        # waits for the child's exec on its error pipe through a cooperative file (and, when the exec
        # failed, for the child's exit); the stdlib's reads that pipe with a blocking os.read
        "subprocess.Popen.__init__",
        # sleeps when a signal is pending, once the child has exited, so the loop runs its child watcher
        # (traced: a poll right after reading the child's output to its end switches)
        "subprocess.Popen.poll",
    }),
}
REPLACED_SILENT: dict[str, frozenset[str]] = {
    # gevent's methods send the signal with os.kill alone (the stdlib's poll the child first)
    "subprocess_popen": frozenset({"subprocess.Popen.send_signal", "subprocess.Popen.terminate", "subprocess.Popen.kill"}),
}

# what C constructors return, so the methods above can be found on their results
RETURNS = {
    "_thread.allocate_lock": "_thread.lock",  # threading.Lock up to 3.12
    "_thread.LockType": "_thread.lock",  # threading.Lock since 3.13: the type itself
    "_thread.lock": "_thread.lock",
    "_thread.RLock": "_thread.RLock",
    # 3.13+: a Thread's handle (threading's self._handle), the type itself or made for a running thread
    "_thread._ThreadHandle": "_thread._ThreadHandle",
    "_thread._make_thread_handle": "_thread._ThreadHandle",
    "_thread.start_joinable_thread": "_thread._ThreadHandle",
    "_socket.socket": "_socket.socket",
    "select.poll": "select.poll",
    "select.epoll": "select.epoll",
    "select.kqueue": "select.kqueue",
    "_queue.SimpleQueue": "_queue.SimpleQueue",
}

# blocking calls that no patch makes cooperative (always SP201 on a hub)
ALWAYS_BLOCKING = frozenset({"builtins.input"})

GEVENT_DEFAULTS = {
    "socket": True, "dns": True, "time": True, "select": True, "thread": True, "os": True, "ssl": True,
    "subprocess": True, "sys": False, "builtins": True, "signal": True, "queue": True, "contextvars": True,
    "logging": True,
}
# gevent.monkey.patch_<flag>() functions and the flag each sets
GEVENT_SINGLE = {f"gevent.monkey.patch_{flag}": flag for flag in GEVENT_DEFAULTS}
# flags one of gevent's sets besides its own (with it, in patch_all, patch_<flag>() and the configuration)
GEVENT_EXTRA_FLAGS = {"subprocess": ("subprocess_popen",)}
# eventlet.monkey_patch(): with no arguments everything; with some True, only those
EVENTLET_FLAGS = {"os": ("os", "os_io"), "select": ("select",), "socket": ("socket", "dns", "ssl"), "thread": ("thread", "queue"),
                  "time": ("time",), "subprocess": ("subprocess",), "builtins": ("builtins",)}
