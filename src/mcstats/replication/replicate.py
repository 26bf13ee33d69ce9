"""Replication of a published study, number by number, on its reconstructed data.

:func:`replicate` runs the analyze pipeline (validation, item statistics, reliability,
frequencies, t-tests) on the synthetic data that :mod:`mcstats.replication.reconstruct` made from a
paper's published values, recomputes the tests the paper prints from its own group
summaries, and compares every printed number with its recomputation at the printed
precision: ``2.94`` printed stands for any value in ``[2.935, 2.945)``.

Each printed number gets one row with a status:

``reproduced``
    The recomputed value prints as the published one.
``differs``
    It can be recomputed, and it prints differently (a percent that does not follow from its
    count, a t that does not follow from the group summaries).
``not reproducible``
    No data consistent with the paper can give it (GRIM, the SD bounds, the parity of the
    sum of squares, a grand mean that is not the mean of its item means), or nothing in
    the paper or the data can recompute it (a population size); the reason says which.

The outputs are ``comparison.json``, ``results.json`` (the ordinary analysis of the
reconstructed data), ``report.md`` and ``report.html`` (the paper's tables with the
recomputed values beside the printed ones), ``analysis.md`` and ``figures/*.png``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from mcstats._version import __version__
from mcstats.errors import UsageError
from mcstats.replication.published import (
    PublishedRow,
    PublishedStudy,
    PublishedTable,
    ReportedValue,
    load_published,
)
from mcstats.replication.sprite import printed_interval, prints_as
from mcstats.results import _clean

__all__ = [
    "FORMAT",
    "MARKS",
    "STATUSES",
    "ComparisonRow",
    "ReplicableStudy",
    "ReplicationRun",
    "find_root",
    "judge",
    "list_studies",
    "replicate",
    "resolve_study",
]

#: Format tag of comparison.json.
FORMAT = "mcstats-comparison/1"
#: The statuses of a comparison row, with their meaning.
STATUSES: dict[str, str] = {
    "reproduced": "the recomputed value prints as the published one (same decimals)",
    "differs": "recomputed, but it prints differently; the reason says why",
    "not reproducible": (
        "no data consistent with the paper can give this number, or nothing can recompute it; "
        "the reason says which (the recomputed value, if any, is the closest possible)"
    ),
}
#: Marks used in the reports' tables.
MARKS = {"reproduced": "✓", "differs": "≠", "not reproducible": "✗"}

_HEADERS = {
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


# --------------------------------------------------------------------------- studies


def find_root(root: str | Path | None = None) -> Path:
    """The folder holding ``data/published`` (the checkout): ``root``, else the working
    folder, else the checkout this module is installed from."""
    if root is not None:
        r = Path(root)
        if not (r / "data" / "published").is_dir():
            raise UsageError(f"{r} has no data/published folder")
        return r
    for cand in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (cand / "data" / "published").is_dir():
            return cand
    raise UsageError(
        "cannot find data/published (the published values of the papers); run mcstats from the "
        "mcstats checkout or pass --root"
    )


@dataclass(frozen=True)
class ReplicableStudy:
    """A paper that can be replicated: its published values and its reconstructed data."""

    name: str
    id: str
    title: str
    published: Path
    data: Path
    manifest: Path

    @property
    def available(self) -> bool:
        """True when the reconstructed data and their manifest exist."""
        return self.data.is_file() and self.manifest.is_file()


def _study_entry(published: Path, data_dir: Path) -> ReplicableStudy:
    from mcstats.replication.reconstruct import data_file_name

    study = load_published(published)
    data = data_dir / data_file_name(study.id)
    return ReplicableStudy(
        name=study.id.replace("_", "-"),
        id=study.id,
        title=study.study.title,
        published=published,
        data=data,
        manifest=data.with_suffix(".json"),
    )


def list_studies(root: str | Path | None = None) -> list[ReplicableStudy]:
    """Every published-values file under ``data/published`` with where its data would be.

    Examples
    --------
    >>> [s.name for s in list_studies()]
    ['mardan', 'rivers-state']
    """
    base = find_root(root)
    data_dir = base / "data" / "reconstructed"
    return [_study_entry(p, data_dir) for p in sorted((base / "data" / "published").glob("*.yaml"))]


def resolve_study(which: str, root: str | Path | None = None) -> ReplicableStudy:
    """A study by name (``rivers-state``), id (``rivers_state``) or published-values file."""
    path = Path(which)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        base = find_root(root) if root is not None else None
        data_dir = (
            (base / "data" / "reconstructed") if base else path.resolve().parent.parent / "reconstructed"
        )
        return _study_entry(path, data_dir)
    studies = list_studies(root)
    key = which.strip().lower().replace("_", "-")
    for s in studies:
        if s.name == key:
            return s
    names = ", ".join(s.name for s in studies) or "none"
    raise UsageError(f"no study called {which!r}; these can be replicated: {names} (see --list)")


# --------------------------------------------------------------------------- comparison rows


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
    from mcstats.report.render import fmt

    if x is None or not math.isfinite(x):
        return None
    return fmt(x, like.decimals, leading_zero=like.has_leading_zero)


def judge(published: ReportedValue, recomputed: float | None, *, impossible: str = "") -> str:
    """The status of a recomputed number against the printed one, at the printed precision.

    ``impossible`` (a reason) makes the status ``"not reproducible"`` whatever the value.

    Examples
    --------
    >>> v = ReportedValue("2.94")
    >>> judge(v, 2.935), judge(v, 2.9449999), judge(v, 2.945), judge(v, None)
    ('reproduced', 'reproduced', 'differs', 'not reproducible')
    """
    if impossible or recomputed is None or not math.isfinite(recomputed):
        return "not reproducible"
    return "reproduced" if prints_as(published, recomputed) else "differs"


def _row(
    table: PublishedTable,
    row: PublishedRow,
    stat: str,
    recomputed: float | None,
    *,
    basis: str,
    impossible: str = "",
    reason: str = "",
    alternatives: Sequence[dict[str, Any]] = (),
) -> ComparisonRow:
    v = row.values[stat]
    status = judge(v, recomputed, impossible=impossible)
    diff = None
    if recomputed is not None and math.isfinite(recomputed) and v.relation == "=":
        diff = recomputed - v.value
    why = impossible or reason
    if status == "differs" and not why:
        why = (
            f"the recomputed value {_text_like(recomputed, v)} ({recomputed:.6g}) does not print as {v.text}"
        )
    return ComparisonRow(
        table=v.source or row.source or table.source,
        table_id=table.id,
        row=row.label,
        statistic=stat,
        column=table.columns.get(stat, _HEADERS.get(stat, stat)),
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
) -> ComparisonRow:
    from mcstats.instrument import normalise_label

    words = row.remarks[key]
    if recomputed is None:
        status = "not reproducible"
    elif normalise_label(words) == normalise_label(recomputed):
        status = "reproduced"
    else:
        status = "differs"
    return ComparisonRow(
        table=row.source or table.source,
        table_id=table.id,
        row=row.label,
        statistic=key,
        column=table.columns.get(key, _HEADERS.get(key, key)),
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
class _Context:
    """Everything the comparison reads."""

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


def _design_rows(ctx: _Context, table: PublishedTable) -> list[ComparisonRow]:
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
                        impossible=(
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
                if not prints_as(v, x):
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
                        table, row, stat, None, basis="design", impossible="nothing in the data recomputes it"
                    )
                )
    return out


def _alpha_row(ctx: _Context, table: PublishedTable, row: PublishedRow) -> ComparisonRow:
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


def _item_rows(ctx: _Context, table: PublishedTable) -> list[ComparisonRow]:
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
                )
            )
    return out


def _grand_mean_rows(ctx: _Context, table: PublishedTable, row: PublishedRow) -> list[ComparisonRow]:
    sid = table.variable
    body = ctx.doc["scales"].get(sid)
    out: list[ComparisonRow] = []
    if body is None:
        return out
    gm = body["grand_mean"]
    item_means = [r.values["mean"] for r in table.rows if r.item and "mean" in r.values]
    for stat in row.values:
        if stat == "mean":
            impossible = ""
            v = row.values["mean"]
            if item_means and v.relation == "=":
                lo = sum(printed_interval(m)[0] for m in item_means) / len(item_means)
                hi = sum(printed_interval(m)[1] for m in item_means) / len(item_means)
                g_lo, g_hi = printed_interval(v)
                centre = sum(Fraction(m.exact) for m in item_means) / len(item_means)
                if hi <= g_lo or lo >= g_hi:
                    impossible = (
                        f"the {len(item_means)} printed item means average {float(centre):.4f}; as each "
                        f"lies within half a unit of its printed value, their average lies in "
                        f"[{float(lo):.5f}, {float(hi):.5f}), which never prints as {v.text}: no data "
                        f"can give both the item means and this grand mean"
                    )
                    truncated = math.floor(centre * 10**v.decimals) / Fraction(10**v.decimals)
                    if f"{float(truncated):.{v.decimals}f}" == v.text:
                        impossible += f" ({float(centre):.4f} truncated instead of rounded reads {v.text})"
            out.append(
                _row(
                    table,
                    row,
                    stat,
                    gm["mean_of_item_means"],
                    basis=_BASIS_DATA,
                    impossible=impossible,
                    reason="mean of the item means, as the paper computes it",
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
        out.append(_remark_row(table, row, key, gm.get("remark"), basis=_BASIS_DATA))
    return out


def _composite_rows(ctx: _Context, table: PublishedTable) -> list[ComparisonRow]:
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


def _frequency_rows(ctx: _Context, table: PublishedTable) -> list[ComparisonRow]:
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
                elif count is not None and not prints_as(v, x):
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


def _group_data(ctx: _Context, table: PublishedTable) -> dict[str, list[float]] | None:
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


def _ttest_rows(ctx: _Context, table: PublishedTable, tests: list[dict[str, Any]]) -> list[ComparisonRow]:
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
                out.append(_row(table, row, stat, x, basis=_BASIS_DATA, impossible=impossible, reason=reason))
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
                        impossible="not recomputable from the printed values",
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
    if stat == "t" and not prints_as(v, x):
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


def _unpublished_test_row(ctx: _Context, table: PublishedTable, row: PublishedRow, key: str) -> ComparisonRow:
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
        column=table.columns.get(key, _HEADERS.get(key, key)),
        published=row.remarks[key],
        recomputed=words or None,
        recomputed_text=words or None,
        difference=None,
        status="not reproducible",
        reason=(
            "the paper prints no group means, SDs, t, df or p for this test, so there is nothing "
            "published to compare with; the reconstructed data place the scores independently of "
            f"{table.variable} (nothing in the paper links them), so the test run on them says "
            "nothing about the paper's claim"
        ),
        basis=_BASIS_DATA,
        row_index=table.rows.index(row),
    )


def summary_ttests(ctx: _Context) -> list[dict[str, Any]]:
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


def compare(ctx: _Context, tests: list[dict[str, Any]]) -> list[ComparisonRow]:
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
                            impossible=f"a {table.kind} table; no recomputation is defined for it",
                        )
                    )
    return rows


# --------------------------------------------------------------------------- report data


def _paper_tables(study: PublishedStudy, rows: list[ComparisonRow]) -> list[dict[str, Any]]:
    """The paper's tables with each printed cell beside its recomputation, for the templates."""
    index: dict[tuple[str, int, str], ComparisonRow] = {
        (r.table_id, r.row_index, r.statistic): r for r in rows
    }
    out = []
    for table in study.tables:
        if table.kind == "figure":
            continue
        keys: list[str] = list(table.columns)
        for r in table.rows:
            for k in (*r.values, *r.remarks):
                if k not in keys:
                    keys.append(k)
        if not keys:
            continue
        columns = [{"key": k, "header": table.columns.get(k, _HEADERS.get(k, k))} for k in keys]
        # a table of facts from the running text, one statistic per row, reads better long
        long = not table.columns and len(keys) > 3
        body = []
        notes = []
        for i, r in enumerate(table.rows):
            cells: list[dict[str, Any] | None] = []
            for k in keys:
                c = index.get((table.id, i, k))
                if c is None:
                    cells.append(None)
                    continue
                mark = MARKS[c.status]
                note_no = None
                if c.status != "reproduced" or (c.reason and c.statistic in ("t", "alpha")):
                    notes.append({"row": r.label, "column": c.column, "status": c.status, "reason": c.reason})
                    note_no = len(notes)
                cells.append(
                    {
                        "header": c.column,
                        "published": c.published,
                        "recomputed": c.recomputed_text if c.recomputed_text is not None else "—",
                        "status": c.status,
                        "mark": mark,
                        "note": note_no,
                    }
                )
            body.append({"label": r.label, "cells": cells})
        out.append(
            {
                "id": table.id,
                "source": table.source,
                "title": table.title,
                "kind": table.kind,
                "note": table.note,
                "columns": columns,
                "layout": "long" if long else "wide",
                "rows": body,
                "notes": notes,
            }
        )
    return out


