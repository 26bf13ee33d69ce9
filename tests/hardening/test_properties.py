"""Property tests on random valid surveys (hypothesis).

* Results do not change when the rows or the columns of the file are shuffled.
* Cronbach's alpha equals its covariance form k^2 * mean(inter-item covariance) / var(total),
  computed here with the standard library's ``statistics`` module.
* Swapping the two groups of a t-test changes only the sign of t, of the mean difference
  (and its CI) and of the effect sizes d and g.
* A respondent with every item missing changes nothing but the exclusion list.
* Chunked equals in-memory: frequencies, item moments and reliability merged from random
  chunks of rows (pairwise update of counts, means and co-moments, Chan, Golub and LeVeque
  1979) equal the whole-data results to 1e-10.
"""

from __future__ import annotations

import copy
import itertools
import math
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mcstats.analysis import AnalysisOptions, analyze
from mcstats.errors import McStatsError
from mcstats.instrument import Instrument, instrument_from_options
from mcstats.io import load_survey
from mcstats.results import results_dict
from mcstats.stats.descriptives import item_statistics
from mcstats.stats.frequencies import code_frequencies
from mcstats.stats.reliability import cronbach_alpha, reliability_from_moments
from mcstats.validate import code_responses

from ._budget import DERANDOMIZE, PROPERTY_EXAMPLES

#: Slow lane (hundreds of generated surveys per property); the working loop is `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

PROPS = settings(
    derandomize=DERANDOMIZE,
    max_examples=PROPERTY_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CREATED = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Survey:
    """A random valid survey: respondent rows of (id, group, answers), None = missing."""

    points: int
    k: int
    rows: tuple[tuple[str, str, tuple[int | None, ...]], ...]

    @property
    def items(self) -> list[str]:
        return [f"Q{i + 1}" for i in range(self.k)]

    def header(self) -> list[str]:
        return ["id", "g", *self.items]

    def table(self) -> list[list[str]]:
        return [[rid, g, *("" if a is None else str(a) for a in ans)] for rid, g, ans in self.rows]

    def instrument(self) -> Instrument:
        return instrument_from_options(f"Q1-Q{self.k}", self.points, group="g")


@st.composite
def surveys(draw: st.DrawFn) -> Survey:
    points = draw(st.sampled_from([4, 5]))
    k = draw(st.integers(2, 6))
    n = draw(st.integers(6, 30))
    code = st.integers(1, points)
    answer = st.one_of(code, code, code, code, code, code, code, st.none())
    rows = []
    for i in range(n):
        # The first four rows are complete, two per group, so that every statistic exists.
        ans = draw(st.lists(code if i < 4 else answer, min_size=k, max_size=k))
        rows.append((f"R{i + 1:03d}", "M" if i % 2 == 0 else "F", tuple(ans)))
    return Survey(points, k, tuple(rows))


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path: Path, inst: Instrument, options: AnalysisOptions | None = None) -> dict[str, Any]:
    survey = code_responses(load_survey(path), inst, groups=["g"])
    return results_dict(analyze(survey, options, groups=["g"]), created=CREATED)


def baseline(s: Survey, d: Path, options: AnalysisOptions | None = None) -> dict[str, Any]:
    """The analysis of the survey as generated; examples the analysis refuses are skipped.

    A valid survey here has no constant item and no two perfectly correlated items among
    the complete cases: with either, the one-factor fit behind omega is degenerate, and
    which of two tied items it reports at its bound depends on rounding (zero variance is
    a corpus case instead).
    """
    complete = np.array([ans for _, _, ans in s.rows if all(a is not None for a in ans)], dtype=float)
    assume(bool((complete.std(axis=0) > 0).all()))
    r = np.corrcoef(complete, rowvar=False)
    assume(bool((np.abs(r[~np.eye(s.k, dtype=bool)]) < 0.999).all()))
    try:
        return run(write_csv(d / "base.csv", s.header(), s.table()), s.instrument(), options)
    except McStatsError:
        assume(False)
        raise  # pragma: no cover


def without_provenance(doc: dict[str, Any]) -> dict[str, Any]:
    """The document without what names the file: its path and hash."""
    out = copy.deepcopy(doc)
    out["input"].pop("path")
    out["input"].pop("sha256")
    return out


#: Results of an iterative fit (the one-factor model behind omega) agree to the fit's
#: convergence tolerance, not to the last bits; every other float to 1e-9.
ITERATIVE = ("omega", "loading")


