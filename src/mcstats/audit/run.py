"""Audit a whole paper: run every check on a published-values file or a quick-check CSV.

:func:`audit_study` walks a :class:`~mcstats.replication.published.PublishedStudy` table by table and
applies the checks that fit each kind of table (one checker class per kind, ``_CHECKERS``; the
study-level checks have theirs):

* every value: the limits of its statistic (a p in [0, 1], a whole count, ...);
* ``design`` facts: population >= sample, distributed >= returned >= valid, the sample
  percentage and the response rate recomputed; a design number printed twice with two
  values;
* item and composite means and SDs: range, GRIM, SD bounds and GRIMMER (DEBIT for 0/1
  items), or, when the make-up of the score is not printed, what can still be checked (the
  range, the Bhatia-Davis bound, a printed minimum and maximum);
* grand means recomputed from the item means (rounding versus truncation);
* frequency tables: counts against totals, percentages, valid and cumulative percentages
  recomputed, percentages against their printed total;
* t-test tables: t, df, p and the critical t recomputed from the group summaries
  (statcheck, extended), and the printed decision against p and the critical t;
* sample sizes across tables and text: no table's N, frequency total or sum of group sizes
  above the study's respondents;
* Cronbach's alpha against the item and total-score SDs, where both are printed;
* remarks against the paper's own cut-off rule, or, when it states none, against the real
  limits of the scale as notes.

Whatever cannot be checked is listed with the reason (:class:`NotChecked`), so that a
reviewer sees what the audit did not cover. :func:`audit_csv` reads the quick-check CSV (one
reported mean per row) documented in ``docs/manual/audit.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mcstats.audit import derived, remarks, samples
from mcstats.audit._scale import Score
from mcstats.audit.anova_summary import anova_findings
from mcstats.audit.crosstab_summary import correlation_findings, crosstab_findings
from mcstats.audit.extract.text import ExtractedResult, extract_results, statcheck_findings
from mcstats.audit.findings import (
    SEVERITIES,
    Finding,
    Severity,
    alpha_findings,
    cumulative_findings,
    debit_findings,
    grand_mean_findings,
    grim_findings,
    grim_findings_for,
    grim_percent_findings,
    grimmer_findings,
    implied_range_findings,
    overall_findings,
    percent_findings,
    percent_total_findings,
    range_findings,
    range_findings_for,
    response_rate_findings,
    summary_findings,
    total_findings,
    ttest_findings,
    valid_percent_findings,
)
from mcstats.audit.limits import (
    COUNT_STATISTICS,
    STATISTIC_LIMITS,
    limit_findings,
    min_max_findings,
    odd_print_findings,
)
from mcstats.audit.samples import Count
from mcstats.audit.summary import Summary
from mcstats.audit.ttest_summary import check_ttest, p_interval
from mcstats.audit.unknown_n import any_n_sd_findings, n_zero_findings
from mcstats.errors import CellProblem, DataError, UsageError
from mcstats.limits import env_name, limit
from mcstats.printed import exact_interval
from mcstats.replication.published import (
    NBound,
    PublishedRow,
    PublishedStudy,
    PublishedTable,
    ReportedValue,
    ScoreInfo,
    parse_n_bound,
)

__all__ = [
    "AUDIT_FORMAT",
    "QUICK_CHECK_COLUMNS",
    "SEVERITY_RANK",
    "AuditReport",
    "ExcludedRow",
    "NotChecked",
    "audit_csv",
    "audit_document",
    "audit_file",
    "audit_study",
    "replication_audit",
]

#: The value of ``format`` in audit.json.
AUDIT_FORMAT = "mcstats-audit/1"

#: Severity order for ``--fail-on``: a threshold fails on findings at or above it.
SEVERITY_RANK: Mapping[str, int] = {"note": 0, "inconsistent": 1, "impossible": 2}

#: Columns of the quick-check CSV, with what each holds (``docs/manual/audit.md`` documents them).
QUICK_CHECK_COLUMNS: Mapping[str, str] = {
    "label": "what the row is (item wording, table and row); optional",
    "n": "the number of cases: a whole number, or ? / empty when not printed, or bounds such as "
    ">=10, <=339 or 10-339 (the column is required)",
    "mean": "the mean as printed, with a decimal point (required)",
    "sd": "the SD as printed (optional; empty when not reported)",
    "scale_min": "lowest response code of one item, e.g. 1 (required)",
    "scale_max": "highest response code of one item, e.g. 4 or 5 (required)",
    "items": "number of items in the score (optional, default 1 = a single item)",
    "score": "mean or sum: whether the score averages or adds its items (optional, default mean)",
    "decimals": "decimals the mean and SD were printed with (optional; counted from the text)",
    "test": "a name shared by the group rows of one t-test or one-way ANOVA (optional)",
    "t": "the t of that test as printed, on any of its rows (optional)",
    "f": "the F of that test as printed, on any of its rows (optional)",
    "df": "its df as printed: 475 for t, '2, 30' for F (optional)",
    "p": "its p as printed, e.g. .03 or <.001 (optional)",
}
_QUICK_REQUIRED = ("n", "mean", "scale_min", "scale_max")

_LABEL_WIDTH = 60


@dataclass(frozen=True)
class NotChecked:
    """Something the audit could not check, and why."""

    location: str
    reason: str


@dataclass(frozen=True)
class ExcludedRow:
    """An input row that was not checked (quick-check CSV), with its spreadsheet row number."""

    row: int
    reason: str


@dataclass(frozen=True)
class AuditReport:
    """The findings of an audit and what it covered.

    Attributes
    ----------
    title : str
        The paper's title, or the quick-check file's name.
    input_kind : str
        ``"published"`` (a published-values YAML) or ``"quick-check"`` (a CSV).
    path : str | None
        The file audited.
    findings : tuple[Finding, ...]
        Every finding, in the order of the paper.
    not_checked : tuple[NotChecked, ...]
        What could not be checked, with the reason.
    assumptions : tuple[str, ...]
        The conventions the audit applied, in words.
    checks_run : Mapping[str, int]
        How many times each check was applied.
    not_reported : tuple[str, ...]
        What the paper describes without numbers (from the transcription).
    study : Mapping[str, Any]
        Bibliographic facts of the paper (published files).
    rows_read, excluded
        Quick-check CSV: data rows read and the rows not checked (blank rows).
    extracted : tuple[ExtractedResult, ...]
        Papers: the test results read from the running text
        (:class:`~mcstats.audit.extract.text.ExtractedResult`), each error also a finding.
    """

    title: str
    input_kind: str
    path: str | None
    findings: tuple[Finding, ...]
    not_checked: tuple[NotChecked, ...] = ()
    assumptions: tuple[str, ...] = ()
    checks_run: Mapping[str, int] = field(default_factory=dict)
    not_reported: tuple[str, ...] = ()
    study: Mapping[str, Any] = field(default_factory=dict)
    rows_read: int | None = None
    excluded: tuple[ExcludedRow, ...] = ()
    extracted: tuple[ExtractedResult, ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of findings per severity, and ``total``."""
        c = Counter(f.severity for f in self.findings)
        out: dict[str, int] = {s: c.get(s, 0) for s in SEVERITIES}
        out["total"] = len(self.findings)
        return out

    def fails(self, threshold: str | None) -> bool:
        """Whether some finding is at or above ``threshold`` (None never fails).

        Examples
        --------
        >>> r = AuditReport("t", "published", None, (Finding("x", "inconsistent", "", "", "", "", ""),))
        >>> r.fails("impossible"), r.fails("inconsistent"), r.fails(None)
        (False, True, False)
        """
        if threshold is None:
            return False
        if threshold not in SEVERITY_RANK:
            raise UsageError(
                f"fail_on must be impossible or inconsistent, not {threshold!r}", argument="fail_on"
            )
        rank = SEVERITY_RANK[threshold]
        return any(SEVERITY_RANK[f.severity] >= rank for f in self.findings)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= _LABEL_WIDTH else label[: _LABEL_WIDTH - 3].rstrip() + "..."


def _where(source: str, label: str = "", column: str = "") -> str:
    """``Table 2, row '7. Professional ...', column 'Std. D.'``."""
    parts = [source or "(no source)"]
    if label:
        parts.append(f"row '{_short(label)}'")
    if column:
        parts.append(f"column '{column}'")
    return ", ".join(parts)


def _text(v: ReportedValue | None) -> str | None:
    """The printed number as text the checks read, or None for a bound such as ``<.001``."""
    if v is None or v.relation != "=":
        return None
    return str(v.exact) if "," in v.text else v.text


class CountTooLarge(DataError):
    """A printed count beyond ``MCSTATS_MAX_SAMPLE_SIZE``: checking it would take unbounded
    time and memory (GRIM totals, SPRITE samples)."""


def _too_large(n: object) -> str:
    return (
        f"a count of {str(n)[:40]} is beyond the {limit('MAX_SAMPLE_SIZE')} respondents mcstats checks "
        f"(set {env_name('MAX_SAMPLE_SIZE')} to raise the limit)"
    )


def _count(v: ReportedValue | None) -> int | None:
    """A printed whole count, or None; a count beyond the limit is an error."""
    if v is None or v.relation != "=":
        return None
    x = v.exact
    if x < 0 or x != x.to_integral_value():
        return None
    if x > limit("MAX_SAMPLE_SIZE"):
        raise CountTooLarge(_too_large(v.text))
    return int(x)


def _interval(text: str) -> tuple[float, float]:
    lo, hi = exact_interval(text)
    return float(lo), float(hi)


def _abs_interval(text: str) -> tuple[float, float]:
    lo, hi = _interval(text)
    if lo <= 0 <= hi:
        return 0.0, max(-lo, hi)
    return (lo, hi) if lo > 0 else (-hi, -lo)


_DESIGN_WORDS = dict(samples.DESIGN_COUNTS)

#: Statistics some check recomputes or bounds in any table (the rest are listed as not checked).
_RECOMPUTED = frozenset({
    "n", "mean", "sd", "min", "max", "frequency", "percent", "valid_percent", "cumulative_percent",
    "population", "sample", "sample_percent", "distributed", "returned", "valid", "response_rate",
    "alpha", "significance_level",
})


# --------------------------------------------------------------------------------------------
# One printed summary (a mean, its SD and N)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryChecks:
    """What :func:`check_summary` ran and found.

    Attributes
    ----------
    checks : tuple of str
        The names of the checks run, one entry per run.
    findings : tuple of Finding
        At most one finding per problem (the most basic).
    not_checked : str
        Why some checks could not run (empty when all could).
    """

    checks: tuple[str, ...]
    findings: tuple[Finding, ...]
    not_checked: str = ""


