# An attribute a subclass's __init__ sets, read through `self` in a base class's method: stepping it runs
# the subclass's generator. SQLAlchemy's IteratorResult._fetchone_impl, `next(self.iterator, _NO_ROW)`,
# where ChunkedIteratorResult set `self.iterator = itertools.chain.from_iterable(self.chunks(None))`, the
# ORM's `chunks` generator (loading.instances) passed to its constructor, switching at the bridge's await_.
# Three steps the engine does not take: the subclass's assignment (an attribute is read along the MRO of
# `self`'s class, never below it), the callable stored from a constructor argument called as a value
# (`self.chunks(1)`), and itertools.chain.from_iterable as a lazy iterator.
import itertools
from typing import Iterator

import greenlet


def rows(size):
    greenlet.getcurrent().parent.switch()  # switch: [call] "miss_attribute_set_in_subclass.rows -> greenlet.greenlet.switch"
    yield [size, 2]


class Result:
    def __init__(self, iterator: Iterator[list]):
        self.iterator = iterator

    def fetchone(self):
        return next(self.iterator, None)  # switch: [call] possible "builtins.next -> miss_attribute_set_in_subclass.rows"


class ChunkedResult(Result):
    def __init__(self, chunks):
        self.chunks = chunks
        self.iterator = itertools.chain.from_iterable(self.chunks(1))


def main():
    # switch: [call] possible "miss_attribute_set_in_subclass.main -> miss_attribute_set_in_subclass.Result.fetchone"
    return ChunkedResult(rows).fetchone()


# RUN greenlet
if __name__ == "__main__":
    child = greenlet.greenlet(main)
    child.switch()  # switch: [call] "greenlet.greenlet.switch"
    assert child.switch() == 1  # switch: [call] "greenlet.greenlet.switch"
