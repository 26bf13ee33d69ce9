"""Every notebook in notebooks/ runs from top to bottom (so the walkthroughs never rot)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

#: Slow lane (executes the notebooks in a Jupyter kernel); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(Path(__file__).resolve().parents[1].joinpath("notebooks").glob("*.ipynb"))
#: A kernel spec written for this very interpreter, so a fresh machine needs no registered kernel.
KERNEL = "mcstats-test-python"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder holding a kernel spec that runs ``sys.executable``."""
    kernelspec = pytest.importorskip("ipykernel.kernelspec")
    base = tmp_path_factory.mktemp("jupyter")
    kernelspec.write_kernel_spec(
        base / "kernels" / KERNEL,
        overrides={"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]},
    )
    return base


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv(
        "JUPYTER_PATH", os.pathsep.join(filter(None, [str(kernel_dir), os.environ.get("JUPYTER_PATH")]))
    )
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name=KERNEL, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors
