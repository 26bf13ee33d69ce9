"""Tables of the group comparisons beyond the t-test (issue 16), in the one table model.

Registered into :data:`mcstats.report.tables.TABLES` (section "tests"), so every format
(terminal, Markdown, HTML, Word, Excel, CSV) draws them:

============== ======= ==============================================================
name           default what it shows
============== ======= ==============================================================
anova          yes     per one-way ANOVA: group N, M, SD, SE, 95% CI, and the ANOVA
                       table, with Levene (mean and median), Welch, Brown-Forsythe,
                       eta and omega squared in the notes
posthoc        yes     per one-way ANOVA: Tukey HSD, Games-Howell and Scheffé pairs
rank-tests     yes     per rank test: mean ranks, Mann-Whitney U or Kruskal-Wallis H;
                       for three or more levels a table of Dunn's pairs (Holm)
item-tests     yes     per scale and group (--item-tests): each item's t or F, the papers'
                       layout, the scale score last
crosstabs      yes     per --crosstab: counts (row %), expected counts, chi-square, V
correlations   yes     --correlations: M, SD and Pearson r of the scale scores (APA)
item-          yes     --item-correlations: per scale, each item's n, M, SD; Pearson r
correlations           below the diagonal, Spearman rho above
============== ======= ==============================================================

Nothing here computes a statistic: every value comes from results.json.
"""

from __future__ import annotations

import math
from typing import Any

from mcstats.report.render import fmt, fmt_p_is
from mcstats.report.tables import (
    EMPTY,
    Column,
    Context,
    Row,
    Table,
    Text,
    _ci_columns,
    _row,
    _table,
    apa,
    integer,
    number,
    p_value,
    plain,
    register,
    text,
)


def _subject(ctx: Context, a: dict[str, Any]) -> str:
    return (
        f"{a['score'].capitalize()} Score of {ctx.scale_title(a['scale'])} by {ctx.group_title(a['group'])}"
    )


def _missing(v: Any) -> bool:
    """True for a value results.json leaves undefined (null, or a NaN read back)."""
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def _sentence(note: str) -> str:
    """A library note (lower-case start, no full stop) as a sentence of a table note."""
    note = note.strip()
    if not note:
        return note
    return note[0].upper() + note[1:] + ("" if note.endswith(".") else ".")


def _f(label: str, r: dict[str, Any], d: int, df2_decimals: int) -> Text:
    return (
        plain(f"{label}: ")
        + apa("*F*(")
        + plain(f"{fmt(r['df1'], 0)}, {fmt(r['df2'], df2_decimals)}) = {fmt(r['F'], d)}, ")
        + apa("*p* ")
        + plain(f"{fmt_p_is(r['p'])}.")
    )


def _anova_decision(a: dict[str, Any], d: int) -> Text:
    """The decision on equal means in APA form (results.json keeps the program's sentence)."""
    t = a["table"]
    significant = not _missing(t["p"]) and t["p"] < a["alpha"]
    return (
        apa("At α = ")
        + plain(
            fmt(a["alpha"], 2, leading_zero=False)
            + (
                " the group means differ significantly, "
                if significant
                else " the group means do not differ significantly, "
            )
        )
        + apa("*F*(")
        + plain(f"{t['df_between']}, {t['df_within']}) = {fmt(t['F'], d)}, ")
        + apa("*p* ")
        + plain(
            fmt_p_is(t["p"])
            + "; the null hypothesis of equal means is "
            + ("rejected." if significant else "retained.")
        )
    )