def check_summary(
    s: Summary,
    n_bounds: tuple[int | None, int | None, str] = (None, None, "not printed"),
    *,
    location: str = "",
) -> SummaryChecks:
    """Every check of one printed mean (and SD) of whole-number scores on a scale.

    Parameters
    ----------
    s : Summary
        The printed summary, with its scale; ``s.n`` None when N is not printed exactly.
    n_bounds : tuple
        ``(n_min, n_max, printed)``: bounds of an inexact N and how it was printed.
    location : str
        Where the values are printed, for the messages.

    Returns
    -------
    SummaryChecks

    Notes
    -----
    With N known: the range, GRIM, the SD bounds and GRIMMER
    (:func:`~mcstats.audit.findings.summary_findings`), or for a 0/1 item the range, GRIM and
    DEBIT. With N unknown or bounded: the range and the SD bounds that hold for every
    admissible N (:mod:`mcstats.audit.unknown_n`); GRIM and GRIMMER are listed as not checked.

    References
    ----------
    Brown & Heathers (2017); Anaya (2016); Heathers & Brown (2019); Bhatia & Davis (2000).

    Examples
    --------
    >>> r = check_summary(Summary("2.905", 432, "3.215", 1, 4))
    >>> r.checks, [f.check for f in r.findings]
    (('range', 'grim', 'sd_bounds', 'grimmer'), ['sd_bounds'])
    >>> check_summary(Summary("2.905", None, "0.95", 1, 4)).not_checked[:26]
    'GRIM and GRIMMER need the '
    """
    lo, hi = s.scale
    sd = s.sd
    if s.n is None:
        n_min, n_max, printed = n_bounds
        found = range_findings_for(s, location=location)
        checks: tuple[str, ...] = ("range",)
        if sd is not None and not found:
            checks += ("sd_bounds",)
            # one decimals for both: the quick-check CSV gives one, a published file none
            found = any_n_sd_findings(
                s.mean, sd, lo, hi, n_min=n_min, n_max=n_max, items=s.items, score=s.score,
                decimals=s.mean_decimals, location=location,
            )
        what = "GRIM and GRIMMER" if sd is not None else "GRIM"
        extra = "; the SD was checked against the bounds that hold for every admissible N" if sd else ""
        verb = "need" if sd is not None else "needs"
        return SummaryChecks(checks, tuple(found), f"{what} {verb} the exact N (printed: {printed}){extra}")
    n = s.count()
    if (lo, hi) == (0, 1) and s.items == 1:
        found = range_findings_for(s, location=location) or grim_findings_for(s, location=location)
        if not found and sd is not None and n >= 2:
            found = debit_findings(
                s.mean, sd, n, mean_decimals=s.mean_decimals, sd_decimals=s.sd_decimals, location=location
            )
        return SummaryChecks(("debit",), tuple(found))
    names = ("range", "grim") + (("sd_bounds", "grimmer") if sd is not None and n >= 2 else ())
    return SummaryChecks(names, tuple(summary_findings(s, location=location)))


# --------------------------------------------------------------------------------------------
# Published-values files
# --------------------------------------------------------------------------------------------


class _StudyAudit:
    """The audit of one study: its state, the bookkeeping, and the walk over its tables.

    Each kind of table has its checker (a :class:`_TableChecker`, :data:`_CHECKERS`); the
    study-level checks (design facts, reliability, remarks against a criterion) have theirs.
    The checkers read and write this object's state.
    """

    def __init__(self, study: PublishedStudy) -> None:
        self.study = study
        self.lo, self.hi = study.scale.min, study.scale.max
        self.findings: list[Finding] = []
        self.not_checked: list[NotChecked] = []
        self.checks: Counter[str] = Counter()
        self.alpha, self.alpha_note = self._significance_level()
        self.design: dict[str, Count] = {}
        self.bound: Count | None = None
        self.rule = self._rule()
        self.criterion_entries: list[tuple[str, str, str]] = []
        self.n_bounds: tuple[int | None, int | None, str] = (None, None, "not printed")
        self.unknown_remarks: dict[str, set[str]] = {}

    # -- bookkeeping

    def add(self, check: str, found: Sequence[Finding]) -> None:
        self.checks[check] += 1
        self.findings.extend(found)

    def skip(self, location: str, reason: str) -> None:
        item = NotChecked(location, reason)
        if item not in self.not_checked:
            self.not_checked.append(item)

    def guarded(self, location: str, fn: Callable[..., None], *args: Any) -> None:
        """Run ``fn(*args)``; a value the check cannot read becomes a not-checked entry."""
        try:
            fn(*args)
        except UsageError as exc:
            self.skip(location, f"could not be checked: {exc}")

    # -- study-level settings

    def _significance_level(self) -> tuple[float, str]:
        for _, row, v in self.study.values():
            if v.statistic == "significance_level" and v.relation == "=":
                where = _where(v.source, row.label)
                return v.value, f"Significance level {v.text}, as printed ({where})."
        return 0.05, "Significance level 0.05: the paper prints none, so the conventional level is used."

    def _rule(self) -> tuple[tuple[remarks.RemarkBand, ...] | None, str, bool, str | None]:
        """(bands, description, stated, criterion text)."""
        cr = self.study.cutoff_rule
        labels = dict(self.study.scale.labels)
        if cr.stated:
            if cr.bands:
                triples = [(b.min.text, b.max.text, b.label) for b in cr.bands]
                text = ", ".join(f"{a}-{b} {label}" for a, b, label in triples)
                return remarks.printed_bands(triples), text, True, None
            if cr.criterion is not None:
                crit = cr.criterion.text
                bands = remarks.criterion_bands(crit, self.lo, self.hi)
                return bands, f"criterion mean {crit}", True, crit
            if cr.scheme in ("real-limits", "equal-interval"):
                bands = remarks.scale_bands(cr.scheme, self.lo, self.hi, labels)
                return bands, f"{cr.scheme}: {_describe_bands(bands)}", True, None
            return None, cr.description, True, None
        bands = remarks.scale_bands("real-limits", self.lo, self.hi, labels)
        return bands, f"real limits: {_describe_bands(bands)}", False, None

    # -- the walk

    def run(self) -> None:
        _DesignChecker(self).check()
        limits = _LimitsChecker(self)
        study_scale, study_rule = (self.lo, self.hi), self.rule
        for table in self.study.tables:
            self.lo, self.hi = study_scale
            self.rule = study_rule
            if table.scale is not None:  # a table on its own scale (a paper mixing scales)
                self.lo, self.hi = table.scale.min, table.scale.max
                if not study_rule[2]:
                    bands = remarks.scale_bands("real-limits", self.lo, self.hi, dict(table.scale.labels))
                    self.rule = (bands, f"real limits: {_describe_bands(bands)}", False, None)
            limits.check(table)
            if table.kind == "design":
                continue
            _checker_for(table)(self).check(table)
            if not any(r.values for r in table.rows) and table.kind not in ("t-test", "anova"):
                self.skip(_where(table.source), "no numbers are printed")
        self.lo, self.hi = study_scale
        self.rule = study_rule
        _ReliabilityChecker(self).check()
        _RemarksChecker(self).check()


class _Checker:
    """One family of checks; the state it reads and writes is its :class:`_StudyAudit`'s."""

    def __init__(self, audit: _StudyAudit) -> None:
        self.audit = audit

    def add(self, check: str, found: Sequence[Finding]) -> None:
        self.audit.add(check, found)

    def skip(self, location: str, reason: str) -> None:
        self.audit.skip(location, reason)

    def guarded(self, location: str, fn: Callable[..., None], *args: Any) -> None:
        self.audit.guarded(location, fn, *args)

    @property
    def study(self) -> PublishedStudy:
        return self.audit.study

    @property
    def lo(self) -> int:
        return self.audit.lo

    @property
    def hi(self) -> int:
        return self.audit.hi

    @property
    def findings(self) -> list[Finding]:
        return self.audit.findings

    @property
    def checks(self) -> Counter[str]:
        return self.audit.checks

    @property
    def alpha(self) -> float:
        return self.audit.alpha

    @property
    def design(self) -> dict[str, Count]:
        return self.audit.design

    @property
    def bound(self) -> Count | None:
        return self.audit.bound

    @bound.setter
    def bound(self, value: Count | None) -> None:
        self.audit.bound = value

    @property
    def rule(self) -> tuple[tuple[remarks.RemarkBand, ...] | None, str, bool, str | None]:
        return self.audit.rule

    @property
    def n_bounds(self) -> tuple[int | None, int | None, str]:
        return self.audit.n_bounds

    @n_bounds.setter
    def n_bounds(self, value: tuple[int | None, int | None, str]) -> None:
        self.audit.n_bounds = value

    @property
    def criterion_entries(self) -> list[tuple[str, str, str]]:
        return self.audit.criterion_entries

    @property
    def unknown_remarks(self) -> dict[str, set[str]]:
        return self.audit.unknown_remarks


class _TableChecker(_Checker):
    """The checks of one kind of table."""

    def check(self, table: PublishedTable) -> None:
        raise NotImplementedError


class _LimitsChecker(_TableChecker):
    """Every value: the limits of its statistic (a p in [0, 1], a whole count, ...)."""

    def check(self, table: PublishedTable) -> None:
        for row in table.rows:
            for stat, v in row.values.items():
                odd = odd_print_findings(v.text, location=_where(v.source, row.label, v.column))
                if odd:
                    self.add("odd_print", odd)
                self.unchecked_statistic(table, row, stat, v)
                if stat not in COUNT_STATISTICS and stat not in STATISTIC_LIMITS:
                    continue
                if stat in COUNT_STATISTICS and v.relation != "=":
                    continue
                text = v.text if v.relation != "=" else _text(v)
                if text is None:
                    continue
                loc = _where(v.source, row.label, v.column)
                self.guarded(loc, self._limit, stat, text, loc)

    def unchecked_statistic(
        self, table: PublishedTable, row: PublishedRow, stat: str, v: ReportedValue
    ) -> None:
        """List a printed number no check recomputes (beyond its limits), so nothing is skipped silently."""
        base = stat.split(".", 1)[0]
        kind = table.kind
        tested = {
            "t-test": {"t", "df", "p", "t_critical", "f"},
            "anova": {"f", "df1", "df2", "p", "f_critical"},
            "correlation": {"r", "p"},
            "crosstab": {"chi_square", "df", "p", "expected"},
        }
        recomputed = base in _RECOMPUTED or base in tested.get(kind, set())
        if kind == "design" and base in ("alpha", "significance_level"):
            recomputed = True
        if recomputed:
            return
        loc = _where(v.source, row.label, v.column)
        limits = " (only its limits were checked)" if base in STATISTIC_LIMITS else ""
        custom = " (a custom statistic)" if base in self.study.custom_statistics else ""
        self.skip(loc, f"no check recomputes {base} {v.text}{custom} in a {kind} table{limits}")

    def _limit(self, statistic: str, text: str, loc: str) -> None:
        self.add("limits", limit_findings(statistic, text, location=loc))


