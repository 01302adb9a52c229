"""Raw greenlets ping-ponging in two OS threads at once (greenlet tracing is per thread)."""
import threading

import greenlet

ROUNDS = 4


def ping_pong(rounds):
    def pong():
        while True:
            pinger.switch()  # pong side

    def ping():
        for _ in range(rounds):
            ponger.switch()  # ping side

    ponger = greenlet.greenlet(pong)
    pinger = greenlet.greenlet(ping)
    pinger.switch()


threads = [threading.Thread(target=ping_pong, args=(ROUNDS,)) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