@register(
    "anova",
    "per one-way ANOVA: group N, M, SD, SE, 95% CI and the ANOVA table",
    section="tests",
    default=True,
)
def _anova(ctx: Context) -> list[Table]:
    out = []
    d, dm = ctx.d, ctx.dm
    for i, a in enumerate(ctx.doc.get("anova", []), start=1):
        rows: list[Row] = []
        for g in a["groups"]:
            lo, hi = g["ci95"]
            rows.append(
                _row(
                    text(g["level"]),
                    integer(g["n"]),
                    number(g["mean"], dm),
                    number(g["sd"], dm),
                    number(g["se"], dm),
                    number(lo, dm),
                    number(hi, dm),
                )
            )
        out.append(
            _table(
                ctx,
                "anova",
                f"anova_groups_{i}",
                plain(f"Descriptive Statistics of the {_subject(ctx, a)}"),
                [
                    Column("level", apa("Group"), "left", wording=True),
                    Column("n", apa("*n*")),
                    Column("mean", apa("*M*")),
                    Column("sd", apa("*SD*")),
                    Column("se", apa("*SE*")),
                    *_ci_columns(),
                ],
                rows,
            )
        )
        t = a["table"]
        # --style papers: the field's F-cal, F-crit, Sig. and a decision, as its t-test table.
        papers = ctx.options.style == "papers" and not _missing(a.get("F_critical"))
        significant = not _missing(t["p"]) and t["p"] < a["alpha"]
        extra = [number(a.get("F_critical"), d)] if papers else []
        table_rows = [
            _row(
                text("Between groups"),
                number(t["ss_between"], d),
                integer(t["df_between"]),
                number(t["ms_between"], d),
                number(t["F"], d),
                *extra,
                p_value(t["p"]),
                *([text("Significant" if significant else "Not significant")] if papers else []),
            ),
            _row(
                text("Within groups"),
                number(t["ss_within"], d),
                integer(t["df_within"]),
                number(t["ms_within"], d),
                EMPTY,
                *([EMPTY] if papers else []),
                EMPTY,
                *([EMPTY] if papers else []),
            ),
            _row(
                text("Total"),
                number(t["ss_total"], d),
                integer(t["df_total"]),
                EMPTY,
                EMPTY,
                *([EMPTY] if papers else []),
                EMPTY,
                *([EMPTY] if papers else []),
                total=True,
            ),
        ]
        lo, hi = a["eta_squared_ci95"]
        lm, lmed = a["levene_mean"], a["levene_median"]
        notes: list[Text] = [
            apa("η² = ")
            + plain(f"{fmt(a['eta_squared'], d, leading_zero=False)} (95% CI ")
            + plain(f"[{fmt(lo, d, leading_zero=False)}, {fmt(hi, d, leading_zero=False)}]), ")
            + apa("ω² = ")
            + plain(f"{fmt(a['omega_squared'], d, leading_zero=False)}. ")
            + _f("Levene's test (mean)", lm, d, 0)
            + plain(" ")
            + _f("Levene's test (median)", lmed, d, 0),
        ]
        robust = [
            _f(label, r, d, d)
            for label, r in (("Welch's ANOVA", a["welch"]), ("Brown-Forsythe", a["brown_forsythe"]))
            if not _missing(r["F"])  # not computed: a["notes"] says why
        ]
        if robust:
            notes.append(robust[0] + plain(" ") + robust[1] if len(robust) == 2 else robust[0])
        notes.append(_anova_decision(a, d))
        missing = []
        if a.get("n_missing_score"):
            missing.append(f"{a['n_missing_score']} without a complete score")
        if a.get("n_missing_group"):
            missing.append(f"{a['n_missing_group']} without a group value")
        if missing:
            notes.append(apa("*N* used = ") + plain(f"{a['n_used']}; " + "; ".join(missing) + "."))
        notes += [plain(_sentence(n)) for n in a.get("notes", [])]
        out.append(
            _table(
                ctx,
                "anova",
                f"anova_{i}",
                plain(f"One-Way ANOVA of the {_subject(ctx, a)}"),
                [
                    Column("source", apa("Source"), "left", wording=True),
                    Column("ss", apa("*SS*")),
                    Column("df", apa("*df*")),
                    Column("ms", apa("*MS*")),
                    *(
                        [Column("F", apa("*F*-cal")), Column("F_critical", apa("*F*-crit"))]
                        if papers
                        else [Column("F", apa("*F*"))]
                    ),
                    Column("p", apa("Sig." if papers else "*p*")),
                    *([Column("decision", apa("Decision"), "left")] if papers else []),
                ],
                table_rows,
                notes,
            )
        )
    return out


