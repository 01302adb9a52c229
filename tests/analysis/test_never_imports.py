"""The analysis never imports or runs the code it analyses.

Each analysed module would write a sentinel file if it were imported, and its
functions would write one if called; after a full analysis no sentinel exists.
"""

from __future__ import annotations

import sys
import textwrap

from switchpoint.analysis.api import analyze


def test_analysis_never_imports_or_runs_analysed_code(tmp_path, monkeypatch):
    sentinel = tmp_path / "sentinel"
    package = tmp_path / "victim"
    package.mkdir()
    trap = f"open({str(sentinel)!r} + '-' + __name__, 'w').write('imported')\n"
    (package / "__init__.py").write_text(trap + "from .helpers import boom\n")
    (package / "helpers.py").write_text(trap + textwrap.dedent(f"""
        import gevent

        def boom():
            open({str(sentinel)!r} + '-called', 'w').write('called')
            gevent.sleep(0)
    """))
    (tmp_path / "main.py").write_text(trap + "import victim\n\ndef run():\n    victim.boom()\n\nrun()\n")
    monkeypatch.chdir(tmp_path)
    modules_before = set(sys.modules)

    report = analyze([str(tmp_path)])

    assert [p.range.start.line for p in report.yield_points if p.path == "main.py"] == [5, 7]
    assert not list(tmp_path.glob("sentinel*")), "analysed code was imported or run"
    assert not {"victim", "victim.helpers", "main"} & (set(sys.modules) - modules_before)
