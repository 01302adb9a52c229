"""eventlet's switching API: sleep, green threads, pools, queues, events, green sockets."""

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
    "eventlet.greenio.GreenSocket",
    "eventlet.timeout.Timeout",
)

_SOCKET_IO = ("accept", "connect", "connect_ex", "recv", "recvfrom", "recv_into", "send", "sendall", "sendto")

SWITCHING = frozenset(
    {
        "eventlet.sleep",
        "eventlet.greenthread.sleep",
        "eventlet.greenthread.GreenThread.wait",
        "eventlet.GreenPool.spawn",  # waits for a free slot
        "eventlet.GreenPool.spawn_n",
        "eventlet.GreenPool.waitall",
        "eventlet.GreenPool.waiting",
        "eventlet.GreenPile.next",
        "eventlet.GreenPile.__next__",
        "eventlet.event.Event.wait",
        "eventlet.semaphore.Semaphore.acquire",
        "eventlet.semaphore.Semaphore.__enter__",
        "eventlet.semaphore.BoundedSemaphore.acquire",
        "eventlet.semaphore.BoundedSemaphore.__enter__",
        "eventlet.tpool.execute",
        "eventlet.connect",
        "eventlet.serve",
        "eventlet.green.time.sleep",
        "eventlet.green.select.select",
    }
    | {f"eventlet.queue.{cls}.{m}" for cls in ("Queue", "LightQueue", "LifoQueue", "PriorityQueue") for m in ("get", "put", "join")}
    | {f"eventlet.greenio.GreenSocket.{m}" for m in _SOCKET_IO}
)

RETURNS = {
    "eventlet.spawn": "eventlet.greenthread.GreenThread",
    "eventlet.spawn_after": "eventlet.greenthread.GreenThread",
    "eventlet.GreenPool.spawn": "eventlet.greenthread.GreenThread",
    "eventlet.connect": "eventlet.greenio.GreenSocket",
    "eventlet.listen": "eventlet.greenio.GreenSocket",
    # imap and starmap hand the spawning to a green thread of their own (spawn_n): the call returns at once
    "eventlet.GreenPool.imap": "eventlet.greenpool.GreenMap",
    "eventlet.GreenPool.starmap": "eventlet.greenpool.GreenMap",
}

ALIASES = {
    "eventlet.greenpool.GreenPool": "eventlet.GreenPool",
    "eventlet.greenpool.GreenPile": "eventlet.GreenPile",
    "eventlet.Queue": "eventlet.queue.Queue",
    "eventlet.Event": "eventlet.event.Event",
    "eventlet.Semaphore": "eventlet.semaphore.Semaphore",
    "eventlet.Timeout": "eventlet.timeout.Timeout",
    "eventlet.GreenThread": "eventlet.greenthread.GreenThread",
    "eventlet.green.socket.socket": "eventlet.greenio.GreenSocket",
}

BASES = {
    "eventlet.semaphore.BoundedSemaphore": "eventlet.semaphore.Semaphore",
    "eventlet.greenpool.GreenMap": "eventlet.GreenPile",
}

SPAWNERS = {
    "eventlet.spawn": 0,
    "eventlet.spawn_n": 0,
    "eventlet.spawn_after": 1,
    "eventlet.GreenPool.spawn": 0,
    "eventlet.GreenPool.spawn_n": 0,
    "eventlet.GreenPile.spawn": 0,
}
