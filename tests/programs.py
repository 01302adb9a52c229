"""Small programs several test folders share: one racy (SP101 on `self.n = self.n + slow()`), one clean."""

from __future__ import annotations

import textwrap

RACY = textwrap.dedent('''\
    import gevent


    class Counter:
        def __init__(self):
            self.n = 0

        def bump(self):
            self.n = self.n + slow()


    def slow():
        gevent.sleep(0)
        return 1


    counter = Counter()
    gevent.joinall([gevent.spawn(counter.bump), gevent.spawn(counter.bump)])
''')
CLEAN = "def add(a, b):\n    return a + b\n"