class _DesignChecker(_Checker):
    """Design facts (population, sample, questionnaires), the sample percentage, the response rate."""

    def check(self) -> None:
        seen: dict[str, list[tuple[ReportedValue, PublishedRow]]] = {}
        for _, row, v in self.study.values():
            if v.statistic in _DESIGN_WORDS and _count(v) is not None:
                seen.setdefault(v.statistic, []).append((v, row))
        for name, entries in seen.items():
            v, row = entries[0]
            count = _count(v)
            assert count is not None
            words = _DESIGN_WORDS[name]
            self.design[name] = Count(count, words, _where(v.source or row.source, row.label))
            for other, orow in entries[1:]:
                again = Count(_count(other) or 0, words, _where(other.source or orow.source, orow.label))
                self.add("sample_size", samples.repeated_findings(self.design[name], again))
        self.add("sample_size", samples.design_findings(self.design))
        for name in ("valid", "returned", "distributed", "sample", "population"):
            if name in self.design:
                self.bound = self.design[name]
                break
        self.sample_percent()
        self.response_rate()

    def _design_value(self, statistic: str) -> tuple[ReportedValue, PublishedRow] | None:
        for _, row, v in self.study.values():
            if v.statistic == statistic:
                return v, row
        return None

    def sample_percent(self) -> None:
        found = self._design_value("sample_percent")
        sample, population = self.design.get("sample"), self.design.get("population")
        if found is None:
            return
        v, row = found
        loc = _where(v.source, row.label, v.column)
        text = _text(v)
        if sample is None or population is None or text is None or population.value < 1:
            self.skip(loc, "the sample percentage needs the printed sample and population sizes")
            return
        self.guarded(loc, lambda: self.add(
            "percent", percent_findings(sample.value, population.value, text, location=loc)
        ))

    def response_rate(self) -> None:
        found = self._design_value("response_rate")
        if found is None:
            return
        v, row = found
        loc = _where(v.source, row.label, v.column)
        text = _text(v)
        nums = [self.design[k] for k in ("valid", "returned") if k in self.design]
        dens = [self.design[k] for k in ("distributed", "sample") if k in self.design]
        pairs = [(a, b) for a in nums for b in dens if a.value <= b.value and b.value >= 1]
        if text is None or not pairs:
            self.skip(
                loc,
                "the response rate cannot be recomputed: it needs a printed count returned (or valid) "
                "no larger than the count distributed (or the sample)",
            )
            return
        checked = [(a, b, derived.response_rate(a.value, b.value, text)) for a, b in pairs]
        self.checks["response_rate"] += 1
        if any(c.consistent for _, _, c in checked):
            return
        a, b, _ = next(((a, b, c) for a, b, c in checked if c.truncated), checked[0])
        self.findings.extend(response_rate_findings(a.value, b.value, text, location=loc))


class _DescriptivesChecker(_TableChecker):
    """Item and composite means and SDs (a table of no other kind), grand means, remarks."""

    def check(self, table: PublishedTable) -> None:
        for row in table.rows:
            if _score_of(table, row).kind == "mean-of-item-means":
                continue
            self.describe_row(table, row)
            self.row_n(table, row)
        for row in table.rows:
            if _score_of(table, row).kind == "mean-of-item-means" and "mean" in row.values:
                self.grand_mean(table, row)
        if not self.rule[2]:  # no printed rule: the one the table's own remarks imply
            entries = [
                (str(_text(r.get("mean"))), r.remarks["remark"], _where(r.source or table.source, r.label))
                for r in table.rows
                if "remark" in r.remarks and _text(r.get("mean")) is not None
            ]
            if len(entries) >= 3:
                self.add("remark_inferred", remarks.inferred_rule_findings(entries, source=table.source))

    def row_n(self, table: PublishedTable, row: PublishedRow) -> None:
        n = _count(row.get("n"))
        if n is None or self.bound is None:
            return
        loc = _where(row.source or table.source, row.label)
        self.add(
            "sample_size",
            samples.at_most_findings(Count(n, "cases in this row's N", loc), self.bound),
        )

    def describe_row(self, table: PublishedTable, row: PublishedRow) -> None:
        loc = _where(row.source or table.source, row.label)
        self.guarded(loc, lambda: self._describe_row(table, row, loc))

    def _describe_row(self, table: PublishedTable, row: PublishedRow, loc: str) -> None:
        mean, sd = _text(row.get("mean")), _text(row.get("sd"))
        minimum, maximum = _text(row.get("min")), _text(row.get("max"))
        n = _count(row.get("n"))
        if sd is not None and row.values["sd"].value < 0:
            sd = None  # reported by the limits check
        if mean is None:
            if minimum is not None and maximum is not None:
                self.add("min_max", min_max_findings(None, None, None, minimum, maximum, location=loc))
            return
        nb = row.n_bound
        n_min, n_max = (nb.low, nb.high) if nb is not None else (None, None)
        printed_n = nb.text if nb is not None and nb.text else ("0" if n == 0 else "not printed")
        self.n_bounds = (n_min, n_max, printed_n)
        if n == 0:
            self.add("limits", n_zero_findings(mean, location=loc))
            n = None
        score = _score_of(table, row)
        kind, k = score.kind, score.items
        if minimum is not None and maximum is not None:
            self.add("min_max", min_max_findings(n, mean, sd, minimum, maximum, location=loc))
        if kind == "item" or (kind in ("mean-of-items", "sum-of-items") and k is not None):
            items = 1 if kind == "item" else int(k or 1)
            how = "sum" if kind == "sum-of-items" else "mean"
            self.mean_sd(n, mean, sd, items, how, loc)
        elif kind == "mean-of-items":
            self.add("range", range_findings(mean, self.lo, self.hi, location=loc))
            if n is not None and n >= 2 and sd is not None:
                self.add(
                    "sd_bounds",
                    min_max_findings(n, mean, sd, self.lo, self.hi, scale_limits=True, location=loc),
                )
            elif n is None and sd is not None:
                self.add(
                    "sd_bounds",
                    any_n_sd_findings(mean, sd, self.lo, self.hi, n_min=n_min, n_max=n_max, location=loc),
                )
            self.skip(
                loc,
                "the number of items in the mean is not printed, so GRIM, GRIMMER and the exact SD "
                "bounds of whole-number data cannot be applied; the range and the Bhatia-Davis "
                "bound of the scale were checked",
            )
        elif kind == "sum-of-items" and score.implied_by:
            self.implied_range(row, mean, score.implied_by, loc)
            if n is not None:
                self.add("grim", grim_findings(mean, n, items=1, score="sum", location=loc))
                if sd is not None and n >= 2:
                    self.add("grimmer", grimmer_findings(mean, sd, n, items=1, score="sum", location=loc))
        elif kind == "sum-of-items":
            if n is not None:
                self.add("grim", grim_findings(mean, n, items=1, score="sum", location=loc))
                if sd is not None and n >= 2:
                    self.add("grimmer", grimmer_findings(mean, sd, n, items=1, score="sum", location=loc))
            self.skip(
                loc,
                "the number of items summed is not printed, so the range of the score and the "
                "bounds of its SD cannot be checked; "
                + (
                    "GRIM and GRIMMER were applied to the whole-number sums"
                    if n is not None
                    else f"GRIM and GRIMMER need the exact N (printed: {self.n_bounds[2]})"
                ),
            )
        else:
            extra = (
                "; the mean and SD were checked against the printed minimum and maximum"
                if minimum is not None and maximum is not None
                else ""
            )
            self.skip(
                loc,
                "what the score is made of (one item, or the mean or sum of how many items) is "
                f"not printed, so GRIM, GRIMMER and the SD bounds of the scale cannot be applied{extra}",
            )
        if kind != "sum-of-items":
            self.remark(row, mean, loc, table.source)

    def implied_range(self, row: PublishedRow, mean: str, table_id: str, loc: str) -> None:
        """The range of a sum score on the items of the table it is implied to sum (an inference)."""
        target = next(t for t in self.study.tables if t.id == table_id)
        k = sum(1 for r in target.rows if _score_of(target, r).kind == "item")
        if k == 0:
            self.skip(
                loc, f"the score is implied to sum the items of {target.source}, which prints no item rows"
            )
            return
        found = implied_range_findings(mean, self.lo, self.hi, k, target.source, location=loc)
        self.add("range_implied", found)
        self.skip(
            loc,
            f"the number of items summed is not printed; the range was checked on the {k} items of "
            f"{target.source} the score is implied to sum, and the SD bounds were not applied",
        )

    def mean_sd(self, n: int | None, mean: str, sd: str | None, items: int, how: str, loc: str) -> None:
        score: Score = "sum" if how == "sum" else "mean"
        summary = Summary(mean, n, sd, self.lo, self.hi, items=items, score=score)
        checked = check_summary(summary, self.n_bounds, location=loc)
        self.checks.update(checked.checks)
        self.findings.extend(checked.findings)
        if checked.not_checked:
            self.skip(loc, checked.not_checked)

    def grand_mean(self, table: PublishedTable, row: PublishedRow) -> None:
        loc = _where(row.source or table.source, row.label)
        self.guarded(loc, lambda: self._grand_mean(table, row, loc))

    def _grand_mean(self, table: PublishedTable, row: PublishedRow, loc: str) -> None:
        mean = _text(row.get("mean"))
        if mean is None:
            return
        self.add("range", range_findings(mean, self.lo, self.hi, location=loc))
        parts = [
            r
            for r in table.rows
            if r is not row
            and _score_of(table, r).kind != "mean-of-item-means"
            and r.role not in ("total", "valid-total", "missing")
            and _text(r.get("mean")) is not None
        ]
        expected_k = _score_of(table, row).items
        if not parts:
            self.skip(loc, "no item means are printed in the table to recompute the grand mean from")
        elif expected_k is not None and expected_k != len(parts):
            self.skip(
                loc,
                f"the grand mean is of {expected_k} items but the table prints {len(parts)} means, "
                "so it cannot be recomputed",
            )
        else:
            means = [str(_text(r.get("mean"))) for r in parts]
            found = grand_mean_findings(means, mean, location=loc)
            ns = [_count(r.get("n")) for r in parts]
            if found and found[0].severity == "inconsistent" and all(ns) and len(set(ns)) > 1:
                weights = [int(x or 0) for x in ns]
                if not grand_mean_findings(means, mean, weights=weights, location=loc):
                    found = []
            self.add("grand_mean", found)
            item_ns = [x for x in ns if x is not None]
            n = _count(row.get("n"))
            if n is not None and item_ns:
                self.add(
                    "sample_size",
                    samples.at_most_findings(
                        Count(n, "cases in the grand mean's N", loc),
                        Count(max(item_ns), "cases of the largest item N", _where(table.source)),
                    ),
                )
        self.row_n(table, row)
        self.remark(row, mean, loc, table.source)

    def remark(self, row: PublishedRow, mean: str, loc: str, source: str) -> None:
        word = row.remarks.get("remark")
        if not word:
            return
        bands, rule, stated, criterion = self.rule
        if bands is None:
            rule_text = rule or "stated in words only"
            self.skip(loc, f"the paper's cut-off rule ({rule_text}) has no bands to check")
            return
        severity: Severity = "inconsistent" if stated else "note"
        if remarks.remark_is_known(word, bands):
            self.add(
                "remark",
                remarks.remark_findings(mean, word, bands, severity=severity, rule=rule, stated=stated,
                                        location=loc),
            )
        elif criterion is not None:
            self.criterion_entries.append((mean, word, loc))
        else:
            self.unknown_remarks.setdefault(source, set()).add(word)


