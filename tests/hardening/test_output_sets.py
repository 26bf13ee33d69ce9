"""Outputs as one set for ``reconstruct``, ``replicate`` and ``extract`` (issue 19, item 5),
as ``analyze`` and ``audit`` (tests/hardening/test_outputs.py): staged inside the output
folder and moved into place together, nothing at all from a failed run, a lock against a
concurrent run, and no stage or lock left behind."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import run_cli
from mcstats.errors import UsageError
from mcstats.replication import reconstruct as rc
from mcstats.replication import replicate as rp
from mcstats.safety import LOCK_NAME

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "data" / "published" / "mardan.yaml"
MADE_UP = ROOT / "tests" / "fixtures" / "papers" / "made_up.md"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


@pytest.fixture
def holder() -> Iterator[int]:
    """The id of a live process other than this one (a concurrent run holding the lock)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def mardan() -> rc.Reconstruction:
    return rc.reconstruct_study(PUBLISHED, seed=1)


def test_reconstruct_writes_its_set_and_leaves_no_stage(tmp_path: Path, mardan: rc.Reconstruction) -> None:
    out = tmp_path / "rec"
    written = rc.write_reconstruction(mardan, out)
    want = ["README.md", "mardan_synthetic.csv", "mardan_synthetic.json", "mardan_synthetic_instrument.yaml"]
    assert _files(out) == want
    assert sorted(p.name for p in written) == want and all(p.parent == out for p in written)
    # the data and instrument byte for byte the committed reconstruction's (the manifest
    # differs only by the relative path to the published file)
    committed = ROOT / "data" / "reconstructed"
    for name in ("mardan_synthetic.csv", "mardan_synthetic_instrument.yaml"):
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name


def test_reconstruct_readme_lists_the_studies_already_there(
    tmp_path: Path, mardan: rc.Reconstruction
) -> None:
    out = tmp_path / "rec"
    rc.write_reconstruction(
        rc.reconstruct_study(ROOT / "data" / "published" / "rivers_state.yaml", seed=1), out
    )
    rc.write_reconstruction(mardan, out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "mardan" in readme and "rivers" in readme.casefold()
    again = (out / "README.md").read_bytes()
    rc.write_readme(out)  # the README written from the folder as it is now: the same bytes
    assert (out / "README.md").read_bytes() == again


def test_a_failed_reconstruct_leaves_the_folder_as_it_was(
    tmp_path: Path, mardan: rc.Reconstruction, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "rec"
    out.mkdir()
    (out / "mardan_synthetic.csv").write_text("old", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("README failed")

    monkeypatch.setattr(rc, "write_readme", broken)
    with pytest.raises(RuntimeError):
        rc.write_reconstruction(mardan, out)
    # no new data beside an old manifest, no stage, no lock
    assert _files(out) == ["mardan_synthetic.csv"]
    assert (out / "mardan_synthetic.csv").read_text(encoding="utf-8") == "old"


def test_a_concurrent_reconstruct_is_refused(tmp_path: Path, mardan: rc.Reconstruction, holder: int) -> None:
    out = tmp_path / "rec"
    out.mkdir()
    (out / LOCK_NAME).write_text(str(holder), encoding="ascii")
    with pytest.raises(UsageError, match=f"another mcstats run \\(process {holder}\\)"):
        rc.write_reconstruction(mardan, out)
    assert _files(out) == [LOCK_NAME]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout layout with the Mardan study reconstructed (replicate's input)."""
    import shutil

    root = tmp_path_factory.mktemp("checkout")
    for folder in ("instruments", "data/published"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "data" / "published" / "rivers_state.yaml").unlink()
    rc.write_reconstruction(
        rc.reconstruct_study(root / "data" / "published" / "mardan.yaml", seed=1),
        root / "data" / "reconstructed",
    )
    return root


def test_replicate_writes_its_set_and_leaves_no_stage(tmp_path: Path, checkout: Path) -> None:
    out = tmp_path / "out"
    run = rp.replicate("mardan", out, root=checkout, formats=("md", "html", "docx"))
    files = _files(out)
    assert {
        "comparison.json",
        "results.json",
        "report.md",
        "analysis.md",
        "report.html",
        "report.docx",
        "analysis.docx",
    } <= set(files)
    assert all(not f.startswith(".") for f in files), files  # no stage, no lock
    assert all(p.exists() for p in run.paths.values())
    figures = [f for f in files if f.startswith("figures/")]
    assert figures and all(f.endswith(".png") for f in figures)


def test_a_failed_replicate_leaves_the_folder_as_it_was(
    tmp_path: Path, checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mcstats.report.replication as rr

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("HTML failed")

    monkeypatch.setattr(rr, "render_replication_html", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "comparison.json").write_text('{"old": true}', encoding="utf-8")
    with pytest.raises(RuntimeError):
        rp.replicate("mardan", out, root=checkout, formats=("md", "html"))
    assert _files(out) == ["comparison.json"]  # no results.json of this run beside the old comparison
    assert (out / "comparison.json").read_text(encoding="utf-8") == '{"old": true}'


def test_a_concurrent_replicate_is_refused(tmp_path: Path, checkout: Path, holder: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(str(holder), encoding="ascii")
    with pytest.raises(UsageError, match=f"another mcstats run \\(process {holder}\\)"):
        rp.replicate("mardan", out, root=checkout)
    assert _files(out) == [LOCK_NAME]


def _extract(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("extract", *args, cwd=cwd)


def test_extract_writes_its_draft_under_the_folder_lock(tmp_path: Path, holder: int) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    (out / LOCK_NAME).write_text(str(holder), encoding="ascii")
    proc = _extract(str(MADE_UP), "--out", str(out / "draft.yaml"), cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"another mcstats run (process {holder})" in proc.stderr
    assert _files(out) == [LOCK_NAME]
    (out / LOCK_NAME).unlink()
    proc = _extract(str(MADE_UP), "--out", str(out / "draft.yaml"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _files(out) == ["draft.yaml"]
    # the default target is in the working folder: nothing else is left there
    proc = _extract(str(MADE_UP), cwd=out)
    assert proc.returncode == 0, proc.stderr
    assert _files(out) == ["draft.yaml", "made_up-draft.yaml"]
