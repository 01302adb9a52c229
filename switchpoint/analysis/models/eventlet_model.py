"""eventlet's switching API: sleep, green threads, pools, queues, events, green sockets and green modules."""

PACKAGES = ("eventlet",)

CLASSES = (
    "eventlet.greenthread.GreenThread",
    "eventlet.GreenPool",
    "eventlet.GreenPile",
    "eventlet.greenpool.GreenMap",  # what GreenPool.imap and starmap return: iterating it waits for results
    "eventlet.queue.Queue",
    "eventlet.queue.LightQueue",
    "eventlet.queue.LifoQueue",
    "eventlet.queue.PriorityQueue",
    "eventlet.event.Event",
    "eventlet.semaphore.Semaphore",
    "eventlet.semaphore.BoundedSemaphore",
    "eventlet.semaphore.CappedSemaphore",
    "eventlet.lock.Lock",  # what eventlet.green.threading.Lock() and green thread's allocate_lock() make
    "eventlet.greenio.GreenSocket",
    # what GreenSocket.makefile() returns: the stdlib's file over socket.SocketIO (buffered unless
    # buffering=0), which reads and writes through the green socket; eventlet gives it no class of its own
    "eventlet.greenio.GreenSocketFile",
    "eventlet.greenio.GreenPipe",  # a file over a descriptor, waiting on the hub (green subprocess' pipes)
    "eventlet.green.ssl.GreenSSLSocket",
    "eventlet.green.ssl.GreenSSLContext",
    "eventlet.timeout.Timeout",
    "eventlet.tpool.Proxy",
    # eventlet.green.threading is the stdlib's threading run again over green _thread and time
    "eventlet.green.threading.Thread",
    "eventlet.green.threading.Timer",
    "eventlet.green.threading.Event",
    "eventlet.green.threading.Condition",
    "eventlet.green.threading.Semaphore",
    "eventlet.green.threading.BoundedSemaphore",
    "eventlet.green.threading.RLock",
    "eventlet.green.threading.Barrier",
    "eventlet.green.subprocess.Popen",
    # the older green modules: the stdlib's module run again over green sockets
    "eventlet.green.ftplib.FTP",
    "eventlet.green.ftplib.FTP_TLS",
    "eventlet.green.SocketServer.BaseServer",
    "eventlet.green.SocketServer.TCPServer",
    "eventlet.green.SocketServer.UDPServer",
    "eventlet.green.SocketServer.ThreadingMixIn",
    "eventlet.green.SocketServer.ThreadingTCPServer",
    "eventlet.green.SocketServer.ThreadingUDPServer",
    "eventlet.green.SocketServer.BaseRequestHandler",
    "eventlet.green.SocketServer.StreamRequestHandler",
    "eventlet.green.SocketServer.DatagramRequestHandler",
    "eventlet.green.http.server.HTTPServer",
    "eventlet.green.http.server.ThreadingHTTPServer",
    "eventlet.green.http.server.BaseHTTPRequestHandler",
    "eventlet.green.http.server.SimpleHTTPRequestHandler",
    "eventlet.green.http.server.CGIHTTPRequestHandler",
    "eventlet.green.http.client.HTTPConnection",
    "eventlet.green.http.client.HTTPSConnection",
    "eventlet.green.http.client.HTTPResponse",
    "eventlet.green.urllib.request.OpenerDirector",
    "eventlet.green.zmq.Context",
    "eventlet.green.zmq.Socket",
)

