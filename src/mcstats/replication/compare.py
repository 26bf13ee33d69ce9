"""Every printed number of a paper beside its recomputation, with a status.

Each printed number gets one :class:`ComparisonRow`. ``2.94`` printed stands for any value
in ``[2.935, 2.945)``; :func:`judge` decides whether a recomputed value prints as the
published one. The rows come from the reconstructed data (item statistics, reliability,
frequencies) or from the paper's own printed summaries (t-tests from group N, mean, SD).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from typing import Any

from mcstats.replication.published import (
    PublishedRow,
    PublishedStudy,
    PublishedTable,
    ReportedValue,
)
from mcstats.verdicts import MARKS as VERDICT_MARKS
from mcstats.verdicts import NOT_CHECKABLE, REPRODUCED, VERDICTS

#: Format tag of comparison.json.
FORMAT = "mcstats-comparison/2"
#: The statuses of a comparison row, with their meaning: the shared vocabulary of
#: :mod:`mcstats.verdicts` (the audit's severities, "reproduced" and "not checkable").
STATUSES: dict[str, str] = VERDICTS
#: Marks used in the reports' tables.
MARKS = VERDICT_MARKS

#: Column headers of the side-by-side tables, by statistic.
COLUMN_HEADERS = {
    "n": "N",
    "mean": "Mean",
    "sd": "SD",
    "min": "Minimum",
    "max": "Maximum",
    "frequency": "Frequency",
    "percent": "Percent",
    "valid_percent": "Valid percent",
    "cumulative_percent": "Cumulative percent",
    "population": "Population",
    "sample": "Sample",
    "sample_percent": "Sample (% of population)",
    "distributed": "Distributed",
    "returned": "Returned",
    "valid": "Valid",
    "response_rate": "Response rate (%)",
    "alpha": "Cronbach's alpha",
    "significance_level": "Significance level",
    "decision": "Decision",
    "remark": "Remark",
}


def column_header(table: PublishedTable, key: str) -> str:
    """The printed header of a statistic's column; ``"Urban Mean"`` for ``mean.urban`` in a
    table with groups side by side.

    Examples
    --------
    >>> from mcstats.replication.published import PublishedTable
    >>> t = PublishedTable("t", "Table 3", "item-descriptives", (), groups={"urban": "Urban"})
    >>> column_header(t, "mean.urban"), column_header(t, "sd")
    ('Urban Mean', 'SD')
    """
    stat, _, group = key.partition(".")
    header = table.columns.get(stat, COLUMN_HEADERS.get(stat, stat))
    if group and group in table.groups:
        return f"{table.groups[group]} {header}"
    return table.columns.get(key, COLUMN_HEADERS.get(key, key))


@dataclass(frozen=True)
class ComparisonRow:
    """One printed number (or printed remark) beside its recomputation.

    ``published`` is the text as printed; ``recomputed`` the full-precision value (or words
    for a remark), None when nothing can recompute it; ``recomputed_text`` the recomputed
    value printed like the published one; ``difference`` = recomputed - published value;
    ``basis`` what the recomputation used (the reconstructed data, the printed summaries);
    ``row_index`` the row's position in its table (labels can repeat, e.g. two "Total" rows).
    """

    table: str
    table_id: str
    row: str
    statistic: str
    column: str
    published: str
    recomputed: float | str | None
    recomputed_text: str | None
    difference: float | None
    status: str
    reason: str
    basis: str
    alternatives: tuple[dict[str, Any], ...] = ()
    row_index: int = 0


def _text_like(x: float | None, like: ReportedValue) -> str | None:
    from mcstats.printed import format_number as fmt

    if x is None or not math.isfinite(x):
        return None
    return fmt(x, like.decimals, leading_zero=like.has_leading_zero)


def truncates_to(published: ReportedValue, x: float) -> bool:
    """True when ``x`` truncated (chopped) at the printed decimals reads as ``published``.

    The audit calls such a value a note (:func:`mcstats.audit.derived.derived_check`), and so
    does the comparison.

    Examples
    --------
    >>> truncates_to(ReportedValue("90.5"), 90.566), truncates_to(ReportedValue("90.5"), 90.45)
    (True, False)
    """
    if published.relation != "=" or not math.isfinite(x):
        return False
    lo = Fraction(published.exact)
    step = Fraction(1, 10**published.decimals)
    fx = Fraction(x)
    return lo <= fx < lo + step if lo >= 0 else lo - step < fx <= lo


def judge(
    published: ReportedValue,
    recomputed: float | None,
    *,
    impossible: str = "",
    not_checkable: str = "",
) -> str:
    """The verdict (:mod:`mcstats.verdicts`) of a recomputed number against the printed one.

    ``impossible`` (a proof) makes it ``"impossible"`` whatever the value; ``not_checkable``
    (a reason), or no recomputed value, makes it ``"not checkable"``. Otherwise the number is
    ``"reproduced"`` when the recomputed value prints as the published one, a ``"note"`` when
    it is the recomputed value truncated instead of rounded (as the audit says), and
    ``"inconsistent"`` when it prints differently.

    Examples
    --------
    >>> v = ReportedValue("2.94")
    >>> judge(v, 2.935), judge(v, 2.9449999), judge(v, 2.949), judge(v, 2.951), judge(v, None)
    ('reproduced', 'reproduced', 'note', 'inconsistent', 'not checkable')
    >>> judge(v, 2.94, impossible="GRIM")
    'impossible'
    """
    if impossible:
        return "impossible"
    if not_checkable or recomputed is None or not math.isfinite(recomputed):
        return NOT_CHECKABLE
    if published.contains(recomputed):
        return REPRODUCED
    return "note" if truncates_to(published, recomputed) else "inconsistent"


def _row(
    table: PublishedTable,
    row: PublishedRow,
    stat: str,
    recomputed: float | None,
    *,
    basis: str,
    impossible: str = "",
    not_checkable: str = "",
    reason: str = "",
    alternatives: Sequence[dict[str, Any]] = (),
    finding: Any = None,
) -> ComparisonRow:
    """One row; ``finding`` (an audit :class:`~mcstats.audit.Finding` of the same number) gives
    the verdict and the words, so that both commands say the same of it."""
    v = row.values[stat]
    status = judge(v, recomputed, impossible=impossible, not_checkable=not_checkable)
    diff = None
    if recomputed is not None and math.isfinite(recomputed) and v.relation == "=":
        diff = recomputed - v.value
    why = impossible or not_checkable or reason
    if finding is not None:
        status = finding.severity
        why = finding.message
    elif status == "inconsistent" and recomputed is not None and not why:
        shown = _text_like(recomputed, v)
        why = f"the recomputed value {shown} ({recomputed:.6g}) does not print as {v.text}"
    elif status == "note" and recomputed is not None and "truncated" not in why:
        chopped = (
            f"the recomputed value {recomputed:.6g} truncated, not rounded, reads {v.text}; "
            f"correctly rounded it prints as {_text_like(recomputed, v)}"
        )
        why = f"{why}; {chopped}" if why else chopped
    return ComparisonRow(
        table=v.source or row.source or table.source,
        table_id=table.id,
        row=row.label,
        statistic=stat,
        column=column_header(table, stat),
        published=v.text,
        recomputed=recomputed,
        recomputed_text=_text_like(recomputed, v),
        difference=diff,
        status=status,
        reason=why,
        basis=basis,
        alternatives=tuple(alternatives),
        row_index=table.rows.index(row),
    )


def _remark_row(
    table: PublishedTable,
    row: PublishedRow,
    key: str,
    recomputed: str | None,
    *,
    reason: str = "",
    basis: str,
    differs: str = "inconsistent",
) -> ComparisonRow:
    """A printed remark beside the recomputed one; ``differs`` is the verdict when they differ
    (the audit's: "inconsistent" against a stated cut-off rule, a "note" against one the paper
    does not state)."""
    from mcstats.instrument import normalise_label

    words = row.remarks[key]
    status: str
    if recomputed is None:
        status = NOT_CHECKABLE
    elif normalise_label(words) == normalise_label(recomputed):
        status = REPRODUCED
    else:
        status = differs
    return ComparisonRow(
        table=row.source or table.source,
        table_id=table.id,
        row=row.label,
        statistic=key,
        column=column_header(table, key),
        published=words,
        recomputed=recomputed,
        recomputed_text=recomputed,
        difference=None,
        status=status,
        reason=reason,
        basis=basis,
        row_index=table.rows.index(row),
    )


@dataclass
class ComparisonContext:
    """Everything the comparison reads: the paper, its reconstructed data and their analysis."""

    study: PublishedStudy
    manifest: dict[str, Any]
    survey: Any  # CodedSurvey
    result: Any  # AnalysisResult
    doc: dict[str, Any]  # results.json
    raw: Any  # RawSurvey
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def instrument(self) -> Any:
        return self.survey.instrument


_BASIS_DATA = "reconstructed data"
_BASIS_SUMMARY = "printed summaries"


def _design_rows(ctx: ComparisonContext, table: PublishedTable) -> list[ComparisonRow]:
    out: list[ComparisonRow] = []
    n_rows = ctx.survey.n_rows
    n_valid = ctx.survey.n_analysed
    printed: dict[str, ReportedValue] = {k: v for r in table.rows for k, v in r.values.items()}
    for row in table.rows:
        for stat, v in row.values.items():
            if stat == "population":
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        None,
                        basis="design",
                        not_checkable=(
                            "a fact about the population, not about the respondents; no data can recompute it"
                        ),
                    )
                )
            elif stat in ("sample", "distributed", "returned"):
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        float(n_rows),
                        basis=_BASIS_DATA,
                        reason="rows of the reconstructed file (one per questionnaire, by construction)",
                    )
                )
            elif stat == "valid":
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        float(n_valid),
                        basis=_BASIS_DATA,
                        reason="rows analysed (rows with at least one valid item response)",
                    )
                )
            elif stat == "sample_percent" and "sample" in printed and "population" in printed:
                x = 100.0 * printed["sample"].value / printed["population"].value
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        x,
                        basis=_BASIS_SUMMARY,
                        reason=f"{printed['sample'].text}/{printed['population'].text} = {x:.2f}%",
                    )
                )
            elif stat == "response_rate":
                x = 100.0 * n_valid / n_rows
                why = ""
                if not v.contains(x):
                    why = f"{n_valid}/{n_rows} = {x:.3f}%, which prints as {_text_like(x, v)}"
                    trunc = math.floor(x * 10**v.decimals) / 10**v.decimals
                    if f"{trunc:.{v.decimals}f}" == v.text:
                        why += f" (truncated instead of rounded it would read {v.text})"
                    if "population" in printed:
                        pop = 100.0 * n_valid / printed["population"].value
                        why += (
                            f"; as a percent of the population {printed['population'].text} it is {pop:.1f}%"
                        )
                out.append(_row(table, row, stat, x, basis=_BASIS_DATA, reason=why))
            elif stat == "alpha":
                out.append(_alpha_row(ctx, table, row))
            elif stat == "significance_level":
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        ctx.result.options.alpha,
                        basis="analysis setting",
                        reason="a setting, not a result: the replication's tests use the same level",
                    )
                )
            else:
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        None,
                        basis="design",
                        not_checkable="nothing in the data recomputes it",
                    )
                )
    return out


def _alpha_row(ctx: ComparisonContext, table: PublishedTable, row: PublishedRow) -> ComparisonRow:
    from mcstats.stats.reliability import cronbach_alpha

    cols = ctx.instrument.item_columns
    rel = cronbach_alpha(ctx.survey.items[cols].to_numpy(dtype=float), cols)
    rec = ctx.variables.get("alpha")
    reason = (
        f"Cronbach's alpha of all {len(cols)} items (N = {rel.n} complete cases) of the reconstructed "
        "data, whose responses were ordered to give the printed alpha; it shows that such data "
        "exist, not that the paper's data had it"
    )
    impossible = ""
    if rec is not None and not rec["possible"]:
        impossible = "; ".join(rec["reasons"])
    return _row(table, row, "alpha", rel.alpha, basis=_BASIS_DATA, reason=reason, impossible=impossible)


def _impossible(var: Mapping[str, Any], stat: str) -> str:
    """The reconstruction's proof that ``stat`` of a variable is impossible, or ``""``."""
    key = {"mean": "mean_reason", "sd": "sd_reason", "min": "range_reason", "max": "range_reason"}.get(stat)
    return str(var.get(key, "") or "") if key else ""


