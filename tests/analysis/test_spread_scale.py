"""Names whose containers spread and store into each other (`a3 = (*a2, x)`, `a2 = [*a3, *a1]`,
`d.update(e)`, `args = (*args, extra)`, chains and cycles) cost the evaluator work that grows with the code,
not with the paths through it: iterating a display's `*x` is computed once per element, a cycle of spreads
once for all its members (django's `args = (*args, extra)` shapes recursed without end, then ran for minutes)."""

from __future__ import annotations

import textwrap

import pytest

from switchpoint.analysis.api import analyze
from switchpoint.analysis.resolve.infer import Evaluator


def _program(size: int) -> str:
    """A module of about 12 * `size` names and 3 * `size` functions that spread, extend, update and yield from each
    other."""
    parts = [textwrap.dedent("""
        import gevent

        class Quiet:
            def read(self):
                return 1

        class Slow:
            def read(self):
                gevent.sleep(0)
    """)]
    parts.append(textwrap.dedent("""
        def g0():
            yield Slow()

        def h0():
            yield from g0()
    """))
    lines = ["a0 = [Quiet()]", "b0 = (Slow(),)", "args = ()"]
    for i in range(1, size):
        lines += [
            f"a{i} = (*a{i - 1}, Quiet())",  # a chain
            f"b{i} = [*b{i - 1}, *a{i}]",  # a chain spreading two chains
            f"a{i - 1} = [*a{i}, *b{i - 1}]",  # a cycle with the next one
            f"c{i} = {{*a{i}, *b{i}, *c{i - 1}}}" if i > 1 else "c1 = {*a1}",
            f"args = (*args, a{i})",  # a spread into itself
            f"d{i} = {{}}",
            f"d{i}.update(d{i - 1})" if i > 1 else "d1['k'] = Quiet()",
            f"d{i - 1}.update(d{i})" if i > 1 else "d1.update(d1)",
            f"e{i} = []",
            f"e{i}.extend(b{i})",
            f"e{i} += e{i - 1}" if i > 1 else "e1 += e1",
            f"e{i - 1}.extend(e{i})" if i > 1 else "e1.append(Quiet())",
        ]
    parts.append("\n".join(lines) + "\n")
    for i in range(1, size):
        parts.append(textwrap.dedent(f"""
            def f{i}(*args, **kwargs):
                args = (*args, *a{i})
                args = (*args, b{i})
                args = list(args) or [*args, *kwargs]  # a name passed on through its own binding
                args = args or (*args, *a{i})
                kwargs = {{**kwargs, "k": c{i}}}
                for x in [*args, *b{i}, *c{i}, *e{i}]:
                    x.read()
                found = []
                found.extend(args)
                found += [*found, *a{i - 1}]
                for y in found:
                    y.read()
                for z in d{i}.values():
                    z.read()
                for v in g{i}():
                    v.read()
                return f{i - 1}(*found) if {i} > 1 else found

            def g{i}():  # generators yielding from each other, and from themselves
                yield from g{i - 1}()
                yield from h{i - 1}()
                yield Quiet()

            def h{i}():
                yield from [*g{i - 1}(), *h{i}()]
                yield from h{i - 1}()
        """))
    return "".join(parts)


class _Unbounded(BaseException):
    """More work than the bound: raised from inside the analysis (no rule's handler takes a BaseException), so a
    design that walks every path fails here at once instead of running for hours."""


def _work(tmp_path, size: int, monkeypatch) -> tuple[int, object]:
    """The evaluations (and iterations) the analysis of the generated module asks of its evaluators; raises
    _Unbounded past `_PER_LINE` of them per line of the module."""
    source = _program(size)
    limit = _PER_LINE * source.count("\n")
    counted = [0]
    for method in ("eval", "iterate"):
        original = getattr(Evaluator, method)

        def counting(self, *args, _original=original):
            counted[0] += 1
            if counted[0] > limit:
                raise _Unbounded(f"size {size}: more than {limit} evaluations")
            return _original(self, *args)

        monkeypatch.setattr(Evaluator, method, counting)
    folder = tmp_path / f"size{size}"
    folder.mkdir()
    (folder / "spreads.py").write_text(source)
    try:
        report = analyze([folder])
    except _Unbounded as error:
        pytest.fail(str(error))
    finally:
        monkeypatch.undo()
    return counted[0], report


# evaluations per line of the generated module (about 6 when each iteration is computed once)
_PER_LINE = 30


def test_spreads_and_stores_into_each_other_cost_work_linear_in_the_code(tmp_path, monkeypatch):
    small, _ = _work(tmp_path, 15, monkeypatch)
    large, report = _work(tmp_path, 30, monkeypatch)
    # twice the code: about twice the work (quadratic would be 4x, paths through the spreads far more)
    assert large < 2.6 * small, (small, large)
    assert not [f for f in report.files[0].findings if f.code == "SP002"]
    assert not report.problems, report.problems
    # what the spreads hold is followed: the chains reach Slow.read from every function's loops
    slow = {p.chain[0] for p in report.yield_points if "spreads.Slow.read" in p.chain}
    assert {f"spreads.f{i}" for i in range(1, 30)} <= slow, sorted(slow)


@pytest.mark.parametrize("shape", [
    "args = (*args, extra)",
    "args = [*args, *args]",
    "args = (*other, extra)\nother = [*args]",
])
def test_a_display_spreading_itself_is_no_unanalysable_file(tmp_path, shape):
    source = textwrap.dedent("""
        import gevent

        class Slow:
            def read(self):
                gevent.sleep(0)

        def f(*args):
            extra = Slow()
            other = ()
            {shape}
            for arg in args:
                arg.read()
    """).replace("{shape}", shape.replace("\n", "\n    "))
    (tmp_path / "m.py").write_text(source)
    report = analyze([tmp_path / "m.py"])
    assert not [f for f in report.files[0].findings if f.code == "SP002"]
    assert [p for p in report.yield_points if p.chain and p.chain[-1].endswith("gevent.sleep")]
