"""The arguments and `Options` the analysing commands share (switchpoint/cli/common_options.py)."""

from __future__ import annotations

import os

from switchpoint.analysis.api import load_config_for
from switchpoint.cli.main import build_parser


def _args(*argv):
    return build_parser().parse_args(list(argv))


def test_each_command_keeps_its_formats_and_defaults():
    assert _args("yield-points").format == "text" and _args("yield-points", "--format", "json").format == "json"
    assert _args("check").format == "text" and _args("check", "--format", "sarif").format == "sarif"
    assert _args("callgraph").format == "json"
    for command in ("yield-points", "check", "callgraph"):
        args = _args(command)
        assert args.paths == ["."] and args.python is None
    assert _args("yield-points").no_cache is False and _args("check").no_cache is False
    assert not hasattr(_args("callgraph"), "no_cache")


def test_yield_points_and_check_cache_and_no_cache_turns_it_off(tmp_path):
    from switchpoint.cli.common_options import options_from

    (tmp_path / "pyproject.toml").write_text("[tool.switchpoint]\n", encoding="utf-8")
    config = load_config_for(tmp_path)
    assert options_from(_args("yield-points", str(tmp_path)), config).cache_dir == os.path.dirname(config.path)
    assert options_from(_args("yield-points", "--no-cache", str(tmp_path)), config).cache_dir is None
    assert options_from(_args("check", str(tmp_path)), config).cache_dir == os.path.dirname(config.path)
    assert options_from(_args("check", "--no-cache", str(tmp_path)), config).cache_dir is None
    options = options_from(_args("callgraph", "--python", "python3"))
    assert (options.python, options.config, options.cache_dir, options.progress) == ("python3", None, None, None)
