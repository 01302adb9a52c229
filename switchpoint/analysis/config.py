"""`[tool.switchpoint]` in pyproject.toml: typed, defaulted, validated options.

Keys (all optional):

    [tool.switchpoint]
    monkey_patch = "auto"          # "auto" (detect patch_all() & co. in the code), "none", "all",
                                   # or a table of flags: {socket = true, thread = false, ...}
    switching = ["mylib.rpc.Client.call", "mylib.jobs.*.wait"]   # extra switching functions
    non_switching = ["mylib.cache.*"]                           # never switch (wins over the above)
    blocking = ["mydriver.query"]  # extra calls rule SP201 reports as blocking the hub
    non_blocking = ["mylib.io.*"]  # calls SP201 never reports
    spawned = ["myapp.views.*"]    # functions a framework runs on many virtual threads at once (race rules)
    select = ["SP1", "SP201"]      # rule codes or prefixes to run (default: all)
    ignore = ["SP103"]             # rule codes or prefixes to leave out
    python = ".venv/bin/python"    # the interpreter whose environment the project runs in

Names are qualified as in yield-point chains (`package.module.Class.method`);
patterns use shell wildcards (`fnmatch`). A bad key or value raises `ConfigError`
naming the key and the file, never a traceback; so does a rule code or prefix in
`select`/`ignore` that names no rule (`SP999` would select nothing, and `check` would pass).
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field

PATCH_FLAGS = (
    "socket", "dns", "time", "select", "thread", "os", "os_io", "ssl", "subprocess", "subprocess_popen", "sys",
    "builtins", "signal", "queue", "contextvars", "logging",
)
MONKEY_PATCH_MODES = ("auto", "none", "all")
KNOWN_KEYS = ("monkey_patch", "switching", "non_switching", "blocking", "non_blocking", "spawned", "select", "ignore", "python")
QUALNAME_PATTERN = re.compile(r"^[A-Za-z_*?\[\]][\w.*?\[\]<>-]*$")


class ConfigError(Exception):
    """A configuration problem, with the key and the file it is in."""


@dataclass
class Config:
    path: str | None = None  # the pyproject.toml it came from
    monkey_patch: str | dict[str, bool] = "auto"
    switching: tuple[str, ...] = ()
    non_switching: tuple[str, ...] = ()
    blocking: tuple[str, ...] = ()  # SP201: extra hub-blocking calls
    non_blocking: tuple[str, ...] = ()  # SP201: calls never reported
    spawned: tuple[str, ...] = ()  # race rules: functions run concurrently by code outside the project
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    python: str | None = None
    _compiled: dict = field(default_factory=dict, repr=False)

    def is_declared_switching(self, qualname: str) -> bool:
        return not self.is_declared_non_switching(qualname) and _matches(qualname, self.switching, self._compiled)

    def is_declared_non_switching(self, qualname: str) -> bool:
        return _matches(qualname, self.non_switching, self._compiled)

    def rule_enabled(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(prefix) for prefix in self.select)
        return selected and not any(code.startswith(prefix) for prefix in self.ignore)


def _matches(qualname: str, patterns: tuple[str, ...], cache: dict) -> bool:
    for pattern in patterns:
        if pattern == qualname:
            return True
        if any(c in pattern for c in "*?["):
            regex = cache.get(pattern)
            if regex is None:
                regex = cache[pattern] = re.compile(fnmatch.translate(pattern))
            if regex.match(qualname):
                return True
    return False


def find_pyproject(start: str) -> str | None:
    """The nearest pyproject.toml at or above `start` (a file or folder)."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


_READ: dict[str, tuple[tuple[int, int], Config]] = {}  # path -> ((mtime_ns, size) when read, its config)


def load_config(path: str | None) -> Config:
    """Read `[tool.switchpoint]` from a pyproject.toml (None: the defaults). A file read before is
    parsed again only once its mtime or size changed: the language server asks on every keystroke."""
    if path is None:
        return Config()
    try:
        status = os.stat(path)
    except OSError:
        return _read(path)  # the error, naming the file
    stamp = (status.st_mtime_ns, status.st_size)
    known = _READ.get(path)
    if known is None or known[0] != stamp:
        known = _READ[path] = (stamp, _read(path))
    return known[1]  # the same object each time: nobody changes a Config once parsed


def _read(path: str) -> Config:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    table = data.get("tool", {}).get("switchpoint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.switchpoint] must be a table")
    return parse_table(table, path)


def parse_table(table: dict, path: str) -> Config:
    config = Config(path=path)
    for key, value in table.items():
        where = f"{path}: [tool.switchpoint] {key}"
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key (known: {', '.join(KNOWN_KEYS)})")
        if key == "monkey_patch":
            config.monkey_patch = _monkey_patch(value, where)
        elif key in ("switching", "non_switching", "blocking", "non_blocking", "spawned"):
            setattr(config, key, _names(value, where))
        elif key in ("select", "ignore"):
            setattr(config, key, rule_selectors(_strings(value, where), where))
        elif key == "python":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{where}: expected a path to an interpreter")
            config.python = value if os.path.isabs(value) else os.path.join(os.path.dirname(path), value)
    return config


def rule_selectors(codes, where: str) -> tuple[str, ...]:
    """`codes` (rule codes or prefixes: `SP1`, `SP101`) if each is one and names a registered rule; else a
    ConfigError at `where` (a file's key, or a command-line flag) saying which does not."""
    from switchpoint.analysis.rules import rules, unknown_selectors  # here: the rules read configuration too

    codes = tuple(codes)
    bad = [c for c in codes if not re.fullmatch(r"SP\d{0,3}", c)]
    if bad:
        raise ConfigError(f"{where}: not a rule code or prefix: {bad[0]!r} (expected e.g. 'SP1' or 'SP101')")
    unknown = unknown_selectors(codes)
    if unknown:
        known = ", ".join(rule.code for rule in rules())
        raise ConfigError(f"{where}: {unknown[0]!r} names no rule (the rules: {known})")
    return codes


def _monkey_patch(value, where: str):
    if isinstance(value, str):
        if value not in MONKEY_PATCH_MODES:
            raise ConfigError(f"{where}: expected one of {', '.join(MONKEY_PATCH_MODES)} or a table of flags, got {value!r}")
        return value
    if isinstance(value, dict):
        for flag, enabled in value.items():
            if flag not in PATCH_FLAGS:
                raise ConfigError(f"{where}: unknown patch flag {flag!r} (known: {', '.join(PATCH_FLAGS)})")
            if not isinstance(enabled, bool):
                raise ConfigError(f"{where}.{flag}: expected true or false, got {enabled!r}")
        return dict(value)
    raise ConfigError(f"{where}: expected a string or a table, got {type(value).__name__}")


def _strings(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _names(value, where: str) -> tuple[str, ...]:
    names = _strings(value, where)
    for name in names:
        if not QUALNAME_PATTERN.match(name) or ".." in name:
            raise ConfigError(f"{where}: not a qualified name or pattern: {name!r}")
        try:
            re.compile(fnmatch.translate(name))
        except re.error as error:
            raise ConfigError(f"{where}: bad pattern {name!r}: {error}") from None
    return names
