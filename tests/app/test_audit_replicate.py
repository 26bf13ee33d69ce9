"""The audit and replicate pages over HTTP."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

RIVERS = Path("data/published/rivers_state.yaml")


def test_audit_a_published_values_file(page: Any) -> None:
    r = page.post(
        "/audit/upload", files={"file": ("rivers_state.yaml", RIVERS.read_bytes(), "application/yaml")}
    )
    assert r.status_code == 200
    job = re.search(r"/jobs/([\w-]+)/view/audit.html", r.text)
    assert job is not None
    audit = page.client.get(f"/jobs/{job[1]}/download/audit.json").json()
    sds = [f for f in audit["findings"] if f["check"] == "sd_bounds"]
    assert any("3.215" in f["reported"] for f in sds)
    assert audit["input"]["path"] == "rivers_state.yaml"
    view = page.client.get(f"/jobs/{job[1]}/view/audit.html")
    assert "3.215" in view.text
    assert page.client.get(f"/jobs/{job[1]}/download/audit.md").text.startswith("#")


def test_audit_typed_rows_become_a_quick_check_table(page: Any) -> None:
    fields = {
        f"grid-{r}-{c}": ""
        for r in range(5)
        for c in ("label", "n", "mean", "sd", "scale_min", "scale_max", "items")
    }
    fields.update(
        {
            "grid-0-label": "=cmd|' /C calc'!A0",
            "grid-0-n": "10",
            "grid-0-mean": "2.35",
            "grid-0-sd": "0.80",
            "grid-0-scale_min": "1",
            "grid-0-scale_max": "4",
        }
    )
    r = page.post("/audit/grid", data=fields)
    job = re.search(r"/jobs/([\w-]+)/view/audit.html", r.text)
    assert job is not None, r.text
    audit = page.client.get(f"/jobs/{job[1]}/download/audit.json").json()
    assert audit["counts"]["impossible"] >= 1  # GRIM: no 10 whole numbers average 2.35
    stored = next(page.workspace.root.glob("*/typed.csv")).read_text(encoding="utf-8-sig")
    assert stored.splitlines()[1].startswith("'=cmd")  # a formula typed in stays text
    empty = page.post("/audit/grid", data={k: "" for k in fields})
    assert "type at least one row" in empty.text


def test_audit_refuses_other_files_with_the_library_message(page: Any) -> None:
    r = page.post("/audit/upload", files={"file": ("notes.exe", b"x", "application/octet-stream")})
    assert "expected one of" in r.text


def test_replicate_lists_and_runs_the_shipped_papers(page: Any) -> None:
    listing = page.client.get("/replicate").text
    assert "Replicate rivers-state" in listing and "Replicate mardan" in listing
    r = page.post("/replicate/run", data={"study": "mardan"})
    assert "printed values compared" in r.text
    job = re.search(r"/jobs/([\w-]+)/view/replication.html", r.text)
    assert job is not None
    for name in ("replication.html", "replication-audit.html"):
        assert page.client.get(f"/jobs/{job[1]}/view/{name}").status_code == 200
    data = page.client.get(f"/jobs/{job[1]}/download/reconstructed.csv")
    assert data.content == Path("data/reconstructed/mardan_synthetic.csv").read_bytes()
    assert page.post("/replicate/run", data={"study": "../../etc"}).status_code == 404


def test_audit_a_paper_text(page: Any) -> None:
    text = b"# Results\n\nTeachers differed, t(28) = 2.20, p = .50, which we report as significant.\n"
    r = page.post("/audit/upload", files={"file": ("paper.md", text, "text/markdown")})
    job = re.search(r"/jobs/([\w-]+)/view/audit.html", r.text)
    assert job is not None, r.text
    audit = page.client.get(f"/jobs/{job[1]}/download/audit.json").json()
    assert any(f["check"] == "statcheck" for f in audit["findings"])  # p of t(28) = 2.20 is .036


def test_audit_page_reads_non_apa_results_when_asked(page: Any) -> None:
    """The page's switch is the CLI's --lenient: off, a non-APA result is not read; on, it is."""
    # t = 2.20 on 28 df: p = .0358 to .0366 (R: 2*pt(-2.205, 28), 2*pt(-2.195, 28)), not .01
    text = b"The groups differed (t = 2.20, df = 28, p = .01).\n"
    assert 'name="lenient"' in page.client.get("/audit").text

    def extracted(**data: str) -> list[Any]:
        r = page.post("/audit/upload", files={"file": ("paper.md", text, "text/markdown")}, data=data)
        job = re.search(r"/jobs/([\w-]+)/view/audit.html", r.text)
        assert job is not None, r.text
        return list(page.client.get(f"/jobs/{job[1]}/download/audit.json").json()["extracted"])

    assert extracted() == []
    [result] = extracted(lenient="1")
    read = (result["statistic"], result["df2"], result["reported_p"], result["error"])
    assert read == ("t", 28.0, 0.01, True)