def _figures(ctx: _Context, rows: list[ComparisonRow]) -> list[dict[str, Any]]:
    from mcstats.report.figures import item_means_chart, pie_chart

    figs: list[dict[str, Any]] = []
    doc = ctx.doc
    bands = sorted(doc["cutoffs"]["bands"], key=lambda b: b["lower"])
    cutoffs = [(b["lower"], b["label"]) for b in bands]
    scale = (ctx.instrument.min_code, ctx.instrument.max_code)
    for table in ctx.study.tables:
        if table.kind == "item-descriptives":
            items = [r for r in table.rows if r.item and "mean" in r.values]
            if not items:
                continue
            stats = {
                it: body["item_statistics"][it]
                for body in doc["scales"].values()
                for it in body["item_statistics"]
            }
            labels = [r.label.split(".")[0] if r.label[:1].isdigit() else r.item for r in items]
            pub = [r.values["mean"].value for r in items]
            rec = [stats.get(r.item, {}).get("mean") for r in items]
            grand = next(
                (r.values["mean"].value for r in table.rows if r.role == "grand-mean" and "mean" in r.values),
                None,
            )
            chart = item_means_chart(
                labels,
                pub,
                rec,
                scale=scale,
                cutoffs=cutoffs,
                grand_mean=grand,
                title=f"{table.source}: item means, published and recomputed",
                name=f"{table.id}_item_means",
            )
            figs.append(
                {
                    "name": f"{table.id}_item_means",
                    "title": f"{table.source}: item means with the cut-off lines",
                    "caption": (
                        f"Open circles: the means printed in {table.source}; crosses: the means of the "
                        f"reconstructed data. Dotted lines: the lower limits of the remark bands "
                        f"({doc['cutoffs']['description']}). Dashed: the printed grand mean."
                    ),
                    "chart": chart,
                }
            )
        elif table.kind == "figure" and table.variable:
            freq = next(
                (t for t in ctx.study.tables if t.kind == "frequency" and t.variable == table.variable),
                None,
            )
            levels = [r for r in (freq.rows if freq else ()) if r.role == "level" and "frequency" in r.values]
            if not levels:
                figs.append(
                    {
                        "name": f"{table.id}",
                        "title": f"{table.source}",
                        "caption": (
                            f"{table.source} prints no numbers and no table gives its counts; "
                            "it cannot be redrawn."
                        ),
                        "chart": None,
                    }
                )
                continue
            colours = {r.level or r.label: r.remarks.get("colour") for r in table.rows}
            labels = [r.level or r.label for r in levels]
            counts = [int(r.values["frequency"].value) for r in levels]
            chart = pie_chart(
                labels,
                counts,
                colours=[colours.get(lab) for lab in labels],
                title=f"{table.source} redrawn from the counts of {freq.source if freq else ''}",
                name=table.id,
            )
            figs.append(
                {
                    "name": f"{table.id}",
                    "title": f"{table.source}, redrawn",
                    "caption": (
                        f"{table.source} itself prints no numbers (its text names only the colours); "
                        f"it is redrawn from the counts printed in {freq.source if freq else ''} "
                        f"({', '.join(f'{lab} {c}' for lab, c in zip(labels, counts, strict=True))}), "
                        "with the colours the text gives. The reconstructed data have the same counts."
                    ),
                    "chart": chart,
                }
            )
    return figs


