"""`switchpoint check`: ruff-shaped text, the JSON schema, exit codes, rule selection, configuration errors."""

from __future__ import annotations

import json
import textwrap

import pytest

from switchpoint.cli.main import main
from tests.programs import CLEAN, RACY



@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "racy.py").write_text(RACY)
    (tmp_path / "clean.py").write_text(CLEAN)
    return tmp_path


def test_text_output_is_ruff_shaped_and_exit_code_is_1(project, capsys):
    assert main(["check", "racy.py"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("racy.py:9:9: SP101 lost update of `self.n`")
    assert out[1].startswith("  racy.py:9:18: `self.n` is read here")
    assert "switch point: racy.Counter.bump -> racy.slow -> gevent.sleep" in out[2]
    assert out[-1] == "Found 1 finding."


def test_clean_file_exits_0_and_prints_nothing(project, capsys):
    assert main(["check", "clean.py"]) == 0
    assert capsys.readouterr().out == ""


def test_json_schema(project, capsys):
    assert main(["check", "--format", "json", "racy.py"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1 and document["tool"]["name"] == "switchpoint"
    [finding] = document["findings"]
    assert finding["code"] == "SP101" and finding["name"] == "lost-update"
    assert finding["path"] == "racy.py"
    assert finding["range"] == {"start": {"line": 9, "column": 9}, "end": {"line": 9, "column": 15}}
    assert [r["message"] for r in finding["related"]][0] == "`self.n` is read here"
    assert finding["chain"] == ["racy.Counter.bump", "racy.slow", "gevent.sleep"]


def test_missing_path_is_a_usage_error(project, capsys):
    assert main(["check", "nowhere.py"]) == 2
    assert "nowhere.py: no such file or directory" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--format", "xml", "racy.py"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("table, key", [
    ('select = "SP1"', "select"),
    ('ignore = ["XY9"]', "ignore"),
    ('selct = ["SP1"]', "selct"),
    ('select = ["SP999"]', "select"),  # the shape of a code, but no rule's: it would select nothing and pass
    ('ignore = ["SP1", "SP4"]', "ignore"),
])
def test_bad_configuration_names_key_and_file_and_exits_2(project, capsys, table, key):
    (project / "pyproject.toml").write_text(f"[tool.switchpoint]\n{table}\n")
    assert main(["check", "racy.py"]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and key in err and "Traceback" not in err


def test_config_ignore_turns_a_rule_off(project, capsys):
    (project / "pyproject.toml").write_text('[tool.switchpoint]\nignore = ["SP10"]\n')
    assert main(["check", "racy.py"]) == 0
    assert capsys.readouterr().out == ""


def test_config_select_keeps_only_selected_rules(project, capsys):
    (project / "pyproject.toml").write_text('[tool.switchpoint]\nselect = ["SP2"]\n')
    assert main(["check", "racy.py"]) == 0
    (project / "pyproject.toml").write_text('[tool.switchpoint]\nselect = ["SP101"]\n')
    assert main(["check", "racy.py"]) == 1


def test_command_line_selection(project, capsys):
    assert main(["check", "--ignore", "SP101", "racy.py"]) == 0
    assert main(["check", "--select", "SP1", "racy.py"]) == 1
    assert main(["check", "--select", "bogus", "racy.py"]) == 2
    assert "--select" in capsys.readouterr().err
    assert main(["check", "--select", "sp", "racy.py"]) == 1  # every rule
    assert main(["check", "--select", "SP999", "racy.py"]) == 2  # no rule's code: not a check that passes
    err = capsys.readouterr().err
    assert "--select" in err and "SP999" in err and "SP101" in err and "Traceback" not in err
    assert main(["check", "--ignore", "SP101,SP11", "racy.py"]) == 2
    assert "SP11" in capsys.readouterr().err


def test_suppression_comment_silences_and_unused_one_is_reported(project, capsys):
    lines = RACY.splitlines()
    lines[8] += "  # switchpoint: ignore[SP101]"
    lines[5] += "  # switchpoint: ignore[SP102]"
    (project / "racy.py").write_text("\n".join(lines) + "\n")
    assert main(["check", "racy.py"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("racy.py:6:") and " SP001 unused suppression: no SP102 finding" in out[0]
    assert out[-1] == "Found 1 finding."


def test_syntax_error_is_reported_as_sp002(project, capsys):
    (project / "broken.py").write_text("def broken(:\n    pass\n")
    assert main(["check", "broken.py"]) == 1
    assert capsys.readouterr().out.startswith("broken.py:1:12: SP002 file could not be analysed: syntax error")


BLOCKING = textwrap.dedent('''\
    import json
    import time

    import gevent


    def worker():
        time.sleep(1)
        return json.dumps({})


    gevent.joinall([gevent.spawn(worker)])
''')


def test_blocking_lists_in_configuration(project, capsys):
    (project / "blocking.py").write_text(BLOCKING)
    assert main(["check", "blocking.py"]) == 1
    assert [line.split(": ")[1][:5] for line in capsys.readouterr().out.splitlines() if not line.startswith(("  ", "Found"))] == ["SP201"]
    (project / "pyproject.toml").write_text('[tool.switchpoint]\nblocking = ["json.dumps"]\nnon_blocking = ["time.*"]\n')
    assert main(["check", "blocking.py"]) == 1
    out = capsys.readouterr().out
    assert "blocking.py:9:12: SP201 `json.dumps` blocks the hub" in out and "time.sleep" not in out


def test_filters_hook_sees_findings_and_can_drop_them(project, capsys, monkeypatch):
    from switchpoint.cli import cmd_check

    seen = []

    def drop_everything(findings, args):
        seen.extend(f.code for f in findings)
        return []

    monkeypatch.setattr(cmd_check, "FILTERS", [drop_everything])
    assert main(["check", "racy.py"]) == 0
    assert seen == ["SP101"] and capsys.readouterr().out == ""


def test_a_rule_that_fails_is_reported_and_the_other_rules_still_run(project, capsys, monkeypatch):
    from switchpoint.analysis.rules import hub_blocking_call

    def broken(context):
        raise ValueError("injected")

    monkeypatch.setattr(hub_blocking_call, "check", broken)
    assert main(["check", "racy.py"]) == 1
    out = capsys.readouterr().out
    assert "racy.py:1:1: SP002 file could not be analysed: rule SP201 failed (ValueError: injected)" in out
    assert "SP101 lost update of `self.n`" in out
    assert main(["yield-points", "racy.py"]) == 0
    assert "racy.py: rule SP201 failed (ValueError: injected)" in capsys.readouterr().err
