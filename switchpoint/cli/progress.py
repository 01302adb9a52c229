"""A rich progress bar on stderr for analyses that take more than a second, only on a terminal."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager


@contextmanager
def analysis_progress(enabled: bool = True):
    """Yields a `progress(done, known)` callback; draws nothing unless stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    # a second by default; SWITCHPOINT_PROGRESS_AFTER (seconds) lets tests draw it at once
    delay = float(os.environ.get("SWITCHPOINT_PROGRESS_AFTER", "1.0"))
    columns = (TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=Console(stderr=True), transient=True)
    task = None

    def update(done: int, known: int) -> None:
        nonlocal task
        if task is None:
            if time.monotonic() - started < delay:
                return
            bar.start()
            task = bar.add_task("analysis", total=known)
        bar.update(task, completed=done, total=known)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
