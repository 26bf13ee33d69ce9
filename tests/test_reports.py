"""Reports as a person opens them: HTML in headless Chromium, DOCX reopened, text escaped."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.dom.minidom
from pathlib import Path

import numpy as np
import pytest
import yaml

from clirun import run_cli
from refdata import REFERENCE, instrument_doc, manifest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,2400",
]


def analyze(data: Path, instrument: Path, out: Path, *extra: str) -> dict:
    proc = run_cli("analyze", str(data), "--instrument", str(instrument), "--out", str(out), "-q", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads((out / "results.json").read_text())


def reference_instrument(name: str, tmp_path: Path) -> tuple[Path, Path]:
    spec = manifest()[name]
    inst = tmp_path / f"{name}.yaml"
    inst.write_text(yaml.safe_dump(instrument_doc(spec)))
    return REFERENCE / "datasets" / spec["file"], inst


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, but CI must check the HTML report in a browser")
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    return exe


def open_in_chromium(page: Path, shot: Path, profile: Path) -> str:
    proc = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def console_lines(log: str) -> list[str]:
    """Console messages (errors, blocked requests) that Chromium logs with --enable-logging."""
    return [line for line in log.splitlines() if ":CONSOLE" in line]


@pytest.mark.slow  # a real browser
def test_html_report_renders_offline_without_console_errors(tmp_path: Path) -> None:
    data, inst = reference_instrument("ds6_5pt_large", tmp_path)
    analyze(data, inst, tmp_path / "out", "--format", "html")
    page = tmp_path / "out" / "report.html"
    html = page.read_text()
    # Self-contained: no external URLs in src/href, images inline.
    assert 'src="http' not in html and 'href="http' not in html
    assert "data:image/png;base64," in html
    log = open_in_chromium(page, tmp_path / "shot.png", tmp_path / "profile")
    assert console_lines(log) == []
    import matplotlib.image

    img = matplotlib.image.imread(tmp_path / "shot.png")
    assert img.shape[0] > 100 and float(np.std(img[..., :3])) > 0.05, "screenshot is blank"


@pytest.mark.slow  # a real browser
def test_console_detector_catches_a_blocked_request(tmp_path: Path) -> None:
    """Positive control: the same check flags a page that tries to load from the network."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; img-src data:\"></head>"
        '<body><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    log = open_in_chromium(page, tmp_path / "bad.png", tmp_path / "profile")
    assert console_lines(log), "Chromium did not log the blocked request"


