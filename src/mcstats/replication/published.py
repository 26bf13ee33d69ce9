"""Published values: the numbers a paper prints, kept with the precision they were printed in.

A published-values file (YAML, documented in ``docs/published-format.md``) lists a study's
tables; each table has rows, and each row has named statistics (``n``, ``mean``, ``sd``,
``frequency``, ``t`` ...) whose values are the *printed strings* (``".974"``, ``"2.94"``).
Keeping the string keeps what an audit needs: the number of decimals, hence the interval the
unrounded value must lie in, and the printing style (leading zero or not).

:func:`load_published` reads and validates such a file into a frozen :class:`PublishedStudy`;
every mistake is an :class:`~mcstats.errors.InstrumentError` naming the key path, for example
``tables[0].rows[2].values.mean``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mcstats.errors import InstrumentError, UsageError
from mcstats.instrument import describe_value
from mcstats.printed import Interval, Policy, printed_interval, prints_as

__all__ = [
    "FORMAT_VERSION",
    "OVERALL_RELATIONS",
    "ROW_ROLES",
    "SCORE_KINDS",
    "STATISTICS",
    "TABLE_KINDS",
    "CutoffRule",
    "GroupsOverall",
    "NBound",
    "PrintedBand",
    "PublishedRow",
    "PublishedStudy",
    "PublishedTable",
    "ReportedValue",
    "ScaleInfo",
    "ScoreInfo",
    "StudyInfo",
    "load_published",
    "parse_n_bound",
    "parse_published",
]

#: The value of the required top-level ``format`` key.
FORMAT_VERSION = "mcstats-published/1"

#: Statistic names a published file may use without declaring them, with their meaning.
#: Other names must be declared under ``custom_statistics``.
STATISTICS: Mapping[str, str] = MappingProxyType(
    {
        # descriptive
        "n": "number of cases the row's statistics are based on",
        "mean": "arithmetic mean",
        "sd": "standard deviation (as printed; usually the n - 1 form)",
        "se": "standard error of the mean",
        "variance": "variance",
        "median": "median",
        "min": "smallest observed value",
        "max": "largest observed value",
        "sum": "sum of the values",
        # frequency tables
        "frequency": "number of respondents in the category",
        "percent": "percent of all cases (missing included)",
        "valid_percent": "percent of the non-missing cases",
        "cumulative_percent": "cumulative valid percent",
        # tests
        "t": "t statistic",
        "df": "degrees of freedom",
        "t_critical": "critical (table) value of t",
        "p": "p-value (SPSS 'Sig.')",
        "f": "F statistic",
        "df1": "numerator (between-groups) degrees of freedom of F",
        "df2": "denominator (within-groups) degrees of freedom of F",
        "f_critical": "critical (table) value of F",
        "r": "correlation coefficient",
        "chi_square": "chi-square statistic",
        "expected": "expected count of a crosstab cell under independence",
        "mean_difference": "difference of two means",
        "cohens_d": "Cohen's d",
        "significance_level": "the alpha level the tests were run at, e.g. 0.05",
        # design and reliability
        "population": "size of the target population",
        "sample": "planned sample size",
        "sample_percent": "sample as a percent of the population",
        "distributed": "questionnaires handed out",
        "returned": "questionnaires returned",
        "valid": "questionnaires usable for analysis",
        "response_rate": "valid (or returned) questionnaires as a percent, as the paper states it",
        "alpha": "Cronbach's alpha",
    }
)

#: What a table is; audit tools pick the checks that fit.
TABLE_KINDS = (
    "design",
    "item-descriptives",
    "descriptives",
    "frequency",
    "crosstab",
    "t-test",
    "anova",
    "correlation",
    "figure",
    "other",
)

#: What a row is within its table.
ROW_ROLES = (
    "fact",
    "item",
    "composite",
    "grand-mean",
    "group",
    "level",
    "valid-total",
    "missing",
    "total",
)

#: How the score a row describes is made from the responses.
SCORE_KINDS = ("item", "mean-of-items", "sum-of-items", "mean-of-item-means", "unknown")

_TOP_KEYS = frozenset(
    {
        "format",
        "id",
        "study",
        "instrument",
        "scale",
        "cutoff_rule",
        "custom_statistics",
        "not_reported",
        "notes",
        "tables",
    }
)
_STUDY_KEYS = frozenset({"title", "authors", "year", "journal", "citation", "doi", "software", "setting"})
_SCALE_KEYS = frozenset({"min", "max", "labels", "note"})
_CUTOFF_KEYS = frozenset({"stated", "description", "scheme", "criterion", "bands"})
_TABLE_KEYS = frozenset(
    {"id", "source", "title", "kind", "variable", "columns", "score", "note", "rows", "scale", "groups",
     "overall", "percent_of"}
)
_ROW_KEYS = frozenset({"label", "role", "item", "level", "source", "score", "note", "values", "remarks"})
_SCORE_KEYS = frozenset({"kind", "items", "note", "implied_by"})
_VALUE_KEYS = frozenset({"text", "source", "note"})
_CUTOFF_SCHEMES = ("real-limits", "criterion", "equal-interval", "custom")

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_NUMBER = re.compile(
    r"^(?P<rel><=|>=|<|>|\u2264|\u2265)?\s*"
    r"(?P<sign>[-+\u2212])?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d*)"
    r"(?:\.(?P<frac>\d+))?$"
)
_RELATIONS = {"\u2264": "<=", "\u2265": ">="}


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ReportedValue:
    """One number as a paper printed it.

    Parameters
    ----------
    text : str
        The number exactly as printed, e.g. ``".974"``, ``"2.94"``, ``"1,589"``, ``"<.001"``.
        A leading relation (``<``, ``>``, ``<=``, ``>=``) is allowed, for p-values; a
        thousands comma and a Unicode minus are allowed; a percent sign is not (record the
        percent without it).
    statistic : str
        The statistic's name (``"mean"``, ``"sd"`` ...), see :data:`STATISTICS`.
    source : str
        Where in the paper the number is printed: ``"Table 1"``, ``"Abstract"``, ...
    row : str
        The row label as printed (empty for numbers in running text).
    column : str
        The column header as printed (empty for numbers in running text).
    note : str
        A remark about this number (an oddity, how it was read).

    Raises
    ------
    ValueError
        When ``text`` is not a printed number.

    Notes
    -----
    A value printed with :math:`d` decimals stands for any unrounded value in
    :math:`[v - \\tfrac{1}{2}10^{-d},\\ v + \\tfrac{1}{2}10^{-d}]`. With rounding half away
    from zero (SPSS, Excel) the end away from zero is open: ``".974"`` means
    :math:`0.9735 \\le x < 0.9745`. A value printed as ``"<.001"`` means :math:`x < 0.001`.
    The intervals and their rounding policies are those of :mod:`mcstats.printed`.

    Examples
    --------
    >>> v = ReportedValue(".974")
    >>> v.value, v.decimals, v.has_leading_zero
    (0.974, 3, False)
    >>> v.interval()
    (0.9735, 0.9745)
    >>> v.contains(0.9735), v.contains(0.9745)
    (True, False)
    >>> ReportedValue("<.001").interval()
    (-inf, 0.001)
    """

    text: str
    statistic: str = ""
    source: str = ""
    row: str = ""
    column: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        _parse_number(self.text)

    def __str__(self) -> str:
        return self.text

    @property
    def relation(self) -> str:
        """``"="`` for a plain number, else ``"<"``, ``">"``, ``"<="`` or ``">="``."""
        return _parse_number(self.text)[0]

    @property
    def exact(self) -> Decimal:
        """The printed number as an exact decimal (``Decimal('0.974')``)."""
        return _parse_number(self.text)[1]

    @property
    def value(self) -> float:
        """The printed number as a float."""
        return float(self.exact)

    @property
    def decimals(self) -> int:
        """Number of digits printed after the decimal point."""
        exponent = self.exact.as_tuple().exponent
        assert isinstance(exponent, int)
        return max(0, -exponent)

    @property
    def has_leading_zero(self) -> bool:
        """False when a number below 1 is printed without its zero (``.974``), else True."""
        digits = _parse_number(self.text)[2]
        return not digits.startswith(".")

    @property
    def half_unit(self) -> float:
        """Half a unit in the last printed place: ``0.5 * 10**-decimals``."""
        return float(Fraction(1, 2 * 10**self.decimals))

    def printed_interval(self, policy: Policy = "half-up") -> Interval:
        """The exact interval of true values that print as this value.

        Parameters
        ----------
        policy : {"half-up", "either-way", "truncated"}
            The rounding policy of :mod:`mcstats.printed`; by default half away from zero,
            as SPSS and Excel print (half-open, open at the end away from zero).

        Returns
        -------
        Interval

        Raises
        ------
        UsageError
            For a bound such as ``"<.001"``, which is not a printed value.

        Examples
        --------
        >>> ReportedValue("2.94").printed_interval()
        Interval(lo=Fraction(587, 200), hi=Fraction(589, 200), lo_closed=True, hi_closed=False)
        """
        if self.relation != "=":
            raise UsageError(f"{self.text!r} is a bound, not a printed value")
        return printed_interval(self.exact, policy=policy)

    @property
    def lower(self) -> float:
        """Smallest unrounded value consistent with the printed one (``-inf`` for ``<``)."""
        if self.relation in ("<", "<="):
            return -math.inf
        if self.relation in (">", ">="):
            return self.value
        return float(self.printed_interval().lo)

    @property
    def upper(self) -> float:
        """Largest unrounded value consistent with the printed one (``inf`` for ``>``)."""
        if self.relation in (">", ">="):
            return math.inf
        if self.relation in ("<", "<="):
            return self.value
        return float(self.printed_interval().hi)

    def interval(self) -> tuple[float, float]:
        """The interval ``(lower, upper)`` the unrounded value lies in; see :meth:`contains`."""
        return (self.lower, self.upper)

    def contains(self, x: float | Fraction | int, *, inclusive: bool = False) -> bool:
        """Whether an unrounded value ``x`` prints as this value.

        Parameters
        ----------
        x : float, Fraction or int
            A full-precision value, e.g. a recomputed mean. A float is taken at 12
            significant digits, so that binary noise does not decide the rounding
            (:func:`mcstats.printed.prints_as`).
        inclusive : bool
            Accept both ends of the interval (the ``"either-way"`` policy: use when the
            rounding rule is unknown, e.g. round-half-to-even). By default the end away
            from zero is open, as rounding half away from zero (SPSS, Excel) gives.

        Returns
        -------
        bool
        """
        rel = self.relation
        if rel == "<":
            return x < self.upper
        if rel == "<=":
            return x <= self.upper
        if rel == ">":
            return x > self.lower
        if rel == ">=":
            return x >= self.lower
        return prints_as(self.exact, x, policy="either-way" if inclusive else "half-up")

    @property
    def where(self) -> str:
        """A readable location: ``Table 1, row '2. ...', column 'Mean'``."""
        parts = [self.source or "(no source)"]
        if self.row:
            parts.append(f"row {self.row!r}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


def _parse_number(text: str) -> tuple[str, Decimal, str]:
    """Return (relation, exact value, the digits as printed) or raise ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"expected the number as printed, in quotes; got {type(text).__name__}")
    m = _NUMBER.match(text.strip())
    if m is None or not (m["int"] or m["frac"]):
        hint = " (write the percent without the % sign)" if "%" in text else ""
        raise ValueError(f"not a printed number: {text!r}{hint}")
    relation = m["rel"] or "="
    relation = _RELATIONS.get(relation, relation)
    int_part = m["int"].replace(",", "")
    frac = m["frac"]
    digits = int_part + ("." + frac if frac is not None else "")
    sign = "-" if m["sign"] in ("-", "\u2212") else ""
    number = Decimal(sign + (int_part or "0") + ("." + frac if frac is not None else ""))
    return relation, number, digits


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class StudyInfo:
    """Bibliographic facts about the paper."""

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    citation: str = ""
    doi: str = ""
    software: str = ""
    setting: str = ""