class _RemarksChecker(_Checker):
    """Study-level remarks: the sides of a criterion mean; remarks that are no label of the rule."""

    def check(self) -> None:
        self.criterion_sides()
        self.unknown()

    def criterion_sides(self) -> None:
        _, _, stated, criterion = self.rule
        if criterion is None or not self.criterion_entries:
            return
        self.add(
            "remark",
            remarks.remark_sides_findings(
                self.criterion_entries, criterion, severity="inconsistent" if stated else "note"
            ),
        )

    def unknown(self) -> None:
        for source, words in self.unknown_remarks.items():
            listed = ", ".join(f"'{w}'" for w in sorted(words))
            rule = self.rule[1] or "the paper's rule"
            self.skip(
                source,
                f"the remarks {listed} are not labels of the rule ({rule}), so they cannot be "
                "judged against it",
            )


class _FrequencyChecker(_TableChecker):
    """Frequency tables: counts against totals; percentages, valid and cumulative ones."""

    def check(self, table: PublishedTable) -> None:
        loc = _where(table.source)
        self.guarded(loc, lambda: self._frequency(table))

    def _frequency(self, table: PublishedTable) -> None:
        rows = table.rows
        levels = [r for r in rows if r.role in ("level", "")]
        vt = next((r for r in rows if r.role == "valid-total"), None)
        missing = [r for r in rows if r.role == "missing"]
        total = next((r for r in rows if r.role == "total"), None)

        def freq(r: PublishedRow | None) -> int | None:
            return None if r is None else _count(r.get("frequency"))

        level_counts = [freq(r) for r in levels]
        miss_counts = [freq(r) for r in missing]
        all_levels = bool(levels) and all(c is not None for c in level_counts)
        all_missing = all(c is not None for c in miss_counts)
        lc = [int(c or 0) for c in level_counts]
        mc = [int(c or 0) for c in miss_counts]
        vt_n, total_n = freq(vt), freq(total)
        if vt is not None and vt_n is not None and all_levels:
            self.add("total", total_findings(lc, vt_n, location=_where(table.source, vt.label)))
        if total is not None and total_n is not None and all_missing:
            inner = [vt_n] if vt_n is not None else (lc if all_levels else None)
            if inner is not None:
                tloc = _where(table.source, total.label)
                self.add("total", total_findings(inner + mc, total_n, location=tloc))
        # the denominator of the percentages
        denominator = total_n
        if denominator is None and self.bound is not None:
            denominator = self.bound.value
        if denominator is None and all_levels and all_missing:
            denominator = sum(lc) + sum(mc)
        for r in [*levels, *([vt] if vt else []), *missing]:
            self.percent_row(table, r, freq(r), denominator)
        valid_n = vt_n if vt_n is not None else (sum(lc) if all_levels else None)
        for r in [*levels, *([vt] if vt else [])]:
            vp, c = _text(r.get("valid_percent")), freq(r)
            if vp is None or c is None or valid_n is None or valid_n < 1:
                continue
            base = denominator if denominator is not None and denominator >= valid_n else valid_n
            self.add(
                "valid_percent",
                valid_percent_findings(c, base, base - valid_n, vp, location=_where(table.source, r.label)),
            )
        cums = [_text(r.get("cumulative_percent")) for r in levels]
        if any(c is not None for c in cums):
            if all_levels and all(c is not None for c in cums) and sum(lc) > 0:
                self.add(
                    "cumulative_percent",
                    cumulative_findings(lc, [str(c) for c in cums], location=_where(table.source)),
                )
            else:
                self.skip(_where(table.source), "cumulative percentages need a count on every level")
        self.percent_totals(table, levels, missing, vt, total)
        if total_n is not None and self.bound is not None:
            tloc = _where(table.source, total.label if total else "")
            found = samples.at_most_findings(Count(total_n, "cases in the table's total", tloc), self.bound)
            if not found and not missing:
                found = samples.unaccounted_findings(
                    Count(total_n, "cases in the table"), self.bound, location=tloc
                )
            self.add("sample_size", found)

    def percent_row(
        self, table: PublishedTable, r: PublishedRow, count: int | None, denominator: int | None
    ) -> None:
        pct = _text(r.get("percent"))
        if pct is None:
            return
        loc = _where(r.source or table.source, r.label)
        if denominator is None or denominator < 1:
            self.skip(loc, "the percentage has no printed total or study N to be recomputed from")
            return
        if count is not None:
            self.add("percent", percent_findings(count, denominator, pct, location=loc))
        else:
            self.add("grim_percent", grim_percent_findings(pct, denominator, location=loc))

    def percent_totals(
        self,
        table: PublishedTable,
        levels: list[PublishedRow],
        missing: list[PublishedRow],
        vt: PublishedRow | None,
        total: PublishedRow | None,
    ) -> None:
        def printed(rs: list[PublishedRow], stat: str) -> list[str] | None:
            texts = [_text(r.get(stat)) for r in rs]
            return [str(t) for t in texts] if rs and all(t is not None for t in texts) else None

        checks: list[tuple[PublishedRow | None, list[PublishedRow], str]] = [
            (total, [*levels, *missing], "percent"),
            (vt, levels, "percent"),
            (vt, levels, "valid_percent"),
        ]
        if vt is None:
            checks.append((total, levels, "valid_percent"))
        for head, parts, stat in checks:
            if head is None:
                continue
            head_text = _text(head.get(stat))
            texts = printed(parts, stat)
            if head_text is None or texts is None:
                continue
            self.add(
                "percent_total",
                percent_total_findings(texts, head_text, location=_where(table.source, head.label)),
            )


class _TTestChecker(_DescriptivesChecker):
    """t-test tables: the groups as descriptives; t, df, p and the decision recomputed."""

    def check(self, table: PublishedTable) -> None:
        loc = _where(table.source)
        self.guarded(loc, lambda: self._ttest(table, loc))

    def _ttest(self, table: PublishedTable, loc: str) -> None:
        groups = [r for r in table.rows if r.role == "group" or (r.role == "" and "mean" in r)]
        for g in groups:
            if "mean" in g:
                self.describe_row(table, g)
        complete = [
            g
            for g in groups
            if _text(g.get("mean")) is not None and _text(g.get("sd")) is not None and _count(g.get("n"))
        ]
        stats_row = next(
            (r for r in table.rows if any(k in r.values for k in ("t", "df", "p", "t_critical", "f"))), None
        )
        decision_row = next((r for r in table.rows if "decision" in r.remarks), None)
        if len(complete) != 2:
            if stats_row is None and decision_row is not None:
                self.skip(
                    loc,
                    f"only the decision ('{decision_row.remarks['decision']}') is printed; with no "
                    "group sizes, means, SDs, t, df or p there is nothing to recompute",
                )
            else:
                self.skip(loc, "a t-test needs the N, mean and SD of exactly two groups to be recomputed")
            return
        g1, g2 = complete
        n1, n2 = int(_count(g1.get("n")) or 0), int(_count(g2.get("n")) or 0)
        m1, m2 = str(_text(g1.get("mean"))), str(_text(g2.get("mean")))
        s1, s2 = str(_text(g1.get("sd"))), str(_text(g2.get("sd")))

        def stat(name: str) -> str | None:
            if stats_row is None:
                return None
            v = stats_row.get(name)
            if v is None:
                return None
            return v.text if name == "p" else _text(v)

        t, df, p, tc = stat("t"), stat("df"), stat("p"), stat("t_critical")
        row_loc = _where(table.source, stats_row.label) if stats_row else loc
        self.add(
            "ttest",
            ttest_findings(n1, m1, s1, n2, m2, s2, t=t, df=df, p=p, t_critical=tc, alpha=self.alpha,
                           location=row_loc),
        )
        f = stat("f")
        if f is not None:  # an F printed beside two groups is Student's t squared
            self.add("anova", anova_findings([n1, n2], [m1, m2], [s1, s2], f=f, location=row_loc))
        if self.bound is not None:
            self.add(
                "sample_size",
                samples.sum_at_most_findings(
                    [Count(n1, g1.label), Count(n2, g2.label)], self.bound, what="group sizes of the t-test",
                    location=loc,
                ),
            )
        if decision_row is not None:
            audit = check_ttest(n1, m1, s1, n2, m2, s2, t=t, df=df, p=p, t_critical=tc, alpha=self.alpha)
            self.add(
                "decision",
                remarks.decision_findings(
                    decision_row.remarks["decision"],
                    p_reported=p_interval(p) if p is not None else None,
                    t_reported=_abs_interval(t) if t is not None else None,
                    t_critical=_interval(tc) if tc is not None else None,
                    p_recomputed=audit.range.p,
                    alpha=self.alpha,
                    p_text=f"p = {p}" if p is not None and p[:1] not in "<>" else (f"p {p}" if p else ""),
                    location=_where(table.source, decision_row.label),
                ),
            )