def assert_close(a: Any, b: Any, where: str = "", rel: float = 1e-9) -> None:
    """Equal, with floats equal to ``rel`` (summation order changes the last bits)."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            sub_rel = 1e-6 if any(word in str(k) for word in ITERATIVE) else rel
            assert_close(a[k], b[k], f"{where}.{k}", sub_rel)
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, f"{where}[{i}]", rel)
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=rel, abs=1e-12), where
    else:
        assert a == b, where


STATISTICS = ("scales", "frequencies", "ttests", "warnings", "cutoffs", "missing_rules", "options")

# --------------------------------------------------------------------------- shuffles


@PROPS
@given(surveys(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_no_statistic(s: Survey, rnd: Any) -> None:
    with folder() as d:
        base = baseline(s, d)
        rows = s.table()
        rnd.shuffle(rows)
        shuffled = run(write_csv(d / "rows.csv", s.header(), rows), s.instrument())
    for key in STATISTICS:
        assert_close(base[key], shuffled[key], key)
    for key in ("n_rows", "n_analysed", "n_excluded", "n_invalid_cells"):
        assert base["input"][key] == shuffled["input"][key]


@PROPS
@given(surveys(), st.randoms(use_true_random=False))
def test_shuffling_columns_changes_nothing(s: Survey, rnd: Any) -> None:
    """The instrument, not the file, orders the items: the results are identical."""
    with folder() as d:
        base = baseline(s, d)
        order = list(range(len(s.header())))
        rnd.shuffle(order)
        header = [s.header()[j] for j in order]
        rows = [[r[j] for j in order] for r in s.table()]
        shuffled = run(write_csv(d / "cols.csv", header, rows), s.instrument())
    assert without_provenance(shuffled) == without_provenance(base)


# --------------------------------------------------------------------------- alpha


@PROPS
@given(surveys())
def test_alpha_equals_its_covariance_formula(s: Survey) -> None:
    with folder() as d:
        doc = baseline(s, d)
    complete = [[float(a) for a in ans if a is not None] for _, _, ans in s.rows if None not in ans]
    k = s.k
    columns = list(zip(*complete, strict=True))
    totals = [sum(r) for r in complete]
    var_total = statistics.variance(totals)
    covs = [statistics.covariance(columns[i], columns[j]) for i in range(k) for j in range(k) if i != j]
    rel = doc["scales"]["scale"]["reliability"]
    assert rel["n"] == len(complete)
    if var_total == 0:
        assert rel["alpha"] is None
        return
    expected = k * k * statistics.fmean(covs) / var_total
    assert rel["alpha"] == pytest.approx(expected, rel=1e-10, abs=1e-10)


# --------------------------------------------------------------------------- groups


def _negate_ci(ci: list[float | None]) -> list[float | None]:
    lo, hi = ci
    return [None if hi is None else -hi, None if lo is None else -lo]


def swapped_view(t: dict[str, Any]) -> dict[str, Any]:
    """What a t-test with the two groups swapped must report, from the original.

    The signed quantities are t, the mean difference and its CI (Student and Welch) and the
    effect sizes; the groups and levels change places; the decision sentence names the
    levels and is not compared. Everything else must be equal.
    """
    out = copy.deepcopy(t)
    out.pop("decision")
    out["levels"] = out["levels"][::-1]
    out["groups"] = out["groups"][::-1]
    for test in ("student", "welch"):
        row = out[test]
        row["t"] = None if row["t"] is None else -row["t"]
        row["mean_difference"] = -row["mean_difference"]
        row["ci95"] = _negate_ci(row["ci95"])
    for effect in ("cohen_d", "hedges_g"):
        if isinstance(out[effect], float):
            out[effect] = -out[effect]
    return out


@PROPS
@given(surveys(), st.sampled_from(["sum", "mean"]))
def test_swapping_groups_changes_only_signs(s: Survey, score: str) -> None:
    with folder() as d:
        ab = baseline(s, d, AnalysisOptions(score=score, levels=("F", "M")))
        ba = run(d / "base.csv", s.instrument(), AnalysisOptions(score=score, levels=("M", "F")))
    for t_ab, t_ba in zip(ab["ttests"], ba["ttests"], strict=True):
        got = copy.deepcopy(t_ba)
        got.pop("decision")
        assert_close(got, swapped_view(t_ab), "ttest")
        assert t_ab["student"]["p"] == pytest.approx(t_ba["student"]["p"], rel=1e-12)
    for key in ("scales", "frequencies", "input"):
        assert ab[key] == ba[key]
    assert ba["options"]["levels"] == ["M", "F"]


# --------------------------------------------------------------------------- exclusions


@PROPS
@given(surveys(), st.data())
def test_a_respondent_with_nothing_answered_changes_only_the_exclusions(
    s: Survey, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(s.rows)), label="insert at")
    with folder() as d:
        base = baseline(s, d)
        rows = s.table()
        rows.insert(at, ["R999", data.draw(st.sampled_from(["M", "F", ""])), *([""] * s.k)])
        more = run(write_csv(d / "more.csv", s.header(), rows), s.instrument())
    assert more["input"]["n_rows"] == base["input"]["n_rows"] + 1
    assert more["input"]["n_excluded"] == base["input"]["n_excluded"] + 1
    new_row = at + 2  # the header is row 1
    assert {"row": new_row, "reason": "no valid response on any item (all item cells empty)"} in more[
        "input"
    ]["excluded"]
    strip = ("n_rows", "n_excluded", "excluded")
    a, b = without_provenance(base), without_provenance(more)
    for key in strip:
        a["input"].pop(key)
        b["input"].pop(key)
    assert a == b


# --------------------------------------------------------------------------- chunks


@dataclass
class Moments:
    """Count, mean vector and co-moment matrix (sum of cross-products of deviations)."""

    n: int
    mean: np.ndarray
    m2: np.ndarray

    @classmethod
    def of(cls, x: np.ndarray) -> Moments:
        k = x.shape[1]
        if len(x) == 0:
            return cls(0, np.zeros(k), np.zeros((k, k)))
        mean = x.mean(axis=0)
        dev = x - mean
        return cls(len(x), mean, dev.T @ dev)

    def merge(self, other: Moments) -> Moments:
        """Chan, Golub and LeVeque's pairwise update."""
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        delta = other.mean - self.mean
        mean = self.mean + delta * other.n / n
        m2 = self.m2 + other.m2 + np.outer(delta, delta) * self.n * other.n / n
        return Moments(n, mean, m2)


