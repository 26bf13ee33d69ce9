"""Print a results.json document to the terminal with rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from mcstats.report.reliability_table import n_range, reliability_rows
from mcstats.report.render import fmt, fmt_p


def print_analysis(
    doc: dict[str, Any], *, quiet: bool = False, verbose: bool = False, console: Console | None = None
) -> None:
    """Validation summary, item statistics, reliability and t-tests of an analysis.

    ``quiet`` prints the row accounting and warnings only; ``verbose`` also lists every
    excluded row and invalid cell, the missing-data rules and the frequency tables.
    """
    # markup=False: item wording, labels and levels come from data and instruments, and a
    # text such as "[/b]" must be printed as it is, not read as rich markup.
    con = console or Console(highlight=False, markup=False)
    inp = doc["input"]
    summary = (
        f"{inp['path']}: {inp['n_rows']} rows read = {inp['n_analysed']} analysed + "
        f"{inp['n_excluded']} excluded"
    )
    if inp["n_invalid_cells"]:
        summary += f"; {inp['n_invalid_cells']} invalid cell(s) treated as missing"
    con.print(summary, markup=False)
    for w in doc["warnings"]:
        con.print(f"warning: {w}", markup=False, style="yellow")
    if quiet:
        return
    shown = None if verbose else 20
    for e in inp["excluded"][:shown]:
        con.print(f"  excluded row {e['row']}: {e['reason']}", markup=False)
    if shown is not None and len(inp["excluded"]) > shown:
        con.print(
            f"  ... and {len(inp['excluded']) - shown} more (see results.json or --verbose)", markup=False
        )
    for c in inp["invalid_cells"][:shown]:
        con.print(
            f"  invalid cell row {c['row']}, column {c['column']!r}: {c['value']!r} ({c['reason']})",
            markup=False,
        )
    if shown is not None and len(inp["invalid_cells"]) > shown:
        con.print(f"  ... and {inp['n_invalid_cells'] - shown} more invalid cells (--verbose)", markup=False)
    if verbose:
        con.print(
            f"Instrument: {doc['instrument'].get('name') or doc['instrument'].get('path')}", markup=False
        )
        for k, v in doc["missing_rules"].items():
            con.print(f"Missing data, {k.replace('_', ' ')}: {v}", markup=False)
    con.print(f"Cut-offs: {doc['cutoffs']['description']}", markup=False)
    for sid, s in doc["scales"].items():
        t = Table(title=f"{s['title']} ({sid})", title_justify="left")
        for name, just in [
            ("S/N", "right"),
            ("Item", "left"),
            ("N", "right"),
            ("Mean", "right"),
            ("SD", "right"),
            ("Remark", "left"),
        ]:
            t.add_column(name, justify=just)  # type: ignore[arg-type]
        for i, (col, it) in enumerate(s["item_statistics"].items(), start=1):
            label = it["text"] or col
            if it["reverse"]:
                label += " (reverse-keyed)"
            t.add_row(str(i), label, str(it["n"]), fmt(it["mean"], 3), fmt(it["sd"], 3), it["remark"] or "—")
        gm = s["grand_mean"]
        t.add_row(
            "", "Grand mean (mean of item means)", "", fmt(gm["mean_of_item_means"]), "", gm["remark"] or "—"
        )
        t.add_row(
            "",
            f"Grand mean (respondents' means, N = {gm['n_respondents']})",
            "",
            fmt(gm["mean_of_respondent_means"]),
            "",
            gm["remark_of_respondent_means"] or "—",
        )
        con.print(t)
        rel = s["reliability"]
        if rel:
            rule = rel.get("missing_rule", "listwise")
            n_text = n_range(rel.get("n_pairwise_min", rel["n"]), rel.get("n_pairwise_max", rel["n"]))
            r_t = Table(
                title=f"Reliability ({rel['n_items']} items, {rule} deletion, N = {n_text}; "
                f"mean inter-item r = {fmt(rel['mean_inter_item_r'], 3)})",
                title_justify="left",
            )
            for name in ("Coefficient", "Estimate", "N", "95% CI", "CI method", "N (CI)"):
                r_t.add_column(name, justify="left" if name in ("Coefficient", "CI method") else "right")
            for row in reliability_rows(rel):
                for j, iv in enumerate(row["intervals"] or [None]):
                    head = (
                        [row["label"], fmt(row["estimate"], 3), n_range(row["n_min"], row["n_max"])]
                        if j == 0
                        else ["", "", ""]
                    )
                    tail = (
                        [f"[{fmt(iv['lower'], 3)}, {fmt(iv['upper'], 3)}]", iv["method"], str(iv["n"])]
                        if iv
                        else ["", "", ""]
                    )
                    r_t.add_row(*head, *tail)
            con.print(r_t)
            if rel.get("bootstrap"):
                b = rel["bootstrap"]
                text = f"Bootstrap: {b['n_boot']} resamples of {b['n_cases']} cases, seed {b['seed']}."
                con.print(text, markup=False)
            it_t = Table(title="Item-total statistics", title_justify="left")
            for name in (
                "Item",
                "Scale mean if deleted",
                "Scale variance if deleted",
                "Corrected item-total r",
                "SMC",
                "Alpha if deleted",
                "Omega if deleted",
                "N",
                "Check",
            ):
                it_t.add_column(name, justify="left" if name in ("Item", "Check") else "right")
            for col, row in rel["items"].items():
                check = (
                    "no variance"
                    if row.get("zero_variance")
                    else ("negative r" if row.get("negative_item_total") else "")
                )
                it_t.add_row(
                    col,
                    fmt(row["scale_mean_if_deleted"], 3),
                    fmt(row["scale_variance_if_deleted"], 3),
                    fmt(row["corrected_item_total_r"], 3),
                    fmt(row.get("smc"), 3),
                    fmt(row["alpha_if_deleted"], 3),
                    fmt(row.get("omega_if_deleted"), 3),
                    n_range(row.get("n_min", rel["n"]), row.get("n_max", rel["n"])),
                    check,
                )
            con.print(it_t)
        else:
            con.print(f"Reliability not computed: {s['reliability_note']}", markup=False)
    for tt in doc["ttests"]:
        t = Table(
            title=f"t-test: {tt['score']} score of {tt['scale']} by {tt['group']}", title_justify="left"
        )
        for name in ("Group", "N", "Mean", "SD", "df", "t", "t-crit", "Sig.", "Decision"):
            t.add_column(name, justify="left" if name in ("Group", "Decision") else "right")
        st = tt["student"]
        g1, g2 = tt["groups"]
        sig = "Significant" if st["p"] is not None and st["p"] < tt["alpha"] else "Not significant"
        t.add_row(
            g1["level"],
            str(g1["n"]),
            fmt(g1["mean"]),
            fmt(g1["sd"]),
            fmt(st["df"], 0),
            fmt(st["t"]),
            fmt(st["t_critical"]),
            fmt_p(st["p"]),
            sig,
        )
        t.add_row(g2["level"], str(g2["n"]), fmt(g2["mean"]), fmt(g2["sd"]), "", "", "", "", "")
        con.print(t)
        w, lv = tt["welch"], tt["levene"]
        con.print(
            f"Welch: t = {fmt(w['t'], 3)}, df = {fmt(w['df'], 2)}, p = {fmt_p(w['p'])}. "
            f"Levene (mean-centred): F({lv['df1']}, {lv['df2']}) = {fmt(lv['F'], 3)}, p = {fmt_p(lv['p'])}. "
            f"Cohen's d = {fmt(tt['cohen_d'], 3)}, Hedges' g = {fmt(tt['hedges_g'], 3)}.",
            markup=False,
        )
        con.print(tt["decision"], markup=False)
    if verbose:
        for col, fr in doc["frequencies"].items():
            ft = Table(title=f"Frequencies: {col}", title_justify="left")
            for name in ("Value", "Label", "Frequency", "Percent", "Valid percent", "Cumulative percent"):
                ft.add_column(name, justify="left" if name in ("Value", "Label") else "right")
            for r in fr["rows"]:
                ft.add_row(
                    str(r["value"]),
                    str(r["label"]),
                    str(r["frequency"]),
                    fmt(r["percent"], 1),
                    fmt(r["valid_percent"], 1),
                    fmt(r["cumulative_percent"], 1),
                )
            ft.add_row("Missing", "", str(fr["missing"]), "", "", "")
            ft.add_row("Total", "", str(fr["total"]), "", "", "")
            con.print(ft)
