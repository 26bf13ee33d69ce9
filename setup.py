"""Build hook: ship the papers' published values, their reconstructed data and the instruments.

``mcstats replicate rivers-state`` must work after ``pip install .`` from any folder, so the
wheel carries a copy of ``data/published``, ``data/reconstructed`` and ``instruments`` under
``mcstats/_shipped/`` (the same relative layout, so a published file's
``instrument: ../../instruments/x.yaml`` still resolves). The repository's top-level folders
stay the one place these files are edited; everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("data/published", "data/reconstructed", "data/examples", "instruments")


class BuildWithShippedData(build_py):
    """``build_py`` that also copies :data:`SHIPPED` into ``mcstats/_shipped``."""

    def run(self) -> None:
        super().run()
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "mcstats" / "_shipped"
        for rel in SHIPPED:
            source = here / rel
            if source.is_dir():
                skip = shutil.ignore_patterns("*.py", "__pycache__")
                shutil.copytree(source, target / rel, dirs_exist_ok=True, ignore=skip)


setup(cmdclass={"build_py": BuildWithShippedData})