POSTHOC_LABELS = (("tukey", "Tukey HSD"), ("games_howell", "Games-Howell"), ("scheffe", "Scheffé"))


@register(
    "posthoc", "per one-way ANOVA: Tukey HSD, Games-Howell and Scheffé pairs", section="tests", default=True
)
def _posthoc(ctx: Context) -> list[Table]:
    out = []
    d = ctx.d
    for i, a in enumerate(ctx.doc.get("anova", []), start=1):
        rows: list[Row] = []
        for key, label in POSTHOC_LABELS:
            for j, c in enumerate(a.get(key) or []):
                lo, hi = c["ci"]
                rows.append(
                    _row(
                        text(label if j == 0 else ""),
                        text(c["level_i"]),
                        text(c["level_j"]),
                        number(c["mean_difference"], d),
                        number(c["se"], d),
                        p_value(c["p"]),
                        number(lo, d),
                        number(hi, d),
                    )
                )
        if not rows:
            continue
        notes = [
            plain(
                f"Mean difference I - J with simultaneous {fmt(100 * (1 - a['alpha']), 0)}% "
                "confidence limits. "
                "Tukey HSD (Tukey-Kramer for unequal n) and Scheffé use the pooled SE; Games-Howell "
                "the Welch SE and df of each pair."
            )
        ]
        out.append(
            _table(
                ctx,
                "posthoc",
                f"posthoc_{i}",
                plain(f"Post Hoc Comparisons of the {_subject(ctx, a)}"),
                [
                    Column("test", apa("Test"), "left"),
                    Column("level_i", apa("(I)"), "left", wording=True),
                    Column("level_j", apa("(J)"), "left"),
                    Column("mean_difference", apa("*M* difference")),
                    Column("se", apa("*SE*")),
                    Column("p", apa("*p*")),
                    *_ci_columns(),
                ],
                rows,
                notes,
            )
        )
    return out


@register(
    "rank-tests",
    "per rank test: mean ranks, Mann-Whitney U or Kruskal-Wallis H, Dunn's pairs",
    section="tests",
    default=True,
)
def _rank_tests(ctx: Context) -> list[Table]:
    out = []
    d = ctx.d
    for i, r in enumerate(ctx.doc.get("rank_tests", []), start=1):
        kw, mw = r["kruskal_wallis"], r["mann_whitney"]
        rows = [
            _row(text(g["level"]), integer(g["n"]), number(g["mean_rank"], d), number(g["rank_sum"], d))
            for g in kw["groups"]
        ]
        notes: list[Text] = []
        if mw is not None:
            notes.append(
                plain("Mann-Whitney ")
                + apa("*U* = ")
                + plain(f"{fmt(mw['U'], d)}, ")
                + apa("*z* = ")
                + plain(f"{fmt(mw['z'], d)}, ")
                + apa("*p* ")
                + plain(f"{fmt_p_is(mw['p'])} ({mw['p_method']}; without continuity correction ")
                + apa("*p* ")
                + plain(f"{fmt_p_is(mw['p_asymptotic'])}), rank-biserial ")
                + apa("*r* = ")
                + plain(f"{fmt(mw['rank_biserial'], d)}.")
            )
        notes.append(
            plain("Kruskal-Wallis ")
            + apa("*H*(")
            + plain(f"{kw['df']}) = {fmt(kw['H'], d)}, ")
            + apa("*p* ")
            + plain(f"{fmt_p_is(kw['p'])}, ")
            + apa("ε² = ")
            + plain(f"{fmt(kw['epsilon_squared'], d, leading_zero=False)}; ties corrected.")
        )
        dunn = kw["dunn"] if len(kw["dunn"]) > 1 else []
        if dunn:
            notes.append(plain("Dunn's pairwise comparisons follow in the next table."))
        out.append(
            _table(
                ctx,
                "rank-tests",
                f"rank_tests_{i}",
                plain(f"Rank Tests of the {_subject(ctx, r)}"),
                [
                    Column("level", apa("Group"), "left", wording=True),
                    Column("n", apa("*n*")),
                    Column("mean_rank", apa("Mean rank")),
                    Column("rank_sum", apa("Sum of ranks")),
                ],
                rows,
                notes,
            )
        )
        if dunn:
            out.append(
                _table(
                    ctx,
                    "rank-tests",
                    f"dunn_{i}",
                    plain(f"Dunn's Pairwise Comparisons of the {_subject(ctx, r)}"),
                    [
                        Column("level_i", apa("(I)"), "left", wording=True),
                        Column("level_j", apa("(J)"), "left"),
                        Column("z", apa("*z*")),
                        Column("p", apa("*p*")),
                        Column("p_holm", apa("*p* (Holm)")),
                    ],
                    [
                        _row(
                            text(c["level_i"]),
                            text(c["level_j"]),
                            number(c["z"], d),
                            p_value(c["p"]),
                            p_value(c["p_holm"]),
                        )
                        for c in dunn
                    ],
                    [
                        apa(
                            "Dunn's tests on the mean ranks (ties corrected), *z* for I − J; *p* two-sided, "
                            "adjusted by Holm's method over the pairs."
                        )
                    ],
                )
            )
    return out


