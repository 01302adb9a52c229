"""The tour in switchpoint.runtime's docstring is real code: it runs."""

from __future__ import annotations

import textwrap

import switchpoint.runtime


def test_the_docstring_tour_runs():
    doc = switchpoint.runtime.__doc__
    tour = textwrap.dedent(doc.split("A short tour::", 1)[1].split("What is where", 1)[0])
    assert "rt.run(main)" in tour
    namespace: dict = {}
    exec(compile(tour, "switchpoint.runtime tour", "exec"), namespace)
    assert "main" in namespace
