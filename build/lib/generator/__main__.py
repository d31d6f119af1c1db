"""`python -m generator` runs the `briefings` command line."""

from generator.cli import entry

entry()
