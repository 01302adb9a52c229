"""Wraps feature handlers so that an exception becomes a line in the client's log and an empty answer.

An editor sends half-typed code, stale positions and odd params all day; a bug
met that way must cost one answer, never the session.
"""

from __future__ import annotations

import asyncio
import functools
import traceback
from collections.abc import Callable
from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException


def guarded(server: Any, fallback: Callable[..., Any] = lambda *args: None):
    """Decorator: log what a handler raised (with its traceback) and answer `fallback(*args)` instead."""

    def wrap(handler):
        name = handler.__name__

        def report(args: tuple) -> Any:
            server.log(lsp.MessageType.Error, f"switchpoint: {name} failed:\n{traceback.format_exc()}")
            return fallback(*args)

        if asyncio.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(*args, **kwargs):
                try:
                    return await handler(*args, **kwargs)
                except (asyncio.CancelledError, JsonRpcException):
                    raise  # cancellation and protocol errors are answers of their own
                except Exception:
                    return report(args)

            return run_async

        @functools.wraps(handler)
        def run(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except JsonRpcException:
                raise
            except Exception:
                return report(args)

        return run

    return wrap
