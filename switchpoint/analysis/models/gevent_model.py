"""gevent's switching API: the hub, greenlets, events, queues, locks, pools, sockets."""

PACKAGES = ("gevent",)

CLASSES = (
    "gevent.Greenlet",
    "gevent.Timeout",
    "gevent.event.Event",
    "gevent.event.AsyncResult",
    "gevent.queue.Queue",
    "gevent.queue.SimpleQueue",
    "gevent.queue.LifoQueue",
    "gevent.queue.PriorityQueue",
    "gevent.queue.JoinableQueue",
    "gevent.queue.Channel",
    "gevent.lock.Semaphore",
    "gevent.lock.BoundedSemaphore",
    "gevent.lock.DummySemaphore",
    "gevent.lock.RLock",
    "gevent.pool.Group",
    "gevent.pool.Pool",
    "gevent.pool.IMapUnordered",  # what Group.imap_unordered returns: iterating it waits for results
    "gevent.pool.IMap",
    "gevent._hub_primitives._WaitIterator",  # what gevent.iwait returns
    "gevent.socket.socket",
    "gevent.ssl.SSLSocket",
    "gevent.server.StreamServer",
    "gevent.pywsgi.WSGIServer",
    "gevent.threadpool.ThreadPool",
    "gevent.hub.Hub",
    "gevent.subprocess.Popen",
    "gevent.fileobject.FileObjectPosix",
    "gevent.fileobject.FileObjectThread",
    "gevent._socket3.SocketIO",  # what socket.makefile() reads and writes through (buffered, unless buffering=0)
)

_QUEUE_BLOCKING = ("get", "put", "peek", "join")
_LOCK_BLOCKING = ("acquire", "wait", "__enter__")
_SOCKET_IO = (
    "accept", "connect", "connect_ex", "recv", "recvfrom", "recv_into", "recvfrom_into",
    "send", "sendall", "sendto", "sendfile",
)  # not makefile: it only wraps the socket (RETURNS), the file it returns waits as it is read or written
_TLS_IO = ("do_handshake", "read", "write")  # a TLS socket's own (a plain socket has no read or write)
# a file's I/O waits for the descriptor (FileObjectPosix, a socket's file) or for the thread pool
# (FileObjectThread); iterating one reads lines
_FILE_IO = (
    "read", "read1", "readinto", "readline", "readlines", "readall", "write", "writeall", "writelines", "flush",
    "__next__",
)