@register(
    "item-tests",
    "per scale and group (item tests): each item's group N, M, SD, t or F, df, p, critical value, decision",
    section="tests",
    default=True,
)
def _item_tests(ctx: Context) -> list[Table]:
    out = []
    d, dm = ctx.d, ctx.dm
    for i, r in enumerate(ctx.doc.get("item_tests", []), start=1):
        levels = list(r["levels"])
        rows_in = list(r["items"]) + ([r["scale_score"]] if r.get("scale_score") else [])
        two = bool(rows_in) and rows_in[0]["test"] == "t"
        columns = [Column("item", apa("Item"), "left", wording=True)]
        for lv in levels:
            columns += [
                Column(f"n_{lv}", apa("*n*"), group=plain(lv)),
                Column(f"mean_{lv}", apa("*M*"), group=plain(lv)),
                Column(f"sd_{lv}", apa("*SD*"), group=plain(lv)),
            ]
        stat = "t" if two else "F"
        adjust = {"holm": "Holm", "bonferroni": "Bonferroni", "bh": "Benjamini-Hochberg"}.get(r["p_adjust"])
        columns += [
            Column("statistic", apa(f"*{stat}*-cal")),
            Column("df", apa("*df*")),
            Column("p", apa(f"*p* ({'BH' if r['p_adjust'] == 'bh' else adjust})" if adjust else "*p*")),
            Column("critical", apa(f"*{stat}*-crit")),
            Column("decision", apa("Decision"), "left"),
        ]
        # --nonparametric: the rank test's p of each item beside the decision (the scale
        # score's from its rank test), as results.json has it.
        ranked = any(it.get("rank_p") is not None for it in r["items"])
        rank_name = "MW" if two else "KW"
        scale_rank_p = None
        for rt in ctx.doc.get("rank_tests", []):
            if rt["scale"] == r["scale"] and rt["group"] == r["group"] and list(rt["levels"]) == levels:
                test = rt["mann_whitney"] if two else rt["kruskal_wallis"]
                scale_rank_p = test["p"] if test else None
        if ranked:
            columns.append(Column("rank_p", apa(f"*p* ({rank_name})")))
        rows: list[Row] = []
        for k, it in enumerate(rows_in):
            last = k == len(rows_in) - 1 and r.get("scale_score") is not None
            label = (
                f"{ctx.scale_title(r['scale'])} (scale score)"
                if last
                else (ctx.short(it["item"]) + (" (R)" if it.get("reverse") else ""))
            )
            cells = [text(label)]
            for g in it["groups"]:
                cells += [integer(g["n"]), number(g["mean"], dm), number(g["sd"], dm)]
            df = it["df"]
            df_text = (
                fmt(df[0], 0 if it.get("decision_test") in (None, "student") else d)
                if two
                else f"{fmt(df[0], 0)}, {fmt(df[1], 0)}"
            )
            sig = it["significant"]
            decision = "—" if sig is None else ("Significant" if sig else "Not significant")
            cells += [
                number(it["statistic"], d),
                text(df_text),
                p_value(it["p_adjusted"] if not last else it["p"]),
                number(it["critical"], d),
                text(decision),
            ]
            if ranked:
                cells.append(p_value(scale_rank_p if last else it.get("rank_p")))
            rows.append(_row(*cells, total=last))
        notes: list[Text] = []
        if two:
            rule = r["decision_rule"]
            what = {
                "student": "Student's t (equal variances assumed)",
                "welch": "Welch's t (equal variances not assumed)",
                "levene": "Welch's t where Levene's p < .05, else Student's t",
            }[rule]
            notes.append(
                plain(f"t-tests per item (available answers); decision by {what}; ")
                + apa("*t*-crit ")
                + plain(f"two-sided at α = {fmt(r['alpha'], 2, leading_zero=False)}.")
            )
        else:
            notes.append(
                plain("One-way ANOVA per item (available answers); ")
                + apa("*F*-crit ")
                + plain(f"at α = {fmt(r['alpha'], 2, leading_zero=False)}.")
            )
        if adjust is None:
            notes.append(
                apa("*p* ")
                + plain("values are not adjusted for testing several items (as the papers report them).")
            )
        else:
            notes.append(
                plain("Item ")
                + apa("*p* ")
                + plain(
                    f"values adjusted over the {len(r['items'])} items ({adjust}); the decision uses "
                    f"them, so an item beyond the (unadjusted) {stat}-crit may still be not significant. "
                    "The scale score row is not adjusted."
                )
            )
        if ranked:
            notes.append(
                apa(f"*p* ({rank_name}): ")
                + plain(
                    "Mann-Whitney U test (exact for small groups without ties, else the normal "
                    "approximation with continuity correction), not adjusted."
                    if two
                    else "Kruskal-Wallis H test (chi-square approximation, ties corrected), not adjusted."
                )
            )
        # One sentence per distinct reason, naming the items it applies to.
        reasons: dict[str, list[str]] = {}
        for it in r["items"]:
            if it.get("note"):
                reasons.setdefault(str(it["note"]), []).append(ctx.short(it["item"]))
        notes += [plain(f"{', '.join(names)}: {_sentence(why)}") for why, names in reasons.items()]
        out.append(
            _table(
                ctx,
                "item-tests",
                f"item_tests_{i}",
                plain(
                    f"Item-by-Item Comparison of {ctx.scale_title(r['scale'])} "
                    f"by {ctx.group_title(r['group'])}"
                ),
                columns,
                rows,
                notes,
            )
        )
    return out


