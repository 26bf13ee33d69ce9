"""Uploads in every format the library reads: exports, Excel, SPSS .sav."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clirun import run_cli

from .conftest import form_fields
from .test_analyze import upload, wait

EXAMPLE = Path("data/examples/example_4point.csv")
SAV = Path("tests/fixtures/sav/survey.sav")
QUALTRICS = (
    "StartDate,EndDate,ResponseId,Q1_1,Q1_2,Q1_3,Q2\n"
    '"Start Date","End Date","Response ID","How much do you agree? - Badges show my skills",'
    '"How much do you agree? - Badges help my career","How much do you agree? - I trust badges",'
    '"Gender"\n'
    '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""_recordId""}",'
    '"{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}","{""ImportId"":""QID1_3""}",'
    '"{""ImportId"":""QID2""}"\n'
    "2024-03-01 10:00:00,2024-03-01 10:04:00,R_1,Strongly agree,Agree,Neither agree nor disagree,Female\n"
    "2024-03-01 11:00:00,2024-03-01 11:03:00,R_2,Disagree,Agree,Agree,Male\n"
    "2024-03-01 12:00:00,2024-03-01 12:09:00,R_3,Agree,Strongly agree,Strongly agree,Female\n"
    "2024-03-01 13:00:00,2024-03-01 13:02:00,R_4,Neither agree nor disagree,Disagree,Disagree,Male\n"
)


def test_a_qualtrics_export_drafts_with_the_wording(page: Any) -> None:
    job, text = upload(page, "qualtrics.csv", QUALTRICS.encode())
    shown = html.unescape(text)
    # Wording from the header rows: the question titles the scale, the statement is the item.
    assert "How much do you agree?" in shown and "Badges help my career" in shown
    fields = form_fields(text)
    assert fields["scale_points"] == "5"
    page.post(f"/analyze/{job}/run", data=fields)
    done = wait(page, job)
    assert "4 rows read = 4 analysed + 0 excluded." in done
    doc = page.client.get(f"/jobs/{job}/download/results.json").json()
    # Strongly agree 5, Disagree 2, Agree 4, Neither 3: mean 14 / 4 (hand calculation)
    assert doc["scales"]["Q1"]["item_statistics"]["Q1_1"]["mean"] == 3.5


def test_an_excel_file(page: Any) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in EXAMPLE.read_text().splitlines():
        ws.append([int(c) if c.isdigit() else (c or None) for c in line.split(",")])
    buf = io.BytesIO()
    wb.save(buf)
    job, text = upload(page, "survey.xlsx", buf.getvalue())
    page.post(f"/analyze/{job}/run", data=form_fields(text))
    assert "120 rows read = 119 analysed + 1 excluded." in wait(page, job)


@pytest.mark.skipif(not SAV.exists(), reason="no .sav fixture")
def test_an_spss_file(page: Any) -> None:
    job, text = upload(page, "survey.sav", SAV.read_bytes())
    fields = form_fields(text)
    page.post(f"/analyze/{job}/run", data=fields)
    done = wait(page, job)
    assert "rows read" in done and "analysed" in done, done


KOBO = Path("data/examples/kobo_export.csv")
KOBO_FORM = Path("data/examples/kobo_form.xlsx")


def test_a_kobo_export_with_its_xlsform_drafts_as_init_does(page: Any, tmp_path: Path) -> None:
    """A KoboToolbox export with 'XML values' holds choice names; without the form the page
    says to add it (as init asks for --form), with it the draft equals init --form."""

    import yaml

    r = page.post("/analyze/upload", files={"file": ("kobo.csv", KOBO.read_bytes(), "text/csv")})
    assert "KoboToolbox" in r.text and "choose its form" in r.text
    assert "no column looks like a Likert item" in r.text and "--form" not in r.text
    odk = Path("data/examples/odk_central_export.csv")
    r = page.post("/analyze/upload", files={"file": ("odk.csv", odk.read_bytes(), "text/csv")})
    assert "KoboToolbox or ODK export" in r.text and "choose its form" in r.text
    r = page.post(
        "/analyze/upload",
        files={
            "file": ("kobo.csv", KOBO.read_bytes(), "text/csv"),
            "xlsform": ("kobo_form.xlsx", KOBO_FORM.read_bytes(), "application/octet-stream"),
        },
    )
    assert r.status_code == 200 and 'id="instrument-heading"' in r.text, r.text
    job = r.text.split("/analyze/")[1].split("/")[0]
    fields = form_fields(r.text)
    page.post(f"/analyze/{job}/run", data=fields)
    assert "40 rows read = 40 analysed + 0 excluded." in wait(page, job)
    page_doc = yaml.safe_load(page.client.get(f"/jobs/{job}/download/instrument.yaml").text)
    target = tmp_path / "init.yaml"
    proc = run_cli("init", str(KOBO), "--form", str(KOBO_FORM), "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    init_doc = yaml.safe_load(target.read_text())
    assert page_doc["scales"] == init_doc["scales"]
    assert page_doc["responses"] == init_doc["responses"]
    r = page.post(
        "/analyze/upload",
        files={
            "file": ("kobo.csv", KOBO.read_bytes(), "text/csv"),
            "xlsform": ("form.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert "form.exe: expected one of .xlsx" in html.unescape(r.text)
