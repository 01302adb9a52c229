"""Coroutines driven by asyncio in a greenlet, their awaits switching greenlets (as SQLAlchemy's bridge does).

An `async with` or `async for` waits at a SEND that CPython 3.11/3.12 place on the
whole statement (3.13: the context expression): the tracer narrows it to the with
item and the `target in iter` header, as for `with` and `for`. The loop runs in a
greenlet of its own, whose parent (the main greenlet) switches back into it.
"""
import asyncio

import greenlet


def hop():
    greenlet.getcurrent().parent.switch()


class Session:
    def __init__(self, name=""):
        self.name = name

    async def __aenter__(self):
        hop()
        return self

    async def __aexit__(self, *exc_info):
        hop()


class Rows:
    def __init__(self, count):
        self.count = count

    def __aiter__(self):
        return self

    async def __anext__(self):
        if not self.count:
            raise StopAsyncIteration
        self.count -= 1
        hop()
        return self.count


async def main():
    async with Session() as session:  # one item
        pass
    async with Session("first"), Session("second") as second:  # two items
        pass
    async for row in Rows(2):
        pass
    return [row async for row in Rows(3)]


loop_glet = greenlet.greenlet(lambda: asyncio.run(main()))
while not loop_glet.dead:
    loop_glet.switch()
