"""The `RuleContext` a rule sees for a program: for tests that look inside the rules' machinery."""

from __future__ import annotations

from switchpoint.analysis.api import Options, open_workspace
from switchpoint.analysis.rules import lost_update


def rule_context(tmp_path, monkeypatch, program: str):
    """Analyse `program` as app.py in an editor workspace and return the context SP101 was given."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_text(program)
    (tmp_path / "pyproject.toml").write_text("")
    captured = []
    check = lost_update.check
    monkeypatch.setattr(lost_update, "check", lambda context: captured.append(context) or check(context))
    open_workspace(Options()).analyze_file(path)
    assert captured, "SP101 never ran"
    return captured[0]