_SOCKET_IO = (
    "accept", "connect", "connect_ex", "recv", "recvfrom", "recv_into", "recvfrom_into", "send", "sendall", "sendto",
)  # not makefile: it only wraps the socket (RETURNS), the file it returns waits as it is read or written
# a file's I/O waits for its descriptor; iterating one reads lines
_FILE_IO = (
    "read", "read1", "readinto", "readline", "readlines", "readall", "write", "writelines", "flush", "__next__",
)
_LOCK_BLOCKING = ("acquire", "__enter__")
# a green socketserver's server runs the request handler, whose reads and writes wait on the hub (a threading
# one starts a green thread for it), and its shutdown waits for serve_forever to stop. Its poll between requests
# is the stdlib's selectors', which eventlet does not make green: it blocks the hub (not reported)
_SERVER_RUNS_HANDLER = (
    "serve_forever", "handle_request", "shutdown", "get_request", "process_request", "finish_request",
)
_SERVER_CLASSES = (
    "SocketServer.BaseServer", "SocketServer.TCPServer", "SocketServer.UDPServer", "SocketServer.ThreadingTCPServer",
    "SocketServer.ThreadingUDPServer", "http.server.HTTPServer", "http.server.ThreadingHTTPServer",
)
_STREAM_HANDLERS = (
    "SocketServer.StreamRequestHandler", "http.server.BaseHTTPRequestHandler",
    "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler",
)
# an HTTP request handler reads the request and writes its reply through the connection (headers are buffered
# until end_headers)
_HTTP_HANDLER_IO = ("handle", "handle_one_request", "handle_expect_100", "send_error", "end_headers", "flush_headers")
# a green zmq socket's blocking sends and receives wait on the hub for the socket's events (with flags=zmq.NOBLOCK
# they do not: NONBLOCKING_FLAGS)
_ZMQ_IO = tuple(f"{verb}{kind}" for verb in ("send", "recv") for kind in ("", "_multipart", "_string", "_pyobj", "_json"))
# an FTP client's commands: each sends a line and waits for the reply (FTP(host) connects and logs in; the
# end of its `with` sends QUIT, left out as CappedSemaphore's __exit__ is)
_FTP_COMMANDS = (
    "__init__", "connect", "login", "getline", "getmultiline", "getresp", "voidresp", "abort", "sendcmd", "voidcmd",
    "sendport", "sendeprt", "makeport", "makepasv", "ntransfercmd", "transfercmd", "retrbinary", "retrlines",
    "storbinary", "storlines", "acct", "nlst", "dir", "mlsd", "rename", "delete", "cwd", "size", "mkd", "rmd", "pwd",
    "quit",
)
# a green TLS socket waits on the hub whenever TLS wants to read or write: in its file-like read and write,
# the handshake and unwrap, and in a socket's calls (GreenSocket's, through BASES: one name for a receiver of
# unknown class to dispatch to, as every green socket's recv is GreenSocket.recv)
_TLS_IO = ("read", "write", "do_handshake", "unwrap")