def _group_values(ctx: ComparisonContext, column: str, group_column: str) -> dict[str, list[float]]:
    """The reconstructed values of ``column`` by the level of ``group_column`` (raw cells)."""
    frame = ctx.raw.frame
    out: dict[str, list[float]] = {}
    if column not in frame.columns or group_column not in frame.columns:
        return out
    for g, x in zip(frame[group_column], frame[column], strict=True):
        if g is None or x is None or str(x).strip() == "" or str(g).strip() == "":
            continue
        try:
            value = float(x)
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            out.setdefault(str(g).strip(), []).append(value)
    return out


def _grouped_item_rows(ctx: ComparisonContext, table: PublishedTable) -> list[ComparisonRow]:
    """A table with groups side by side: each ``stat.group`` value against the statistic of
    that group's reconstructed responses; the overall column against the groups, by the
    audit's own check of it (mean of the group means, or weighted by their N)."""
    from mcstats.replication.reconstruct import grouped_column
    from mcstats.stats.descriptives import item_statistics

    out: list[ComparisonRow] = []
    og = table.overall.group if table.overall is not None else None
    gids = [g for g in table.groups if g != og]
    col = grouped_column(table)
    for row in table.rows:
        by_group = _group_values(ctx, row.item, col) if row.item else {}
        stats: dict[str, dict[str, float]] = {}
        for g in gids:
            vals = by_group.get(table.groups[g])
            if vals:
                st = item_statistics(vals)
                stats[g] = {"n": float(st.n), "mean": st.mean, "sd": st.sd, "min": st.min, "max": st.max}
        for key in row.values:
            stat, _, g = key.partition(".")
            level = table.groups.get(g, g)
            if g in stats:
                var = ctx.variables.get(f"{row.item} [{level}]", {})
                impossible = _impossible(var, stat)
                x = stats[g].get(stat)
                out.append(
                    _row(
                        table,
                        row,
                        key,
                        None if x is None else float(x),
                        basis=_BASIS_DATA,
                        impossible=impossible,
                        reason=f"the {level} group's reconstructed responses to {row.item}",
                    )
                )
            elif g and g == og and stat == "mean" and table.overall is not None:
                out.append(_overall_row(table, row, key, stats, gids))
            else:
                why = (
                    f"the {level} group's responses to this row were not reconstructed (no item "
                    "column, or no N and mean printed for the group)"
                    if g
                    else "a value of no group in a table with groups side by side"
                )
                out.append(_row(table, row, key, None, basis=_BASIS_DATA, not_checkable=why))
    return out


