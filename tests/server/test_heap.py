"""The server freezes the engine's long-lived heap when the loaded world grows, not on every edit,
and the collection an analysis owes waits for `collect_owed` (the session calls it when idle)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from switchpoint.server.heap import MAX_OWED, HeapFreezer


def test_freezes_on_the_first_analysis_and_when_the_world_grows_markedly():
    calls = []
    heap = HeapFreezer(lambda: calls.append(1))
    assert heap.after_analysis(0) is False  # nothing loaded (a file that failed to parse)
    assert heap.after_analysis(100) is True
    assert [heap.after_analysis(n) for n in (100, 101, 110, 119)] == [False] * 4  # edits
    assert heap.after_analysis(120) is True  # a file of another package opened
    assert len(calls) == 2


def test_a_real_freeze_moves_the_engines_heap_out_of_collections(tmp_path):
    # in a child process: gc.freeze() is process-wide, and the test process must not keep its effect
    (tmp_path / "lib.py").write_text("import gevent\n\ndef helper():\n    gevent.sleep(0)\n")
    (tmp_path / "app.py").write_text("from lib import helper\n\ndef caller():\n    helper()\n")
    script = textwrap.dedent(f"""
        import gc
        from switchpoint.analysis.api import Options, open_workspace
        from switchpoint.server.heap import HeapFreezer
        engine = open_workspace(Options())
        heap = HeapFreezer()
        engine.analyze_file({str(tmp_path / "app.py")!r})
        before = gc.get_freeze_count()
        assert heap.after_analysis(engine.stats["modules"])
        assert gc.get_freeze_count() > before
        engine.set_text({str(tmp_path / "app.py")!r}, "from lib import helper\\n\\ndef caller():\\n    helper()\\n\\nx = 1\\n")
        report = engine.analyze_file({str(tmp_path / "app.py")!r})
        assert not heap.after_analysis(engine.stats["modules"])
        print(len(report.yield_points))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_the_freeze_comes_before_any_collection_of_what_the_analysis_made(tmp_path):
    # in a child process, as above. Without `analysing`, the engine turns the collector back on as it
    # returns and the first young-generation collection walks every object the analysis made
    (tmp_path / "lib.py").write_text("import gevent\n\ndef helper():\n    gevent.sleep(0)\n")
    (tmp_path / "app.py").write_text("from lib import helper\n\ndef caller():\n    helper()\n")
    script = textwrap.dedent(f"""
        import gc
        from switchpoint.analysis.api import Options, open_workspace
        from switchpoint.server.heap import HeapFreezer
        collections = []
        gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
        frozen_after = []

        def freeze():
            frozen_after.append(len(collections))
            gc.freeze()

        engine = open_workspace(Options())
        heap = HeapFreezer(freeze)
        before = len(collections)
        with heap.analysing(lambda: engine.stats["modules"]):
            engine.analyze_file({str(tmp_path / "app.py")!r})
        assert frozen_after == [before], (before, frozen_after, collections)
        assert not gc.isenabled()  # until the session is idle
        heap.collect_owed()
        assert gc.isenabled() and len(collections) == before + 1, collections
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_collection_an_analysis_owes_waits_for_collect_owed(tmp_path):
    # in a child process: the collector's state is process-wide
    script = textwrap.dedent("""
        import gc
        from switchpoint.server.heap import HeapFreezer
        collections = []
        gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
        heap = HeapFreezer(lambda: None)
        with heap.analysing(lambda: 0):
            kept = [[n] for n in range(100_000)]  # an analysis's survivors
        made = [[n] for n in range(10_000)]  # answering: enough allocations to set off the collector if it were on
        assert collections == [] and not gc.isenabled(), collections
        heap.collect_owed()
        assert collections == [0] and gc.isenabled(), collections
        heap.collect_owed()  # nothing owed: no collection
        assert collections == [0], collections
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_session_never_idle_still_collects_after_max_owed_analyses(tmp_path):
    script = textwrap.dedent(f"""
        import gc
        from switchpoint.server.heap import HeapFreezer
        heap = HeapFreezer(lambda: None)
        for _ in range({MAX_OWED}):
            with heap.analysing(lambda: 0):
                pass
        assert not gc.isenabled()
        with heap.analysing(lambda: 0):
            pass
        assert gc.isenabled()
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"

