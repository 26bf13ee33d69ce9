"""``python -m mcstats`` runs the command line."""

from mcstats.cli import entry

entry()