SWITCHING = frozenset(
    {
        "gevent.sleep",
        "gevent.idle",
        "gevent.joinall",
        "gevent.wait",
        "gevent.killall",  # not gevent.kill: it kills with block=False, never waiting (tracer: never switches)
        "gevent.select.select",
        "gevent.select.poll.poll",
        "gevent.socket.create_connection",
        "gevent.socket.getaddrinfo",
        "gevent.socket.gethostbyname",
        "gevent.socket.wait_read",
        "gevent.socket.wait_write",
        "gevent.subprocess.Popen.wait",
        "gevent.subprocess.Popen.communicate",
        "gevent.subprocess.call",
        "gevent.subprocess.check_call",
        "gevent.subprocess.check_output",
        "gevent.subprocess.run",
        "gevent.os.tp_read",
        "gevent.os.tp_write",
        "gevent.Greenlet.join",
        "gevent.Greenlet.get",
        "gevent.Greenlet.kill",
        "gevent.event.Event.wait",
        "gevent.event.AsyncResult.get",
        "gevent.event.AsyncResult.wait",
        "gevent.event.AsyncResult.result",  # concurrent.futures' name for get
        "gevent.pool.Group.join",
        "gevent.pool.Group.kill",
        "gevent.pool.Group.killone",  # block=True by default: waits for the greenlet to die
        "gevent.pool.Group.map",
        "gevent.pool.Group.apply",
        "gevent.pool.Group.apply_cb",  # apply, then spawn the callback
        "gevent.pool.Group.map_cb",  # map, then call the callback
        "gevent.pool.Pool.start",  # adds the greenlet first: waits for a free slot as Pool.add does
        "gevent.pool.Pool.spawn",  # waits for a free slot when the pool is full
        "gevent.pool.Pool.wait_available",
        "gevent.pool.Pool.add",
        "gevent.threadpool.ThreadPool.apply",
        "gevent.threadpool.ThreadPool.spawn",
        "gevent.threadpool.ThreadPool.apply_cb",
        "gevent.threadpool.ThreadPool.map",
        "gevent.threadpool.ThreadPool.map_cb",
        "gevent.threadpool.ThreadPool.join",  # sleeps until the tasks are done
        "gevent.threadpool.ThreadPool.kill",  # sleeps until the worker threads are gone
        "gevent.hub.Hub.join",  # runs the loop until nothing is left to run
        "gevent.hub.Hub.wait",  # waits for a watcher
        "gevent.hub.Hub.switch",
        "gevent.subprocess.Popen.__init__",  # waits for the child's exec through a pipe
        "gevent.server.StreamServer.serve_forever",
        "gevent.pywsgi.WSGIServer.start",  # names the server: socket.getfqdn, a DNS lookup on the thread pool
        # imap, imap_unordered and iwait only start: what they return waits, as it is iterated
        "gevent.pool.IMapUnordered.__next__",
        "gevent._hub_primitives._WaitIterator.__next__",
    }
    | {f"gevent.queue.{cls}.{method}"
       for cls in ("Queue", "SimpleQueue", "LifoQueue", "PriorityQueue", "JoinableQueue", "Channel")
       for method in _QUEUE_BLOCKING + ("__next__", "next")}
    | {f"gevent.lock.{cls}.{method}"
       for cls in ("Semaphore", "BoundedSemaphore", "RLock")
       for method in _LOCK_BLOCKING}
    | {f"gevent.socket.socket.{method}" for method in _SOCKET_IO}
    | {f"gevent.ssl.SSLSocket.{method}" for method in _SOCKET_IO + _TLS_IO}
    | {f"gevent.fileobject.{cls}.{method}" for cls in ("FileObjectPosix", "FileObjectThread") for method in _FILE_IO}
    | {f"gevent._socket3.SocketIO.{method}" for method in _FILE_IO}
    # FileObjectThread also closes the file on the thread pool (close and __exit__), left out: a switching
    # close or __exit__ would make every `x.close()` and the end of every `with` over an object of unknown
    # class a possible point, for a class programs rarely make
    # a channel holds nothing: its non-blocking get and put still wait on the hub (with a zero timeout)
    | {"gevent.queue.Channel.get_nowait", "gevent.queue.Channel.put_nowait"}
)

RETURNS = {
    "gevent.spawn": "gevent.Greenlet",
    "gevent.spawn_later": "gevent.Greenlet",
    "gevent.spawn_raw": "gevent.Greenlet",
    "gevent.Greenlet.spawn": "gevent.Greenlet",
    "gevent.pool.Group.spawn": "gevent.Greenlet",
    "gevent.pool.Pool.spawn": "gevent.Greenlet",
    "gevent.socket.create_connection": "gevent.socket.socket",
    "gevent.socket.socket.accept": "builtins.tuple",
    "gevent.get_hub": "gevent.hub.Hub",
    "gevent.socket.socket.makefile": "gevent._socket3.SocketIO",
    "gevent.pool.Group.map_async": "gevent.Greenlet",
    "gevent.pool.Group.apply_async": "gevent.Greenlet",
    "gevent.threadpool.ThreadPool.spawn": "gevent.event.AsyncResult",
    "gevent.threadpool.ThreadPool.apply_async": "gevent.Greenlet",
    "gevent.threadpool.ThreadPool.map_async": "gevent.Greenlet",
    "gevent.threadpool.ThreadPool.imap": "gevent.pool.IMap",
    "gevent.threadpool.ThreadPool.imap_unordered": "gevent.pool.IMapUnordered",
    "gevent.getcurrent": "greenlet.greenlet",
    "gevent.pool.Group.imap": "gevent.pool.IMap",
    "gevent.pool.Group.imap_unordered": "gevent.pool.IMapUnordered",
    "gevent.iwait": "gevent._hub_primitives._WaitIterator",
}