SWITCHING = frozenset(
    {
        "eventlet.sleep",
        "eventlet.hubs.trampoline",  # waits for a descriptor on the hub (what green I/O is built on)
        "eventlet.greenthread.GreenThread.wait",
        # kill throws into the green thread there and then (the hub switches back to the caller afterwards);
        # cancel kills one that has not started yet
        "eventlet.greenthread.GreenThread.kill",
        "eventlet.greenthread.GreenThread.cancel",
        "eventlet.kill",
        "eventlet.greenthread.cancel",
        "eventlet.GreenPool.spawn",  # waits for a free slot
        "eventlet.GreenPool.spawn_n",
        "eventlet.GreenPool.waitall",
        "eventlet.GreenPile.spawn",  # spawns on its pool: waits for a free slot
        "eventlet.GreenPile.next",
        "eventlet.GreenPile.__next__",
        "eventlet.event.Event.wait",
        # waits while the count is at its limit (its __exit__ too, left out: a switching __exit__ would make the
        # end of every `with` over an object of unknown class a possible point, for a class programs rarely make)
        "eventlet.semaphore.CappedSemaphore.release",
        "eventlet.tpool.execute",
        "eventlet.tpool.killall",  # sleeps until the worker threads are gone
        "eventlet.connect",
        "eventlet.serve",
        "eventlet.wsgi.server",  # serves until the listener is closed
        "eventlet.green.time.sleep",
        "eventlet.green.select.select",
        "eventlet.green.socket.create_connection",
        # wrapping a connected socket shakes hands there and then (unless do_handshake_on_connect=False)
        "eventlet.green.ssl.wrap_socket",
        "eventlet.green.ssl.GreenSSLContext.wrap_socket",
        "eventlet.wrap_ssl",
        "eventlet.green.socket.getaddrinfo",  # greendns asks the resolver over a green socket
        "eventlet.green.socket.gethostbyname",
        "eventlet.green.socket.gethostbyname_ex",
        "eventlet.green.socket.gethostbyaddr",
        "eventlet.green.socket.getnameinfo",
        "eventlet.green.os.read",  # wait on the hub for a descriptor that is no regular file
        "eventlet.green.os.write",
        "eventlet.green.os.wait",
        "eventlet.green.os.waitpid",  # polls with sleeps
        "eventlet.green.threading.Thread.start",  # waits until the new green thread has started
        "eventlet.green.threading.Thread.join",
        "eventlet.green.threading.Event.wait",
        "eventlet.green.threading.Condition.wait",
        "eventlet.green.threading.Condition.wait_for",
        "eventlet.green.threading.Barrier.wait",
        "eventlet.green.subprocess.Popen.wait",
        "eventlet.green.subprocess.Popen.communicate",
        "eventlet.green.subprocess.call",
        "eventlet.green.subprocess.check_call",
        "eventlet.green.subprocess.check_output",
        "eventlet.green.subprocess.run",
        "eventlet.green.urllib.request.urlopen",
        "eventlet.green.urllib.request.urlretrieve",
        "eventlet.green.urllib.request.OpenerDirector.open",
        "eventlet.green.http.client.HTTPConnection.connect",
        "eventlet.green.http.client.HTTPConnection.request",
        "eventlet.green.http.client.HTTPConnection.getresponse",
        "eventlet.green.http.client.HTTPConnection.send",
        "eventlet.green.http.client.HTTPConnection.endheaders",
    }
    | {f"eventlet.queue.{cls}.{m}"
       for cls in ("Queue", "LightQueue", "LifoQueue", "PriorityQueue")
       # put_nowait hands its item to a getter waiting on a full queue (a LightQueue(0) channel) and waits for it
       for m in ("get", "put", "join", "put_nowait")}
    | {f"eventlet.greenio.GreenSocket.{m}" for m in _SOCKET_IO}
    | {f"eventlet.greenio.{cls}.{m}" for cls in ("GreenSocketFile", "GreenPipe") for m in _FILE_IO}
    | {f"eventlet.green.ssl.GreenSSLSocket.{m}" for m in _TLS_IO}
    | {f"eventlet.green.ftplib.FTP.{m}" for m in _FTP_COMMANDS}
    | {f"eventlet.green.ftplib.FTP_TLS.{m}" for m in ("auth", "ccc", "prot_p", "prot_c")}
    | {f"eventlet.green.SocketServer.BaseServer.{m}" for m in _SERVER_RUNS_HANDLER}
    | {f"eventlet.green.zmq.Socket.{m}" for m in _ZMQ_IO}
    | {f"eventlet.green.http.server.BaseHTTPRequestHandler.{m}" for m in _HTTP_HANDLER_IO}
    | {f"eventlet.green.http.server.SimpleHTTPRequestHandler.{m}" for m in ("do_GET", "do_HEAD", "send_head")}
    | {"eventlet.green.http.server.CGIHTTPRequestHandler.do_POST", "eventlet.green.http.server.CGIHTTPRequestHandler.run_cgi"}
    | {f"eventlet.green.http.client.HTTPResponse.{m}" for m in _FILE_IO + ("peek", "begin")}
    | {f"eventlet.semaphore.{cls}.{m}" for cls in ("Semaphore", "BoundedSemaphore", "CappedSemaphore") for m in _LOCK_BLOCKING}
    | {f"eventlet.green.threading.{cls}.{m}"
       for cls in ("Condition", "Semaphore", "BoundedSemaphore", "RLock")
       for m in _LOCK_BLOCKING}
)

