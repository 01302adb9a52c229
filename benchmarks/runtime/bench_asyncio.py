"""asyncio, or uvloop with `--uvloop`: sleep(0) ping-pong, spawn+join, Queue ping-pong and a streams echo.

Usage: python bench_asyncio.py [--uvloop] BENCHMARK SIZE...   (prints one JSON line, see _bench_protocol.py)
"""

from __future__ import annotations

import asyncio
import sys

from _bench_protocol import Stopwatch, report


async def _sleep0(n: int):
    async def loop():
        for _ in range(n):
            await asyncio.sleep(0)

    watch = Stopwatch()
    await asyncio.gather(loop(), loop())
    return watch.elapsed(), 2 * n


async def _spawn_join(n: int):
    async def task():
        return None

    watch = Stopwatch()
    tasks = [asyncio.create_task(task()) for _ in range(n)]
    for task_ in tasks:
        await task_
    return watch.elapsed(), n


async def _channel(n: int):
    there, back = asyncio.Queue(), asyncio.Queue()

    async def echo():
        for _ in range(n):
            back.put_nowait(await there.get())

    async def drive():
        for i in range(n):
            there.put_nowait(i)
            await back.get()

    watch = Stopwatch()
    await asyncio.gather(echo(), drive())
    return watch.elapsed(), 2 * n


async def _echo(clients: int, messages: int, size: int):
    async def handle(reader, writer):
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    payload = b"x" * size

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(messages):
            writer.write(payload)
            await writer.drain()
            await reader.readexactly(size)
        writer.close()
        await writer.wait_closed()

    watch = Stopwatch()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = watch.elapsed()
    server.close()
    await server.wait_closed()
    return seconds, clients * messages


def _sync(coroutine_fn):
    return lambda *sizes: asyncio.run(coroutine_fn(*sizes))


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["--uvloop"]:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        argv = argv[1:]
    report({"sleep0": _sync(_sleep0), "spawn_join": _sync(_spawn_join), "channel": _sync(_channel),
            "echo": _sync(_echo)}, argv)
