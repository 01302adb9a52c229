"""eventlet: the main greenlet kills green threads; eventlet's kill throws into them straight away."""
import eventlet


def forever():
    eventlet.sleep(10)


victim = eventlet.spawn(forever)
eventlet.sleep(0)  # the victim now waits in its sleep
victim.kill()  # throws into the victim: a switch of the main greenlet, not of a scheduler
eventlet.kill(eventlet.spawn(forever))  # not started yet: it still switches into it