def _overall_row(
    table: PublishedTable,
    row: PublishedRow,
    key: str,
    stats: Mapping[str, Mapping[str, float]],
    gids: Sequence[str],
) -> ComparisonRow:
    """The overall column, with the audit's verdict (:func:`mcstats.audit.findings.overall_findings`)."""
    from mcstats.audit.findings import overall_findings

    assert table.overall is not None
    weighted = table.overall.relation == "weighted-by-n"
    printed = [row.values.get(f"mean.{g}") for g in gids]
    ns = [row.values.get(f"n.{g}") for g in gids]
    finding = None
    if all(m is not None for m in printed) and (not weighted or all(n is not None for n in ns)):
        weights = [int(n.value) for n in ns if n is not None] if weighted else None
        found = overall_findings(
            [m.text for m in printed if m is not None], row.values[key].text, weights=weights
        )
        finding = found[0] if found else None
    x: float | None = None
    if all(g in stats for g in gids):
        if weighted:
            total = sum(stats[g]["n"] for g in gids)
            x = sum(stats[g]["mean"] * stats[g]["n"] for g in gids) / total if total else None
        else:
            x = sum(stats[g]["mean"] for g in gids) / len(gids)
    how = "weighted by the groups' N" if weighted else "the mean of the group means"
    return _row(
        table,
        row,
        key,
        x,
        basis=_BASIS_DATA,
        reason=f"the reconstructed groups' means combined as the table's overall column ({how})",
        finding=finding,
    )