def _unpublished(ctx: _Context) -> list[dict[str, Any]]:
    """Analyses run on the reconstructed data that have no published numbers to compare with."""
    out: list[dict[str, Any]] = []
    printed_tests = {t.variable: t for t in ctx.study.tables if t.kind == "t-test"}
    for t in ctx.doc["ttests"]:
        paper = printed_tests.get(t["group"])
        if paper is not None and not any(r.values for r in paper.rows):
            note = (
                f"The paper reports this comparison ({paper.source}) only in words "
                f"({'; '.join(w for r in paper.rows for w in r.remarks.values())}); it prints no "
                "numbers, so there is nothing published to compare with. The reconstructed data "
                f"place the scores independently of {t['group']}, so this test says nothing about "
                "the paper's claim."
            )
        elif paper is not None:
            note = (
                f"Not the test of {paper.source}: that table's score is not built from these items "
                "(see its row above). The reconstructed data place the item responses independently "
                f"of {t['group']}, so this test has no published counterpart and says nothing about "
                "the paper's claim."
            )
        else:
            note = (
                f"No t-test by {t['group']} is printed in the paper; the reconstructed data place "
                f"the scores independently of {t['group']}. Nothing published to compare with."
            )
        out.append({"kind": "t-test", "test": t, "note": note})
    for sid, body in ctx.doc["scales"].items():
        if body["reliability"] is not None:
            out.append(
                {
                    "kind": "reliability",
                    "scale": sid,
                    "title": body["title"],
                    "reliability": body["reliability"],
                    "note": "The paper prints no alpha for this scale; nothing published to compare with.",
                }
            )
    return out


