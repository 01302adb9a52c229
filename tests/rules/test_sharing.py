"""What the race rules' sharing steps memoise (`_program.py`) must not change what is shared.

* Every value shared is shared once per build (`_Builder._share_value`): two values of one function
  (two module-level names holding instances of two classes) are both shared.
* Whether a method is a classmethod is remembered per function (`_classmethod`, syntax only): an edit
  that makes a method of the same name a classmethod or not is seen by a long-lived workspace.
"""

from __future__ import annotations

import textwrap

from switchpoint.analysis.api import Options, open_workspace

PROGRAM = textwrap.dedent("""\
    import gevent


    class First:
        n = 0

        def bump(self):
            n = self.n
            gevent.sleep(0)
            self.n = n + 1


    class Second:
        n = 0

        def bump(self):
            n = self.n
            gevent.sleep(0)
            self.n = n + 1


    FIRST = First()
    SECOND = Second()


    class Ids:
        issued = 0

        def next_id(cls):
            current = cls.issued
            gevent.sleep(0)
            cls.issued = current + 1


    def work():  # the methods are not called on the names: their `self` is shared through the classes
        gevent.sleep(0)


    gevent.spawn(work)
""")


def _lost_updates(workspace, path) -> list[tuple[int, str]]:
    report = workspace.analyze_file(path)
    return sorted((f.range.start.line, f.message.split("`")[1]) for f in report.findings if f.code == "SP101")


def test_two_values_of_one_function_are_both_shared(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_text(PROGRAM)
    (tmp_path / "pyproject.toml").write_text("")
    found = _lost_updates(open_workspace(Options()), path)
    assert [what for _, what in found] == ["self.n", "self.n"], found


def test_an_edit_making_a_method_a_classmethod_is_seen(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    (tmp_path / "pyproject.toml").write_text("")
    warm = open_workspace(Options())
    texts = [PROGRAM, PROGRAM.replace("    def next_id(cls):", "    @classmethod\n    def next_id(cls):"), PROGRAM]
    seen = []
    for text in texts:
        path.write_text(text)
        warm.set_text(path, text)
        cold = open_workspace(Options())
        cold.set_text(path, text)
        expected = _lost_updates(cold, path)
        assert _lost_updates(warm, path) == expected
        seen.append(expected)
    assert "cls.issued" in {what for _, what in seen[1]} and "cls.issued" not in {what for _, what in seen[0]}
