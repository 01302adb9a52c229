"""Part of a program that imports gevent (b_green.py): `time.sleep` blocks the hub."""
import time


def work():
    time.sleep(1)  # error: [SP201]
