"""switchpoint: see every place a greenlet virtual thread may switch.

Only the version lives here; the parts are subpackages (analysis, server, cli,
runtime) and importing this package imports none of them.
"""

__version__ = "0.1.0"
