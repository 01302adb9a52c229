"""`python -m switchpoint` is the command line."""

from switchpoint.cli.main import console

console()
