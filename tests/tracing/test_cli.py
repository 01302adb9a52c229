"""`switchpoint trace` end to end: a fresh `python -m switchpoint` running a monkey-patched gevent program."""

from __future__ import annotations

import json

from _tracing_support import PROGRAMS, REPO, reported_path, run_cli, site_at, span

PROGRAM = PROGRAMS / "cli_program.py"


def _check_schema(document):
    assert set(document) == {"version", "switch_sites"} and document["version"] == 1
    for site in document["switch_sites"]:
        assert set(site) == {"path", "range", "opname", "count"}
        assert set(site["range"]) == {"start", "end"}
        for end in ("start", "end"):
            assert set(site["range"][end]) == {"line", "column"}
            assert all(type(site["range"][end][key]) is int and site["range"][end][key] >= 1 for key in ("line", "column"))
        assert type(site["path"]) is str and type(site["opname"]) is str
        assert type(site["count"]) is int and site["count"] >= 1

    def key(s):
        r = s["range"]
        return (s["path"], r["start"]["line"], r["start"]["column"], r["end"]["line"], r["end"]["column"], s["opname"])

    keys = [key(s) for s in document["switch_sites"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_trace_writes_the_json_and_propagates_the_exit_status(tmp_path):
    out = tmp_path / "trace.json"
    result = run_cli("trace", "--out", str(out), "--", str(PROGRAM), "hello", "3")
    # the program exits 3 only if its argv arrived and the echo round trip worked
    assert result.returncode == 3, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    _check_schema(document)
    sites = document["switch_sites"]
    path = reported_path(PROGRAM, REPO)
    assert not path.startswith("/")  # under the current folder: relative
    assert site_at(sites, path, span(PROGRAM, "listener.accept()"))["count"] >= 1
    assert site_at(sites, path, span(PROGRAM, "client.recv(64)"))["count"] >= 1
    assert site_at(sites, path, span(PROGRAM, "ask(listener.getsockname()[1], sys.argv[1])"))["count"] >= 1


def test_trace_prints_to_stdout_with_absolute_paths_outside_the_current_folder(tmp_path):
    result = run_cli("trace", "--", str(PROGRAM), "x", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    _check_schema(document)
    path = reported_path(PROGRAM, tmp_path)
    assert path == str(PROGRAM.resolve())
    assert site_at(document["switch_sites"], path, span(PROGRAM, "client.recv(64)"))["opname"] == "CALL"


def test_roots_choose_which_files_are_recorded(tmp_path):
    helper = tmp_path / "lib" / "waits.py"
    helper.parent.mkdir()
    helper.write_text("import gevent\n\ndef wait():\n    gevent.sleep(0)  # in lib\n", encoding="utf-8")
    program = tmp_path / "app" / "main.py"
    program.parent.mkdir()
    program.write_text(
        "import sys\nsys.path.insert(0, sys.argv[1])\nimport gevent, waits\n"
        "gevent.spawn(waits.wait).join()  # in app\n", encoding="utf-8")
    lib = str(helper.parent)

    def traced(*roots):
        out = tmp_path / "out.json"
        args = [arg for root in roots for arg in ("--root", str(root))]
        result = run_cli("trace", "--out", str(out), *args, "--", str(program), lib, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return {(s["path"], json.dumps(s["range"])) for s in json.loads(out.read_text())["switch_sites"]}

    app_site = ("app/main.py", json.dumps(span(program, "gevent.spawn(waits.wait).join()")))
    lib_site = ("lib/waits.py", json.dumps(span(helper, "gevent.sleep(0)")))
    assert traced() == {app_site}  # default root: the program's folder
    assert traced(tmp_path / "lib") == {lib_site}
    assert traced(tmp_path / "app", tmp_path / "lib") == {app_site, lib_site}


def test_monkey_patched_threads_are_not_traced_twice(tmp_path):
    # under monkey.patch_all a threading.Thread is a greenlet of the traced OS thread
    program = tmp_path / "patched.py"
    program.write_text(
        "from gevent import monkey\nmonkey.patch_all()\nimport threading\nimport gevent\n\n"
        "worker = threading.Thread(target=gevent.sleep, args=(0,))\nworker.start()\nworker.join()\n"
        "for _ in range(3):\n    gevent.sleep(0)  # after the thread\n", encoding="utf-8")
    result = run_cli("trace", "--", str(program), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sites = json.loads(result.stdout)["switch_sites"]
    assert site_at(sites, "patched.py", span(program, "gevent.sleep(0)", marker="# after"))["count"] == 3


def test_program_exception_shows_its_traceback_not_ours(tmp_path):
    program = tmp_path / "fails.py"
    program.write_text("import gevent\n\ngevent.sleep(0)\nraise ValueError('boom from the program')\n", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run_cli("trace", "--out", str(out), "--", str(program), cwd=tmp_path)
    assert result.returncode == 1
    assert "ValueError: boom from the program" in result.stderr
    assert 'fails.py", line 4' in result.stderr
    assert "switchpoint" not in result.stderr.split("Traceback", 1)[1].split("ValueError")[0]
    assert "runpy" not in result.stderr
    # what ran before the failure is still reported
    sites = json.loads(out.read_text())["switch_sites"]
    assert [s["range"] for s in sites] == [span(program, "gevent.sleep(0)")]


def test_program_syntax_error_is_reported_like_python_does(tmp_path):
    program = tmp_path / "broken.py"
    program.write_text("import gevent\nvalue = (\n", encoding="utf-8")
    result = run_cli("trace", "--", str(program), cwd=tmp_path)
    assert result.returncode == 1
    assert "SyntaxError" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout) == {"version": 1, "switch_sites": []}


def test_missing_program_is_one_clear_line_and_exit_2(tmp_path):
    result = run_cli("trace", "--out", str(tmp_path / "out.json"), "--", "no_such_program.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["switchpoint trace: no such program: no_such_program.py"]
    assert not (tmp_path / "out.json").exists()


def test_missing_root_and_unwritable_out_are_clear_errors(tmp_path):
    result = run_cli("trace", "--root", str(tmp_path / "nowhere"), "--", str(PROGRAM), "x", "0", cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (2, [f"switchpoint trace: no such root folder: {tmp_path / 'nowhere'}"])
    result = run_cli("trace", "--out", str(tmp_path / "no" / "dir.json"), "--", str(PROGRAM), "x", "0", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