class _AnovaChecker(_DescriptivesChecker):
    """One-way ANOVA tables: the groups as descriptives; F, df and p recomputed."""

    def check(self, table: PublishedTable) -> None:
        loc = _where(table.source)
        self.guarded(loc, lambda: self._anova(table, loc))

    def _anova(self, table: PublishedTable, loc: str) -> None:
        groups = [r for r in table.rows if r.role == "group" or (r.role == "" and "mean" in r)]
        for g in groups:
            if "mean" in g:
                self.describe_row(table, g)
        complete = [
            g
            for g in groups
            if _text(g.get("mean")) is not None and _text(g.get("sd")) is not None and _count(g.get("n"))
        ]
        stats_row = next(
            (r for r in table.rows if any(k in r.values for k in ("f", "df1", "df2", "p"))), None
        )
        if len(complete) < 2 or len(complete) != len(groups):
            self.skip(loc, "a one-way ANOVA needs the N, mean and SD of every group to be recomputed")
            return

        def stat(name: str) -> str | None:
            v = stats_row.get(name) if stats_row is not None else None
            if v is None:
                return None
            return v.text if name == "p" else _text(v)

        row_loc = _where(table.source, stats_row.label) if stats_row else loc
        self.add(
            "anova",
            anova_findings(
                [int(_count(g.get("n")) or 0) for g in complete],
                [str(_text(g.get("mean"))) for g in complete],
                [str(_text(g.get("sd"))) for g in complete],
                f=stat("f"), df1=stat("df1"), df2=stat("df2"), p=stat("p"), f_critical=stat("f_critical"),
                alpha=self.alpha, location=row_loc,
            ),
        )
        if self.bound is not None:
            self.add(
                "sample_size",
                samples.sum_at_most_findings(
                    [Count(int(_count(g.get("n")) or 0), g.label) for g in complete], self.bound,
                    what="group sizes of the ANOVA", location=loc,
                ),
            )


class _GroupedChecker(_DescriptivesChecker):
    """Groups side by side: each group's cells as a row, the overall column against the groups."""

    def check(self, table: PublishedTable) -> None:
        """A table with groups side by side: each group's cells as a row of their own, and the
        overall column against the groups it combines."""
        for row in table.rows:
            for gid, header in table.groups.items():
                vals = {
                    k.split(".", 1)[0]: v for k, v in row.values.items() if k.partition(".")[2] == gid
                }
                if "mean" not in vals:
                    continue
                part = replace(row, label=f"{row.label} [{header}]", values=MappingProxyType(vals),
                               remarks=MappingProxyType({}), n_bound=None)
                self.describe_row(table, part)
                self.row_n(table, part)
            if table.overall is not None:
                loc = _where(row.source or table.source, row.label, table.groups[table.overall.group])
                self.guarded(loc, lambda row=row, loc=loc: self._overall(table, row, loc))

    def _overall(self, table: PublishedTable, row: PublishedRow, loc: str) -> None:
        assert table.overall is not None
        og, relation = table.overall.group, table.overall.relation
        others = [g for g in table.groups if g != og]
        overall = _text(row.get(f"mean.{og}"))
        means = [_text(row.get(f"mean.{g}")) for g in others]
        if overall is None:
            return
        if any(m is None for m in means):
            self.skip(loc, "the overall mean is checked against every group's mean; some are not printed")
            return
        weights: list[int] | None = None
        if relation == "weighted-by-n":
            ns = [_count(row.get(f"n.{g}")) for g in others]
            if any(n is None or n == 0 for n in ns):
                self.skip(loc, "the overall mean is weighted by the groups' N, and some N are not printed")
                return
            weights = [int(n or 0) for n in ns]
        self.add("overall", overall_findings([str(m) for m in means], overall, weights=weights, location=loc))


@dataclass(frozen=True)
class CrosstabCounts:
    """The counts of a printed crosstab and the totals the percentages are taken of.

    ``cats`` are the category (column) ids, ``total`` the total column's id (or None);
    ``data`` the rows with cells, ``total_row`` the printed total row (or None); ``cells``
    the printed counts by (row position, category); ``row_total`` and ``col_total`` the
    counts' own sums where every count is printed, else the printed totals (a misprinted
    total is one finding, not one more per percentage); ``grand`` the table's total.
    """

    table: PublishedTable
    cats: tuple[str, ...]
    total: str | None
    data: tuple[PublishedRow, ...]
    total_row: PublishedRow | None
    cells: Mapping[tuple[int, str], int | None]
    row_total: Mapping[int, int | None]
    col_total: Mapping[str, int | None]
    grand: int | None

    @property
    def complete(self) -> bool:
        """Every cell count is printed."""
        return bool(self.data) and all(c is not None for c in self.cells.values())

    def position(self, row: PublishedRow) -> int:
        return self.table.rows.index(row)

    def count(self, row: PublishedRow, group: str) -> int | None:
        """The count of a cell, a row total, a column total or the grand total, as the
        percentages use them (recomputed from the cells where they are all printed)."""
        if row is self.total_row:
            return self.grand if group == self.total else self.col_total.get(group)
        if group == self.total:
            return self.row_total.get(self.position(row))
        return self.cells.get((self.position(row), group))

    def base(self, row: PublishedRow, group: str) -> int | None:
        """What the percentage of a cell is of (``percent_of``: row, column or table)."""
        of = self.table.percent_of
        if of == "row":
            return self.grand if row is self.total_row else self.row_total.get(self.position(row))
        if of == "column":
            return self.grand if group == self.total else self.col_total.get(group)
        return self.grand

    def matrix(self) -> list[list[int]]:
        """The cell counts, rows by categories (only when :attr:`complete`)."""
        return [[int(self.cells[(self.position(r), g)] or 0) for g in self.cats] for r in self.data]


def crosstab_counts(table: PublishedTable) -> CrosstabCounts:
    """The :class:`CrosstabCounts` of a ``crosstab`` table (used by the audit and the replication)."""
    tc = table.overall.group if table.overall is not None else None
    cats = tuple(g for g in table.groups if g != tc)
    data = tuple(
        r for r in table.rows
        if r.role in ("", "level", "group") and any(k.partition(".")[2] in table.groups for k in r.values)
    )
    total_row = next((r for r in table.rows if r.role == "total"), None)
    pos = {id(r): table.rows.index(r) for r in table.rows}
    cells = {(pos[id(r)], g): _count(r.get(f"frequency.{g}")) for r in data for g in cats}
    row_total: dict[int, int | None] = {}
    for r in data:
        parts = [cells[(pos[id(r)], g)] for g in cats]
        printed = _count(r.get(f"frequency.{tc}")) if tc else None
        known = all(c is not None for c in parts)
        row_total[pos[id(r)]] = sum(int(c or 0) for c in parts) if known else printed
    col_total: dict[str, int | None] = {}
    for g in [*cats, *([tc] if tc else [])]:
        parts = [cells[(pos[id(r)], g)] if g != tc else row_total[pos[id(r)]] for r in data]
        printed = _count(total_row.get(f"frequency.{g}")) if total_row is not None else None
        known = bool(data) and all(c is not None for c in parts)
        col_total[g] = sum(int(c or 0) for c in parts) if known else printed
    grand = col_total.get(tc) if tc else None
    if grand is None and all(col_total.get(g) is not None for g in cats):
        grand = sum(int(col_total[g] or 0) for g in cats)
    return CrosstabCounts(table, cats, tc, data, total_row, cells, row_total, col_total, grand)


class _CrosstabChecker(_TableChecker):
    """Crosstabs (rows by category columns): counts against the row and column totals, each
    percentage from its count and base (row, column or table total), the percentages of a row
    or column adding up, and a printed chi-square, df, p or expected count from the counts."""

    def check(self, table: PublishedTable) -> None:
        loc = _where(table.source)
        self.guarded(loc, lambda: self._crosstab(table))

    def _crosstab(self, table: PublishedTable) -> None:
        x = crosstab_counts(table)
        cats, tc, data, total_row = list(x.cats), x.total, list(x.data), x.total_row
        complete = x.complete

        def where(r: PublishedRow, g: str | None = None) -> str:
            return _where(r.source or table.source, r.label, table.groups[g] if g else "")

        # printed totals against the counts they add up
        for r in data:
            printed = _count(r.get(f"frequency.{tc}")) if tc else None
            parts = [x.cells[(x.position(r), g)] for g in cats]
            if printed is not None and all(c is not None for c in parts):
                found = total_findings([int(c or 0) for c in parts], printed, location=where(r, tc))
                self.add("total", found)
        if total_row is not None and data:
            for g in [*cats, *([tc] if tc else [])]:
                printed = _count(total_row.get(f"frequency.{g}"))
                parts = [x.count(r, g) for r in data]
                if printed is not None and all(c is not None for c in parts):
                    loc = where(total_row, g)
                    self.add("total", total_findings([int(c or 0) for c in parts], printed, location=loc))
        for r in [*data, *([total_row] if total_row is not None else [])]:
            for g in [*cats, *([tc] if tc else [])]:
                pct = _text(r.get(f"percent.{g}"))
                if pct is None:
                    continue
                c, base = x.count(r, g), x.base(r, g)
                loc = where(r, g)
                if base is None or base < 1:
                    self.skip(loc, f"the percentage's base (the {table.percent_of} total) is not printed "
                              "and cannot be added up from the counts")
                elif c is not None:
                    self.add("percent", percent_findings(c, base, pct, location=loc))
                else:
                    self.add("grim_percent", grim_percent_findings(pct, base, location=loc))
        # the percentages of a row (or column) add up to its printed total percentage, or 100
        lines: list[tuple[str, list[PublishedRow], list[str], PublishedRow | None, str | None]] = []
        if table.percent_of == "row":
            lines = [(where(r), [r], cats, r, tc) for r in [*data, *([total_row] if total_row else [])]]
        elif table.percent_of == "column":
            lines = [(_where(table.source, "", table.groups[g]), data, [g], total_row, g) for g in cats]
        for loc, rows_, groups_, head, head_group in lines:
            texts = [_text(r.get(f"percent.{g}")) for r in rows_ for g in groups_]
            if len(texts) < 2 or any(t is None for t in texts):
                continue
            head_text = _text(head.get(f"percent.{head_group}")) if head is not None and head_group else None
            self.add("percent_total", percent_total_findings([str(t) for t in texts], head_text or "100",
                                                             location=loc))
        # a chi-square printed with the table
        for r in table.rows:
            chi, df, p = _text(r.get("chi_square")), _text(r.get("df")), _text(r.get("p"))
            if chi is None and df is None and p is None:
                continue
            loc = where(r)
            if not complete or len(data) < 2:
                self.skip(loc, "the chi-square is recomputed from every cell's count; some are not printed")
                continue
            expected = [[_text(d.get(f"expected.{g}")) for g in cats] for d in data]
            self.add("chi_square", crosstab_findings(
                x.matrix(),
                chi2=chi, df=df, p=p,
                expected=expected if any(x is not None for e in expected for x in e) else None,
                location=loc,
            ))



class _CorrelationChecker(_TableChecker):
    """Correlation tables: r, N and p together."""

    def check(self, table: PublishedTable) -> None:
        for row in table.rows:
            r, p, n = _text(row.get("r")), row.get("p"), _count(row.get("n"))
            loc = _where(row.source or table.source, row.label)
            if r is None:
                continue
            if p is None or n is None:
                self.skip(loc, "a correlation is checked from r, N and p together; "
                          + ("N" if n is None else "p") + " is not printed")
                continue
            self.guarded(loc, lambda r=r, n=n, p=p, loc=loc: self.add(
                "correlation", correlation_findings(r, n, p.text, location=loc)))


