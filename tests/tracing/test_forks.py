"""`switchpoint trace` follows forked children: their switches are in the parent's one trace, once they have ended."""

from __future__ import annotations

import json

from _tracing_support import PROGRAMS, REPO, describe, reported_path, run_cli, site_at, span

PROGRAM = PROGRAMS / "forking_program.py"


def test_switches_of_forked_children_are_in_the_parents_trace(tmp_path):
    temporary = tmp_path / "tmp"  # where the children's files go (tempfile's folder): nothing else writes there
    temporary.mkdir()
    out = tmp_path / "trace.json"
    result = run_cli("trace", "--out", str(out), "--", str(PROGRAM), env={"TMPDIR": str(temporary)})
    assert result.returncode == 0, result.stderr
    # the child exiting with 7 returned through `switchpoint trace`: it wrote no output of its own
    assert result.stdout.split() == ["PING", "7"], result.stdout
    sites = json.loads(out.read_text(encoding="utf-8"))["switch_sites"]
    path = reported_path(PROGRAM, REPO)

    def at(snippet, marker=None):
        return site_at(sites, path, span(PROGRAM, snippet, marker=marker))

    # a ForkingTCPServer's child, which ends in os._exit
    assert at("gevent.sleep(0.001)", "# in the server's child")["count"] == 1
    # a child returning through the tracer (sys.exit), and its own child (os._exit)
    assert at("gevent.sleep(0.001)", "# in the child")["count"] == 1
    assert at("gevent.sleep(0.001)", "# in the grandchild")["count"] == 1
    # a child's stack holds its parent's frames down to the fork: the parent's line, switching in the child
    assert at("server.handle_request()")["count"] >= 1
    # the parent's own switches are still there, once each: a child starts a trace of its own
    assert at("asking.get()")["count"] == 1, describe(sites)
    # the children's files went with the parent's tracer
    assert not list(temporary.iterdir())