def _item_rows(ctx: ComparisonContext, table: PublishedTable) -> list[ComparisonRow]:
    if table.groups:
        return _grouped_item_rows(ctx, table)
    out: list[ComparisonRow] = []
    scales = ctx.doc["scales"]
    for row in table.rows:
        if row.role == "grand-mean":
            out.extend(_grand_mean_rows(ctx, table, row))
            continue
        if not row.item:
            continue
        sid = next((s for s, body in scales.items() if row.item in body["item_statistics"]), None)
        if sid is None:
            continue
        st = scales[sid]["item_statistics"][row.item]
        var = ctx.variables.get(row.item, {})
        flagged = not var.get("possible", True)
        for stat in row.values:
            x = st.get(stat)
            impossible = _impossible(var, stat)
            reason = ""
            if not impossible and flagged and stat in ("mean", "sd"):
                reason = (
                    "recomputed on the closest possible data "
                    "(another printed statistic of this row is impossible)"
                )
            out.append(
                _row(
                    table,
                    row,
                    stat,
                    None if x is None else float(x),
                    basis=_BASIS_DATA,
                    impossible=impossible,
                    reason=reason,
                )
            )
        for key in row.remarks:
            out.append(
                _remark_row(
                    table,
                    row,
                    key,
                    st.get("remark"),
                    basis=_BASIS_DATA,
                    reason=f"cut-off rule: {ctx.doc['cutoffs']['description']}",
                    differs=_remark_verdict(ctx),
                )
            )
    return out


def _remark_verdict(ctx: ComparisonContext) -> str:
    """The audit's verdict on a remark against the cut-off rule (``mcstats.audit.run``)."""
    return "inconsistent" if ctx.study.cutoff_rule.stated else "note"