RETURNS = {
    "eventlet.spawn": "eventlet.greenthread.GreenThread",
    "eventlet.spawn_after": "eventlet.greenthread.GreenThread",
    "eventlet.GreenPool.spawn": "eventlet.greenthread.GreenThread",
    "eventlet.connect": "eventlet.greenio.GreenSocket",
    "eventlet.listen": "eventlet.greenio.GreenSocket",
    "eventlet.green.socket.create_connection": "eventlet.greenio.GreenSocket",
    "eventlet.greenio.GreenSocket.accept": "builtins.tuple",
    "eventlet.greenio.GreenSocket.getsockname": "builtins.tuple",
    "eventlet.greenio.GreenSocket.getpeername": "builtins.tuple",
    "eventlet.greenio.GreenSocket.dup": "eventlet.greenio.GreenSocket",
    "eventlet.greenio.GreenSocket.makefile": "eventlet.greenio.GreenSocketFile",
    "eventlet.green.thread.allocate_lock": "eventlet.lock.Lock",
    "eventlet.green.ssl.wrap_socket": "eventlet.green.ssl.GreenSSLSocket",
    "eventlet.wrap_ssl": "eventlet.green.ssl.GreenSSLSocket",
    "eventlet.green.ssl.GreenSSLContext.wrap_socket": "eventlet.green.ssl.GreenSSLSocket",
    "eventlet.green.ssl.create_default_context": "eventlet.green.ssl.GreenSSLContext",
    "eventlet.green.ssl.GreenSSLSocket.unwrap": "eventlet.greenio.GreenSocket",
    "eventlet.green.ftplib.FTP.transfercmd": "eventlet.greenio.GreenSocket",  # the data connection
    "eventlet.green.http.client.HTTPConnection.getresponse": "eventlet.green.http.client.HTTPResponse",
    "eventlet.green.urllib.request.urlopen": "eventlet.green.http.client.HTTPResponse",
    "eventlet.green.zmq.Context.socket": "eventlet.green.zmq.Socket",
    "eventlet.green.zmq.Context.instance": "eventlet.green.zmq.Context",
    "eventlet.green.urllib.request.build_opener": "eventlet.green.urllib.request.OpenerDirector",
    "eventlet.green.urllib.request.OpenerDirector.open": "eventlet.green.http.client.HTTPResponse",
    "eventlet.green.urllib.request.urlretrieve": "builtins.tuple",  # (the file name, the headers)
    # imap and starmap hand the spawning to a green thread of their own (spawn_n): the call returns at once
    "eventlet.GreenPool.imap": "eventlet.greenpool.GreenMap",
    "eventlet.GreenPool.starmap": "eventlet.greenpool.GreenMap",
}

# tpool.Proxy(obj) runs every method called through it in a real thread (tpool.execute) while the caller waits
# on the hub, and these dunders too; its others (==, hash, repr, str, len, bool, iter) call the object here
PROXIES = {
    "eventlet.tpool.Proxy": (
        "__getitem__", "__setitem__", "__call__", "__enter__", "__exit__", "__next__", "__copy__", "__deepcopy__",
    ),
}

# what makes what a tpool.Proxy hands back a Proxy again (its proxy_call and __getattr__): the classes given as
# `autowrap` (a result or plain attribute that is an instance of one, wrapped with the same classes) and the names
# given as `autowrap_names` (whatever the method of that name returns, the attribute of that name, what calling
# the proxy returns for `__call__`): class -> ((position, keyword) of the classes, (position, keyword) of the names)
PROXY_WRAPPING = {
    "eventlet.tpool.Proxy": ((1, "autowrap"), (2, "autowrap_names")),
}

# calls that never wait when a flags argument carries one of NONBLOCKING_CONSTANTS' bits: a green zmq socket's
# send or receive given zmq.NOBLOCK (DONTWAIT) calls pyzmq's at once, which raises zmq.Again rather than waits (the
# multipart, string, json and pyobj ones pass the flags on to the green send and recv; the events they wake are
# scheduled, never switched to): method -> (position, keyword) of its flags
NONBLOCKING_FLAGS = {
    f"eventlet.green.zmq.Socket.{name}": (1 if name.startswith("send") else 0, "flags") for name in _ZMQ_IO
}
NONBLOCKING_CONSTANTS = ("eventlet.green.zmq.NOBLOCK", "eventlet.green.zmq.DONTWAIT")

# what modelled objects' attributes hold
ATTRIBUTES = {
    **{f"eventlet.green.subprocess.Popen.{stream}": "eventlet.greenio.GreenPipe" for stream in ("stdin", "stdout", "stderr")},
    # a stream handler's connection and the files over it (wfile a writer sending all through it, unbuffered)
    **{f"eventlet.green.{cls}.{name}": held
       for cls in _STREAM_HANDLERS
       for name, held in (("request", "eventlet.greenio.GreenSocket"), ("connection", "eventlet.greenio.GreenSocket"),
                          ("rfile", "eventlet.greenio.GreenSocketFile"), ("wfile", "eventlet.greenio.GreenSocketFile"))},
    **{f"eventlet.green.{cls}.socket": "eventlet.greenio.GreenSocket" for cls in _SERVER_CLASSES},
}