@dataclass(frozen=True)
class ScaleInfo:
    """The response scale: lowest and highest code and, when printed, the labels."""

    min: int
    max: int
    labels: tuple[tuple[int, str], ...] = ()
    note: str = ""

    @property
    def points(self) -> int:
        """Number of scale points, ``max - min + 1``."""
        return self.max - self.min + 1


@dataclass(frozen=True)
class ScoreInfo:
    """How a row's score is built: one item, or a mean or sum of ``items`` items.

    ``items`` is ``None`` when the paper does not say how many items went into the score.
    ``implied_by`` names the table (its id) whose items the score is implied to combine
    when the paper does not say so (a hypothesis about the construct of Table 1): the
    audit then checks the score's range on that table's items, as an inference.
    """

    kind: str
    items: int | None = None
    note: str = ""
    implied_by: str = ""

    def possible_range(self, scale: ScaleInfo) -> tuple[float, float] | None:
        """Smallest and largest score the scale allows, or None when it cannot be known.

        Examples
        --------
        >>> ScoreInfo("sum-of-items", items=5).possible_range(ScaleInfo(1, 4))
        (5.0, 20.0)
        """
        if self.kind in ("item", "mean-of-items", "mean-of-item-means"):
            return (float(scale.min), float(scale.max))
        if self.kind == "sum-of-items" and self.items is not None:
            return (float(self.items * scale.min), float(self.items * scale.max))
        return None


