"""The one version of mcstats: pyproject.toml reads it (setuptools' dynamic ``attr``), and so
do the package root, ``mcstats --version`` and every results file that records it."""

__version__ = "0.2.0"
