"""The command line's JSON layout (`cli/json_layout.py`): one item a line, lists or iterators alike."""

from __future__ import annotations

import io
import json

from switchpoint.cli.json_layout import write_one_item_a_line


def _written(document: dict) -> str:
    out = io.StringIO()
    write_one_item_a_line(document, out)
    return out.getvalue()


def test_lists_and_iterators_are_written_an_item_a_line_alike():
    items = [{"path": "a.py", "chain": ["m.f", "gevent.sleep"]}, {"path": "é.py", "chain": []}]
    listed = _written({"version": 1, "yield_points": items})
    assert _written({"version": 1, "yield_points": iter(items)}) == listed
    assert listed.splitlines() == [
        "{", '  "version": 1,', '  "yield_points": [',
        '    {"path": "a.py", "chain": ["m.f", "gevent.sleep"]},', '    {"path": "é.py", "chain": []}', "  ]", "}",
    ]
    assert json.loads(_written({"version": 1, "yield_points": iter(())})) == {"version": 1, "yield_points": []}


def test_adjacency_lists_come_out_as_indent_2_gives_them():
    # the shape of `switchpoint callgraph`: what json.dump(indent=2) wrote before, byte for byte
    graph = {"main": ["main.main"], "main.main": ["main.run", "main.helper"], "main.run": []}
    assert _written(graph) == json.dumps(graph, indent=2) + "\n"
    assert _written({}) == json.dumps({}, indent=2) + "\n"
    odd = {"m.é": ["m.naïve", 'm."quoted"\\'], "m.f": []}  # non-ASCII kept as is, quotes escaped
    assert _written(odd) == json.dumps(odd, indent=2, ensure_ascii=False) + "\n"
