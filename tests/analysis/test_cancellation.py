"""An analysis stopped by its `cancelled()` leaves the workspace as good as before, and keeps what it finished.

The language server stops an analysis when a newer keystroke makes it pointless
(`Workspace.analyze_paths(paths, cancelled)`). Whatever point it stops at, the next analysis
must give what a fresh workspace gives, and reuse what an uninterrupted run would have.
"""

from __future__ import annotations

import pytest

from switchpoint.analysis.api import Cancelled, Options, open_workspace
from tests.analysis._edits import points

FILES = {
    "lib.py": "import gevent\n\ndef helper(thing):\n    thing.run()\n\ndef pause():\n    gevent.sleep(0)\n",
    "things.py": "from lib import pause\n\nclass Thing:\n    def run(self):\n        pause()\n",
    "app.py": "from lib import helper\nfrom things import Thing\n\ndef main():\n    helper(Thing())\n\n"
              "def other():\n    return [Thing() for _ in range(3)]\n",
}
# a def appended with a parameter: a run (one without is a top-level edit a kept graph may take, no run to stop)
EDITED_APP = FILES["app.py"] + "\ndef more(n):\n    main()\n"


def _stopping_at(n: int):
    """A `cancelled` that answers True the n-th time it is asked (and after)."""
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] >= n

    return cancelled, asked


def _project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    return tmp_path / "app.py"


def _fresh(app, text: str):
    fresh = open_workspace(Options())
    fresh.set_text(app, text)
    report = fresh.analyze_file(app)
    return points(report), fresh.stats


def test_stopped_at_any_point_the_next_edit_is_as_good(tmp_path):
    app = _project(tmp_path)
    expected, _ = _fresh(app, EDITED_APP)
    # how the edit goes uninterrupted: how often it asks (it collects too few functions for a checkpoint in its
    # call graph: it may be stopped in its reports only, once its graph is kept)
    ws = open_workspace(Options())
    ws.analyze_file(app)
    ws.set_text(app, EDITED_APP)
    never, asked = _stopping_at(10**9)
    assert points(ws.analyze_file(app, never)) == expected
    checkpoints, uninterrupted = asked[0], dict(ws.stats)
    assert checkpoints >= 1 and 0 < uninterrupted["collected"] < uninterrupted["functions"]
    for n in range(1, checkpoints + 1):
        ws = open_workspace(Options())
        ws.analyze_file(app)
        ws.set_text(app, EDITED_APP)
        cancelled, _ = _stopping_at(n)
        with pytest.raises(Cancelled):
            ws.analyze_file(app, cancelled)
        assert points(ws.analyze_file(app)) == expected, n
        assert (ws.stats["functions"], ws.stats["collected"]) == (uninterrupted["functions"], 0), n


def _chain_project(tmp_path, length: int = 700):
    """A program whose cold run collects functions enough for a few checkpoints: main -> f0 -> ... -> sleep."""
    (tmp_path / "pyproject.toml").write_text("")
    calls = "".join(f"def f{i}():\n    f{i + 1}()\n\n" for i in range(length))
    app = tmp_path / "app.py"
    app.write_text(f"import gevent\n\ndef main():\n    f0()\n\n{calls}def f{length}():\n    gevent.sleep(0)\n")
    return app


def test_a_cold_run_stopped_at_any_checkpoint_leaves_the_next_what_it_collected(tmp_path):
    # keystrokes during a long first analysis each stop it: each stopped run must leave the next less to do
    app = _chain_project(tmp_path)
    expected, cold = _fresh(app, app.read_text())
    never, asked = _stopping_at(10**9)
    open_workspace(Options()).analyze_file(app, never)
    checkpoints = asked[0]
    assert checkpoints >= 3 and len(expected) > 700
    left = []
    for n in range(1, checkpoints + 1):
        ws = open_workspace(Options())
        cancelled, _ = _stopping_at(n)
        with pytest.raises(Cancelled):
            ws.analyze_file(app, cancelled)
        assert points(ws.analyze_file(app)) == expected, n
        assert ws.stats["functions"] == cold["functions"], n
        left.append(ws.stats["collected"])
    assert left[0] < cold["collected"] and left[-1] == 0
    assert left == sorted(left, reverse=True) and len(set(left)) >= 3, left


def test_a_cold_analysis_stopped_before_it_ends(tmp_path):
    app = _project(tmp_path)
    expected, _ = _fresh(app, FILES["app.py"])
    ws = open_workspace(Options())
    with pytest.raises(Cancelled):
        ws.analyze_file(app, lambda: True)
    assert points(ws.analyze_file(app)) == expected
    assert len(expected) == 1  # main() switches through helper, Thing.run and pause
