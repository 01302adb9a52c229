"""The rules never crash on odd but valid code: every construct the walker meets, in a concurrent program.

Rules turn an internal error into a problem of the file (SP002 in `check`) instead of failing it;
SWITCHPOINT_RAISE=1 makes it raise here, so a crash fails this test loudly.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from switchpoint.analysis.api import analyze

SNIPPETS = {
    "match_and_walrus": '''
        def f(self, command):
            match command:
                case {"op": op} if (n := len(shared)) > 1:
                    shared[op] = n + fetch()
                case [first, *rest]:
                    shared.extend(rest)
                case _:
                    pass
    ''',
    "try_star_and_finally": '''
        def f(self):
            try:
                value = shared["k"]
                fetch()
            except* ValueError:
                return
            else:
                shared["k"] = value
            finally:
                del shared["k"]
    ''',
    "nested_functions_and_nonlocal": '''
        def f():
            count = 0
            def inner():
                nonlocal count
                count = count + fetch()
                return [lambda: count for _ in range(3)]
            gevent.spawn(inner)
            global shared
            shared = {k: v for k, v in shared.items() if fetch()}
    ''',
    "async_constructs": '''
        async def f(self, stream):
            async with self.lock:
                async for item in stream:
                    self.items[item] = await self.load(item)
            return [x async for x in stream if x in self.items]
    ''',
    "unpacking_and_slices": '''
        def f(self):
            a, (b, *c) = shared["pair"], (1, 2, 3)
            shared["pair"][1:2] = [fetch()]
            self.x, self.y = self.y, self.x + fetch()
            del self.x, shared["pair"][0]
    ''',
    "loops_with_else_and_breaks": '''
        def f(self):
            while self.pending:
                if self.pending[0] in self.done:
                    break
                fetch()
            else:
                self.pending.clear()
            for key in self.done:
                continue
            else:
                self.done.add(fetch())
    ''',
    "decorators_properties_and_classes": '''
        import functools
        class Inner:
            total = 0
            @property
            def value(self):
                return self.total
            @value.setter
            def value(self, v):
                Inner.total = v + fetch()
            @functools.lru_cache
            def cached(self, k):
                return k
        def f(obj: Inner):
            obj.value = obj.value + 1
            type(obj).total += fetch()
    ''',
    "recursion_and_callbacks": '''
        def f(self, n):
            if n:
                return self.f(n - 1) + shared.get(n, 0)
            return sorted(shared, key=lambda k: shared[k] + fetch())
    ''',
}

PRELUDE = '''
import gevent

shared = {}


def fetch():
    gevent.sleep(0)
    return 1

'''


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_rules_do_not_crash(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SWITCHPOINT_RAISE", "1")
    body = textwrap.dedent(SNIPPETS[name])
    source = PRELUDE + body + "\n\ngevent.joinall([gevent.spawn(f, shared, 1) for _ in range(2)])\n"
    (tmp_path / "odd.py").write_text(source)
    report = analyze(["odd.py"])
    assert not report.problems, report.problems
    assert all(f.code != "SP002" for file in report.files for f in file.findings)


@pytest.mark.parametrize("folder", ["tests/fixtures/analysis", "tests/differential/programs", "examples"])
def test_no_rule_fails_on_the_engine_fixtures_and_programs(folder, monkeypatch):
    # every construct the engine handles (decorator wrappers, callbacks, runtimes...) reaches the rules too
    monkeypatch.setenv("SWITCHPOINT_RAISE", "1")
    report = analyze([Path(__file__).resolve().parents[2] / folder])
    failed = [(p.path, p.message) for p in report.problems if p.message.startswith("rule ")]  # syntax fixtures aside
    assert not failed, failed
