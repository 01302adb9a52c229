"""Imports gevent; the name is resolved only by SP201's thread-pool pass, which the async function triggers."""
import gevent


def hand_over(pool):
    pool.submit(gevent)


async def serve():
    pass