@PROPS
@given(surveys(), st.lists(st.integers(1, 40), min_size=1, max_size=8))
def test_chunked_equals_in_memory(s: Survey, cuts: list[int]) -> None:
    with folder() as d:
        p = write_csv(d / "base.csv", s.header(), s.table())
        survey = code_responses(load_survey(p), s.instrument())
    x = survey.items[s.items].to_numpy(dtype=float)
    bounds = sorted({min(c, len(x)) for c in cuts} | {0, len(x)})
    chunks = [x[a:b] for a, b in itertools.pairwise(bounds)]

    # Frequencies: counts per chunk add up to the counts of the whole column.
    for j in range(s.k):
        whole = code_frequencies(x[:, j], s.points)
        parts = [code_frequencies(c[:, j], s.points) for c in chunks]
        assert [r.frequency for r in whole.rows] == [
            sum(t.rows[i].frequency for t in parts) for i in range(s.points)
        ]
        assert whole.missing == sum(t.missing for t in parts)

    # Item statistics (available cases per item) from merged one-column moments.
    for j in range(s.k):
        merged = Moments(0, np.zeros(1), np.zeros((1, 1)))
        for c in chunks:
            col = c[:, [j]]
            merged = merged.merge(Moments.of(col[~np.isnan(col[:, 0])]))
        ref = item_statistics(x[:, j])
        assert merged.n == ref.n
        assert float(merged.mean[0]) == pytest.approx(ref.mean, rel=1e-12)
        assert math.sqrt(float(merged.m2[0, 0]) / (merged.n - 1)) == pytest.approx(
            ref.sd, rel=1e-10, abs=1e-12
        )

    # Reliability (listwise within the scale) from merged moments of the complete cases.
    merged = Moments(0, np.zeros(s.k), np.zeros((s.k, s.k)))
    for c in chunks:
        merged = merged.merge(Moments.of(c[~np.isnan(c).any(axis=1)]))
    whole_rel = cronbach_alpha(x, s.items)
    chunked = reliability_from_moments(
        merged.n, merged.mean, merged.m2 / (merged.n - 1), s.items, n_excluded=len(x) - merged.n
    )
    assert chunked.n == whole_rel.n and chunked.n_excluded == whole_rel.n_excluded
    for name in ("alpha", "alpha_standardized", "scale_mean", "scale_variance", "mean_inter_item_r"):
        a, b = getattr(chunked, name), getattr(whole_rel, name)
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-10, abs=1e-10), name
    for item in s.items:
        for name in ("alpha_if_deleted", "corrected_item_total_r", "scale_mean_if_deleted"):
            a, b = getattr(chunked.items[item], name), getattr(whole_rel.items[item], name)
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-10), (
                item,
                name,
            )
