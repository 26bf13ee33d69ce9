"""End-to-end tests of the page in a real browser (Playwright driving Debian's chromium).

Playwright's own browser download is not used: chromium is launched from /usr/bin/chromium.
Screenshots of every page at 1280 and 375 px are kept under build/app-screenshots/ (or
$MCSTATS_APP_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():  # pragma: no cover
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "example_4point.csv"
RIVERS = ROOT / "data" / "published" / "rivers_state.yaml"
ARTIFACTS = Path(os.environ.get("MCSTATS_APP_ARTIFACTS", ROOT / "build" / "app-screenshots"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 375)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from mcstats.app.server import start

    cwd = Path.cwd()
    os.chdir(ROOT)  # the shipped papers are found from the checkout
    running = start(in_thread=True, workspace_parent=tmp_path_factory.mktemp("app"))
    try:
        yield running
    finally:
        running.stop()
        os.chdir(cwd)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def open_page(browser: Any, server: Any, path: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url)  # the token sets the cookie, then the page opens without it
    assert "token" not in page.url
    if path != "/analyze":
        page.goto(server.url.split("?")[0].rstrip("/") + path)
    page.console_errors = errors  # type: ignore[attr-defined]
    return page


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    frames = page.locator("iframe.report")
    for i in range(frames.count()):  # headless chromium paints a frame once it has been seen
        frames.nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def unnamed_controls(page: Any) -> list[str]:
    """Form controls of the page without an accessible name (label, aria-label, text)."""
    return list(
        page.evaluate(
            "Array.from(document.querySelectorAll('input, select, button, textarea'))"
            ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            " && !e.getAttribute('aria-labelledby') && !(e.tagName === 'BUTTON' && e.textContent.trim()))"
            ".map(e => e.name || e.id)"
        )
    )


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def tables(frame: Any) -> list[dict[str, Any]]:
    """Every table of a frame: its caption and its rows of cell texts (header rows first)."""
    return frame.locator("table").evaluate_all(
        "ts => ts.map(t => ({caption: t.caption ? t.caption.innerText : '',"
        " rows: Array.from(t.rows).map(r => Array.from(r.cells).map(c => c.innerText.trim()))}))"
    )


def as_printed(value: float, text: str) -> float:
    """``value`` rounded to the decimals ``text`` shows (the report's choice of decimals)."""
    from decimal import ROUND_HALF_UP, Decimal

    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def drop_file(page: Any, selector: str, path: Path) -> None:
    """Drag a file onto a drop zone (a DataTransfer with the file, as a browser makes it)."""
    data = path.read_text(encoding="utf-8")
    handle = page.evaluate_handle(
        "([data, name]) => { const dt = new DataTransfer();"
        " dt.items.add(new File([data], name, {type: 'text/csv'})); return dt; }",
        [data, path.name],
    )
    page.dispatch_event(selector, "drop", {"dataTransfer": handle})


def test_analyze_the_example_and_match_the_cli(browser: Any, server: Any, tmp_path: Path) -> None:
    page = open_page(browser, server, "/analyze")
    shoot(page, "analyze-empty")
    drop_file(page, "[data-drop]", EXAMPLE)  # dropping uploads at once
    page.locator("#instrument-heading").wait_for()
    assert page.evaluate("document.activeElement.id") == "instrument-heading"  # focus follows
    assert page.get_by_label("Scale points (number of answer codes)").input_value() == "4"
    assert page.get_by_label("Lowest answer code (1 for 1-5, 0 for 0-3)").input_value() == "1"
    reverse = page.get_by_label("Reverse-keyed: Q10")
    assert not reverse.is_checked()
    suggestion = page.locator("tr", has=page.get_by_label("Reverse-keyed: Q10")).locator(".suggestion")
    assert suggestion.inner_text() == "reverse? (r = -0.40)"  # the library's negative item-total r
    reverse.check()  # the correction
    page.get_by_label("Respondent id column (checked for duplicates)").select_option("respondent")
    shoot(page, "analyze-instrument")
    page.get_by_role("button", name="Run the analysis").click()
    page.locator("#result-heading").wait_for()
    page.locator("iframe.report").wait_for()
    frame = page.frame_locator("iframe.report")
    frame.locator("table").first.wait_for()
    shoot(page, "analyze-report")

    with page.expect_download() as dl:
        page.get_by_role("link", name="Instrument (instrument.yaml, to re-run with mcstats analyze)").click()
    instrument = tmp_path / "instrument.yaml"
    dl.value.save_as(instrument)
    out = tmp_path / "cli"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mcstats",
            "analyze",
            str(EXAMPLE),
            "--instrument",
            str(instrument),
            "--out",
            str(out),
            "-q",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    cli = json.loads((out / "results.json").read_text())
    assert cli["instrument"]["reverse_keyed"] == ["Q10"]

    shown = tables(frame)
    rel = next(t for t in shown if "Reliability" in t["caption"] and "α" in t["rows"][0])
    row = next(r for r in rel["rows"] if r[0] == "Q")
    alpha_text = row[rel["rows"][0].index("α")]
    assert float(alpha_text) == as_printed(cli["scales"]["Q"]["reliability"]["alpha"], alpha_text)
    items = next(t for t in shown if "Item Statistics" in t["caption"])
    header = items["rows"][0]
    order = list(cli["scales"]["Q"]["item_statistics"])
    checked = 0
    for r in items["rows"][1:]:
        if r[0].isdigit():  # S/N: the item's place in the scale
            stats = cli["scales"]["Q"]["item_statistics"][order[int(r[0]) - 1]]
            # a reverse-keyed item is shown as answered, marked (R) (results.json has both)
            mean = stats["mean_as_answered"] if r[1].endswith("(R)") else stats["mean"]
            text = r[header.index("M")]
            assert float(text) == as_printed(mean, text), r
            checked += 1
    assert checked == 10
    ttest = next(t for t in shown if "t Test" in t["caption"])
    t_text = ttest["rows"][1][ttest["rows"][0].index("t")]
    assert float(t_text) == as_printed(cli["ttests"][0]["student"]["t"], t_text)

    with page.expect_download() as dl:
        page.get_by_role("link", name="Word report (.docx)").click()
    docx_path = tmp_path / "report.docx"
    dl.value.save_as(docx_path)
    from docx import Document

    document = Document(str(docx_path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert alpha_text in cells  # the same alpha in the reopened Word file
    assert not page.console_errors  # type: ignore[attr-defined]  # CSP violations show up here

    small = open_page(browser, server, "/analyze", width=375)
    small.set_input_files("#data-file", str(EXAMPLE))
    small.get_by_role("button", name="Upload and draft the instrument").click()
    small.locator("#instrument-heading").wait_for()
    small.get_by_role("button", name="Run the analysis").click()
    small.locator("#result-heading").wait_for()
    small.frame_locator("iframe.report").locator("table").first.wait_for()
    shoot(small, "analyze-report")
    assert no_horizontal_scroll(small)


CODES_0_3 = ROOT / "tests" / "reference" / "code_ranges" / "ds8_0to3.csv"


def test_a_draft_on_codes_0_to_3_is_edited_in_the_form_and_matches_the_cli(
    browser: Any, server: Any, tmp_path: Path
) -> None:
    page = open_page(browser, server, "/analyze")
    page.set_input_files("#data-file", str(CODES_0_3))
    page.get_by_role("button", name="Upload and draft the instrument").click()
    page.locator("#instrument-heading").wait_for()
    lowest = page.get_by_label("Lowest answer code (1 for 1-5, 0 for 0-3)")
    assert lowest.input_value() == "0"
    assert unnamed_controls(page) == []  # the whole instrument form is labelled
    assert page.get_by_label("Scale points (number of answer codes)").input_value() == "4"
    assert page.locator("#f-codes-shown").inner_text().startswith("Answer codes 0 to 3.")
    labels = {0: "Never", 1: "Sometimes", 2: "Often", 3: "Always"}
    for code, label in labels.items():
        page.get_by_label(f"Label of code {code}", exact=True).fill(label)
    assert page.get_by_label("Label of code 4", exact=True).count() == 0
    # a wrong range and back: the form re-draws its labels at once, keeping each at its place
    lowest.fill("1")
    lowest.dispatch_event("change")
    page.get_by_label("Label of code 4", exact=True).wait_for()
    assert page.get_by_label("Label of code 4", exact=True).input_value() == "Always"
    assert page.evaluate("document.activeElement.id") == "f-lowest"
    lowest = page.get_by_label("Lowest answer code (1 for 1-5, 0 for 0-3)")
    lowest.fill("0")
    lowest.dispatch_event("change")
    page.get_by_label("Label of code 0", exact=True).wait_for()
    assert page.get_by_label("Label of code 3", exact=True).input_value() == "Always"
    suggestion = page.locator("tr", has=page.get_by_label("Reverse-keyed: M3")).locator(".suggestion")
    assert suggestion.inner_text() == "reverse? (r = -0.53)"
    page.get_by_label("Reverse-keyed: M3").check()
    shoot(page, "analyze-codes-0-3")
    page.get_by_role("button", name="Run the analysis").click()
    page.locator("#result-heading").wait_for()
    frame = page.frame_locator("iframe.report")
    frame.locator("table").first.wait_for()
    shoot(page, "analyze-codes-0-3-report")
    with page.expect_download() as dl:
        page.get_by_role("link", name="Instrument (instrument.yaml, to re-run with mcstats analyze)").click()
    instrument = tmp_path / "instrument.yaml"
    dl.value.save_as(instrument)
    with page.expect_download() as dl:
        page.get_by_role("link", name="All results (results.json)").click()
    page_json = tmp_path / "page.json"
    dl.value.save_as(page_json)
    out = tmp_path / "cli"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mcstats",
            "analyze",
            str(CODES_0_3),
            "--instrument",
            str(instrument),
            "--out",
            str(out),
            "-q",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    cli = json.loads((out / "results.json").read_text())
    app = json.loads(page_json.read_text())
    for doc in (cli, app):
        doc.pop("created")
        doc["input"].pop("path")
        doc["instrument"].pop("path")
    assert app == cli
    assert cli["instrument"]["reverse_keyed"] == ["M3"]
    shown = tables(frame)
    rel = next(t for t in shown if "Reliability" in t["caption"] and "α" in t["rows"][0])
    alpha_text = next(r for r in rel["rows"] if r[0] == "M")[rel["rows"][0].index("α")]
    assert float(alpha_text) == as_printed(cli["scales"]["M"]["reliability"]["alpha"], alpha_text)
    items = next(t for t in shown if "Item Statistics" in t["caption"])
    header = items["rows"][0]
    order = list(cli["scales"]["M"]["item_statistics"])
    checked = 0
    for r in items["rows"][1:]:
        if r[0].isdigit():
            stats = cli["scales"]["M"]["item_statistics"][order[int(r[0]) - 1]]
            mean = stats["mean_as_answered"] if r[1].endswith("(R)") else stats["mean"]
            text = r[header.index("M")]
            assert float(text) == as_printed(mean, text), r
            checked += 1
    assert checked == 6
    assert not page.console_errors  # type: ignore[attr-defined]


EXPORTS = {
    "google_forms_export.csv": ROOT / "data" / "examples" / "google_forms_export.csv",
    "surveymonkey_export.csv": ROOT / "data" / "examples" / "surveymonkey_export.csv",
    "qualtrics_export.csv": ROOT / "data" / "examples" / "qualtrics_export.csv",
    "kobo_export.csv": ROOT / "data" / "examples" / "kobo_export.csv",
    "microsoft_forms_export.xlsx": ROOT / "data" / "examples" / "microsoft_forms_export.xlsx",
    "survey.sav": ROOT / "tests" / "fixtures" / "sav" / "survey.sav",
    "odk_central_export.csv": ROOT / "data" / "examples" / "odk_central_export.csv",
    "kobo_repeat_export.xlsx": ROOT / "data" / "examples" / "kobo_repeat_export.xlsx",
}
#: Exports that come with their form (XLSForm), as init --form takes them.
WITH_FORM = {"kobo_export.csv", "odk_central_export.csv"}


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_bundled_export_runs_and_its_downloads_equal_the_cli(
    browser: Any, server: Any, name: str, tmp_path: Path
) -> None:
    """A user's path through the page for each export: choose the file (and the Kobo form),
    run the draft as it is, download every file; the Word and Excel files open, and the CLI
    on the downloaded instrument gives the page's results.json."""
    data = EXPORTS[name]
    page = open_page(browser, server, "/analyze")
    if name in WITH_FORM:
        page.set_input_files("#xlsform-file", str(ROOT / "data" / "examples" / "kobo_form.xlsx"))
    page.set_input_files("#data-file", str(data))
    page.get_by_role("button", name="Upload and draft the instrument").click()
    page.locator("#instrument-heading").wait_for()
    stem = Path(name).stem
    shoot(page, f"export-{stem}-form")
    page.get_by_role("button", name="Run the analysis").click()
    page.locator("#result-heading").wait_for()
    page.frame_locator("iframe.report").locator("table").first.wait_for()
    shoot(page, f"export-{stem}-report")
    saved: dict[str, Path] = {}
    links = page.locator("ul.downloads a")
    assert links.count() == 6  # Word, Excel, Markdown, HTML, results.json, instrument.yaml
    for i in range(links.count()):
        with page.expect_download() as dl:
            links.nth(i).click()
        target = tmp_path / dl.value.suggested_filename
        dl.value.save_as(target)
        saved[target.name.rsplit("-", 1)[-1]] = target
    from docx import Document
    from openpyxl import load_workbook

    assert Document(str(saved["report.docx"])).tables
    assert load_workbook(saved["report.xlsx"]).sheetnames
    assert saved["report.md"].read_text(encoding="utf-8").startswith("# ")
    out = tmp_path / "cli"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mcstats",
            "analyze",
            str(data),
            "--instrument",
            str(saved["instrument.yaml"]),
            "--out",
            str(out),
            "-q",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    cli = json.loads((out / "results.json").read_text())
    app = json.loads(saved["results.json"].read_text())
    for doc in (cli, app):
        doc.pop("created")
        doc["input"].pop("path")
        doc["instrument"].pop("path")
    assert app == cli
    assert not page.console_errors  # type: ignore[attr-defined]
    small = open_page(browser, server, "/analyze", width=375)
    if name in WITH_FORM:
        small.set_input_files("#xlsform-file", str(ROOT / "data" / "examples" / "kobo_form.xlsx"))
    small.set_input_files("#data-file", str(data))
    small.get_by_role("button", name="Upload and draft the instrument").click()
    small.locator("#instrument-heading").wait_for()
    assert no_horizontal_scroll(small)
    shoot(small, f"export-{stem}-form")


def test_a_hundred_thousand_rows_show_progress_and_the_page_stays_usable(
    browser: Any, server: Any, tmp_path: Path
) -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    n = 100_000
    codes = rng.integers(1, 5, size=(n, 10))
    gender = np.where(rng.random(n) < 0.5, "M", "F")
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("gender," + ",".join(f"Q{i}" for i in range(1, 11)) + "\n")
        for g, row in zip(gender, codes.tolist(), strict=True):
            fh.write(g + "," + ",".join(map(str, row)) + "\n")
    page = open_page(browser, server, "/analyze")
    page.set_input_files("#data-file", str(big))
    page.get_by_role("button", name="Upload and draft the instrument").click()
    page.locator("#instrument-heading").wait_for()
    page.get_by_role("button", name="Run the analysis").click()
    page.locator(".progress-card progress").wait_for()  # the progress indicator
    assert "Analysing big.csv" in page.locator("#run-progress-text").inner_text()
    shoot(page, "analyze-100k-progress")
    # The page answers while the analysis runs: typing into the form succeeds while the
    # result is not there yet (no timing: the suite never asserts on wall time).
    typed_while_running = 0
    while page.locator("#result-heading").count() == 0:
        page.get_by_label("Name of the questionnaire").fill(f"still typing {typed_while_running}")
        typed_while_running += page.locator("#result-heading").count() == 0
        page.wait_for_timeout(100)
    assert typed_while_running >= 1
    assert (
        "100000 rows read = 100000 analysed + 0 excluded." in page.locator("#result-heading + p").inner_text()
    )


def test_a_file_over_the_limit_is_refused_in_the_page(browser: Any, tmp_path: Path) -> None:
    from mcstats.app.server import start

    small = start(in_thread=True, max_upload_mb=0.02, workspace_parent=tmp_path)  # 20 kB
    try:
        page = open_page(browser, small, "/analyze")
        page.set_input_files("#data-file", str(ROOT / "data" / "examples" / "kobo_export.csv"))
        page.get_by_role("button", name="Upload and draft the instrument").click()
        page.locator("#workspace .error").wait_for()  # a Kobo export without its form
        big = tmp_path / "big.csv"
        big.write_text("a,b\n" + "1,2\n" * 10000)
        page.set_input_files("#data-file", str(big))
        page.get_by_role("button", name="Upload and draft the instrument").click()
        message = page.locator("#data-file-message")
        message.wait_for()
        assert "larger than the upload limit of 0.02 MB" in message.inner_text()
        assert page.locator("#workspace .error").count() == 0  # the earlier problem is gone
        assert len(list(small.workspace.root.iterdir())) == 1  # nothing was sent
    finally:
        small.stop()


def test_keyboard_only(browser: Any, server: Any) -> None:
    page = open_page(browser, server, "/analyze")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "data-file":
            break
    assert page.evaluate("document.activeElement.id") == "data-file"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    assert unnamed_controls(page) == []  # every form control has a label (an accessible name)


def test_zoom_200_percent_reads_without_horizontal_scrolling(browser: Any, server: Any) -> None:
    """200 % zoom of a 1280 px window lays out like a 640 px window at double scale."""
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url)
    for path in ("/analyze", "/audit", "/replicate"):
        page.goto(server.url.split("?")[0].rstrip("/") + path)
        assert no_horizontal_scroll(page), path
    page.goto(server.url.split("?")[0].rstrip("/") + "/analyze")
    page.set_input_files("#data-file", str(EXAMPLE))
    page.get_by_role("button", name="Upload and draft the instrument").click()
    page.locator("#instrument-heading").wait_for()
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "analyze-instrument-zoom200.png"), full_page=True)