@dataclass(frozen=True)
class PrintedBand:
    """A cut-off band as the paper prints it: means from ``min`` to ``max`` get ``label``."""

    min: ReportedValue
    max: ReportedValue
    label: str


@dataclass(frozen=True)
class CutoffRule:
    """The paper's rule for turning means into remarks.

    ``stated`` says whether the paper prints a rule. ``scheme`` names the
    :mod:`mcstats.instrument` cut-off scheme that the rule is (when stated) or that the
    printed remarks agree with (when not), or is empty.
    """

    stated: bool = False
    description: str = ""
    scheme: str = ""
    criterion: ReportedValue | None = None
    bands: tuple[PrintedBand, ...] = ()


_N_RANGE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\s*[-\u2013\u2014]\s*(\d{1,3}(?:,\d{3})+|\d+)$")


@dataclass(frozen=True)
class NBound:
    """A sample size printed as unknown (``"?"``, ``""``) or as bounds (``">=10"``, ``"10-339"``).

    ``low`` and ``high`` are the smallest and largest admissible N (None: no bound).

    Examples
    --------
    >>> parse_n_bound("10-339"), parse_n_bound("?"), parse_n_bound(">=10").low
    (NBound(low=10, high=339, text='10-339'), NBound(low=None, high=None, text='?'), 10)
    >>> parse_n_bound("432") is None
    True
    """

    low: int | None
    high: int | None
    text: str


def parse_n_bound(text: str) -> NBound | None:
    """The bound a printed N stands for, or None for an exact N (``"432"``).

    Raises
    ------
    ValueError
        When the text is neither a whole number, ``?``, empty, a relation (``>=10``,
        ``<=339``, ``>9``) nor a range (``10-339``, low not above high).
    """
    t = text.strip()
    if t in ("", "?"):
        return NBound(None, None, t)
    m = _N_RANGE.match(t)
    if m:
        low, high = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
        if low > high:
            raise ValueError(f"the range {t!r} has its larger number first")
        return NBound(low, high, t)
    relation, number, _ = _parse_number(t)
    if relation == "=":
        return None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"a sample size bound must be a whole number: {t!r}")
    k = int(number)
    if relation == ">":
        return NBound(k + 1, None, t)
    if relation == ">=":
        return NBound(k, None, t)
    if relation == "<":
        return NBound(None, k - 1, t)
    return NBound(None, k, t)