class _ReliabilityChecker(_Checker):
    """Cronbach's alpha against the item SDs and the SD of their total, across tables."""

    def check(self) -> None:
        used: set[int] = set()
        for table in self.study.tables:
            if table.kind != "item-descriptives":
                continue
            items = [r for r in table.rows if _score_of(table, r).kind == "item" and _text(r.get("sd"))]
            if len(items) < 2 or not table.variable:
                continue
            k = len(items)
            total_sd: str | None = None
            total_is_mean = False
            alpha: ReportedValue | None = None
            where_total = ""
            for other in self.study.tables:
                if other.variable != table.variable:
                    continue
                for r in other.rows:
                    s = other.score_for(r)
                    if (
                        s is not None
                        and s.kind in ("sum-of-items", "mean-of-items")
                        and s.items == k
                        and _text(r.get("sd"))
                    ):
                        total_sd = _text(r.get("sd"))
                        total_is_mean = s.kind == "mean-of-items"
                        where_total = _where(r.source or other.source, r.label)
                    if "alpha" in r.values and alpha is None:
                        alpha = r.values["alpha"]
            if total_sd is None:
                continue
            if alpha is not None:
                used.add(id(alpha))
            loc = where_total
            item_sds = [str(_text(r.get("sd"))) for r in items]
            alpha_text = _text(alpha) if alpha is not None else None
            self.guarded(loc, self._alpha, item_sds, total_sd, alpha_text, total_is_mean, loc)
        for _, row, v in self.study.values():
            if v.statistic == "alpha" and id(v) not in used:
                self.skip(
                    _where(v.source, row.label),
                    f"Cronbach's alpha {v.text} cannot be recomputed: the paper does not print the "
                    "item SDs together with the SD of the total score they add up to",
                )

    def _alpha(
        self, item_sds: list[str], total_sd: str, alpha: str | None, total_is_mean: bool, loc: str
    ) -> None:
        found = alpha_findings(item_sds, total_sd, alpha, total_is_mean=total_is_mean, location=loc)
        self.add("alpha", found)


#: The checker of each kind of table; see :func:`_checker_for` for the others.
_CHECKERS: dict[str, type[_TableChecker]] = {
    "frequency": _FrequencyChecker,
    "crosstab": _CrosstabChecker,
    "t-test": _TTestChecker,
    "anova": _AnovaChecker,
    "correlation": _CorrelationChecker,
}


def _checker_for(table: PublishedTable) -> type[_TableChecker]:
    """The checker of a table: by its kind; a table of another kind is read as descriptives,
    group by group when its groups stand side by side."""
    if table.kind in _CHECKERS:
        return _CHECKERS[table.kind]
    if table.groups:
        return _GroupedChecker
    return _DescriptivesChecker


def _score_of(table: PublishedTable, row: PublishedRow) -> ScoreInfo:
    """What a row's mean is of: its table's declared score, else a guess from the row's role."""
    s = table.score_for(row)
    if row.role == "grand-mean" and (s is None or s.kind != "mean-of-item-means"):
        return ScoreInfo("mean-of-item-means", s.items if s else None)
    if s is None:
        if table.kind == "item-descriptives" and row.role in ("item", ""):
            return ScoreInfo("item", 1)
        return ScoreInfo("unknown")
    return s


def _assumptions(self: _StudyAudit) -> tuple[str, ...]:
    out = [
        "A number printed with d decimals stands for every value that rounds to it (half a unit "
        "of the last digit either way, also allowing round-half-even); a value is flagged only "
        "when no value in that interval fits.",
        f"Responses are whole numbers from {self.lo} to {self.hi}; sums and means of items assume "
        "every item answered. SDs are sample SDs (divisor n - 1).",
        self.alpha_note,
    ]
    _, rule, stated, _ = self.rule
    has_remarks = any("remark" in r.remarks for t in self.study.tables for r in t.rows)
    if not has_remarks:
        pass
    elif stated:
        out.append(f"Remarks are judged by the paper's own cut-off rule ({rule}); a contradiction is "
                   "'inconsistent'.")
    else:
        out.append(f"The paper states no cut-off rule; remarks are compared with the real limits of "
                   f"the scale ({rule.removeprefix('real limits: ')}) and a difference is only a note.")
    if self.bound is not None:
        out.append(f"The study's respondents are {self.bound.describe()}; no table may describe more.")
    else:
        out.append("No population, sample or questionnaire counts are printed, so table N's are not "
                   "compared with them.")
    return tuple(out)


def _describe_bands(bands: Sequence[remarks.RemarkBand]) -> str:
    """``3.50-4.00 Very High Extent, 2.50-3.49 High Extent, ...`` (two decimals)."""
    ordered = sorted(bands, key=lambda b: b.lower, reverse=True)
    parts = []
    for i, b in enumerate(ordered):
        upper = b.upper if i == 0 else b.upper - Fraction(1, 100)
        parts.append(f"{float(b.lower):.2f}-{float(upper):.2f} {b.label}")
    return ", ".join(parts)


def audit_study(study: PublishedStudy) -> AuditReport:
    """Audit every printed number of a published-values file.

    Parameters
    ----------
    study : PublishedStudy
        As read by :func:`mcstats.replication.published.load_published`.

    Returns
    -------
    AuditReport
        Findings in the order of the paper, what could not be checked and why, and the
        conventions applied.

    Notes
    -----
    See the module docstring for the checks per kind of table; each check is a pure function
    of :mod:`mcstats.audit` with its rule and reference.

    References
    ----------
    Brown & Heathers (2017), GRIM; Anaya (2016), GRIMMER; Heathers & Brown (2019), DEBIT;
    Heathers et al. (2018), SPRITE; Nuijten et al. (2016), statcheck.

    Examples
    --------
    >>> from mcstats.replication.published import load_published
    >>> report = audit_study(load_published("data/published/rivers_state.yaml"))
    >>> [f.expected for f in report.findings if f.check == "sd_bounds"]
    ['at most 1.444', 'at most 1.386']
    >>> [f.check for f in report.findings if f.severity == "inconsistent"]
    ['range_implied', 'range_implied', 'ttest_t', 'sample_size']
    """
    walker = _StudyAudit(study)
    try:
        walker.run()
    except CountTooLarge as exc:
        raise DataError(exc.message, path=study.path) from None
    info = study.study
    return AuditReport(
        title=info.title,
        input_kind="published",
        path=study.path,
        findings=tuple(walker.findings),
        not_checked=tuple(walker.not_checked),
        assumptions=_assumptions(walker),
        checks_run=dict(sorted(walker.checks.items())),
        not_reported=study.not_reported,
        study={
            "id": study.id,
            "title": info.title,
            "authors": list(info.authors),
            "year": info.year,
            "journal": info.journal,
            "doi": info.doi,
            "scale": {"min": study.scale.min, "max": study.scale.max},
        },
    )


# --------------------------------------------------------------------------------------------
# Quick-check CSV
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _QuickRow:
    row: int
    label: str
    n: int | None
    mean: str
    sd: str | None
    lo: int
    hi: int
    items: int
    score: str
    decimals: int | None
    n_bound: NBound | None = None
    odd: tuple[tuple[str, str], ...] = ()
    test: str = ""
    t: str | None = None
    f: str | None = None
    df: str | None = None
    p: str | None = None


_NUMBER = re.compile(r"^[-+\u2212]?(\d+\.?\d*|\.\d+)$")
_WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def _header_name(raw: str) -> str:
    return re.sub(r"[\s\-]+", "_", raw.replace("\ufeff", "").strip().casefold())


def _read_quick_rows(path: Path) -> tuple[list[_QuickRow], list[ExcludedRow], int]:
    from mcstats.io import check_line_lengths, decode_bytes, sniff_delimiter

    name = str(path)
    check_line_lengths(path)  # bounded memory: a file without line ends is refused unread
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", path=name) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", path=name) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", path=name) from None
    if not data.strip():
        raise DataError(
            "the file is empty; expected a header row (label,n,mean,sd,scale_min,scale_max,...) "
            "and one reported mean per row",
            path=name,
        )
    text, _ = decode_bytes(data, name)
    reader = _quick_records(
        csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)), name
    )
    header = next(reader)
    columns = [_header_name(h) for h in header]
    for i, col in enumerate(columns):
        if col and col not in QUICK_CHECK_COLUMNS:
            raise DataError(
                "unknown column; expected some of " + ", ".join(QUICK_CHECK_COLUMNS),
                path=name,
                row=1,
                column=header[i].strip(),
            )
        if col and columns.index(col) != i:
            raise DataError("column appears twice", path=name, row=1, column=header[i].strip())
    for col in _QUICK_REQUIRED:
        if col not in columns:
            raise DataError(
                "required column is missing (the header needs n, mean, scale_min and scale_max)",
                path=name,
                row=1,
                column=col,
            )
    rows: list[_QuickRow] = []
    excluded: list[ExcludedRow] = []
    problems: list[CellProblem] = []
    n_read = 0
    for rownum, rec in reader:
        if not any(c.strip() for c in rec):
            excluded.append(ExcludedRow(rownum, "blank row"))
            continue
        n_read += 1
        if len(rec) > len(columns) and any(c.strip() for c in rec[len(columns) :]):
            problems.append(CellProblem(rownum, f"column {len(columns) + 1}", rec[len(columns)],
                                        "more cells than the header has columns"))
            continue
        cells = {col: (rec[i].strip() if i < len(rec) else "") for i, col in enumerate(columns) if col}
        parsed = _parse_quick_row(rownum, cells, problems)
        if parsed is not None:
            rows.append(parsed)
    if problems:
        raise DataError(
            f"{len(problems)} cell(s) cannot be read; fix them and run again",
            path=name,
            cells=problems[:20],
            total=len(problems),
        )
    if not rows:
        raise DataError("no rows to check; expected one reported mean per row under the header", path=name)
    return rows, excluded, n_read


def _quick_records(reader: Any, name: str) -> Iterator[Any]:
    """The header, then ``(line, record)`` pairs; a cell beyond ``MCSTATS_MAX_CELL_CHARS``
    or malformed quoting is a DataError naming the line, not the csv module's traceback."""
    from mcstats.io import cell_too_long, csv_cell_limit

    csv_cell_limit()
    first = True
    try:
        for rec in reader:
            yield rec if first else (reader.line_num, rec)
            first = False
    except csv.Error as exc:
        problem = cell_too_long(exc) or f"malformed CSV: {exc}"
        raise DataError(f"{problem} (line {reader.line_num})", path=name) from None


