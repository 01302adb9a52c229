"""Every rule is registered, documented (the sections users rely on) and has fixtures; docs/rules.md is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from switchpoint.analysis import rules as rules_package
from switchpoint.analysis.rules import ALL_RULES, rules
from switchpoint.analysis.rules.docs import render
from tests.expectations import parse_expectations

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Known limits")


def _short(module) -> str:
    return module.__name__.rpartition(".")[2]


@pytest.mark.parametrize("module", ALL_RULES, ids=_short)
def test_rule_is_documented(module):
    doc = module.__doc__ or ""
    assert re.match(rf"{module.CODE} {module.NAME}: \S", doc), f"{_short(module)}: docstring must start with '{module.CODE} {module.NAME}: '"
    missing = [s for s in SECTIONS if s not in doc]
    assert not missing, f"{_short(module)} lacks {missing}"


@pytest.mark.parametrize("module", ALL_RULES, ids=_short)
def test_rule_has_fixtures_that_expect_it(module):
    folder = FIXTURES / _short(module)
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else []
    assert files, f"no fixtures in {folder.relative_to(ROOT)}"
    codes = [e.kind for f in files for e in parse_expectations(f, f.name) if e.marker == "error"]
    assert module.CODE in codes, f"no fixture in {folder.relative_to(ROOT)} expects {module.CODE}"


def test_codes_and_names_are_unique_and_well_formed():
    codes = [m.CODE for m in ALL_RULES]
    names = [m.NAME for m in ALL_RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert all(re.fullmatch(r"SP\d{3}", c) for c in codes)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", n) for n in names)


def test_every_rule_module_is_registered():
    folder = Path(rules_package.__file__).parent
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_") and p.stem != "docs"}
    assert modules == {_short(m) for m in ALL_RULES}


def test_docs_table_is_up_to_date():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render(), "docs/rules.md is stale: run `python -m switchpoint.analysis.rules.docs > docs/rules.md`"
    for rule in rules():
        assert f"| [{rule.code}]" in current