def test_docx_tables_hold_the_r_values(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    data, inst = reference_instrument("ds3_reverse", tmp_path)
    analyze(data, inst, tmp_path / "out", "--format", "docx")
    expected = json.loads((REFERENCE / "expected" / "ds3_reverse.json").read_text())
    d = docx.Document(str(tmp_path / "out" / "report.docx"))
    cells = [[c.text for c in row.cells] for t in d.tables for row in t.rows]
    alpha = expected["reliability"]["R"]["alpha"]  # R: psych::alpha raw_alpha
    # Reliability of the Scales: scale, items, N, alpha (APA: two decimals, no leading zero).
    assert any(
        row[1:4] == ["6", str(expected["reliability"]["R"]["n"]), f"{alpha:.2f}".lstrip("0")] for row in cells
    )
    r1 = expected["item_statistics"]["R1"]
    assert [str(r1["n"]), f"{r1['mean']:.2f}", f"{r1['sd']:.2f}"] in [row[2:5] for row in cells]
    # R2 is reverse-keyed (recoded 6 - x): R reports the recoded mean; the item table shows
    # the mean as answered, 6 - (recoded mean), and the SD is the same either way.
    r2 = expected["item_statistics"]["R2"]
    row = next(r for r in cells if r[0] == "2" and r[1].endswith("(R)"))
    assert row[2:5] == [str(r2["n"]), f"{6 - r2['mean']:.2f}", f"{r2['sd']:.2f}"]
    t = next(t for t in expected["ttests"] if t["score"] == "sum")
    g1 = t["groups"][0]
    row = next(r for r in cells if len(r) == 8 and r[0] == str(g1["level"]))
    # APA layout: group, n, M, SD, t, df, p, d.
    assert row[1:7] == [
        str(g1["n"]),
        f"{g1['mean']:.2f}",
        f"{g1['sd']:.2f}",
        f"{t['student']['t']:.2f}",
        f"{t['student']['df']:.0f}",
        f"{t['student']['p']:.3f}".lstrip("0"),
    ]


def test_text_from_data_and_instruments_is_escaped(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text("g,Q1,Q2\n<b>a</b>,1,2\n<b>a</b>,2,3\nz,3,3\nz,4,4\n")
    inst = tmp_path / "x.yaml"
    inst.write_text(
        yaml.safe_dump(
            {
                "scale_points": 4,
                "responses": {4: "<script>alert(1)</script>", 3: "High", 2: "Low", 1: "Very low"},
                "scales": {
                    "s": {
                        "title": "T <img src=x onerror=alert(2)>",
                        "items": [{"column": "Q1", "text": "<script>alert(3)</script>"}, "Q2"],
                    }
                },
                "groups": [{"column": "g"}],
            }
        )
    )
    analyze(data, inst, tmp_path / "out", "--format", "md,html")
    for name in ("report.md", "report.html"):
        text = (tmp_path / "out" / name).read_text()
        assert "<script>" not in text and "<img src=x" not in text and "<b>a</b>" not in text, name
        assert "&lt;script&gt;alert(3)&lt;/script&gt;" in text, name


def test_charts_written_as_png_and_svg(tmp_path: Path) -> None:
    analyze(
        Path("data/examples/example_4point.csv"),
        Path("instruments/example_4point.yaml"),
        tmp_path,
        "--charts",
    )
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    svgs = sorted((tmp_path / "charts").glob("*.svg"))
    assert {p.stem for p in pngs} == {p.stem for p in svgs} >= {"likert_enhancement", "means_challenges"}
    for p in pngs:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for p in svgs:
        xml.dom.minidom.parse(str(p))  # well-formed


@pytest.mark.slow  # a real browser
def test_html_one_word_heads_stay_whole_and_expected_rows_stay_indented(tmp_path: Path) -> None:
    """In Chromium at a phone's width: the item table's F-cal and F-crit heads are on one
    line each (a browser breaks after a hyphen unless told not to), and a crosstab's
    "expected" rows keep the indent that marks them as rows of the category above."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("chromium is not installed")
    rng = np.random.default_rng(3)
    levels = ["a"] * 8 + ["b"] * 6 + ["c"] * 4 + ["d"] * 2
    lines = ["id,grp,region,Q1,Q2,Q3"]
    for i, lv in enumerate(levels):
        q = ",".join(str(int(x)) for x in rng.integers(1, 5, size=3))
        lines.append(f"{i},{lv},{'NS'[i % 2]},{q}")
    data = tmp_path / "d.csv"
    data.write_text("\n".join(lines) + "\n")
    inst = tmp_path / "i.yaml"
    inst.write_text(
        yaml.safe_dump(
            {
                "scale_points": 4,
                "scales": {"s": {"items": ["Q1", "Q2", "Q3"]}},
                "groups": ["grp"],
                "categorical": ["region"],
            }
        )
    )
    out = tmp_path / "out"
    analyze(data, inst, out, "--format", "html", "--item-tests", "--crosstab", "all-demographics")
    lines_of = (
        "th => { const r = document.createRange(); r.selectNodeContents(th);"
        " return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; }"
    )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"], headless=True)
        try:
            page = browser.new_page(viewport={"width": 420, "height": 900})
            page.goto((out / "report.html").as_uri())
            item_table = page.locator("table[data-name='item-tests']")
            for head in ("F-cal", "F-crit"):
                th = item_table.locator("th", has_text=head)
                assert th.evaluate(lines_of) == 1, head
            crosstab = page.locator("table[data-name='crosstabs']")
            pad = "td => parseFloat(getComputedStyle(td).paddingLeft)"
            category = crosstab.locator("tbody tr").nth(0).locator("td").first.evaluate(pad)
            expected = crosstab.locator("tbody tr").nth(1).locator("td").first
            assert expected.inner_text().strip() == "expected"
            assert expected.evaluate(pad) > category + 8
        finally:
            browser.close()
