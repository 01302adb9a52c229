"""Differential tests: static yield points (switchpoint yield-points) against real switches (switchpoint trace)."""