def _parse_quick_row(rownum: int, cells: dict[str, str], problems: list[CellProblem]) -> _QuickRow | None:
    before = len(problems)

    def bad(col: str, reason: str) -> None:
        problems.append(CellProblem(rownum, col, cells.get(col, ""), reason))

    def whole(col: str, minimum: int, default: int | None = None) -> int | None:
        raw = cells.get(col, "")
        if raw == "":
            if default is None:
                bad(col, "required; expected a whole number")
            return default
        if not _WHOLE.match(raw) or int(raw.replace(",", "")) < minimum:
            bad(col, f"expected a whole number of at least {minimum}")
            return None
        if int(raw.replace(",", "")) > limit("MAX_SAMPLE_SIZE"):
            bad(col, _too_large(int(raw.replace(",", ""))))
            return None
        return int(raw.replace(",", ""))

    def number(col: str, required: bool) -> str | None:
        raw = cells.get(col, "")
        if raw == "":
            if required:
                bad(col, "required; expected the number as printed, e.g. 2.905")
            return None
        if odd_print_findings(raw):
            odd.append((col, raw))
            if not _NUMBER.match(raw.replace("\u2212", "-")):
                return raw  # 1..2: a note, and the row is not checked
        if "," in raw:
            bad(col, "use a decimal point (2.905), not a comma")
            return None
        if not _NUMBER.match(raw):
            bad(col, "expected a number as printed, e.g. 2.905 or .974")
            return None
        return raw.replace("\u2212", "-")

    odd: list[tuple[str, str]] = []
    n: int | None = None
    n_bound: NBound | None = None
    raw_n = cells.get("n", "")
    if _WHOLE.match(raw_n):
        n = int(raw_n.replace(",", ""))
        if n > limit("MAX_SAMPLE_SIZE"):
            bad("n", _too_large(n))
            n = None
    else:
        try:
            n_bound = parse_n_bound(raw_n.replace("\u2212", "-"))
        except ValueError:
            n_bound = None
        if n_bound is None:
            bad(
                "n",
                "expected a whole number, ? or empty when N is not printed, or bounds (>=10, <=339, 10-339)",
            )
    mean = number("mean", True)
    sd = number("sd", False)
    lo = _signed_whole(cells, "scale_min", bad)
    hi = _signed_whole(cells, "scale_max", bad)
    if lo is not None and hi is not None and hi <= lo:
        bad("scale_max", f"expected a code above scale_min ({lo})")
    items = whole("items", 1, default=1)
    score = cells.get("score", "").casefold() or "mean"
    if score not in ("mean", "sum"):
        bad("score", "expected mean or sum")
    decimals = whole("decimals", 0, default=-1) if cells.get("decimals", "") else None
    if decimals is not None and decimals > 10:
        bad("decimals", "expected at most 10 decimals")
    if decimals is not None and decimals >= 0:
        for col, value in (("mean", mean), ("sd", sd)):
            if value is not None and "." in value and len(value.split(".")[1]) > decimals:
                bad(col, f"printed with more decimals than the decimals column says ({decimals})")
    tests: dict[str, str | None] = {}
    for col in ("t", "f", "p"):
        raw = cells.get(col, "").replace("\u2212", "-").replace(" ", "")
        body = raw.lstrip("<>=") if col == "p" else raw
        if raw and not _NUMBER.match(body):
            bad(col, "expected the number as printed" + (", e.g. .03 or <.001" if col == "p" else ""))
        tests[col] = raw or None
    raw_df = cells.get("df", "")
    if raw_df and not re.match(r"^\d+(\.\d+)?(\s*[,;/]\s*\d+(\.\d+)?)?$", raw_df):
        bad("df", "expected the df as printed: 475 for t, or '2, 30' for F")
    if (tests["t"] or tests["f"] or tests["p"] or raw_df) and not cells.get("test", ""):
        bad("test", "name the test these statistics belong to (the same name on each group's row)")
    if len(problems) > before:
        return None
    assert mean is not None and lo is not None and hi is not None and items is not None
    return _QuickRow(
        odd=tuple(odd),
        test=cells.get("test", ""),
        t=tests["t"],
        f=tests["f"],
        p=tests["p"],
        df=raw_df or None,
        row=rownum,
        label=cells.get("label", "") or f"row {rownum}",
        n=n,
        n_bound=n_bound,
        mean=mean,
        sd=sd,
        lo=lo,
        hi=hi,
        items=items,
        score=score,
        decimals=decimals,
    )


def _signed_whole(cells: dict[str, str], col: str, bad: Callable[[str, str], None]) -> int | None:
    raw = cells.get(col, "").replace("\u2212", "-")
    if not re.match(r"^-?\d+$", raw):
        bad(col, "required; expected a whole-number response code such as 1")
        return None
    return int(raw)


def _quick_tests(
    rows: Sequence[_QuickRow], findings: list[Finding], not_checked: list[NotChecked], checks: Counter[str]
) -> None:
    """t-tests and one-way ANOVAs of the quick-check CSV: rows sharing a ``test`` name are its groups."""
    tests: dict[str, list[_QuickRow]] = {}
    for r in rows:
        if r.test:
            tests.setdefault(r.test, []).append(r)
    for name, groups in tests.items():
        loc = f"test '{_short(name)}' (rows {', '.join(str(g.row) for g in groups)})"

        def first(attr: str, groups: list[_QuickRow] = groups) -> str | None:
            return next((getattr(g, attr) for g in groups if getattr(g, attr) is not None), None)

        t, f, df, p = first("t"), first("f"), first("df"), first("p")
        missing = [g.row for g in groups if g.n is None or g.sd is None]
        if missing:
            not_checked.append(NotChecked(loc, "the test is recomputed from each group's exact N, mean and "
                                          f"SD; row(s) {', '.join(map(str, missing))} lack the N or the SD"))
            continue
        if t is None and f is None and p is None:
            not_checked.append(NotChecked(loc, "no t, F or p is printed for this test"))
            continue
        ns = [int(g.n or 0) for g in groups]
        means = [g.mean for g in groups]
        sds = [str(g.sd) for g in groups]
        if f is not None or len(groups) != 2:
            if len(groups) < 2:
                not_checked.append(
                    NotChecked(loc, "a test needs at least two groups (rows with this test name)")
                )
                continue
            parts = re.split(r"\s*[,;/]\s*", df) if df else []
            checks["anova"] += 1
            findings.extend(anova_findings(
                ns, means, sds, f=f, df1=parts[0] if len(parts) == 2 else None,
                df2=parts[1] if len(parts) == 2 else None, p=p, location=loc,
            ))
            if t is not None:
                not_checked.append(NotChecked(loc, "a t is printed for more than two groups (or beside F); "
                                              "only the F was checked"))
            continue
        checks["ttest"] += 1
        findings.extend(ttest_findings(ns[0], means[0], sds[0], ns[1], means[1], sds[1], t=t, df=df, p=p,
                                       location=loc))


def audit_csv(path: str | Path) -> AuditReport:
    """Audit a quick-check CSV: one reported mean (with N, SD and scale) per row.

    Parameters
    ----------
    path : str or Path
        A CSV (comma, semicolon or tab) with the columns of :data:`QUICK_CHECK_COLUMNS`;
        ``n``, ``mean``, ``scale_min`` and ``scale_max`` are required.

    Returns
    -------
    AuditReport
        Findings of the range, GRIM, SD-bounds and GRIMMER checks per row (DEBIT for 0/1
        items); blank rows are listed as excluded.

    Raises
    ------
    DataError
        When the file cannot be read, a column is unknown or missing, or a cell cannot be
        read; the message names the file, and each offending cell's row and column.

    References
    ----------
    Brown & Heathers (2017), GRIM; Anaya (2016), GRIMMER; Heathers & Brown (2019), DEBIT.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "check.csv"
    ...     _ = p.write_text("label,n,mean,sd,scale_min,scale_max\\nItem 7,432,2.905,3.215,1,4\\n")
    ...     [(f.check, f.expected) for f in audit_csv(p).findings]
    [('sd_bounds', 'at most 1.444')]
    """
    p = Path(path)
    rows, excluded, n_read = _read_quick_rows(p)
    findings: list[Finding] = []
    checks: Counter[str] = Counter()
    not_checked: list[NotChecked] = []
    for r in rows:
        loc = f"{_short(r.label)} (row {r.row})"
        if r.odd:
            checks["odd_print"] += 1
            for col, text in r.odd:
                findings.extend(odd_print_findings(text, location=f"{loc}, column '{col}'"))
            unreadable = [col for col, text in r.odd if not _NUMBER.match(text.replace("\u2212", "-"))]
            if unreadable:
                what = " and ".join(unreadable)
                not_checked.append(NotChecked(loc, f"the {what} cannot be read as a number"))
                continue
        sd = r.sd
        if sd is not None:
            checks["limits"] += 1
            bad_sd = limit_findings("sd", sd, location=loc)
            findings.extend(bad_sd)
            if bad_sd:
                sd = None
        if r.n == 0:
            checks["limits"] += 1
            findings.extend(n_zero_findings(r.mean, location=loc))
        n_bounds = (r.n_bound.low, r.n_bound.high) if r.n_bound is not None else (None, None)
        printed = (r.n_bound.text if r.n_bound is not None else "0") or "not printed"
        summary = Summary(
            r.mean,
            r.n or None,
            sd,
            r.lo,
            r.hi,
            items=r.items,
            score="sum" if r.score == "sum" else "mean",
            mean_decimals=r.decimals,
            sd_decimals=r.decimals,
        )
        checked = check_summary(summary, (*n_bounds, printed), location=loc)
        checks.update(checked.checks)
        findings.extend(checked.findings)
        if checked.not_checked:
            not_checked.append(NotChecked(loc, checked.not_checked))
    _quick_tests(rows, findings, not_checked, checks)
    return AuditReport(
        title=f"Quick check of {p.name}",
        input_kind="quick-check",
        path=str(p),
        findings=tuple(findings),
        not_checked=tuple(not_checked),
        assumptions=(
            "A number printed with d decimals stands for every value that rounds to it (half a unit "
            "of the last digit either way); a value is flagged only when no value in that interval "
            "fits.",
            "Each row's responses are whole numbers from scale_min to scale_max; a composite of k items "
            "assumes every item answered. SDs are sample SDs (divisor n - 1).",
        ),
        checks_run=dict(sorted(checks.items())),
        rows_read=n_read,
        excluded=tuple(excluded),
    )


