"""The command line's JSON layout: each item of a document's lists on a line of its own.

Readable, greppable and diffable like `indent=2` for lists of strings (byte for byte: `switchpoint
callgraph`'s adjacency lists), but encoded by json's C encoder (with `indent`, json runs its
pure-Python one: three times slower), and written as it goes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring  # the C one, as ensure_ascii=False encodes a str


def write_one_item_a_line(document: dict, out) -> None:
    """Write `document`, a dict, to `out`. Lists may be given as iterators: written an item at a time,
    the items' dicts and the whole text are never held at once (measured: they raised the peak of a cold
    `yield-points --format json` on django by 50 MB; through the pure-Python encoder, writing was a
    quarter of a warm run)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False) makes one per call
    if not document:
        out.write("{}\n")
        return
    for index, (key, value) in enumerate(document.items()):
        out.write(("{\n" if index == 0 else ",\n") + f"  {encode(key)}: ")
        if isinstance(value, (list, Iterator)):
            _write_items(value, encode, out)
        else:
            out.write(encode(value))
    out.write("\n}\n")


def _write_items(items, encode, out) -> None:
    if type(items) is list and all(type(item) is str for item in items):
        # a list of names (callgraph's adjacency lists, ~800k names on django): joined in C
        out.write("[\n    " + ",\n    ".join(map(encode_basestring, items)) + "\n  ]" if items else "[]")
        return
    opening = separator = "[\n    "
    for item in items:
        out.write(separator + encode(item))
        separator = ",\n    "
    out.write("[]" if separator is opening else "\n  ]")
