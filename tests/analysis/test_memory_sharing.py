"""What an analysis keeps for its whole run is kept compactly: equal memo results, sets of modules read
and operation targets are one object each, lines are offsets rather than strings, frozen data are tuples.

These are the engine's own many small objects (next to the `ast` trees, most of the peak memory of a cold
analysis); each test fails if its sharing or compaction is undone.
"""

from __future__ import annotations

import re
import sys

from switchpoint.analysis.callgraph.sites import SiteCollector
from switchpoint.analysis.resolve.infer import Evaluator
from switchpoint.analysis.resolve.modules import ModuleFinder
from switchpoint.analysis.resolve.world import World
from switchpoint.analysis.semantics.primitives import load_model
from switchpoint.analysis.syntax import SourceText

APP = """\
class Job:
    def run(self):
        return 1


def first(worker):
    job = Job()
    worker.start()
    worker.start()
    return job


def second(worker):
    job = Job()
    worker.start()
    return job
"""


def _load(tmp_path, text: str):
    (tmp_path / "app.py").write_text(text)
    world = World(ModuleFinder([str(tmp_path)]), load_model())
    module = world.load_file(str(tmp_path / "app.py"), "app")
    return module, Evaluator(world)


def _function(module, name: str):
    return next(f for f in module.functions if f.name == name)


def test_source_lines_are_the_parsers_without_keeping_strings():
    text = "a = 1\r\nb = 'é'\x0cc = 2\rd\u2028yield e\n\nlast"
    source = SourceText(text)
    lines = re.split(r"\r\n|\r|\n", text)  # a form feed or U+2028 ends no line for the parser
    assert [source._line(n) for n in range(0, len(lines) + 2)] == ["", *lines, ""]
    for first in range(1, len(lines) + 1):
        for last in range(first - 1, len(lines) + 2):
            assert source.mentions("yield", first, last) == any("yield" in line for line in lines[first - 1:last])
            for words in (("zz", "yield"), ("é", "last"), ()):  # searched in place: the same answer
                assert source.mentions_any(words, first, last) == any(
                    word in line for word in words for line in lines[first - 1:last])
    assert source.column(2, len("b = '".encode())) == len("b = '") + 1
    assert source.column(2, len("b = 'é'\x0cc".encode())) == len("b = 'é'\x0cc") + 1  # `c` is on line 2
    assert source.mentions("yield", 3, 3) and not source.mentions("yield", 4, 5)
    assert not hasattr(source, "__dict__") and not any(isinstance(getattr(source, s, None), list) for s in source.__slots__)


def test_equal_memo_entries_are_one_object(tmp_path):
    module, evaluator = _load(tmp_path, APP)
    made = []
    for name in ("first", "second"):
        func = _function(module, name)
        call = func.node.body[0].value  # Job()
        evaluator.eval(call, func.scope)
        made.append(evaluator._memo[func.scope][call])
    assert made[0] == made[1] and made[0] is made[1]  # same result, same modules read: one pair
    assert isinstance(made[0][1], frozenset)


def test_equal_operation_targets_are_one_tuple_in_lists_of_their_size(tmp_path):
    module, evaluator = _load(tmp_path, APP)
    collector = SiteCollector(evaluator)
    ops = collector.collect(_function(module, "first")) + collector.collect(_function(module, "second"))
    starts = [op.targets[0] for op in ops if op.targets[0][0] == ("dispatch", "start")]
    assert len(starts) == 3 and all(target is starts[0] for target in starts)
    assert all(sys.getsizeof(op.targets) == sys.getsizeof(op.targets[:]) for op in ops)


def test_bindings_and_parameters_are_tuples(tmp_path):
    module, _ = _load(tmp_path, APP + "\n\njob = Job()\njob = None\n")
    assert type(module.scope.bindings["job"]) is tuple and len(module.scope.bindings["job"]) == 2
    func = _function(module, "first")
    assert func.params == ("worker",)
    assert func.decorators is func.node.decorator_list  # not a copy
