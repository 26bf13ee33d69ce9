"""Word (.docx) report through python-docx, with APA 7 tables.

APA 7 tables: the table number in bold, the title in italics on the next line, horizontal
rules only (above and below the column heads and below the last row), consistent
decimals, no leading zero for values that cannot exceed 1 (alpha, p, r), exact p down to
p < .001. Numbers come from results.json only; this module formats, it does not compute.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mcstats.report.reliability_table import n_range, reliability_rows
from mcstats.report.render import fmt, fmt_p

if TYPE_CHECKING:
    from mcstats.report.charts import Chart


class _Tables:
    """Numbers tables in order and applies the APA layout."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.count = 0

    def add(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]], note: str = "") -> Any:
        from docx.shared import Pt

        self.count += 1
        p = self.document.add_paragraph()
        p.add_run(f"Table {self.count}").bold = True
        p.paragraph_format.space_after = Pt(0)
        t = self.document.add_paragraph()
        t.add_run(title).italic = True
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        for j, text in enumerate(header):
            table.cell(0, j).text = text
        for i, row in enumerate(rows, start=1):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        _apa_rules(table)
        if note:
            n = self.document.add_paragraph()
            n.add_run("Note. ").italic = True
            n.add_run(note)
        return table


def _border(cell: Any, edge: str, size: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    el = OxmlElement(f"w:{edge}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:color"), "000000")
    borders.append(el)


def _apa_rules(table: Any) -> None:
    """Horizontal rules only: above and below the heads, below the last row."""
    rows = table.rows
    for cell in rows[0].cells:
        _border(cell, "top", 8)
        _border(cell, "bottom", 4)
    for cell in rows[-1].cells:
        _border(cell, "bottom", 8)