@register(
    "crosstabs",
    "per crosstab asked for: counts with row percents, expected counts, chi-square tests, Cramér's V",
    section="tests",
    default=True,
)
def _crosstabs(ctx: Context) -> list[Table]:
    out = []
    d = ctx.d
    for i, x in enumerate(ctx.doc.get("crosstabs", []), start=1):
        cols = list(x["column_levels"])
        head = ctx.group_title(x["column"])
        columns = [Column("row", apa(ctx.group_title(x["row"])), "left", wording=True)]
        for j, c in enumerate(cols):
            columns += [
                Column(f"n_{j}", apa("*n*"), group=plain(c)),
                Column(f"pct_{j}", plain("%"), group=plain(c)),
            ]
        columns.append(Column("total", apa("Total")))
        rows: list[Row] = []
        for lv, counts, pct, exp in zip(
            x["row_levels"], x["counts"], x["row_percent"], x["expected"], strict=True
        ):
            cells = [text(lv)]
            for c, p in zip(counts, pct, strict=True):
                cells += [integer(c), number(p, 1)]
            rows.append(_row(*cells, integer(sum(counts))))
            expected_cells = [text("  expected")]
            for e in exp:
                expected_cells += [number(e, d), EMPTY]
            rows.append(_row(*expected_cells, EMPTY))
        totals = [sum(r[j] for r in x["counts"]) for j in range(len(cols))]
        total_cells = [text("Total")]
        for t in totals:
            total_cells += [integer(t), EMPTY]
        rows.append(_row(*total_cells, integer(x["n"]), total=True))
        pe, lr = x["pearson"], x["likelihood_ratio"]
        note = (
            apa("Counts, row percents and expected counts. Pearson χ²(")
            + plain(f"{pe['df']}, N = {x['n']}) = {fmt(pe['statistic'], d)}, ")
            + apa("*p* ")
            + plain(f"{fmt_p_is(pe['p'])}; likelihood ratio ")
            + apa("*G*² = ")
            + plain(f"{fmt(lr['statistic'], d)}, ")
            + apa("*p* ")
            + plain(f"{fmt_p_is(lr['p'])}; Cramér's ")
            + apa("*V* = ")
            + plain(f"{fmt(x['cramers_v'], d, leading_zero=False)}.")
        )
        notes: list[Text] = [note]
        if x.get("fisher"):
            notes.append(
                plain("2 × 2 table: Yates-corrected ")
                + apa("χ² = ")
                + plain(f"{fmt(x['yates']['statistic'], d)}, ")
                + apa("*p* ")
                + plain(f"{fmt_p_is(x['yates']['p'])}; Fisher's exact ")
                + apa("*p* ")
                + plain(f"{fmt_p_is(x['fisher']['p'])} (two-sided); ")
                + apa("φ = ")
                + plain(f"{fmt(x['phi'], d)}.")
            )
        below = x["n_expected_below_5"]
        notes.append(
            plain(
                f"{below} of {x['n_cells']} cells ({fmt(100 * below / x['n_cells'], 1)}%) have an "
                "expected count below 5" + ("; the chi-square approximation may be poor." if below else ".")
            )
        )
        if x.get("note"):
            notes.append(plain(_sentence(str(x["note"]))))
        analysed = ctx.doc.get("input", {}).get("n_analysed")
        if isinstance(analysed, int) and analysed > x["n"]:
            notes.append(
                plain(
                    f"Left out: {analysed - x['n']} of the {analysed} respondents, without an answer "
                    f"to {ctx.group_title(x['row'])} or {head}."
                )
            )
        out.append(
            _table(
                ctx,
                "crosstabs",
                f"crosstab_{i}",
                plain(f"{ctx.group_title(x['row'])} by {ctx.group_title(x['column'])}"),
                columns,
                rows,
                notes,
            )
        )
    return out


