"""The LSP features, one module each; each exposes `register(server)`. Adding a feature is one line here."""

from . import (
    code_actions,
    code_lens,
    configuration,
    diagnostics,
    documents,
    hover,
    inlay_hints,
    yield_points,
)

ALL_FEATURES = (
    documents,
    configuration,
    inlay_hints,
    diagnostics,
    hover,
    code_lens,
    code_actions,
    yield_points,
)