@dataclass(frozen=True)
class PublishedRow:
    """One row of a published table: a label and its named statistics.

    ``values`` maps statistic names to the printed numbers; ``remarks`` maps column names to
    printed words (``{"remark": "High Extent"}``, ``{"decision": "Significant"}``). ``item``
    names the instrument column the row describes and ``level`` the level label of the
    table's variable, when they apply. ``n_bound`` holds an N printed as unknown (``"?"``)
    or as bounds (``">=10"``, ``"10-339"``); such an N is not in ``values``.
    """

    label: str
    values: Mapping[str, ReportedValue] = field(default_factory=dict)
    remarks: Mapping[str, str] = field(default_factory=dict)
    role: str = ""
    item: str = ""
    level: str = ""
    source: str = ""
    score: ScoreInfo | None = None
    note: str = ""
    n_bound: NBound | None = None

    def get(self, statistic: str) -> ReportedValue | None:
        """The printed value of ``statistic`` in this row, or None."""
        return self.values.get(statistic)

    def __contains__(self, statistic: object) -> bool:
        return statistic in self.values


#: How an overall column combines the groups printed beside it (``sum-of-groups``: the total
#: column of a crosstab, whose counts add up the other columns').
OVERALL_RELATIONS = ("mean-of-groups", "weighted-by-n", "sum-of-groups")
#: What the percentages of a crosstab are percentages of.
PERCENT_BASES = ("row", "column", "table")


@dataclass(frozen=True)
class GroupsOverall:
    """The overall column of a groups-side-by-side table: which group id, and how it combines."""

    group: str
    relation: str


@dataclass(frozen=True)
class PublishedTable:
    """A table (or a figure, or a set of numbers from the running text) of a paper.

    ``scale`` is the table's own response scale where a paper mixes scales (a 5-point and a
    4-point section); None means the study's. ``groups`` maps group ids to their printed
    headers when the table prints groups side by side (values named ``mean.urban``,
    ``sd.rural``); ``overall`` names the group column that combines the others and how.
    A ``crosstab`` names its columns (categories) as groups, its cells ``frequency.agree``
    and ``percent.agree``, its total column as ``overall`` with ``sum-of-groups``, and what
    the percentages are of in ``percent_of`` (``row``, ``column`` or ``table``).
    """

    id: str
    source: str
    kind: str
    rows: tuple[PublishedRow, ...]
    title: str = ""
    variable: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)
    score: ScoreInfo | None = None
    note: str = ""
    scale: ScaleInfo | None = None
    groups: Mapping[str, str] = field(default_factory=dict)
    overall: GroupsOverall | None = None
    percent_of: str = ""

    def row(self, label: str) -> PublishedRow:
        """The first row with this label.

        Raises
        ------
        KeyError
            When no row has the label.
        """
        for r in self.rows:
            if r.label == label:
                return r
        raise KeyError(label)

    def score_for(self, row: PublishedRow) -> ScoreInfo | None:
        """The row's own score description, else the table's."""
        return row.score if row.score is not None else self.score

    def values(self) -> Iterator[ReportedValue]:
        """Every printed number in the table, row by row."""
        for r in self.rows:
            yield from r.values.values()


@dataclass(frozen=True)
class PublishedStudy:
    """Everything a paper reports, as read by :func:`load_published`."""

    id: str
    study: StudyInfo
    scale: ScaleInfo
    tables: tuple[PublishedTable, ...]
    cutoff_rule: CutoffRule = field(default_factory=CutoffRule)
    instrument: str = ""
    not_reported: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    custom_statistics: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None

    def table(self, table_id: str) -> PublishedTable:
        """The table with this id.

        Raises
        ------
        KeyError
            When no table has the id.
        """
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def values(self) -> Iterator[tuple[PublishedTable, PublishedRow, ReportedValue]]:
        """Every printed number of the study with its table and row."""
        for t in self.tables:
            for r in t.rows:
                for v in r.values.values():
                    yield t, r, v

    @property
    def instrument_path(self) -> Path | None:
        """The instrument file, resolved against the published file's folder.

        It must lie under that folder, under the ``instruments`` folder of the checkout or
        installed package, or (for a file in ``<root>/data/published``) under
        ``<root>/instruments``: a published-values file from elsewhere cannot make mcstats
        read, and quote in its messages, any other file on the machine.
        """
        if not self.instrument:
            return None
        base = Path(self.path).parent if self.path else Path()
        target = base / self.instrument
        resolved = target.resolve()
        allowed = [base.resolve(), *PACKAGED_INSTRUMENTS]
        if base.resolve().name == "published" and base.resolve().parent.name == "data":
            allowed.append(base.resolve().parent.parent / "instruments")
        if not any(resolved.is_relative_to(root) for root in allowed):
            raise InstrumentError(
                f"the instrument {self.instrument!r} lies outside the published file's folder; "
                "put the instrument beside the published values (or in a folder below it)",
                path=self.path,
                key="instrument",
            )
        return target