def render_docx(doc: dict[str, Any], charts: Sequence[Chart] = ()) -> bytes:
    """The Word report of a results.json document, as bytes of a .docx file."""
    from docx import Document
    from docx.shared import Inches

    d = Document()
    d.core_properties.author = "mcstats"
    d.core_properties.title = f"Survey analysis: {doc['input']['path']}"
    d.add_heading(f"Survey analysis: {doc['input']['path']}", level=1)
    inp = doc["input"]
    d.add_paragraph(
        f"{inp['n_rows']} rows read = {inp['n_analysed']} analysed + {inp['n_excluded']} excluded"
        + (f"; {inp['n_invalid_cells']} invalid cell(s) treated as missing" if inp["n_invalid_cells"] else "")
        + f". mcstats {doc['mcstats_version']}; {doc['instrument']['scale_points']}-point scale."
    )
    d.add_paragraph(f"Cut-off rule: {doc['cutoffs']['description']}")
    for k, v in doc["missing_rules"].items():
        d.add_paragraph(f"{k.replace('_', ' ')}: {v}", style="List Bullet")
    tables = _Tables(d)
    by_name = {c.name: c for c in charts}
    from mcstats.report.charts import safe_name

    for sid, s in doc["scales"].items():
        d.add_heading(s["title"], level=2)
        rows = []
        for i, (col, it) in enumerate(s["item_statistics"].items(), start=1):
            text = (it["text"] or col) + (" (reverse-keyed)" if it["reverse"] else "")
            rows.append(
                [str(i), text, str(it["n"]), fmt(it["mean"], 2), fmt(it["sd"], 2), it["remark"] or "—"]
            )
        gm = s["grand_mean"]
        rows.append(
            [
                "",
                "Grand mean (mean of item means)",
                "",
                fmt(gm["mean_of_item_means"], 2),
                "",
                gm["remark"] or "—",
            ]
        )
        rows.append(
            [
                "",
                f"Grand mean (mean of respondents' means, N = {gm['n_respondents']})",
                "",
                fmt(gm["mean_of_respondent_means"], 2),
                "",
                gm["remark_of_respondent_means"] or "—",
            ]
        )
        tables.add(f"Item Statistics for {s['title']}", ["S/N", "Item", "N", "M", "SD", "Remark"], rows)
        rel = s["reliability"]
        if rel:
            tables.add(
                f"Reliability of {s['title']}",
                [
                    "Cronbach's α",
                    "Standardized α",
                    "95% CI (Feldt)",
                    "Mean inter-item r",
                    "N of cases",
                    "N of items",
                ],
                [
                    [
                        fmt(rel["alpha"], 2, leading_zero=False),
                        fmt(rel["alpha_standardized"], 2, leading_zero=False),
                        f"[{fmt(rel['alpha_ci95'][0], 2, leading_zero=False)}, "
                        f"{fmt(rel['alpha_ci95'][1], 2, leading_zero=False)}]",
                        fmt(rel["mean_inter_item_r"], 2, leading_zero=False),
                        n_range(rel.get("n_pairwise_min", rel["n"]), rel.get("n_pairwise_max", rel["n"])),
                        str(rel["n_items"]),
                    ]
                ],
                note=_reliability_note(rel),
            )
            coef_rows = []
            for row in reliability_rows(rel):
                ivs = row["intervals"] or [None]
                for j, iv in enumerate(ivs):
                    head = ["", "", ""]
                    if j == 0:
                        estimate = fmt(row["estimate"], 2, leading_zero=False)
                        head = [row["label"], estimate, n_range(row["n_min"], row["n_max"])]
                    tail = ["", "", ""]
                    if iv:
                        lo = fmt(iv["lower"], 2, leading_zero=False)
                        hi = fmt(iv["upper"], 2, leading_zero=False)
                        tail = [f"[{lo}, {hi}]", iv["method"], str(iv["n"])]
                    coef_rows.append(head + tail)
            tables.add(
                f"Reliability Coefficients and 95% Confidence Intervals for {s['title']}",
                ["Coefficient", "Estimate", "N of cases", "95% CI", "CI method", "N of cases (CI)"],
                coef_rows,
                note=f"ω total: {rel.get('omega_estimator', '')}."
                + (
                    f" Bootstrap intervals: {rel['bootstrap']['n_boot']} resamples of "
                    f"{rel['bootstrap']['n_cases']} cases, seed {rel['bootstrap']['seed']}, percentiles."
                    if rel.get("bootstrap")
                    else ""
                ),
            )
            tables.add(
                f"Item-Total Statistics for {s['title']}",
                [
                    "Item",
                    "Scale M if item deleted",
                    "Scale variance if item deleted",
                    "Corrected item-total r",
                    "Squared multiple correlation",
                    "α if item deleted",
                    "ω if item deleted",
                    "N of cases",
                    "Check",
                ],
                [
                    [
                        col,
                        fmt(it["scale_mean_if_deleted"], 2),
                        fmt(it["scale_variance_if_deleted"], 2),
                        fmt(it["corrected_item_total_r"], 2, leading_zero=False),
                        fmt(it.get("smc"), 2, leading_zero=False),
                        fmt(it["alpha_if_deleted"], 2, leading_zero=False),
                        fmt(it.get("omega_if_deleted"), 2, leading_zero=False),
                        n_range(it.get("n_min"), it.get("n_max")),
                        "no variance"
                        if it.get("zero_variance")
                        else ("negative r: reverse-keyed?" if it.get("negative_item_total") else ""),
                    ]
                    for col, it in rel["items"].items()
                ],
                note="; ".join(rel.get("diagnostics") or []),
            )
        else:
            d.add_paragraph(f"Reliability was not computed: {s['reliability_note']}")
        for name in (f"likert_{sid}", f"means_{sid}"):
            chart = by_name.get(safe_name(name))
            if chart is not None:
                d.add_picture(io.BytesIO(chart.png), width=Inches(6.3))
                d.add_paragraph().add_run(f"Figure: {chart.title}").italic = True
    if doc["ttests"]:
        d.add_heading("Tests of hypotheses", level=2)
    for t in doc["ttests"]:
        st, g1, g2 = t["student"], t["groups"][0], t["groups"][1]
        decision = "Significant" if st["p"] is not None and st["p"] < t["alpha"] else "Not significant"
        tables.add(
            f"Independent-Samples t Test of the {t['score']} score of {t['scale']} by {t['group']}",
            ["Group", "N", "M", "SD", "df", "t-cal", "t-crit", "Sig.", "Decision"],
            [
                [
                    g1["level"],
                    str(g1["n"]),
                    fmt(g1["mean"], 2),
                    fmt(g1["sd"], 2),
                    fmt(st["df"], 0),
                    fmt(st["t"], 2),
                    fmt(st["t_critical"], 2),
                    fmt_p(st["p"]),
                    decision,
                ],
                [g2["level"], str(g2["n"]), fmt(g2["mean"], 2), fmt(g2["sd"], 2), "", "", "", "", ""],
            ],
            note=(
                f"Welch: t = {fmt(t['welch']['t'], 2)}, df = {fmt(t['welch']['df'], 2)}, "
                f"p = {fmt_p(t['welch']['p'])}. Levene (mean-centred): F({t['levene']['df1']}, "
                f"{t['levene']['df2']}) = {fmt(t['levene']['F'], 2)}, p = {fmt_p(t['levene']['p'])}. "
                f"Cohen's d = {fmt(t['cohen_d'], 2)}; Hedges' g = {fmt(t['hedges_g'], 2)}."
            ),
        )
    d.add_heading("Frequencies", level=2)
    for col, fr in doc["frequencies"].items():
        rows = [
            [
                str(r["value"]),
                str(r["label"]),
                str(r["frequency"]),
                fmt(r["percent"], 1),
                fmt(r["valid_percent"], 1),
                fmt(r["cumulative_percent"], 1),
            ]
            for r in fr["rows"]
        ]
        total = fr["total"]
        rows.append(
            [
                "Missing",
                "",
                str(fr["missing"]),
                fmt(100.0 * fr["missing"] / total if total else None, 1),
                "",
                "",
            ]
        )
        rows.append(["Total", "", str(total), fmt(100.0 if total else None, 1), "", ""])
        title = col + (f": {fr['title']}" if fr.get("title") and fr["title"] != col else "")
        tables.add(
            title, ["Value", "Label", "Frequency", "Percent", "Valid percent", "Cumulative percent"], rows
        )
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _reliability_note(rel: dict[str, Any]) -> str:
    """The missing-data rule behind a reliability table, in words."""
    if rel.get("missing_rule") == "pairwise":
        text = (
            "Pairwise deletion: each covariance uses the cases that answered both items "
            f"(N = {n_range(rel.get('n_pairwise_min'), rel.get('n_pairwise_max'))}); the Feldt and "
            f"Duhachek-Iacobucci intervals use the smallest N, {rel['n']}."
        )
        if rel.get("n_excluded"):
            text += f" {rel['n_excluded']} case(s) answered no item of the scale."
        return text
    if rel.get("n_excluded"):
        return f"{rel['n_excluded']} case(s) with a missing item were left out (listwise within the scale)."
    return ""