def test_audit_the_rivers_state_paper(browser: Any, server: Any) -> None:
    for width in WIDTHS:
        page = open_page(browser, server, "/audit", width=width)
        shoot(page, "audit-empty")
        page.set_input_files("#audit-file", str(RIVERS))
        page.get_by_role("button", name="Audit the file").click()
        page.locator("#audit-heading").wait_for()
        frame = page.frame_locator("iframe.report")
        frame.locator("body").wait_for()
        text = frame.locator("body").inner_text()
        assert "3.215" in text  # the SD no 4-point data can have
        shoot(page, "audit-rivers-state")
        assert no_horizontal_scroll(page)
        assert not page.console_errors  # type: ignore[attr-defined]


def test_audit_typed_rows(browser: Any, server: Any) -> None:
    page = open_page(browser, server, "/audit")
    page.get_by_label("Label of row 1", exact=True).fill("Item 1")
    page.get_by_label("N of row 1", exact=True).fill("10")
    page.get_by_label("Mean of row 1", exact=True).fill("2.35")  # GRIM: no 10 whole numbers average 2.35
    page.get_by_label("SD of row 1", exact=True).fill("0.80")
    page.get_by_label("Scale min of row 1", exact=True).fill("1")
    page.get_by_label("Scale max of row 1", exact=True).fill("4")
    page.get_by_role("button", name="Add rows").click()
    assert page.get_by_label("Label of row 6", exact=True).is_visible()
    page.get_by_role("button", name="Audit the rows").click()
    page.locator("#audit-heading").wait_for()
    status = page.locator("#audit-heading + p").inner_text()
    assert re.search(r"[1-9]\d* impossible", status), status
    shoot(page, "audit-typed")


