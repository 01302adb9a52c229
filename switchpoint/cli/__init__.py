"""The command line: the only part that prints reports or writes report formats."""