def _grand_mean_rows(ctx: ComparisonContext, table: PublishedTable, row: PublishedRow) -> list[ComparisonRow]:
    sid = table.variable
    body = ctx.doc["scales"].get(sid)
    out: list[ComparisonRow] = []
    if body is None:
        return out
    gm = body["grand_mean"]
    item_means = [r.values["mean"] for r in table.rows if r.item and "mean" in r.values]
    for stat in row.values:
        if stat == "mean":
            # The audit's own check of the grand mean against the printed item means, so that
            # both commands give it the same verdict and words (a truncated grand mean is a note).
            from mcstats.audit.findings import grand_mean_findings

            v = row.values["mean"]
            found = []
            if item_means and v.relation == "=":
                means = [m.text for m in item_means]
                found = grand_mean_findings(means, v.text)
                ns = [r.values["n"].value for r in table.rows if r.item and "n" in r.values]
                uneven = len(ns) == len(means) and len(set(ns)) > 1
                if (
                    found
                    and found[0].severity == "inconsistent"
                    and uneven
                    and not grand_mean_findings(means, v.text, weights=[int(x) for x in ns])
                ):
                    found = []
            out.append(
                _row(
                    table,
                    row,
                    stat,
                    gm["mean_of_item_means"],
                    basis=_BASIS_DATA,
                    reason="mean of the item means, as the paper computes it",
                    finding=found[0] if found else None,
                )
            )
        elif stat == "n":
            out.append(
                _row(
                    table,
                    row,
                    stat,
                    float(gm["n_respondents"]),
                    basis=_BASIS_DATA,
                    reason="respondents with at least one item of the scale",
                )
            )
    for key in row.remarks:
        out.append(
            _remark_row(table, row, key, gm.get("remark"), basis=_BASIS_DATA, differs=_remark_verdict(ctx))
        )
    return out


def _composite_rows(ctx: ComparisonContext, table: PublishedTable) -> list[ComparisonRow]:
    from mcstats.analysis import scale_score
    from mcstats.stats.descriptives import item_statistics

    out: list[ComparisonRow] = []
    scale = next((s for s in ctx.instrument.scales if s.id == table.variable), None)
    if scale is None:
        return out
    scores = scale_score(ctx.survey, scale, "mean").to_numpy(dtype=float)
    st = item_statistics(scores)
    values = {"n": float(st.n), "mean": st.mean, "sd": st.sd, "min": st.min, "max": st.max}
    var = ctx.variables.get(scale.id, {})
    k = len(scale.items)
    note = f"the mean of the {k} reconstructed item(s) of {scale.id}"
    if var.get("assumptions"):
        note += f" ({k} items assumed: the paper does not print how many)"
    for row in table.rows:
        for stat in row.values:
            impossible = _impossible(var, stat)
            out.append(
                _row(
                    table, row, stat, values.get(stat), basis=_BASIS_DATA, impossible=impossible, reason=note
                )
            )
    return out


def _frequency_rows(ctx: ComparisonContext, table: PublishedTable) -> list[ComparisonRow]:
    from mcstats.instrument import normalise_label

    out: list[ComparisonRow] = []
    fr = ctx.doc["frequencies"].get(table.variable)
    if fr is None:
        return out
    total = fr["total"]
    missing = fr["missing"]
    by_level = {normalise_label(str(r["label"] or r["value"])): r for r in fr["rows"]}
    by_level.update({normalise_label(str(r["value"])): r for r in fr["rows"]})
    var = ctx.variables.get(table.variable, {})
    for row in table.rows:
        count: int | None = None
        rec: dict[str, float | None] = {}
        if row.role in ("level", ""):
            r = by_level.get(normalise_label(row.level or row.label))
            if r is not None:
                count = int(r["frequency"])
                rec = {
                    "frequency": float(count),
                    "percent": r["percent"],
                    "valid_percent": r["valid_percent"],
                    "cumulative_percent": r["cumulative_percent"],
                }
        elif row.role == "missing":
            count = missing
            rec = {"frequency": float(missing), "percent": 100.0 * missing / total if total else None}
        elif row.role == "valid-total":
            count = total - missing
            rec = {
                "frequency": float(count),
                "percent": 100.0 * count / total if total else None,
                "valid_percent": 100.0 if count else None,
            }
        elif row.role == "total":
            count = total
            rec = {"frequency": float(total), "percent": 100.0 if total else None}
        printed_count = row.values.get("frequency")
        for stat, v in row.values.items():
            x = rec.get(stat)
            reason = ""
            if stat in ("percent", "valid_percent", "cumulative_percent") and x is not None:
                base = total if stat == "percent" else total - missing
                if stat == "cumulative_percent":
                    reason = ""
                elif count is not None and not v.contains(x):
                    source = "the printed count" if printed_count is not None else "the reconstructed count"
                    reason = (
                        f"{count}/{base} = {x:.3f}% ({source}), which prints as {_text_like(x, v)}, "
                        f"not {v.text}"
                    )
                    if v.decimals != _modal_decimals(table, stat):
                        reason += (
                            f"; {v.text} is also printed with {v.decimals} decimals, "
                            "unlike the rest of the column"
                        )
                elif printed_count is None and count is not None:
                    reason = (
                        f"no count is printed; the reconstruction uses {count}, "
                        f"the count whose percent prints as {v.text}"
                    )
            elif stat == "frequency":
                reason = "counted in the reconstructed data (built from the printed counts)"
            out.append(_row(table, row, stat, x, basis=_BASIS_DATA, reason=reason))
    if var.get("reasons"):
        extra = "; ".join(var["reasons"])
        out = [
            replace(r, reason=f"{r.reason}; {extra}" if r.reason else extra)
            if r.status != "reproduced"
            else r
            for r in out
        ]
    return out