@pytest.mark.parametrize("study", ["rivers-state", "mardan"])
def test_replicate_a_shipped_paper(browser: Any, server: Any, study: str, tmp_path: Path) -> None:
    for width in WIDTHS:
        page = open_page(browser, server, "/replicate", width=width)
        shoot(page, "replicate-list")
        page.get_by_role("button", name=f"Replicate {study}").click()
        page.locator("#replicate-heading").wait_for()
        summary = page.locator("#replicate-heading + p").inner_text()
        assert "reproduced" in summary
        frames = page.locator("iframe.report")
        assert frames.count() == 2
        for i in range(2):
            page.frame_locator("iframe.report").nth(i).locator("body").wait_for()
        audit_text = page.frame_locator("iframe.report").nth(1).locator("body").inner_text()
        assert "finding" in audit_text.lower()
        shoot(page, f"replicate-{study}")
        assert no_horizontal_scroll(page)
    with page.expect_download() as dl:
        page.get_by_role("link", name="Reconstructed data (SYNTHETIC, .csv)").click()
    target = tmp_path / "data.csv"
    dl.value.save_as(target)
    expected = next(ROOT.glob(f"data/reconstructed/{study.replace('-', '_')}_synthetic.csv"))
    assert target.read_bytes() == expected.read_bytes()