@register(
    "correlations",
    "correlations of the scale scores: M, SD and the Pearson correlations (APA matrix)",
    section="tests",
    default=True,
)
def _correlations(ctx: Context) -> list[Table]:
    c = ctx.doc.get("correlations")
    if not c or len(c["variables"]) < 2:
        return []
    d, dm = ctx.d, ctx.dm
    names = list(c["variables"])
    pairs = {(p["x"], p["y"]): p for p in c["pairs"]}
    columns = [
        Column("variable", apa("Variable"), "left", wording=True),
        Column("n", apa("*n*")),
        Column("mean", apa("*M*")),
        Column("sd", apa("*SD*")),
    ]
    columns += [Column(f"r_{j}", plain(str(j + 1))) for j in range(len(names) - 1)]
    rows: list[Row] = []
    for i, v in enumerate(names):
        cells = [
            text(f"{i + 1}. {ctx.scale_title(v)}"),
            integer(c["n"][i]),
            number(c["mean"][i], dm),
            number(c["sd"][i], dm),
        ]
        for j in range(len(names) - 1):
            p = pairs.get((names[j], v)) if j < i else None
            cells.append(number(p["pearson"]["r"], d, leading_zero=False) if p else EMPTY)
        rows.append(_row(*cells))

    def r2(v: Any) -> str:
        return fmt(v, d, leading_zero=False)

    number_of = {v: i + 1 for i, v in enumerate(names)}
    ci = Text()
    for k, p in enumerate(c["pairs"]):
        lo, hi = p["pearson"]["ci95"]
        ci += (
            plain(("; " if k else "") + f"{number_of[p['x']]} and {number_of[p['y']]}: ")
            + apa("*r* = ")
            + plain(f"{r2(p['pearson']['r'])}, 95% CI [{r2(lo)}, {r2(hi)}], ")
            + apa("*p* ")
            + plain(f"{fmt_p_is(p['pearson']['p'])}, ")
            + apa("*N* = ")
            + plain(f"{p['n']}; Spearman's ")
            + apa("*ρ* = ")
            + plain(f"{r2(p['spearman']['rho'])}, ")
            + apa("*p* ")
            + plain(fmt_p_is(p["spearman"]["p"]))
        )
    notes = [
        apa(
            f"{c['score'].capitalize()} scores over complete cases; each *r* over the respondents "
            "with both scores. Spearman's *p* as R's cor.test: AS 89 without ties, else the *t* "
            "approximation."
        ),
        ci + plain("."),
    ]
    return [
        _table(
            ctx,
            "correlations",
            "correlations",
            plain("Means, Standard Deviations and Correlations of the Scale Scores"),
            columns,
            rows,
            notes,
        )
    ]


