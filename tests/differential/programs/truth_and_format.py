"""Truth tests and f-strings on an object whose __bool__/__format__/__repr__ switch: where CPython's positions are wider.

On CPython 3.11 the conditional jump calling __bool__ carries the whole `if`/`while`
statement (or the whole `x and y`), while the engine marks the test; compare.py's
narrowing rule exists for exactly these sites.
"""
import gevent


class Remote:
    def __bool__(self):
        gevent.sleep(0)
        return True

    def __format__(self, spec):
        gevent.sleep(0)
        return ""

    def __repr__(self):
        gevent.sleep(0)
        return ""


def use(r: Remote):
    if r:
        pass
    while not r:
        break
    f"{r:>3}"
    f"{r!r}"
    x = f"a{r}b"
    return r and 1


if __name__ == "__main__":
    use(Remote())