ALIASES = {
    "eventlet.greenthread.sleep": "eventlet.sleep",
    "eventlet.greenthread.spawn": "eventlet.spawn",
    "eventlet.greenthread.spawn_n": "eventlet.spawn_n",
    "eventlet.greenthread.spawn_after": "eventlet.spawn_after",
    "eventlet.greenthread.kill": "eventlet.kill",
    "eventlet.greenpool.GreenPool": "eventlet.GreenPool",
    "eventlet.greenpool.GreenPile": "eventlet.GreenPile",
    "eventlet.Queue": "eventlet.queue.Queue",
    "eventlet.LightQueue": "eventlet.queue.LightQueue",
    "eventlet.green.Queue.Queue": "eventlet.queue.Queue",
    "eventlet.green.Queue.LifoQueue": "eventlet.queue.LifoQueue",
    "eventlet.green.Queue.PriorityQueue": "eventlet.queue.PriorityQueue",
    "eventlet.Event": "eventlet.event.Event",
    "eventlet.Semaphore": "eventlet.semaphore.Semaphore",
    "eventlet.BoundedSemaphore": "eventlet.semaphore.BoundedSemaphore",
    "eventlet.CappedSemaphore": "eventlet.semaphore.CappedSemaphore",
    "eventlet.Timeout": "eventlet.timeout.Timeout",
    "eventlet.with_timeout": "eventlet.timeout.with_timeout",
    "eventlet.GreenThread": "eventlet.greenthread.GreenThread",
    "eventlet.green.socket.socket": "eventlet.greenio.GreenSocket",
    "eventlet.green.socket.SocketType": "eventlet.greenio.GreenSocket",
    "eventlet.greenio.base.GreenSocket": "eventlet.greenio.GreenSocket",
    "eventlet.greenio.py3.GreenPipe": "eventlet.greenio.GreenPipe",
    "eventlet.green.threading.Lock": "eventlet.lock.Lock",
    "eventlet.green.thread.LockType": "eventlet.lock.Lock",
    "eventlet.green.thread.allocate": "eventlet.green.thread.allocate_lock",
    "eventlet.green.threading._PyRLock": "eventlet.green.threading.RLock",
    "eventlet.convenience.wrap_ssl": "eventlet.wrap_ssl",
    "eventlet.green.ssl.SSLSocket": "eventlet.green.ssl.GreenSSLSocket",
    "eventlet.green.ssl.SSLContext": "eventlet.green.ssl.GreenSSLContext",
    "eventlet.green.ssl.green_create_default_context": "eventlet.green.ssl.create_default_context",
    "eventlet.green.ssl._create_default_https_context": "eventlet.green.ssl.create_default_context",
    # the older names of the green http.server (BaseHTTPServer runs the stdlib's http.server over them)
    **{f"eventlet.green.BaseHTTPServer.{cls}": f"eventlet.green.http.server.{cls}"
       for cls in ("HTTPServer", "ThreadingHTTPServer", "BaseHTTPRequestHandler", "SimpleHTTPRequestHandler",
                   "CGIHTTPRequestHandler")},
    "eventlet.green.httplib.HTTPConnection": "eventlet.green.http.client.HTTPConnection",
    "eventlet.green.httplib.HTTPSConnection": "eventlet.green.http.client.HTTPSConnection",
}

BASES = {
    "eventlet.semaphore.BoundedSemaphore": "eventlet.semaphore.Semaphore",
    "eventlet.lock.Lock": "eventlet.semaphore.Semaphore",
    "eventlet.greenpool.GreenMap": "eventlet.GreenPile",
    "eventlet.queue.Queue": "eventlet.queue.LightQueue",
    "eventlet.queue.LifoQueue": "eventlet.queue.Queue",
    "eventlet.queue.PriorityQueue": "eventlet.queue.Queue",
    "eventlet.green.threading.Timer": "eventlet.green.threading.Thread",
    "eventlet.green.threading.BoundedSemaphore": "eventlet.green.threading.Semaphore",
    "eventlet.green.http.client.HTTPSConnection": "eventlet.green.http.client.HTTPConnection",
    "eventlet.green.ftplib.FTP_TLS": "eventlet.green.ftplib.FTP",
    "eventlet.green.SocketServer.TCPServer": "eventlet.green.SocketServer.BaseServer",
    "eventlet.green.SocketServer.UDPServer": "eventlet.green.SocketServer.TCPServer",
    # a mixin ends the MRO of the class mixing it in (the model's bases are single): a server's methods behind it
    "eventlet.green.SocketServer.ThreadingMixIn": "eventlet.green.SocketServer.BaseServer",
    "eventlet.green.SocketServer.ThreadingTCPServer": "eventlet.green.SocketServer.TCPServer",
    "eventlet.green.SocketServer.ThreadingUDPServer": "eventlet.green.SocketServer.UDPServer",
    "eventlet.green.SocketServer.StreamRequestHandler": "eventlet.green.SocketServer.BaseRequestHandler",
    "eventlet.green.SocketServer.DatagramRequestHandler": "eventlet.green.SocketServer.BaseRequestHandler",
    "eventlet.green.http.server.HTTPServer": "eventlet.green.SocketServer.TCPServer",
    "eventlet.green.http.server.ThreadingHTTPServer": "eventlet.green.http.server.HTTPServer",
    "eventlet.green.http.server.BaseHTTPRequestHandler": "eventlet.green.SocketServer.StreamRequestHandler",
    "eventlet.green.http.server.SimpleHTTPRequestHandler": "eventlet.green.http.server.BaseHTTPRequestHandler",
    "eventlet.green.http.server.CGIHTTPRequestHandler": "eventlet.green.http.server.SimpleHTTPRequestHandler",
    # an ssl.SSLSocket, not a GreenSocket, but its socket calls wait on the hub as a GreenSocket's do, and
    # accept (a GreenSSLSocket and the address), getsockname and makefile return what GreenSocket's do
    "eventlet.green.ssl.GreenSSLSocket": "eventlet.greenio.GreenSocket",
}