ALIASES = {
    "gevent.greenlet.Greenlet": "gevent.Greenlet",
    "gevent.hub.sleep": "gevent.sleep",
    "gevent.hub.idle": "gevent.idle",
    "gevent.hub.kill": "gevent.kill",
    "gevent.hub.wait": "gevent.wait",
    "gevent.hub.iwait": "gevent.iwait",
    "gevent.greenlet.joinall": "gevent.joinall",
    "gevent.greenlet.killall": "gevent.killall",
    "gevent.timeout.Timeout": "gevent.Timeout",
    "gevent.event.Timeout": "gevent.Timeout",
    "gevent.Event": "gevent.event.Event",
    "gevent.queue.JoinableQueue.task_done": "gevent.queue.JoinableQueue.task_done",
    "gevent.coros.Semaphore": "gevent.lock.Semaphore",
    "gevent.lock.Lock": "gevent.lock.Semaphore",
    "gevent.socket.SocketType": "gevent.socket.socket",
    "gevent._socket3.socket": "gevent.socket.socket",
    "gevent.pool.ThreadPool": "gevent.threadpool.ThreadPool",
    "gevent.hub.get_hub": "gevent.get_hub",
    "gevent.hub.spawn_raw": "gevent.spawn_raw",
    "gevent.timeout.with_timeout": "gevent.with_timeout",
    "gevent.fileobject.FileObject": "gevent.fileobject.FileObjectPosix",  # the default where there is posix
    "gevent._fileobjectposix.FileObjectPosix": "gevent.fileobject.FileObjectPosix",
    "gevent._fileobjectcommon.FileObjectThread": "gevent.fileobject.FileObjectThread",
    "gevent._imap.IMapUnordered": "gevent.pool.IMapUnordered",
    "gevent._imap.IMap": "gevent.pool.IMap",
}

BASES = {
    "gevent.lock.BoundedSemaphore": "gevent.lock.Semaphore",
    "gevent.pool.Pool": "gevent.pool.Group",
    "gevent.queue.JoinableQueue": "gevent.queue.Queue",
    "gevent.queue.LifoQueue": "gevent.queue.Queue",
    "gevent.queue.PriorityQueue": "gevent.queue.Queue",
    "gevent.pool.IMap": "gevent.pool.IMapUnordered",
    "gevent.pool.IMapUnordered": "gevent.Greenlet",
    "gevent.pywsgi.WSGIServer": "gevent.server.StreamServer",
}

# what modelled objects' attributes hold
ATTRIBUTES = {
    "gevent.hub.Hub.threadpool": "gevent.threadpool.ThreadPool",
    **{f"gevent.subprocess.Popen.{stream}": "gevent.fileobject.FileObjectPosix" for stream in ("stdin", "stdout", "stderr")},
}

# functions that call one of their arguments in the current greenlet, before they return -> its position
# (the rest are its arguments): the call switches where that function may
CALLS = {
    "gevent.with_timeout": 1,
}

SPAWNERS = {
    "gevent.spawn": 0,
    "gevent.spawn_later": 1,
    "gevent.spawn_raw": 0,
    "gevent.Greenlet": 0,
    "gevent.Greenlet.spawn": 0,
    "gevent.pool.Group.spawn": 0,
    "gevent.pool.Pool.spawn": 0,
    "gevent.pool.Group.apply_async": 0,
}

# classes whose instances only some code makes: a receiver of unknown class dispatches to their methods only where
# code that runs says one of their words (models/__init__.py: their names, what RETURNS and ATTRIBUTES say returns
# or holds one, and those listed here). Not listed, live wherever gevent is: Greenlet (spawned in many ways, handed
# to link callbacks), the hub and its thread pool, plain sockets (handed to a server's handler; socket.socket
# itself under the socket patch)
MADE_BY = {
    "gevent._hub_primitives._WaitIterator": (),  # gevent.iwait
    "gevent._socket3.SocketIO": (),  # a socket's makefile
    # what wrap_socket makes (gevent's, or the stdlib's under the ssl patch), and what a server given a key and
    # certificate hands its handler
    "gevent.ssl.SSLSocket": ("gevent.ssl.wrap_socket", "gevent.server.StreamServer"),
    "gevent.pool.IMapUnordered": (),
    "gevent.pool.IMap": (),
    "gevent.pool.Group": (),
    "gevent.pool.Pool": (),
    **{f"gevent.queue.{cls}": () for cls in ("Queue", "SimpleQueue", "LifoQueue", "PriorityQueue", "JoinableQueue", "Channel")},
    **{f"gevent.lock.{cls}": () for cls in ("Semaphore", "BoundedSemaphore", "RLock")},
    "gevent.event.Event": (),
    "gevent.event.AsyncResult": (),
    "gevent.subprocess.Popen": (),
    "gevent.fileobject.FileObjectPosix": (),
    "gevent.fileobject.FileObjectThread": (),
    "gevent.server.StreamServer": (),
    "gevent.pywsgi.WSGIServer": (),
}
