"""Effect summaries: may a function switch, and the witness chain that says why."""
