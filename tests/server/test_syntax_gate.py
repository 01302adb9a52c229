"""The server answers unparseable text itself, exactly as the engine would (so the engine keeps its last good text),
and hands text that parses to the engine with its tree (so it is parsed once)."""

from __future__ import annotations

import ast
import warnings

import pytest

from switchpoint.analysis.api import open_workspace
from switchpoint.analysis.resolve import world
from switchpoint.server.syntax_gate import checked

BROKEN = [
    "import gevent\n\ndef f(:\n    pass\n",
    "x = (1,\n",
    "def f():\n\tif x:\n        pass\n",
    'x = "é😀" + (\n',
    "class C:\n    def m(self):\n        return self.\n",
]


@pytest.mark.parametrize("text", BROKEN)
def test_same_problem_as_the_engine(tmp_path, text):
    path = str(tmp_path / "broken.py")
    engine = open_workspace()
    engine.set_text(path, text)
    problem, tree = checked(path, text)
    assert tree is None
    assert engine.analyze_file(path).problems == (problem,)


@pytest.mark.parametrize("text", ["", "import gevent\n", "x = '😀'\r\n", "x = '\\d'\n"])
def test_parseable_text_goes_to_the_engine_with_its_tree(text):
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        problem, tree = checked("/tmp/fine.py", text)
        assert warned == []  # an odd escape is not the server's to report on stderr at every keystroke
        warnings.simplefilter("ignore")
        assert problem is None and ast.dump(tree) == ast.dump(ast.parse(text))


def test_unencodable_text_goes_to_the_engine_alone():
    assert checked("/tmp/odd.py", "x = '\ud800'\n") == (None, None)


def test_the_engine_takes_the_tree_instead_of_parsing_again(tmp_path, monkeypatch):
    path = str(tmp_path / "app.py")
    text = "import gevent\n\ndef f():\n    gevent.sleep(0)\n"
    engine = open_workspace()
    engine.set_text(path, text, checked(path, text)[1])

    def no_second_parse(text, filename):
        raise AssertionError(f"{filename} parsed again")

    monkeypatch.setattr(world, "parse", no_second_parse)
    assert [p.range.start.line for p in engine.analyze_file(path).yield_points] == [4]
    engine.set_text(path, text + "\n")  # no tree: parsed by the engine
    with pytest.raises(AssertionError, match="parsed again"):
        engine.analyze_file(path)