def render_comparison_docx(comparison: dict[str, Any]) -> bytes:
    """A Word document of a replication: per published table, every printed number beside
    its recomputed value and status (from comparison.json; nothing is computed here)."""
    from docx import Document

    d = Document()
    study = comparison.get("study", {})
    d.core_properties.author = "mcstats"
    d.add_heading(f"Replication: {study.get('title', '')}", level=1)
    d.add_paragraph(str(comparison.get("notice", "")))
    counts = comparison.get("counts", {})
    d.add_paragraph("; ".join(f"{k}: {v}" for k, v in counts.items()))
    tables = _Tables(d)
    by_table: dict[str, list[dict[str, Any]]] = {}
    for row in comparison.get("rows", []):
        by_table.setdefault(str(row["table"]), []).append(row)
    for title, rows in by_table.items():
        tables.add(
            f"{title}: published and recomputed",
            ["Row", "Statistic", "Published", "Recomputed", "Status", "Reason"],
            [
                [
                    str(r["row"]),
                    str(r["statistic"]),
                    str(r["published"] if r["published"] is not None else "—"),
                    str(
                        r.get("recomputed_text") or (r["recomputed"] if r["recomputed"] is not None else "—")
                    ),
                    str(r["status"]),
                    str(r.get("reason") or ""),
                ]
                for r in rows
            ],
        )
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