# --------------------------------------------------------------------------- loading

#: Instrument folders a published-values file may always name: the checkout's and the
#: copy an installed wheel ships.
PACKAGED_INSTRUMENTS = (
    Path(__file__).resolve().parents[3] / "instruments",
    Path(__file__).resolve().parents[1] / "_shipped" / "instruments",
)


def load_published(path: str | Path) -> PublishedStudy:
    """Read and validate a published-values YAML file.

    Parameters
    ----------
    path : str or Path
        A YAML file in the format of ``docs/published-format.md``.

    Returns
    -------
    PublishedStudy

    Raises
    ------
    InstrumentError
        When the file cannot be read, is not YAML the safe loader accepts, or a key is
        missing, unknown or of the wrong type; ``key`` holds the key path, such as
        ``tables[1].rows[0].values.sd``.

    Examples
    --------
    >>> study = load_published("data/published/rivers_state.yaml")
    >>> sd = study.table("table_1").rows[0].values["sd"]
    >>> sd.text, sd.decimals, sd.interval()
    ('.974', 3, (0.9735, 0.9745))
    """
    from mcstats.instrument import read_yaml_file

    # The instruments' reader: a regular file of bounded size, the safe loader, a key given
    # twice is an error (not a silent overwrite), aliases bounded.
    p = Path(path)
    doc = read_yaml_file(p, what="published-values file")
    return parse_published(doc, path=str(p))


def parse_published(doc: Any, path: str | None = None) -> PublishedStudy:
    """Validate a published-values document given as plain Python data (as parsed from YAML).

    Parameters
    ----------
    doc : Any
        The parsed YAML document.
    path : str, optional
        The file it came from, for error messages and resolving ``instrument``.

    Returns
    -------
    PublishedStudy

    Raises
    ------
    InstrumentError
        On any mistake, with the key path.
    """
    return _Loader(path).study(doc)