#: The conventions of the in-text checks, listed first in a paper's audit.
TEXT_ASSUMPTIONS: tuple[str, ...] = (
    "In-text results are read as statcheck reads them (APA style only: t(df), F(df1, df2), "
    "r(df), chi2(df, N = n), z, Q(df), a comparison, the value, a comma and p or ns); "
    "p is recomputed two-tailed for t, r and z, from the upper tail for F, chi-square and Q.",
    "A printed statistic stands for every value that rounds to it; the reported p is an error "
    "only when no such value gives a p that rounds to it (or lies on the stated side).",
    "p = .05 counts as significant; a reported p = .000 is an error; ns is read as p > .05; "
    "a mention of one-tailed testing is recorded (one_tailed) but results are judged two-tailed.",
)
#: The assumption added when non-APA strings are read too (``lenient=True``).
LENIENT_ASSUMPTION = (
    "Lenient reading (lenient=True): non-APA results were read too (square brackets, df = "
    "written out or after the value, F's df split by / or ;, r with N = n read as r(n - 2), "
    "a semicolon, 'and' or a bracket before p, p-value, P); statcheck skips these by default."
)


def audit_text(
    text: str,
    *,
    title: str = "Paper",
    path: str | Path | None = None,
    source: str = "Text",
    alpha: float = 0.05,
    lenient: bool = False,
) -> AuditReport:
    """Audit the test results reported in a paper's running text (statcheck's checks).

    Parameters
    ----------
    text : str
        The paper's text (or any part of it).
    title : str
        Title of the report.
    path : str or Path, optional
        The file the text came from (recorded in audit.json).
    source : str
        How findings name the text (``"Text"`` gives ``"Text, line 3, column 12"``).
    alpha : float
        Significance level of decision errors.
    lenient : bool
        Also read non-APA variants (:func:`mcstats.audit.extract.text.extract_results`).

    Returns
    -------
    AuditReport
        ``extracted`` holds every result read; each statcheck error is an ``inconsistent``
        finding.

    Examples
    --------
    >>> r = audit_text("Boys scored higher, t(28) = 2.20, p = .06; girls did not, F(1, 40) = 0.50, p = .48.")
    >>> [(x.statistic, x.error) for x in r.extracted], [f.check for f in r.findings]
    ([('t', True), ('F', False)], ['statcheck'])
    """
    results = tuple(extract_results(text, alpha=alpha, lenient=lenient))
    findings = statcheck_findings(results, source=source, alpha=alpha)
    return AuditReport(
        title=title,
        input_kind="paper",
        path=None if path is None else str(path),
        findings=tuple(findings),
        assumptions=TEXT_ASSUMPTIONS + ((LENIENT_ASSUMPTION,) if lenient else ()),
        checks_run={"statcheck": len(results)} if results else {},
        extracted=results,
    )


def audit_paper(path: str | Path, *, alpha: float | None = None, lenient: bool = False) -> AuditReport:
    """Audit a paper as a reviewer has it: ``.txt``, ``.md``, ``.html``, ``.docx`` or ``.pdf``.

    The paper is read into text (:func:`mcstats.audit.extract.readers.read_paper`); its
    in-text results are checked as statcheck checks them (:func:`audit_text`), and its
    Likert, t-test and frequency tables, scale and design facts become a published-values
    draft (:func:`mcstats.audit.extract.draft.draft_from_text`, the same draft ``mcstats
    extract`` writes) that is audited like a hand-made YAML (:func:`audit_study`).

    ``lenient`` also reads in-text results that are not in APA style (``mcstats audit
    --lenient``; :func:`mcstats.audit.extract.text.extract_results`).

    Returns
    -------
    AuditReport
        ``assumptions`` start with the draft's guesses; tables found but not read are listed
        under ``not_checked``; ``extracted`` holds the in-text results.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "paper.md"
    ...     _ = p.write_text("A 4-point scale.\\n\\n| Item | N | Mean | SD |\\n|---|---|---|---|\\n"
    ...                      "| Q1 | 432 | 2.905 | 3.215 |\\n\\nt(28) = 2.20, p = .06\\n")
    ...     r = audit_paper(p)
    >>> sorted(f.check for f in r.findings)
    ['sd_bounds', 'statcheck']
    """
    import yaml

    from mcstats.audit.extract.draft import draft_from_text
    from mcstats.audit.extract.readers import read_paper
    from mcstats.replication.published import parse_published

    paper = read_paper(path)
    p = Path(path)
    draft = draft_from_text(paper.text, name=p.stem, path=p)
    text_report = audit_text(
        paper.text, title=p.stem, path=p, alpha=0.05 if alpha is None else alpha, lenient=lenient
    )
    findings: list[Finding] = []
    not_checked: list[NotChecked] = [
        NotChecked(loc, f"table not read: {reason}") for loc, reason in draft.skipped
    ]
    checks: Counter[str] = Counter(text_report.checks_run)
    study_doc: dict[str, Any] = {}
    title = p.stem
    assumptions = [f"Read from the paper (guess): {g}" for g in draft.guesses]
    if draft.tables or "design" in draft.yaml:
        study = parse_published(yaml.safe_load(draft.yaml), path=f"{p} (draft)")
        table_report = audit_study(study)
        findings.extend(table_report.findings)
        not_checked.extend(table_report.not_checked)
        checks.update(table_report.checks_run)
        assumptions.extend(table_report.assumptions)
        title = table_report.title
        study_doc = dict(table_report.study)
    findings.extend(text_report.findings)
    assumptions.extend(text_report.assumptions)
    if not draft.tables and not text_report.extracted:
        not_checked.append(NotChecked(
            f"{p.name} (whole paper)",
            "no table of statistics (N, mean, SD, t, frequency columns) and no "
            + ("test result" if lenient else "APA-style test result (lenient=True reads other styles)")
            + " was found in the text; transcribe the paper's numbers into a published-values YAML "
            "(docs/published-format.md) to audit them",
        ))
    return AuditReport(
        title=title,
        input_kind="paper",
        path=str(p),
        findings=tuple(findings),
        not_checked=tuple(not_checked),
        assumptions=tuple(assumptions),
        checks_run=dict(sorted(checks.items())),
        study=study_doc,
        extracted=text_report.extracted,
    )


def _looks_like_quick_check(p: Path) -> bool:
    """A .txt file whose first non-blank line is a quick-check header (has n and mean)."""
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return True  # let the CSV reader report the problem
    from mcstats.io import decode_bytes

    text, _ = decode_bytes(head, str(p))
    for line in text.splitlines():
        if line.strip():
            cells = {_header_name(c) for c in re.split(r"[,;\t]", line)}
            return {"n", "mean"} <= cells
    return True


def audit_file(path: str | Path, *, lenient: bool = False) -> AuditReport:
    """Audit a published-values YAML, a quick-check CSV or the running text of a paper.

    ``.yaml``/``.yml`` are published-values files; ``.csv``/``.tsv`` quick-check CSVs; a
    ``.txt`` file is a quick-check CSV when its first line is one (has the columns ``n`` and
    ``mean``), otherwise a paper, like ``.md``, ``.html``, ``.docx`` and ``.pdf``
    (:func:`audit_paper`); ``lenient`` also reads a paper's non-APA results.

    Raises
    ------
    UsageError
        For another kind of file.
    InstrumentError, DataError
        When the file is not valid (the message names the key, or the row and column).
    """
    from mcstats.replication.published import load_published
    from mcstats.safety import check_input_file

    p = Path(path)
    check_input_file(p, DataError, what="file to audit")  # not /dev/zero, a pipe or a loop of links
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return audit_study(load_published(p))
    if suffix in (".csv", ".tsv") or (suffix == ".txt" and _looks_like_quick_check(p)):
        return audit_csv(p)
    from mcstats.audit.extract.readers import PAPER_SUFFIXES

    if suffix in PAPER_SUFFIXES:
        return audit_paper(p, lenient=lenient)
    raise UsageError(
        f"{p}: expected a published-values file (.yaml, see docs/published-format.md), a "
        "quick-check CSV (.csv, see docs/manual/audit.md) or a paper (.txt, .md, .html, .docx, .pdf)"
    )


# --------------------------------------------------------------------------------------------
# audit.json and the section for other reports
# --------------------------------------------------------------------------------------------


def audit_document(
    report: AuditReport, *, fail_on: str | None = None, created: str | None = None
) -> dict[str, Any]:
    """The audit.json document of a report (schema: ``src/mcstats/schema/audit.schema.json``).

    Examples
    --------
    >>> from mcstats.replication.published import load_published
    >>> doc = audit_document(audit_study(load_published("data/published/mardan.yaml")))
    >>> doc["format"], sorted(doc["findings"][0])
    ('mcstats-audit/1', ['check', 'expected', 'location', 'message', 'reference', 'reported', 'severity'])
    """
    from mcstats._version import __version__

    sha = None
    if report.path is not None:
        try:
            sha = hashlib.sha256(Path(report.path).read_bytes()).hexdigest()
        except OSError:
            sha = None
    input_doc: dict[str, Any] = {"path": report.path, "sha256": sha, "kind": report.input_kind}
    if report.rows_read is not None:
        input_doc["rows_read"] = report.rows_read
        input_doc["rows_checked"] = report.rows_read
        input_doc["excluded"] = [asdict(e) for e in report.excluded]
    return {
        "format": AUDIT_FORMAT,
        "mcstats_version": __version__,
        "created": created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "title": report.title,
        "input": input_doc,
        "study": dict(report.study) if report.study else None,
        "fail_on": fail_on,
        "counts": report.counts(),
        "checks_run": dict(report.checks_run),
        "findings": [asdict(f) for f in report.findings],
        "not_checked": [asdict(x) for x in report.not_checked],
        "assumptions": list(report.assumptions),
        "not_reported": list(report.not_reported),
        "extracted": [r.to_dict() for r in report.extracted],
    }


def replication_audit(study: PublishedStudy | str | Path) -> dict[str, Any]:
    """The audit in the form ``mcstats.replication.replicate.replicate(..., audit=...)`` takes.

    A mapping with ``title``, ``summary`` (the counts in a sentence) and ``findings`` (dicts
    with check, severity, location, reported, expected, message, reference), plus ``counts``,
    ``not_checked`` and ``assumptions`` for comparison.json.

    Examples
    --------
    >>> a = replication_audit("data/published/mardan.yaml")
    >>> a["summary"].split(". ")[0]
    '2 findings: 0 impossible, 1 inconsistent, 1 note'
    """
    from mcstats.replication.published import load_published

    loaded = study if isinstance(study, PublishedStudy) else load_published(study)
    doc = audit_document(audit_study(loaded))
    c = doc["counts"]
    summary = (
        f"{c['total']} finding{'' if c['total'] == 1 else 's'}: {c['impossible']} impossible, "
        f"{c['inconsistent']} inconsistent, {c['note']} note{'' if c['note'] == 1 else 's'}. "
        "Run mcstats audit on the published-values file for the full report."
    )
    return {
        "title": "Audit of the published numbers",
        "summary": summary,
        "findings": doc["findings"],
        "counts": c,
        "not_checked": doc["not_checked"],
        "assumptions": doc["assumptions"],
    }


