"""benchmarks/unknown_origins.py on a tiny program: each point reached through a value of unknown class is told
by where that value comes from, an element followed to its iterable, and the program's dynamic attribute
writes are counted by what their receiver and value are (no real program traced here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from switchpoint.analysis.api import analyze

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

PROGRAM = '''\
import gevent


class Feed:
    def __iter__(self):
        gevent.sleep(0)
        return iter(())


class Holder:
    def __init__(self, rows):
        self.rows = rows


def feed():
    return Feed()


def by_parameter(items):
    for item in items:
        print(item)


def by_attribute(holder):
    for row in holder.rows:
        print(row)


def by_method(holder):
    return list(holder.rows_of())


def by_element(groups):
    for group in groups:
        for row in group:
            print(row)


def by_known_holder(rows):
    for row in Holder(rows).rows:
        print(row)


def by_write(target, name, value):
    setattr(target, name, value)
    target.__dict__[name] = 1
'''


def _load():
    sys.path.insert(0, str(BENCHMARKS))  # unknown_origins imports false_points beside it (in main only)
    spec = importlib.util.spec_from_file_location("bench_unknown_origins", BENCHMARKS / "unknown_origins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_points_are_told_by_the_origin_of_the_value_dispatched_on(tmp_path: Path):
    origins_module = _load()
    source = tmp_path / "feeds.py"
    source.write_text(PROGRAM)
    graph, evaluator = origins_module.analysed([str(source)], None)
    origins = origins_module.Origins(graph, evaluator)
    told = {}
    for file in analyze([str(source)]).files:
        for point in file.yield_points:
            told[point.range.start.line] = origins.origin(point.chain, point.range.start.line)
    lines = PROGRAM.splitlines()

    def at(text):
        return lines.index(text) + 1

    assert told[at("        gevent.sleep(0)")][0].startswith("no dispatch by name")
    assert told[at("    for item in items:")] == ("parameter", "parameter")
    assert told[at("    for row in holder.rows:")] == ("attribute of a receiver of unknown class",) * 2
    assert told[at("    return list(holder.rows_of())")] == ("method result of a receiver of unknown class",) * 2
    assert told[at("    for group in groups:")] == ("parameter", "parameter")
    assert told[at("        for row in group:")] == ("element of parameter", "parameter")
    assert told[at("    for row in Holder(rows).rows:")] == ("attribute of a known receiver, value unknown",) * 2
    assert origins_module.dynamic_writes(graph, evaluator) == {
        ("setattr", "unknown", "value unknown"): 1, ("__dict__[name] =", "unknown", "value known"): 1}