class _Loader:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.statistics: dict[str, str] = dict(STATISTICS)
        self.implied: list[tuple[str, str]] = []

    # -- helpers

    def error(self, key: str | None, message: str) -> InstrumentError:
        return InstrumentError(message, path=self.path, key=key)

    def mapping(self, raw: Any, key: str | None, allowed: frozenset[str]) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            raise self.error(key, f"expected a mapping, got {describe_value(raw)}")
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            where = f"{key}.{unknown[0]}" if key else unknown[0]
            raise self.error(where, "unknown key; expected one of " + ", ".join(sorted(allowed)))
        return raw

    def text(self, raw: Mapping[str, Any], name: str, prefix: str, *, required: bool = False) -> str:
        key = f"{prefix}.{name}" if prefix else name
        value = raw.get(name)
        if value is None:
            if required:
                raise self.error(key, "required key is missing; expected text")
            return ""
        if not isinstance(value, str):
            raise self.error(key, f"expected text, got {describe_value(value)}")
        if required and not value.strip():
            raise self.error(key, "expected non-empty text")
        return value.strip()

    def identifier(self, raw: Mapping[str, Any], name: str, prefix: str) -> str:
        key = f"{prefix}.{name}" if prefix else name
        value = raw.get(name)
        if value is None:
            raise self.error(key, "required key is missing; expected an id (letters, digits, _ or -)")
        if not isinstance(value, str) or not _ID.match(value):
            raise self.error(
                key,
                "expected an id of letters, digits, _ or -, starting with a letter; "
                f"got {describe_value(value)}",
            )
        return value

    def choice(self, raw: Mapping[str, Any], name: str, prefix: str, options: tuple[str, ...]) -> str:
        key = f"{prefix}.{name}"
        value = raw.get(name)
        if value is None:
            return ""
        if value not in options:
            raise self.error(key, f"expected one of {', '.join(options)}; got {describe_value(value)}")
        return str(value)

    def text_list(self, raw: Any, key: str) -> tuple[str, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.error(key, f"expected a list of texts, got {describe_value(raw)}")
        out = []
        for i, x in enumerate(raw):
            if not isinstance(x, str) or not x.strip():
                raise self.error(f"{key}[{i}]", f"expected text, got {describe_value(x)}")
            out.append(x.strip())
        return tuple(out)

    def reported(
        self, raw: Any, key: str, *, statistic: str, source: str, row: str, column: str
    ) -> ReportedValue:
        note = ""
        if isinstance(raw, Mapping):
            body = self.mapping(raw, key, _VALUE_KEYS)
            text = body.get("text")
            if body.get("source") is not None:
                source = self.text(body, "source", key)
            note = self.text(body, "note", key)
            key = f"{key}.text"
            raw = text
        if isinstance(raw, bool) or raw is None:
            raise self.error(key, f"expected the number as printed, in quotes; got {describe_value(raw)}")
        if isinstance(raw, int | float):
            raise self.error(
                key,
                f"got the YAML number {raw!r}; write the number exactly as printed, in quotes "
                '(e.g. ".974" or "2.90"), so that its decimals are kept',
            )
        if not isinstance(raw, str):
            raise self.error(key, f"expected the number as printed, in quotes; got {describe_value(raw)}")
        try:
            return ReportedValue(
                raw.strip(), statistic=statistic, source=source, row=row, column=column, note=note
            )
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    # -- sections

    def study(self, doc: Any) -> PublishedStudy:
        if not isinstance(doc, Mapping):
            raise self.error(None, f"expected a mapping of keys at the top, got {describe_value(doc)}")
        self.mapping(doc, None, _TOP_KEYS)
        fmt = doc.get("format")
        if fmt != FORMAT_VERSION:
            raise self.error(
                "format",
                f"expected {FORMAT_VERSION!r}"
                + (" (required key is missing)" if fmt is None else f", got {describe_value(fmt)}"),
            )
        study_id = self.identifier(doc, "id", "")
        custom = self.custom_statistics(doc.get("custom_statistics"))
        self.statistics.update(custom)
        if doc.get("study") is None:
            raise self.error("study", "required key is missing; expected a mapping with a title")
        info = self.study_info(doc["study"])
        if doc.get("scale") is None:
            raise self.error("scale", "required key is missing; expected a mapping with min and max")
        scale = self.scale(doc["scale"])
        cutoff = self.cutoff_rule(doc.get("cutoff_rule"), scale)
        tables = self.tables(doc.get("tables"))
        ids = {t.id for t in tables}
        for ikey, target in self.implied:
            if target not in ids:
                raise self.error(
                    ikey, f"no table has the id {target!r}; expected one of {', '.join(sorted(ids))}"
                )
        return PublishedStudy(
            id=study_id,
            study=info,
            scale=scale,
            tables=tables,
            cutoff_rule=cutoff,
            instrument=self.text(doc, "instrument", ""),
            not_reported=self.text_list(doc.get("not_reported"), "not_reported"),
            notes=self.text_list(doc.get("notes"), "notes"),
            custom_statistics=MappingProxyType(custom),
            path=self.path,
        )

    def custom_statistics(self, raw: Any) -> dict[str, str]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            raise self.error(
                "custom_statistics", f"expected a mapping of name: meaning, got {describe_value(raw)}"
            )
        out: dict[str, str] = {}
        for name, meaning in raw.items():
            key = f"custom_statistics.{name}"
            if not isinstance(name, str) or not _NAME.match(name):
                raise self.error(key, "expected a name of letters, digits and _, starting with a letter")
            if not isinstance(meaning, str) or not meaning.strip():
                raise self.error(
                    key, f"expected a description of the statistic, got {describe_value(meaning)}"
                )
            out[name] = meaning.strip()
        return out

    def study_info(self, raw: Any) -> StudyInfo:
        body = self.mapping(raw, "study", _STUDY_KEYS)
        authors = self.text_list(body.get("authors"), "study.authors")
        year = body.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise self.error("study.year", f"expected a year as a whole number, got {describe_value(year)}")
        return StudyInfo(
            title=self.text(body, "title", "study", required=True),
            authors=authors,
            year=year,
            journal=self.text(body, "journal", "study"),
            citation=self.text(body, "citation", "study"),
            doi=self.text(body, "doi", "study"),
            software=self.text(body, "software", "study"),
            setting=self.text(body, "setting", "study"),
        )

    def scale(self, raw: Any, where: str = "scale") -> ScaleInfo:
        body = self.mapping(raw, where, _SCALE_KEYS)
        bounds: list[int] = []
        for name in ("min", "max"):
            value = body.get(name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.error(
                    f"{where}.{name}", f"expected a whole-number code, got {describe_value(value)}"
                )
            bounds.append(value)
        lo, hi = bounds
        if hi <= lo:
            raise self.error(f"{where}.max", f"expected a code above min ({lo}), got {hi}")
        labels: list[tuple[int, str]] = []
        raw_labels = body.get("labels")
        if raw_labels is not None:
            if not isinstance(raw_labels, Mapping):
                raise self.error(
                    f"{where}.labels", f"expected a mapping of code: label, got {describe_value(raw_labels)}"
                )
            for code, label in raw_labels.items():
                key = f"{where}.labels.{code}"
                if isinstance(code, bool) or not isinstance(code, int) or not lo <= code <= hi:
                    raise self.error(key, f"expected a whole-number code from {lo} to {hi} as the key")
                if not isinstance(label, str) or not label.strip():
                    raise self.error(key, f"expected a label, got {describe_value(label)}")
                labels.append((code, label.strip()))
        return ScaleInfo(min=lo, max=hi, labels=tuple(labels), note=self.text(body, "note", where))

    def cutoff_rule(self, raw: Any, scale: ScaleInfo) -> CutoffRule:
        if raw is None:
            return CutoffRule()
        body = self.mapping(raw, "cutoff_rule", _CUTOFF_KEYS)
        stated = body.get("stated", False)
        if not isinstance(stated, bool):
            raise self.error("cutoff_rule.stated", f"expected true or false, got {describe_value(stated)}")
        criterion = None
        if body.get("criterion") is not None:
            criterion = self.reported(
                body["criterion"],
                "cutoff_rule.criterion",
                statistic="mean",
                source="cut-off rule",
                row="",
                column="",
            )
        bands: list[PrintedBand] = []
        raw_bands = body.get("bands")
        if raw_bands is not None:
            if not isinstance(raw_bands, list):
                raise self.error(
                    "cutoff_rule.bands",
                    f"expected a list of {{min, max, label}}, got {describe_value(raw_bands)}",
                )
            for i, b in enumerate(raw_bands):
                key = f"cutoff_rule.bands[{i}]"
                bb = self.mapping(b, key, frozenset({"min", "max", "label"}))
                label = self.text(bb, "label", key, required=True)
                lo = self.reported(
                    bb.get("min"),
                    f"{key}.min",
                    statistic="mean",
                    source="cut-off rule",
                    row=label,
                    column="min",
                )
                hi = self.reported(
                    bb.get("max"),
                    f"{key}.max",
                    statistic="mean",
                    source="cut-off rule",
                    row=label,
                    column="max",
                )
                if hi.exact < lo.exact:
                    raise self.error(key, f"max ({hi.text}) is below min ({lo.text})")
                bands.append(PrintedBand(min=lo, max=hi, label=label))
        return CutoffRule(
            stated=stated,
            description=self.text(body, "description", "cutoff_rule"),
            scheme=self.choice(body, "scheme", "cutoff_rule", _CUTOFF_SCHEMES),
            criterion=criterion,
            bands=tuple(bands),
        )

    def score(self, raw: Any, key: str) -> ScoreInfo | None:
        if raw is None:
            return None
        body = self.mapping(raw, key, _SCORE_KEYS)
        kind = self.choice(body, "kind", key, SCORE_KINDS)
        if not kind:
            raise self.error(
                f"{key}.kind", "required key is missing; expected one of " + ", ".join(SCORE_KINDS)
            )
        items = body.get("items")
        if items is not None and (isinstance(items, bool) or not isinstance(items, int) or items < 1):
            raise self.error(
                f"{key}.items",
                f"expected a whole number of items (1 or more) or null, got {describe_value(items)}",
            )
        if kind == "item" and items not in (None, 1):
            raise self.error(f"{key}.items", "a score of kind 'item' has one item")
        implied = self.text(body, "implied_by", key)
        if implied:
            self.implied.append((f"{key}.implied_by", implied))
        return ScoreInfo(kind=kind, items=items, note=self.text(body, "note", key), implied_by=implied)

    def tables(self, raw: Any) -> tuple[PublishedTable, ...]:
        if raw is None:
            raise self.error("tables", "required key is missing; expected a list of tables")
        if not isinstance(raw, list) or not raw:
            raise self.error("tables", f"expected a non-empty list of tables, got {describe_value(raw)}")
        out: list[PublishedTable] = []
        seen: set[str] = set()
        for i, t in enumerate(raw):
            table = self.table(t, f"tables[{i}]")
            if table.id in seen:
                raise self.error(f"tables[{i}].id", f"table id {table.id!r} is used twice")
            seen.add(table.id)
            out.append(table)
        return tuple(out)

    def table(self, raw: Any, key: str) -> PublishedTable:
        body = self.mapping(raw, key, _TABLE_KEYS)
        table_id = self.identifier(body, "id", key)
        source = self.text(body, "source", key, required=True)
        kind = self.choice(body, "kind", key, TABLE_KINDS)
        if not kind:
            raise self.error(
                f"{key}.kind", "required key is missing; expected one of " + ", ".join(TABLE_KINDS)
            )
        columns: dict[str, str] = {}
        raw_cols = body.get("columns")
        if raw_cols is not None:
            if not isinstance(raw_cols, Mapping):
                raise self.error(
                    f"{key}.columns",
                    f"expected a mapping of name: printed header, got {describe_value(raw_cols)}",
                )
            for name, header in raw_cols.items():
                ckey = f"{key}.columns.{name}"
                if not isinstance(name, str) or not _NAME.match(name):
                    raise self.error(ckey, "expected a statistic or remark name as the key")
                if not isinstance(header, str):
                    raise self.error(
                        ckey, f"expected the column header as printed, got {describe_value(header)}"
                    )
                columns[name] = header.strip()
        raw_rows = body.get("rows")
        if raw_rows is None:
            raw_rows = []
        if not isinstance(raw_rows, list):
            raise self.error(f"{key}.rows", f"expected a list of rows, got {describe_value(raw_rows)}")
        groups: dict[str, str] = {}
        raw_groups = body.get("groups")
        if raw_groups is not None:
            if not isinstance(raw_groups, Mapping) or len(raw_groups) < 2:
                raise self.error(
                    f"{key}.groups",
                    "expected a mapping of two or more group ids to printed headers, got "
                    + describe_value(raw_groups),
                )
            for gid, header in raw_groups.items():
                if not isinstance(gid, str) or not _NAME.match(gid):
                    raise self.error(f"{key}.groups.{gid}", "expected a group id of letters, digits and _")
                if not isinstance(header, str) or not header.strip():
                    raise self.error(f"{key}.groups.{gid}", "expected the group's printed header")
                groups[gid] = header.strip()
        overall: GroupsOverall | None = None
        raw_overall = body.get("overall")
        if raw_overall is not None:
            ob = self.mapping(raw_overall, f"{key}.overall", frozenset({"group", "relation"}))
            og = self.text(ob, "group", f"{key}.overall", required=True)
            if og not in groups:
                raise self.error(
                    f"{key}.overall.group", f"expected one of the table's groups ({', '.join(groups)})"
                )
            relation = self.choice(ob, "relation", f"{key}.overall", OVERALL_RELATIONS)
            if not relation:
                raise self.error(
                    f"{key}.overall.relation", "required; expected " + " or ".join(OVERALL_RELATIONS)
                )
            if (relation == "sum-of-groups") != (kind == "crosstab"):
                raise self.error(
                    f"{key}.overall.relation",
                    "a crosstab's total column is sum-of-groups; other tables' overall columns are "
                    "mean-of-groups or weighted-by-n",
                )
            overall = GroupsOverall(og, relation)
        percent_of = self.choice(body, "percent_of", key, PERCENT_BASES)
        if percent_of and kind != "crosstab":
            raise self.error(f"{key}.percent_of", "only a crosstab has percent_of")
        if kind == "crosstab" and not groups:
            raise self.error(
                f"{key}.groups",
                "a crosstab names its columns (categories) under groups, its cells "
                "frequency.<group> and percent.<group>",
            )
        rows = tuple(
            self.row(r, f"{key}.rows[{j}]", source=source, columns=columns, groups=groups)
            for j, r in enumerate(raw_rows)
        )
        return PublishedTable(
            id=table_id,
            source=source,
            kind=kind,
            rows=rows,
            title=self.text(body, "title", key),
            variable=self.text(body, "variable", key),
            columns=MappingProxyType(columns),
            score=self.score(body.get("score"), f"{key}.score"),
            note=self.text(body, "note", key),
            scale=self.scale(body["scale"], f"{key}.scale") if body.get("scale") is not None else None,
            groups=MappingProxyType(groups),
            overall=overall,
            percent_of=percent_of or ("row" if kind == "crosstab" else ""),
        )

    def row(
        self,
        raw: Any,
        key: str,
        *,
        source: str,
        columns: Mapping[str, str],
        groups: Mapping[str, str] | None = None,
    ) -> PublishedRow:
        body = self.mapping(raw, key, _ROW_KEYS)
        label = self.text(body, "label", key, required=True)
        row_source = self.text(body, "source", key) or source
        values: dict[str, ReportedValue] = {}
        n_bound: NBound | None = None
        raw_values = body.get("values")
        if raw_values is not None:
            if not isinstance(raw_values, Mapping):
                raise self.error(
                    f"{key}.values",
                    f"expected a mapping of statistic: printed number, got {describe_value(raw_values)}",
                )
            for name, value in raw_values.items():
                vkey = f"{key}.values.{name}"
                stat, _, group = str(name).partition(".")
                if groups and group:
                    if group not in groups or stat not in self.statistics:
                        raise self.error(
                            vkey,
                            "expected statistic.group with a group of the table's groups ("
                            + ", ".join(groups)
                            + ")",
                        )
                    values[name] = self.reported(
                        value, vkey, statistic=name, source=row_source, row=label,
                        column=f"{groups[group]} {columns.get(stat, stat)}".strip(),
                    )
                    continue
                if name not in self.statistics:
                    raise self.error(
                        vkey,
                        "unknown statistic; use one of "
                        + ", ".join(sorted(self.statistics))
                        + " or declare it under custom_statistics",
                    )
                if name == "n":
                    n_text = value.get("text") if isinstance(value, Mapping) else value
                    if isinstance(n_text, str):
                        try:
                            n_bound = parse_n_bound(n_text)
                        except ValueError as exc:
                            raise self.error(vkey, str(exc)) from None
                        if n_bound is not None:
                            continue
                values[name] = self.reported(
                    value,
                    vkey,
                    statistic=name,
                    source=row_source,
                    row=label,
                    column=columns.get(name, ""),
                )
        remarks: dict[str, str] = {}
        raw_remarks = body.get("remarks")
        if raw_remarks is not None:
            if not isinstance(raw_remarks, Mapping):
                raise self.error(
                    f"{key}.remarks",
                    f"expected a mapping of column name: printed words, got {describe_value(raw_remarks)}",
                )
            for name, words in raw_remarks.items():
                rkey = f"{key}.remarks.{name}"
                if not isinstance(name, str) or not _NAME.match(name):
                    raise self.error(rkey, "expected a name of letters, digits and _ as the key")
                if not isinstance(words, str) or not words.strip():
                    raise self.error(rkey, f"expected the printed words, got {describe_value(words)}")
                remarks[name] = words.strip()
        return PublishedRow(
            label=label,
            values=MappingProxyType(values),
            remarks=MappingProxyType(remarks),
            role=self.choice(body, "role", key, ROW_ROLES),
            item=self.text(body, "item", key),
            level=self.text(body, "level", key),
            source=row_source,
            score=self.score(body.get("score"), f"{key}.score"),
            note=self.text(body, "note", key),
            n_bound=n_bound,
        )