# functions that call one of their arguments in the current greenlet, before they return -> its position
CALLS = {
    "eventlet.timeout.with_timeout": 1,
    # calls the function there and then when the green thread has already finished (with the thread first)
    "eventlet.greenthread.GreenThread.link": 0,
    # with each block or line received
    "eventlet.green.ftplib.FTP.retrbinary": 1,
    "eventlet.green.ftplib.FTP.retrlines": 1,
}

# modules whose objects a program gets only by importing them: a receiver of unknown class dispatches to
# their methods only where the program (or a library it loads) imports them, so a program without zmq
# never sees `eventlet.green.zmq.Socket.recv` as the witness of `connection.recv()`
IMPORTED_ONLY = ("eventlet.green.ftplib", "eventlet.green.zmq")

SPAWNERS = {
    "eventlet.spawn": 0,
    "eventlet.spawn_n": 0,
    "eventlet.spawn_after": 1,
    "eventlet.GreenPool.spawn": 0,
    "eventlet.GreenPool.spawn_n": 0,
    "eventlet.GreenPile.spawn": 0,
}

# classes whose instances only some code makes: a receiver of unknown class dispatches to their methods only where
# code that runs says one of their words (models/__init__.py: their names, what RETURNS and ATTRIBUTES say returns
# or holds one, and those listed here). Not listed, live wherever eventlet is: green threads (spawned in many ways,
# handed to link callbacks) and green sockets (socket.socket itself under the socket patch), TLS ones too
MADE_BY = {
    "eventlet.GreenPool": (),
    "eventlet.GreenPile": (),
    "eventlet.greenpool.GreenMap": (),  # GreenPool.imap and starmap
    **{f"eventlet.queue.{cls}": () for cls in ("Queue", "LightQueue", "LifoQueue", "PriorityQueue")},
    "eventlet.event.Event": (),
    **{f"eventlet.semaphore.{cls}": () for cls in ("Semaphore", "BoundedSemaphore", "CappedSemaphore")},
    "eventlet.lock.Lock": (),
    "eventlet.greenio.GreenSocketFile": (),  # a green socket's makefile, a stream handler's rfile and wfile
    # a green subprocess's pipes, and what the green os's fdopen makes (os.fdopen under the os patch)
    "eventlet.greenio.GreenPipe": ("eventlet.green.os.fdopen",),
    **{f"eventlet.green.threading.{cls}": ()
       for cls in ("Thread", "Timer", "Event", "Condition", "Semaphore", "BoundedSemaphore", "RLock", "Barrier")},
    "eventlet.green.subprocess.Popen": (),
    **{f"eventlet.green.{cls}": () for cls in (*_SERVER_CLASSES, *_STREAM_HANDLERS, "SocketServer.ThreadingMixIn")},
    **{f"eventlet.green.http.client.{cls}": () for cls in ("HTTPConnection", "HTTPSConnection", "HTTPResponse")},
    "eventlet.green.urllib.request.OpenerDirector": (),
    **{f"eventlet.green.ftplib.{cls}": () for cls in ("FTP", "FTP_TLS")},
    **{f"eventlet.green.zmq.{cls}": () for cls in ("Context", "Socket")},
}