def _modal_decimals(table: PublishedTable, stat: str) -> int:
    counts: dict[int, int] = {}
    for r in table.rows:
        v = r.values.get(stat)
        if v is not None:
            counts[v.decimals] = counts.get(v.decimals, 0) + 1
    return max(counts, key=lambda d: (counts[d], -d)) if counts else 0


def _level_of(var: Any, text: str | None) -> str | None:
    from mcstats.instrument import normalise_label

    if text is None:
        return None
    if not var.levels:
        return text.strip()
    table = {normalise_label(v): lab for v, lab in var.levels} | {
        normalise_label(lab): lab for _, lab in var.levels
    }
    return table.get(normalise_label(text))


def _group_data(ctx: ComparisonContext, table: PublishedTable) -> dict[str, list[float]] | None:
    """The reconstructed t-test score by group (``<table id>_score`` column), if present."""
    frame = ctx.raw.frame
    col = f"{table.id}_score"
    if col not in frame.columns or table.variable not in frame.columns:
        return None
    var = ctx.instrument.group(table.variable)
    out: dict[str, list[float]] = {}
    for g, s in zip(frame[table.variable], frame[col], strict=True):
        level = _level_of(var, g)
        if level is None or s is None:
            continue
        out.setdefault(level, []).append(float(s))
    return out


def _implied_range(ctx: ComparisonContext, table: PublishedTable, row: PublishedRow) -> list[Any]:
    """The audit's ``range_implied`` finding of a sum score's mean (``score.implied_by``)."""
    from mcstats.audit.findings import implied_range_findings

    score = table.score_for(row)
    if score is None or score.kind != "sum-of-items" or not score.implied_by:
        return []
    target = next((t for t in ctx.study.tables if t.id == score.implied_by), None)
    if target is None:
        return []
    k = sum(1 for r in target.rows if r.role in ("item", "") and "mean" in r.values)
    if k == 0:
        return []
    scale = ctx.study.scale
    return implied_range_findings(row.values["mean"].text, scale.min, scale.max, k, target.source)


def _ttest_rows(
    ctx: ComparisonContext, table: PublishedTable, tests: list[dict[str, Any]]
) -> list[ComparisonRow]:
    out: list[ComparisonRow] = []
    groups = [r for r in table.rows if r.role == "group"]
    summary = next((t for t in tests if t["table_id"] == table.id), None)
    data = _group_data(ctx, table)
    for row in groups:
        level = row.level or row.label
        for stat in row.values:
            if stat in ("n", "mean", "sd"):
                x = None
                if data is not None and level in data:
                    from mcstats.stats.descriptives import item_statistics

                    st = item_statistics(data[level])
                    x = {"n": float(st.n), "mean": st.mean, "sd": st.sd}[stat]
                var = ctx.variables.get(f"{table.id}_score [{level}]", {})
                impossible = _impossible(var, stat) if stat in ("mean", "sd") else ""
                reason = "" if data is not None else "no reconstructed score for this table"
                if data is not None and var.get("assumptions"):
                    reason = "the group's reconstructed score (" + var["assumptions"][0] + ")"
                found = _implied_range(ctx, table, row) if stat == "mean" and not impossible else []
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        x,
                        basis=_BASIS_DATA,
                        impossible=impossible,
                        reason=reason,
                        finding=found[0] if found else None,
                    )
                )
            elif summary is not None and stat in ("t", "df", "p", "t_critical"):
                out.append(_test_stat_row(table, row, stat, summary))
            else:
                out.append(
                    _row(
                        table,
                        row,
                        stat,
                        None,
                        basis=_BASIS_SUMMARY,
                        not_checkable="not recomputable from the printed values",
                    )
                )
        for key in row.remarks:
            if summary is not None and summary.get("student"):
                decision = "Significant" if summary["student"]["p"] < summary["alpha"] else "Not significant"
                out.append(
                    _remark_row(
                        table,
                        row,
                        key,
                        decision,
                        basis=_BASIS_SUMMARY,
                        reason=(
                            f"Student's p = {summary['student']['p']:.3g} "
                            f"against alpha = {summary['alpha']:g}"
                        ),
                    )
                )
            else:
                out.append(_unpublished_test_row(ctx, table, row, key))
    return out