def _shown(path: Path) -> str:
    """A path as shown in the outputs: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _audit_section(audit: Mapping[str, Any] | Sequence[Any] | None) -> dict[str, Any] | None:
    """Normalise the audit hook's input (see :func:`replicate`)."""
    if audit is None:
        return None
    if isinstance(audit, Mapping):
        findings = audit.get("findings", [])
        section = {k: v for k, v in audit.items() if k != "findings"}
    else:
        findings, section = list(audit), {}
    section["findings"] = [_clean(f) for f in findings]
    section.setdefault("title", "Audit of the published numbers")
    section.setdefault("summary", "")
    return section


@dataclass(frozen=True)
class ReplicationRun:
    """What :func:`replicate` wrote and computed."""

    study: ReplicableStudy
    out_dir: Path
    comparison: dict[str, Any]
    results: dict[str, Any]
    paths: dict[str, Path]

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.comparison["counts"])


def replicate(
    which: str | ReplicableStudy,
    out_dir: str | Path,
    *,
    root: str | Path | None = None,
    audit: Mapping[str, Any] | Sequence[Any] | None = None,
    created: str | None = None,
    formats: Sequence[str] = ("md", "html"),
) -> ReplicationRun:
    """Replicate a paper on its reconstructed data and write the side-by-side report.

    Parameters
    ----------
    which:
        The study's name (``"rivers-state"``, ``"mardan"``), its id, its published-values
        file, or an entry of :func:`list_studies`.
    out_dir:
        Folder for ``comparison.json``, ``results.json``, ``report.md``, ``report.html``,
        ``analysis.md`` and ``figures/``.
    root:
        The checkout holding ``data/`` (default: found from the working folder).
    audit:
        **Hook for the audit (issue 5).** The audit of the same published values, to be shown
        as a section of the report: a mapping with ``findings`` (a list of
        :class:`mcstats.audit.Finding` or dicts with its fields ``check``, ``severity``,
        ``location``, ``reported``, ``expected``, ``message``, ``reference``) and optional
        ``title`` and ``summary``; or just the list of findings. None (the default) leaves
        the section out. It is also written to comparison.json under ``audit``.
    created:
        Timestamp for results.json (default: now).
    formats:
        Reports to write: ``md`` (report.md, analysis.md), ``html`` (report.html) and
        ``docx`` (report.docx with the side-by-side tables, analysis.docx with the APA tables
        of the reconstructed data).

    Returns
    -------
    ReplicationRun

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     run = replicate("rivers-state", d)
    ...     sorted(run.paths)
    ['analysis', 'comparison', 'html', 'markdown', 'results']
    """
    from mcstats.analysis import AnalysisOptions, analyze
    from mcstats.instrument import load_instrument
    from mcstats.io import load_survey
    from mcstats.replication.reconstruct import NOTICE, load_manifest
    from mcstats.report.render import render_markdown
    from mcstats.report.replication import render_replication_html, render_replication_markdown
    from mcstats.results import dumps, results_dict, write_atomic
    from mcstats.validate import code_responses

    entry = which if isinstance(which, ReplicableStudy) else resolve_study(which, root)
    if not entry.available:
        raise UsageError(
            f"no reconstructed data for {entry.name} ({entry.data} and its .json); run "
            f"'mcstats reconstruct {entry.published} --seed 1' first"
        )
    study = load_published(entry.published)
    manifest = load_manifest(entry.manifest)
    instrument = load_instrument(entry.manifest.parent / manifest["instrument"])
    raw = load_survey(entry.data)
    survey = code_responses(raw, instrument)
    score = "mean" if manifest.get("item_counts") else "sum"
    options = AnalysisOptions(score=score)
    result = analyze(survey, options)
    doc = results_dict(result, created=created)
    ctx = _Context(study=study, manifest=manifest, survey=survey, result=result, doc=doc, raw=raw)
    ctx.variables = {v["name"]: v for v in manifest["variables"]}
    tests = summary_ttests(ctx)
    rows = compare(ctx, tests)
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    data_bytes = entry.data.read_bytes()
    comparison: dict[str, Any] = {
        "format": FORMAT,
        "notice": NOTICE,
        "study": manifest["study"],
        "published": _shown(entry.published),
        "data": _shown(entry.data),
        "data_sha256": hashlib.sha256(data_bytes).hexdigest(),
        "seed": manifest["seed"],
        "reconstructed_with": manifest["mcstats_version"],
        "mcstats_version": __version__,
        "statuses": STATUSES,
        "counts": counts,
        "rows": [_clean(r) for r in rows],
        "tests_from_summaries": _clean(tests),
        "not_reported": list(study.not_reported),
        "study_notes": list(study.notes),
    }
    section = _audit_section(audit)
    if section is not None:
        comparison["audit"] = section
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figs = _figures(ctx, rows)
    fig_dir = out / "figures"
    for f in figs:
        chart = f.pop("chart")
        f["file"] = f["data_uri"] = None
        if chart is not None:
            fig_dir.mkdir(exist_ok=True)
            (fig_dir / f"{chart.name}.png").write_bytes(chart.png)
            f["file"] = f"figures/{chart.name}.png"
            f["data_uri"] = chart.png_data_uri
    report_doc = {
        "comparison": comparison,
        "tables": _paper_tables(study, rows),
        "figures": figs,
        "reconstruction": manifest,
        "unpublished": _clean(_unpublished(ctx)),
        "audit": section,
        "marks": MARKS,
        "results": doc,
    }
    paths = {
        "comparison": out / "comparison.json",
        "results": out / "results.json",
        "markdown": out / "report.md",
        "html": out / "report.html",
        "analysis": out / "analysis.md",
    }
    write_atomic(paths["comparison"], dumps(comparison))
    write_atomic(paths["results"], dumps(doc))
    if "md" in formats:
        write_atomic(paths["markdown"], render_replication_markdown(report_doc))
        write_atomic(paths["analysis"], render_markdown(doc))
    else:
        del paths["markdown"], paths["analysis"]
    if "html" in formats:
        write_atomic(paths["html"], render_replication_html(report_doc))
    else:
        del paths["html"]
    if "docx" in formats:
        from mcstats.report.docx import render_comparison_docx, render_docx
        from mcstats.results import write_atomic_bytes

        paths["docx"] = out / "report.docx"
        paths["analysis_docx"] = out / "analysis.docx"
        write_atomic_bytes(paths["docx"], render_comparison_docx(comparison))
        write_atomic_bytes(paths["analysis_docx"], render_docx(doc))
    return ReplicationRun(study=entry, out_dir=out, comparison=comparison, results=doc, paths=paths)