def _below(p: Any, alpha: float) -> bool:
    return isinstance(p, (int, float)) and p < alpha


@register(
    "item-correlations",
    "item correlations per scale: n, M, SD of each item; Pearson r below the diagonal, Spearman rho above",
    section="tests",
    default=True,
)
def _item_correlations(ctx: Context) -> list[Table]:
    out: list[Table] = []
    d, dm = ctx.d, ctx.dm
    for block in ctx.doc.get("item_correlations") or []:
        names = list(block["items"])
        k = len(names)
        pairs = {(p["x"], p["y"]): p for p in block["pairs"]}
        columns = [
            Column("item", apa("Item"), "left", wording=True),
            Column("n", apa("*n*")),
            Column("mean", apa("*M*")),
            Column("sd", apa("*SD*")),
        ]
        columns += [Column(f"r_{j}", plain(str(j + 1))) for j in range(k)]
        rows: list[Row] = []
        for i, v in enumerate(names):
            reverse = " (R)" if ctx.item(v).get("reverse") else ""
            cells = [
                text(f"{i + 1}. {ctx.short(v)}{reverse}"),
                integer(block["n"][i]),
                number(block["mean"][i], dm),
                number(block["sd"][i], dm),
            ]
            for j, w in enumerate(names):
                if j < i:
                    cells.append(number(pairs[(w, v)]["pearson"]["r"], d, leading_zero=False))
                elif j > i:
                    cells.append(number(pairs[(v, w)]["spearman"]["rho"], d, leading_zero=False))
                else:
                    cells.append(text("—"))
            rows.append(_row(*cells))
        ns = [p["n"] for p in block["pairs"]]
        n_text = f"{min(ns)}" if min(ns) == max(ns) else f"{min(ns)} to {max(ns)}"
        reversed_any = any(ctx.item(v).get("reverse") for v in names)
        notes = [
            apa(
                "Pearson *r* below the diagonal, Spearman's *ρ* above; each pair over the respondents "
                f"who answered both items (*n* = {n_text})"
                + ("; reverse-keyed items (R) as scored. " if reversed_any else ". ")
                + "Each item's *n*, *M* and *SD* over the respondents who answered it."
            )
        ]
        number_of = {v: i + 1 for i, v in enumerate(names)}
        undefined = [
            f"{p['x']}-{p['y']}: {p['pearson']['note']}" for p in block["pairs"] if p["pearson"].get("note")
        ]
        if undefined:
            notes.append(plain("No r for " + "; ".join(undefined) + "."))
        weak = [
            f"{number_of[p['x']]}-{number_of[p['y']]}"
            for p in block["pairs"]
            if not _below(p["pearson"]["p"], 0.05)
        ]
        notes.append(
            apa("Pearson *p* < .05 for every pair.")
            if not weak
            else apa("Pearson *p* ≥ .05 (or undefined): ") + plain(", ".join(weak) + ".")
        )
        out.append(
            _table(
                ctx,
                "item-correlations",
                f"item_correlations_{block['scale']}",
                plain(f"Correlations Between the Items of {ctx.scale_title(block['scale'])}"),
                columns,
                rows,
                notes,
            )
        )
    return out
