"""The switch-point engine. Its API boundary is `switchpoint.analysis.api`."""
