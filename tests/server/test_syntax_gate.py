"""The server answers unparseable text itself, exactly as the engine would (so the engine keeps its last good text)."""

from __future__ import annotations

import pytest

from switchpoint.analysis.api import open_workspace
from switchpoint.server.syntax_gate import syntax_problem

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
    assert engine.analyze_file(path).problems == (syntax_problem(path, text),)


@pytest.mark.parametrize("text", ["", "import gevent\n", "x = '😀'\r\n", "x = '\ud800'\n"])
def test_parseable_or_unencodable_text_goes_to_the_engine(text):
    assert syntax_problem("/tmp/fine.py", text) is None