def _test_stat_row(
    table: PublishedTable, row: PublishedRow, stat: str, summary: dict[str, Any]
) -> ComparisonRow:
    v = row.values[stat]
    student, welch = summary["student"], summary["welch"]
    x = student[stat]
    alts = [{"basis": "Welch's test from the printed summaries", "value": welch[stat]}]
    if summary.get("on_data"):
        alts.append(
            {
                "basis": "Student's test on the reconstructed data",
                "value": summary["on_data"]["student"][stat],
            }
        )
    reason = ""
    if stat == "t" and not v.contains(x):
        sr, wr = summary["student_range"]["t"], summary["welch_range"]["t"]
        reason = (
            f"from the printed group Ns, means and SDs Student's t is {x:.2f} (Welch's {welch['t']:.2f}); "
            f"with every mean and SD anywhere in its rounding interval Student's t lies between "
            f"{sr[0]:.2f} and {sr[1]:.2f} (Welch's between {wr[0]:.2f} and {wr[1]:.2f}), so "
            f"{v.text} does not follow from them"
        )
    elif stat == "t_critical":
        reason = f"two-sided critical t at alpha = {summary['alpha']:g} with df = {student['df']:g}"
    elif stat == "df":
        reason = "n1 + n2 - 2 (Student); Welch's df is " + f"{welch['df']:.2f}"
    elif stat == "p":
        reason = f"two-sided p of Student's t = {student['t']:.2f}"
    return _row(table, row, stat, x, basis=_BASIS_SUMMARY, reason=reason, alternatives=alts)


def _unpublished_test_row(
    ctx: ComparisonContext, table: PublishedTable, row: PublishedRow, key: str
) -> ComparisonRow:
    tests = [t for t in ctx.doc["ttests"] if t["group"] == table.variable]
    words = "; ".join(
        f"{t['scale']}: {'significant' if t['student']['p'] < t['alpha'] else 'not significant'}"
        f" (Student's t = {t['student']['t']:.2f}, p = {t['student']['p']:.3g})"
        for t in tests
        if t["student"]["t"] is not None
    )
    return ComparisonRow(
        table=row.source or table.source,
        table_id=table.id,
        row=row.label,
        statistic=key,
        column=column_header(table, key),
        published=row.remarks[key],
        recomputed=words or None,
        recomputed_text=words or None,
        difference=None,
        status=NOT_CHECKABLE,
        reason=(
            "the paper prints no group means, SDs, t, df or p for this test, so there is nothing "
            "published to compare with; the reconstructed data place the scores independently of "
            f"{table.variable} (nothing in the paper links them), so the test run on them says "
            "nothing about the paper's claim"
        ),
        basis=_BASIS_DATA,
        row_index=table.rows.index(row),
    )


def summary_ttests(ctx: ComparisonContext) -> list[dict[str, Any]]:
    """t-tests recomputed from each t-test table's printed group N, means and SDs (Student and Welch)."""
    from mcstats.audit.ttest_summary import t_range
    from mcstats.stats.ttest import independent_ttest, student_ttest_from_summary, welch_ttest_from_summary

    alpha = ctx.result.options.alpha
    out: list[dict[str, Any]] = []
    for table in ctx.study.tables:
        if table.kind != "t-test":
            continue
        groups = [r for r in table.rows if r.role == "group" and {"n", "mean", "sd"} <= set(r.values)]
        if len(groups) != 2:
            continue
        g1, g2 = groups
        args = (
            int(g1.values["n"].value),
            g1.values["mean"].value,
            g1.values["sd"].value,
            int(g2.values["n"].value),
            g2.values["mean"].value,
            g2.values["sd"].value,
        )
        student = student_ttest_from_summary(*args, alpha=alpha)
        welch = welch_ttest_from_summary(*args, alpha=alpha)
        texts = (g1.values["mean"].text, g1.values["sd"].text, g2.values["mean"].text, g2.values["sd"].text)
        ranges = {
            m: t_range(args[0], texts[0], texts[1], args[3], texts[2], texts[3], method=m, alpha=alpha)
            for m in ("student", "welch")
        }
        published = {
            k: v.text for r in groups for k, v in r.values.items() if k in ("t", "df", "p", "t_critical")
        }
        published.update({k: w for r in groups for k, w in r.remarks.items()})
        entry: dict[str, Any] = {
            "table": table.source,
            "table_id": table.id,
            "alpha": alpha,
            "groups": [
                {
                    "level": r.level or r.label,
                    "n": r.values["n"].text,
                    "mean": r.values["mean"].text,
                    "sd": r.values["sd"].text,
                }
                for r in groups
            ],
            "published": published,
            "student": asdict(student),
            "welch": asdict(welch),
            "student_range": {
                "t": list(ranges["student"].t),
                "p": list(ranges["student"].p),
                "df": list(ranges["student"].df),
            },
            "welch_range": {
                "t": list(ranges["welch"].t),
                "p": list(ranges["welch"].p),
                "df": list(ranges["welch"].df),
            },
            "decision": "Significant" if student.p < alpha else "Not significant",
            "on_data": None,
        }
        data = _group_data(ctx, table)
        levels = (g1.level or g1.label, g2.level or g2.label)
        if data is not None and all(lv in data for lv in levels):
            res = independent_ttest(data[levels[0]], data[levels[1]], levels=levels, alpha=alpha)
            entry["on_data"] = {
                "groups": [asdict(g) for g in res.groups],
                "student": asdict(res.student),
                "welch": asdict(res.welch),
                "levene": asdict(res.levene) if res.levene else None,
                "decision": res.decision,
            }
        out.append(entry)
    return out


