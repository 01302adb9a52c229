"""eventlet: green threads that sleep and pass items through a queue."""
import eventlet
from eventlet.queue import Queue

ROUNDS = 3
queue = Queue()


def producer():
    for i in range(ROUNDS):
        queue.put(i)
        eventlet.sleep(0)  # let the consumer run


def consumer():
    return [queue.get() for _ in range(ROUNDS)]


pool = [eventlet.spawn(producer), eventlet.spawn(consumer)]
results = [thread.wait() for thread in pool]
assert results[1] == list(range(ROUNDS)), results
