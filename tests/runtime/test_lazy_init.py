"""switchpoint.runtime's `__init__` is lazy (PEP 562) yet says statically where every public name comes from."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import switchpoint.runtime as rt

INIT = Path(rt.__file__)


def _type_checking_imports() -> dict[str, tuple[str, ...]]:
    """submodule -> names, from the `if TYPE_CHECKING:` block of `__init__.py`, read with ast."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    blocks = [node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"]
    assert len(blocks) == 1
    found = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.unparse(node)
        found[node.module] = tuple(alias.name for alias in node.names if alias.asname is None)
    return found


def test_the_static_block_the_lazy_table_and_all_agree():
    static = _type_checking_imports()
    assert static == rt._EXPORTS
    assert sorted(name for names in static.values() for name in names) == sorted(rt.__all__)


def test_every_public_name_is_the_submodules_own_object():
    for submodule, names in rt._EXPORTS.items():
        module = importlib.import_module(f"switchpoint.runtime.{submodule}")
        for name in names:
            assert getattr(rt, name) is getattr(module, name), name
    assert set(rt.__all__) <= set(dir(rt))


def test_an_unknown_name_is_an_attribute_error():
    try:
        rt.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("rt.no_such_name did not raise")


def test_importing_the_package_imports_no_submodule_until_a_name_is_used():
    code = (
        "import sys\n"
        "import switchpoint.runtime as rt\n"
        "heavy = ('threading', 'socket', 'ssl', 'selectors', 'asyncio')\n"
        "before = sorted(m for m in sys.modules if m.startswith('switchpoint.runtime.') or m in heavy)\n"
        "from switchpoint.runtime import Channel\n"
        "print(before, 'switchpoint.runtime._channels' in sys.modules, 'threading' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "True", "True"]
