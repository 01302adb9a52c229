"""Finds where each step of a witness chain (a qualified function name) is defined, as a link target.

The engine's API gives a chain as names only. A step is found first among the
function summaries of the open documents, then by looking the module part of the
name up on disk (workspace folders, extra paths, this interpreter's sys.path) and
asking the engine for that file's functions; failing that, the module file
itself is the target. Answers are cached until the configuration or a file on
disk changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_MODULE_FILES = 3  # per step: analysing a big third-party module costs real time


def link(uri: str, line: int) -> str:
    """A `file:` URI with the 1-based `#L<line>` fragment editors (VS Code) open at that line."""
    return f"{uri}#L{line}"


def _matches(step: str, qualname: str) -> bool:
    return qualname == step or qualname.endswith("." + step)


def _module_files(step: str, roots: list[str]) -> list[Path]:
    parts = step.split(".")
    found: list[Path] = []
    for end in range(len(parts) - 1, 0, -1):
        relative = Path(*parts[:end])
        for root in roots:
            for candidate in (Path(root) / relative.with_suffix(".py"), Path(root) / relative / "__init__.py"):
                if candidate.is_file() and candidate not in found:
                    found.append(candidate)
        if found:
            break
    return found[:MAX_MODULE_FILES]


def _search_modules(engine, steps: list[str], roots: list[str]) -> dict[str, str]:
    """Engine thread: step -> link, for the steps whose module can be found on disk."""
    links = {}
    for step in steps:
        for path in _module_files(step, roots):
            try:
                functions = engine.analyze_file(str(path)).functions
            except Exception:
                functions = ()
            hit = next((f for f in functions if _matches(step, f.qualname)), None)
            links[step] = link(path.as_uri(), hit.range.start.line if hit else 1)
            if hit:
                break
    return links


async def chain_links(server, uri: str, chain: tuple[str, ...]) -> dict[str, str]:
    """step -> link target for every step of `chain` whose definition could be found."""
    cache: dict[str, str] = server.definitions
    links: dict[str, str] = {}
    summaries = [
        (analysis.uri, function)
        for analysis in server.session.results()
        for function in analysis.report.functions
    ]
    missing = []
    for step in chain:
        hit = next(((u, f) for u, f in summaries if f.qualname == step), None) or next(
            ((u, f) for u, f in summaries if _matches(step, f.qualname)), None
        )
        if hit:
            links[step] = link(hit[0], hit[1].range.start.line)
        elif step in cache:
            links[step] = cache[step]
        else:
            missing.append(step)
    if missing:
        folder, options = server.folder_of(uri)
        roots = ([folder] if folder else []) + list(server.folders()) + list(options.extra_paths) + sys.path
        roots = [r for r in dict.fromkeys(roots) if r]
        found = await server.session.run_in_engine(uri, lambda engine: _search_modules(engine, missing, roots))
        cache.update(found)
        links.update(found)
    return links

