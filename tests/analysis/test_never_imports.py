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


def test_only_the_stdlibs_quiet_c_modules_are_imported_to_ask_what_they_define(tmp_path):
    # `from X import *` of a module without source asks X itself what it defines: only compiled-in
    # modules and the private accelerators (`_socket`) qualify, not `readline`, whose import sets up
    # the terminal, nor anything outside the stdlib
    import subprocess

    (tmp_path / "shim.py").write_text("from readline import *\nfrom _socket import *\nfrom _no_such_accelerator import *\n")
    (tmp_path / "stars.py").write_text("import shim\n\n\ndef f():\n    return shim.gethostbyname('x'), shim.get_line_buffer()\n")
    script = textwrap.dedent("""
        import sys
        from switchpoint.analysis.api import analyze
        report = analyze([sys.argv[1]])
        print(sorted(m for m in ("readline", "_socket", "_no_such_accelerator") if m in sys.modules))
        print([point.chain for point in report.yield_points])
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "stars.py")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    imported, points = done.stdout.splitlines()
    assert imported == "['_socket']"
    # gethostbyname is socket's C function (not a switch without patching); readline's is unknown
    assert points == "[('stars.f', '<unknown callable>')]"