def _crosstab_rows(table: PublishedTable) -> list[ComparisonRow]:
    """A crosstab, from its printed counts (the reconstruction does not build crosstabs): the
    totals as the counts' sums, each percentage from its count and base, the chi-square from
    the counts; each verdict and reason is the audit's finding for that number, if any."""
    from mcstats.audit.crosstab_summary import chi_square_from_counts, crosstab_findings
    from mcstats.audit.findings import percent_findings, total_findings
    from mcstats.audit.run import crosstab_counts
    from mcstats.errors import UsageError
    from mcstats.stats.distributions import chi2_sf

    x = crosstab_counts(table)
    chi: tuple[Any, int, list[list[Any]]] | None = None
    if x.complete and len(x.data) >= 2:
        try:
            chi = chi_square_from_counts(x.matrix())
        except UsageError:  # no case at all: nothing to recompute
            chi = None
    out: list[ComparisonRow] = []
    for row in table.rows:
        for key, v in row.values.items():
            stat, _, g = key.partition(".")
            rec: float | None = None
            finding = None
            why = ""
            cell = g in x.cats and row in x.data
            if stat == "frequency" and g in table.groups and cell:
                out.append(
                    _row(
                        table,
                        row,
                        key,
                        None,
                        basis=_BASIS_SUMMARY,
                        not_checkable="a cell count: the crosstab's totals, percentages and chi-square are "
                        "recomputed from it",
                    )
                )
                continue
            if stat == "frequency" and g in table.groups:
                parts = (
                    [x.cells.get((x.position(row), c)) for c in x.cats]
                    if row in x.data
                    else [x.count(r, g) for r in x.data]
                )
                if parts and all(p is not None for p in parts):
                    rec = float(sum(int(p or 0) for p in parts))
                    counted = [int(p or 0) for p in parts]
                    found = total_findings(counted, int(v.value)) if v.relation == "=" else []
                    finding = found[0] if found else None
                    why = "the sum of the printed counts it totals"
            elif stat == "percent" and g in table.groups:
                c, base = x.count(row, g), x.base(row, g)
                if c is not None and base:
                    rec = 100.0 * c / base
                    found = percent_findings(c, base, v.text)
                    finding = found[0] if found else None
                    why = f"{c}/{base} of the printed counts ({table.percent_of} percentages)"
            elif stat in ("chi_square", "df", "p") and chi is not None:
                value, df, _ = chi
                p_chi = chi2_sf(float(value), df) if df else None
                rec = {"chi_square": float(value), "df": float(df), "p": p_chi}[stat]
                found = crosstab_findings(x.matrix(), **{{"chi_square": "chi2"}.get(stat, stat): v.text})
                finding = found[0] if found else None
                why = "Pearson's chi-square of the printed counts"
            elif stat == "expected" and chi is not None and cell:
                i, j = x.data.index(row), x.cats.index(g)
                rec = float(chi[2][i][j])
                why = "row total x column total / N of the printed counts"
            if rec is None:
                out.append(
                    _row(
                        table,
                        row,
                        key,
                        None,
                        basis=_BASIS_SUMMARY,
                        not_checkable="not recomputable from the printed counts",
                    )
                )
            else:
                out.append(_row(table, row, key, rec, basis=_BASIS_SUMMARY, reason=why, finding=finding))
    return out


def compare(ctx: ComparisonContext, tests: list[dict[str, Any]]) -> list[ComparisonRow]:
    """One :class:`ComparisonRow` per printed number (and printed remark) of the study."""
    rows: list[ComparisonRow] = []
    for table in ctx.study.tables:
        if table.kind == "design":
            rows += _design_rows(ctx, table)
        elif table.kind == "item-descriptives":
            rows += _item_rows(ctx, table)
        elif table.kind == "descriptives":
            rows += _composite_rows(ctx, table)
        elif table.kind == "frequency":
            rows += _frequency_rows(ctx, table)
        elif table.kind == "t-test":
            rows += _ttest_rows(ctx, table, tests)
        elif table.kind == "crosstab":
            rows += _crosstab_rows(table)
        else:
            for row in table.rows:
                for stat in row.values:
                    rows.append(
                        _row(
                            table,
                            row,
                            stat,
                            None,
                            basis="none",
                            not_checkable=f"a {table.kind} table; no recomputation is defined for it",
                        )
                    )
    return rows
