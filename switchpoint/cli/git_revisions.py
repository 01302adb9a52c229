"""Git for the CLI: check a revision exists, lines changed since one, and a revision's files in a temp dir.

Every failure (not a repository, an unknown revision, git missing) becomes a
`GitError` whose message is one line for the user. The work tree is never touched:
revisions are materialised with `git archive`, read into a temporary folder.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile


class GitError(Exception):
    """A git operation that failed; the message is one clear line."""


def git(*args: str, cwd: str = ".", binary: bool = False):
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if completed.returncode != 0:
        lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {' '.join(args)} failed")
    return completed.stdout if binary else completed.stdout.decode("utf-8", "replace")


def repo_root(cwd: str = ".") -> str:
    try:
        return git("rev-parse", "--show-toplevel", cwd=cwd).strip()
    except GitError:
        raise GitError(f"not inside a git repository: {os.path.abspath(cwd)}") from None


def resolve(revision: str, cwd: str = ".") -> str:
    """The commit id of `revision`; GitError naming it when it does not exist."""
    if revision.startswith("-"):
        raise GitError(f"unknown revision: {revision!r}")
    repo_root(cwd)
    try:
        return git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", cwd=cwd).strip()
    except GitError:
        raise GitError(f"unknown revision: {revision!r}") from None


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(revision: str, cwd: str = ".") -> dict[str, set[int] | None]:
    """Work-tree lines added or changed since `revision`, per path relative to `cwd`.

    `None` for a whole file (untracked files). Deleted lines leave no mark.
    """
    commit = resolve(revision, cwd)
    diff = git("diff", "--relative", "--no-color", "--no-ext-diff", "-U0", "--no-renames", commit, "--", cwd=cwd)
    changed: dict[str, set[int] | None] = {}
    current = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = None if target == "/dev/null" else _unquote(target)[2:]
            if current is not None:
                changed.setdefault(current, set())
        elif current is not None and (match := _HUNK.match(line)):
            start, count = int(match.group(1)), int(match.group(2) or "1")
            changed[current].update(range(start, start + count))
    for path in git("ls-files", "--others", "--exclude-standard", "-z", cwd=cwd).split("\0"):
        if path:
            changed[path] = None
    return changed


def _unquote(name: str) -> str:
    """git's C-style quoting of unusual paths (`"b/a\\tb.py"`)."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return raw.encode("latin-1").decode("utf-8", "replace")


def materialise(revision: str, destination: str, cwd: str = ".") -> None:
    """Write the files of `revision` (the whole repository) into `destination`, leaving the work tree alone."""
    commit = resolve(revision, cwd)
    root = repo_root(cwd)
    archive = git("archive", "--format=tar", commit, cwd=root, binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
