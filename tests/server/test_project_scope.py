"""A file opened in the server is marked as `switchpoint yield-points` of its folder marks it: the classes of the
folder's other files are the project's (resolve/project.py), not a library's."""

from __future__ import annotations

from pathlib import Path

import pytest

from switchpoint.analysis.api import Options, analyze
from switchpoint.server.app import SwitchpointServer

pytestmark = pytest.mark.asyncio

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "analysis" / "project_classes"


async def test_hints_of_a_file_opened_alone_are_the_clis_points(editor):
    for name in ("app.py", "jobs.py"):  # the fixture but for its site-packages: the server searches no such folder
        editor.write(name, (PROJECT / name).read_text(encoding="utf-8"))
    await editor.start()
    uri = editor.open("app.py")
    hints = [(h.position.line, h.position.character) for h in await editor.hints(uri)]
    report = analyze([editor.root], Options(absolute_paths=True))
    app = next(f for f in report.files if f.path == str(editor.root / "app.py"))
    expected = sorted({(p.range.start.line - 1, p.range.start.column - 1) for p in app.yield_points})
    assert any("jobs.Job.job_wait" in p.chain for p in app.yield_points)  # through a class nothing names
    assert hints == expected


async def test_a_workspace_folder_is_its_engines_project_root(tmp_path, monkeypatch):
    # a file whose own root is scripts/ still sees the folder's other source as the project's, as
    # `switchpoint yield-points .` run in the folder does (tests/analysis/test_project_scope.py)
    server = SwitchpointServer()
    monkeypatch.setattr(server, "folders", lambda: [str(tmp_path)])
    folder, options = server.folder_of((tmp_path / "scripts" / "run.py").as_uri())
    assert folder == str(tmp_path) and tuple(options.project_roots) == (str(tmp_path),)
    assert tuple(server.folder_of((tmp_path.parent / "elsewhere.py").as_uri())[1].project_roots) == ()
