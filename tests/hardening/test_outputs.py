"""Outputs as one set (issue 19, item 5): staged and moved together, a lock against a
concurrent run, no write through a symlinked sub-folder, no colliding chart names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mcstats.errors import UsageError
from mcstats.instrument import load_instrument
from mcstats.pipeline import run_analysis
from mcstats.safety import LOCK_NAME, output_set

ROOT = Path(__file__).resolve().parents[2]
SURVEY = ROOT / "tests" / "corpus" / "support" / "survey_5pt.csv"
INSTRUMENT = ROOT / "tests" / "corpus" / "support" / "survey_5pt.yaml"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def test_a_run_writes_its_files_together_and_leaves_no_lock_or_stage(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = run_analysis(SURVEY, load_instrument(INSTRUMENT), out_dir=out, formats=("md", "html"))
    assert _files(out) == ["report.html", "report.md", "results.json"]
    assert all(p.exists() for p in run.written)


def test_a_failed_render_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mcstats.pipeline as pipeline

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(pipeline, "render_markdown", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text('{"old": true}', encoding="utf-8")
    with pytest.raises(RuntimeError):
        run_analysis(SURVEY, load_instrument(INSTRUMENT), out_dir=out, formats=("md",))
    # the old results stay as they were: no new results.json beside no report
    assert _files(out) == ["results.json"]
    assert (out / "results.json").read_text(encoding="utf-8") == '{"old": true}'


def test_a_concurrent_run_is_refused_and_a_stale_lock_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / LOCK_NAME).write_text(str(holder.pid), encoding="ascii")
        with pytest.raises(UsageError, match=f"another mcstats run \\(process {holder.pid}\\)"):
            run_analysis(SURVEY, load_instrument(INSTRUMENT), out_dir=out)
        assert not (out / "results.json").exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone: its lock is stale and the next run takes it over
    run_analysis(SURVEY, load_instrument(INSTRUMENT), out_dir=out)
    assert (out / "results.json").exists() and not (out / LOCK_NAME).exists()


def test_a_symlinked_charts_folder_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "charts").symlink_to(elsewhere)
    with pytest.raises(UsageError, match="is a symbolic link"):
        run_analysis(SURVEY, load_instrument(INSTRUMENT), out_dir=out, charts=True)
    assert _files(elsewhere) == []
    assert _files(out) == ["charts"]


def test_output_set_moves_nothing_when_the_block_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(ValueError), output_set(out) as stage:
        (stage / "a.txt").write_text("a", encoding="utf-8")
        raise ValueError("stop")
    assert _files(out) == []


def test_chart_names_never_collide() -> None:
    from mcstats.report.charts import chart_name

    names = {
        chart_name("groups", "a", "b_c"),
        chart_name("groups", "a_b", "c"),
        chart_name("groups", "a", "b"),
        chart_name("groups", "a_b_c", ""),
    }
    assert len(names) == 4
