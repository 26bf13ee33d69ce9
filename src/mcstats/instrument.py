"""The questionnaire described as data: scale points, response labels, scales and items,
reverse keys, grouping variables, missing-value codes and the cut-off scheme.

An instrument comes from a YAML file (:func:`load_instrument`, the format is documented in
``docs/instrument-format.md``) or from command-line style options
(:func:`instrument_from_options`). Either way the result is a validated, frozen
:class:`Instrument`; every mistake is reported as an :class:`~mcstats.errors.InstrumentError`
naming the key and what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mcstats.errors import InstrumentError, UsageError
from mcstats.labels import DEFAULT_SETS, LABEL_SETS, label_set
from mcstats.limits import env_name, limit

#: Keys allowed at the top level of an instrument file. Anything else is a typo.
TOP_LEVEL_KEYS = frozenset(
    {
        "name",
        "description",
        "source",
        "scale_points",
        "codes",
        "labels",
        "responses",
        "aliases",
        "missing_codes",
        "missing_labels",
        "id_column",
        "scales",
        "groups",
        "categorical",
        "cutoffs",
    }
)

#: Default response labels when an instrument on codes 1..4 or 1..5 gives none
#: (options-driven analysis): the built-in sets extent-4 and agreement-5.
DEFAULT_LABELS: dict[int, dict[int, str]] = {
    k: dict(LABEL_SETS[name].responses(1)) for k, name in DEFAULT_SETS.items()
}

#: Other spellings of the default labels (abbreviations, "Neutral", "Neither agree nor
#: disagree" as Google Forms and Qualtrics write them), used when an instrument gives no
#: labels of its own.
DEFAULT_ALIASES: dict[int, dict[str, int]] = {
    k: dict(LABEL_SETS[name].alias_codes(1)) for k, name in DEFAULT_SETS.items()
}

#: Code ranges written as text: ``0-3``, ``1..7``, ``1 to 5`` (negative ends allowed: ``-3..3``).
_CODE_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-|\u2013|\.\.|to)\s*(-?\d+)\s*$")
_NUMERIC_TEXT = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")

CUTOFF_SCHEMES = ("real-limits", "criterion", "equal-interval", "custom")


@dataclass(frozen=True)
class Item:
    """One questionnaire item: its data column, wording and whether it is reverse-keyed."""

    column: str
    text: str = ""
    reverse: bool = False
    #: A short label for charts and narrow tables (``short:`` in the YAML); "" if none.
    short: str = ""


@dataclass(frozen=True)
class Scale:
    """A set of items that are summed or averaged into one score.

    A *total* scale (``of`` not empty) is built from the items of other scales, such as
    the whole-instrument alpha reported beside the subscale alphas.
    """

    id: str
    title: str
    items: tuple[Item, ...]
    of: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [item.column for item in self.items]


@dataclass(frozen=True)
class CategoricalVariable:
    """A non-item column: a grouping variable (gender, badge status) or a demographic.

    ``levels`` maps each value as it may appear in the data (a code or a label, compared
    case- and whitespace-insensitively) to the label used in results, in the order given.
    An empty ``levels`` means the values in the data are used as they are.
    """

    column: str
    title: str = ""
    levels: tuple[tuple[str, str], ...] = ()

    @property
    def level_labels(self) -> list[str]:
        seen: list[str] = []
        for _, label in self.levels:
            if label not in seen:
                seen.append(label)
        return seen


@dataclass(frozen=True)
class Band:
    """A cut-off band: means in ``[lower, upper)`` get ``label`` (the top band is closed)."""

    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class CutoffSpec:
    """How item and grand means are turned into remarks.

    ``compare`` is ``"rounded"`` (the mean is first rounded half-up to ``decimals``, as a
    reader of the printed table would compare it) or ``"exact"`` (the full-precision mean
    is compared).
    """

    scheme: str = "real-limits"
    compare: str = "rounded"
    decimals: int = 2
    criterion: float | None = None
    labels: tuple[str, str] = ("Accepted", "Rejected")
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A validated questionnaire description. See ``docs/instrument-format.md``."""

    scale_points: int
    responses: tuple[tuple[int, str], ...]
    scales: tuple[Scale, ...]
    name: str = ""
    description: str = ""
    source: str = ""
    aliases: tuple[tuple[str, int], ...] = ()
    missing_codes: tuple[float, ...] = ()
    missing_labels: tuple[str, ...] = ()
    id_column: str | None = None
    groups: tuple[CategoricalVariable, ...] = ()
    categorical: tuple[CategoricalVariable, ...] = ()
    cutoffs: CutoffSpec = field(default_factory=CutoffSpec)
    path: str | None = None
    #: The lowest response code (0 for a 0-3 scale); codes run min_code..max_code.
    min_code: int = 1
    #: The built-in label set named by ``labels:``, if any.
    labels_name: str | None = None

    @property
    def max_code(self) -> int:
        return self.min_code + self.scale_points - 1

    @property
    def code_offset(self) -> int:
        """What is added to a position on the scale (1..scale_points) to give its code.

        Coded responses are stored as positions 1..scale_points whatever the declared range
        (the engines keep 0 for "missing"); results add this offset back to every location
        statistic (means, medians, bands, frequency codes). Spread, correlations and
        reliability do not depend on it.
        """
        return self.min_code - 1

    @property
    def item_columns(self) -> list[str]:
        """Every item's column once (an item of a total scale is also in a subscale)."""
        return [i.column for i in self.items]

    @property
    def items(self) -> list[Item]:
        """Every item once, in the order of the scales."""
        seen: dict[str, Item] = {}
        for s in self.scales:
            for i in s.items:
                seen.setdefault(i.column, i)
        return list(seen.values())

    def response_label(self, code: int) -> str:
        return dict(self.responses).get(code, "")

    def label_to_code(self) -> CodeTable:
        """Normalised label (and alias) -> code, for case/space-insensitive matching.

        The table also carries the code range (``lowest``, ``highest``), which the cell
        coder uses to check numbers and to turn codes into positions on the scale.
        """
        table = CodeTable({normalise_label(label): code for code, label in self.responses})
        table.update({normalise_label(alias): code for alias, code in self.aliases})
        table.lowest, table.highest = self.min_code, self.max_code
        table.spelled = {normalise_label(a): a for a, _ in self.aliases} | {
            normalise_label(label): label for _, label in self.responses
        }
        table.shown = tuple(label for _, label in self.responses)
        return table

    def group(self, column: str) -> CategoricalVariable:
        for g in (*self.groups, *self.categorical):
            if g.column == column:
                return g
        return CategoricalVariable(column=column, title=column)


class CodeTable(dict[str, int]):
    """Normalised label -> response code, with the instrument's code range attached."""

    lowest: int = 1
    highest: int | None = None
    #: Normalised text -> the label or alias as the instrument spells it.
    spelled: dict[str, str] = {}  # noqa: RUF012  (replaced per instance)
    #: The response labels, highest code first (for messages).
    shown: tuple[str, ...] = ()


_SPACE = re.compile(r"\s+")


def normalise_label(text: str) -> str:
    """Fold case and collapse all whitespace (non-breaking spaces included)."""
    return _SPACE.sub(" ", str(text).replace("\u00a0", " ")).strip().casefold()


# --------------------------------------------------------------------------- YAML loading


def load_instrument(path: str | Path) -> Instrument:
    """Read and validate an instrument YAML file.

    Parameters
    ----------
    path : str | Path
        A YAML file in the format of ``docs/instrument-format.md``.

    Returns
    -------
    Instrument

    Raises
    ------
    InstrumentError
        When the file cannot be read, is not YAML that the safe loader accepts, or a key
        is missing, unknown or of the wrong type; the message names the key.

    Examples
    --------
    >>> from mcstats import load_instrument
    >>> inst = load_instrument("instruments/example_4point.yaml")
    >>> inst.scale_points, [s.id for s in inst.scales]
    (4, ['enhancement', 'challenges'])
    """
    p = Path(path)
    doc = read_yaml_file(p, what="instrument")
    try:
        return parse_instrument(doc, path=str(p))
    except RecursionError:
        raise InstrumentError("a value is nested too deeply to be read", path=str(p)) from None


def read_yaml_file(path: str | Path, *, what: str) -> Any:
    """Read a YAML file (an instrument, a published-values file) with every guard.

    The file must be a regular file (not ``/dev/zero``, a pipe or a socket) of at most
    ``MCSTATS_MAX_YAML_BYTES`` (see :mod:`mcstats.limits`), UTF-8, and YAML that the safe
    loader of :func:`unique_key_safe_loader` accepts (no tags, no key given twice, aliases
    that expand to at most ``MCSTATS_MAX_YAML_ALIAS_CHARS`` characters). ``what`` names
    the file in messages. Every problem is an :class:`~mcstats.errors.InstrumentError`
    naming the file (and the line, for a YAML error).
    """
    import yaml

    from mcstats.safety import check_input_file

    p = Path(path)
    size = check_input_file(p, InstrumentError, what=what)
    most = limit("MAX_YAML_BYTES")
    if size > most:
        raise InstrumentError(
            f"the file has {size} bytes, more than the {most} a YAML file may have "
            f"(set {env_name('MAX_YAML_BYTES')} to raise the limit)",
            path=str(p),
        )
    try:
        with open(p, "rb") as fh:
            raw = fh.read(most + 1)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InstrumentError(f"not UTF-8 text; save the {what} as UTF-8", path=str(p)) from None
    except OSError as exc:
        raise InstrumentError(f"cannot read: {exc.strerror}", path=str(p)) from None
    if len(raw) > most:
        raise InstrumentError(f"the file grew beyond {most} bytes while it was read", path=str(p))
    text = text.removeprefix("\ufeff")
    try:
        return yaml.load(text, Loader=unique_key_safe_loader())  # a SafeLoader: no tags, no code
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InstrumentError(f"not valid YAML{where}: {problem}", path=str(p)) from None
    except RecursionError:
        raise InstrumentError(
            f"the YAML is nested too deeply to be read as the {what}", path=str(p)
        ) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of more than 4300 digits
        raise InstrumentError(f"not valid YAML: a value cannot be read ({exc})", path=str(p)) from None


def _node_chars(node: Any, memo: dict[int, int]) -> int:
    """Characters of text a YAML node stands for, aliases counted at every use (memoised,
    so a nested alias bomb is measured without being expanded)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a node that refers to itself (an anchor inside its own value)
    value = node.value
    if isinstance(value, str):
        total = len(value) + 1
    else:
        total = 1
        for item in value:
            if isinstance(item, tuple):
                total += _node_chars(item[0], memo) + _node_chars(item[1], memo)
            else:
                total += _node_chars(item, memo)
    memo[key] = total
    return total


def unique_key_safe_loader() -> Any:
    """PyYAML's SafeLoader, except that a key given twice in one mapping is an error.

    The plain safe loader keeps the last of two equal keys, so a scale written twice would
    silently lose its first items. Keys merged in with ``<<`` may still be overridden.
    Other YAML readers of mcstats (published values) can use it the same way:
    ``yaml.load(text, Loader=unique_key_safe_loader())``, catching ``yaml.YAMLError``,
    ``RecursionError`` (deep nesting) and ``ValueError`` (integers of over 4300 digits).

    >>> import yaml
    >>> yaml.load("{a: 1, b: 2}", Loader=unique_key_safe_loader())
    {'a': 1, 'b': 2}
    >>> try:
    ...     yaml.load("{a: 1, a: 2}", Loader=unique_key_safe_loader())
    ... except yaml.YAMLError as exc:
    ...     print(exc.problem)
    the key 'a' appears twice in one mapping (first on line 1); each key may be given once
    """
    import yaml

    class UniqueKeySafeLoader(yaml.SafeLoader):
        alias_chars = 0
        alias_memo: dict[int, int] | None = None

        def compose_node(self, parent: Any, index: Any) -> Any:
            # Aliases are shared objects, but every renderer writes their text once per use:
            # a flat list of aliases to one long string is a bomb of its own.
            if self.check_event(yaml.events.AliasEvent):
                event = self.peek_event()
                node = self.anchors.get(event.anchor)
                if node is not None:
                    if self.alias_memo is None:
                        self.alias_memo = {}
                    self.alias_chars += _node_chars(node, self.alias_memo)
                    most = limit("MAX_YAML_ALIAS_CHARS")
                    if self.alias_chars > most:
                        raise yaml.composer.ComposerError(
                            None,
                            None,
                            f"the aliases (*name) expand to more than {most} characters of text "
                            f"(set {env_name('MAX_YAML_ALIAS_CHARS')} to raise the limit)",
                            event.start_mark,
                        )
            return super().compose_node(parent, index)

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:  # unhashable: the base constructor reports it
                continue
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key {key!r} appears twice in one mapping (first on line {first + 1}); "
                    "each key may be given once",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return loader.construct_mapping(node, deep=deep)

    UniqueKeySafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return UniqueKeySafeLoader


def _did_you_mean(key: Any, allowed: Any) -> str:
    """`` (did you mean 'x'?)`` for a misspelt key, or nothing."""
    import difflib

    close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_instrument(doc: Any, path: str | None = None) -> Instrument:
    """Validate an instrument given as plain Python data (as parsed from YAML)."""
    v = _Validator(path)
    if not isinstance(doc, Mapping):
        raise v.error(None, f"expected a mapping of keys at the top, got {describe_value(doc)}")
    unknown = sorted(str(k) for k in doc if k not in TOP_LEVEL_KEYS)
    if unknown:
        raise v.error(
            unknown[0],
            "unknown key"
            + _did_you_mean(unknown[0], TOP_LEVEL_KEYS)
            + "; expected one of "
            + ", ".join(sorted(TOP_LEVEL_KEYS)),
        )
    lowest, points, named = _parse_code_range(v, doc)
    highest = lowest + points - 1
    if named is not None:
        responses = named.responses(lowest)
    else:
        responses = _parse_responses(v, doc.get("responses"), lowest, highest)
    aliases = _parse_aliases(v, doc.get("aliases"), lowest, highest)
    builtin = named.alias_codes(lowest) if named is not None else ()
    if named is None and doc.get("responses") is None and lowest == 1 and points in DEFAULT_ALIASES:
        builtin = tuple(DEFAULT_ALIASES[points].items())
    if builtin:
        given = {normalise_label(a) for a, _ in aliases}
        aliases = aliases + tuple((a, c) for a, c in builtin if normalise_label(a) not in given)
    missing_codes = tuple(float(x) for x in v.number_list(doc, "missing_codes"))
    missing_labels = tuple(v.string_list(doc, "missing_labels"))
    scales = _parse_scales(v, doc.get("scales"))
    groups = _parse_categoricals(v, doc.get("groups"), "groups")
    categorical = _parse_categoricals(v, doc.get("categorical"), "categorical")
    cutoffs = _parse_cutoffs(v, doc.get("cutoffs"), points)
    if cutoffs.criterion is not None and not lowest <= cutoffs.criterion <= highest:
        raise v.error(
            "cutoffs.criterion",
            f"the criterion {cutoffs.criterion:g} is outside the codes {lowest} to {highest}",
        )
    id_column = v.string(doc, "id_column")
    _check_labels_unique(v, responses, aliases)
    overlap = sorted({c for c in missing_codes if c.is_integer() and lowest <= c <= highest})
    if overlap:
        raise v.error(
            "missing_codes",
            f"{overlap[0]:g} is a response code of the scale ({lowest} to {highest}); a code cannot be "
            "both an answer and missing",
        )
    _check_columns_distinct(
        v,
        [(f"scales.{s.id}.items", c) for s in scales for c in s.columns]
        + [(f"groups.{g.column}", g.column) for g in groups]
        + [(f"categorical.{g.column}", g.column) for g in categorical]
        + ([("id_column", id_column)] if id_column else []),
    )
    return Instrument(
        scale_points=points,
        responses=responses,
        scales=scales,
        name=v.string(doc, "name") or "",
        description=v.string(doc, "description") or "",
        source=v.string(doc, "source") or "",
        aliases=aliases,
        missing_codes=missing_codes,
        missing_labels=missing_labels,
        id_column=id_column,
        groups=groups,
        categorical=categorical,
        cutoffs=cutoffs,
        path=path,
        min_code=lowest,
        labels_name=None if named is None else named.name,
    )


def parse_code_range(text: str) -> tuple[int, int] | None:
    """``(lowest, highest)`` of a range written ``0-3``, ``1..7`` or ``1 to 5``, else None.

    >>> parse_code_range("0-3"), parse_code_range("1..7"), parse_code_range("-3..3")
    ((0, 3), (1, 7), (-3, 3))
    """
    m = _CODE_RANGE.match(str(text))
    return (int(m[1]), int(m[2])) if m else None


def _parse_code_range(v: _Validator, doc: Mapping[str, Any]) -> tuple[int, int, Any]:
    """The lowest code, the number of points and the named label set of an instrument.

    The range comes from ``codes`` when given, else from the keys of ``responses`` (when
    they are a run of whole numbers such as 0..3), else it is 1..scale_points. A label set
    named by ``labels`` fixes the number of points when nothing else does.
    """
    named = None
    if doc.get("labels") is not None:
        raw = doc["labels"]
        if not isinstance(raw, str):
            raise v.error("labels", f"expected the name of a built-in label set, got {describe_value(raw)}")
        try:
            named = label_set(raw)
        except KeyError as exc:
            raise v.error("labels", str(exc.args[0])) from None
        if doc.get("responses") is not None:
            raise v.error(
                "labels", "give either labels (a built-in set) or responses (code: label pairs), not both"
            )
    points = v.integer(doc, "scale_points", minimum=2, maximum=11)
    lowest = None
    raw_codes = doc.get("codes")
    if raw_codes is not None:
        rng = None
        if isinstance(raw_codes, str):
            rng = parse_code_range(raw_codes)
        elif isinstance(raw_codes, list) and len(raw_codes) == 2:
            rng = (raw_codes[0], raw_codes[1])
        elif isinstance(raw_codes, Mapping) and set(raw_codes) == {"min", "max"}:
            rng = (raw_codes["min"], raw_codes["max"])
        if rng is None or not all(isinstance(x, int) and not isinstance(x, bool) for x in rng):
            raise v.error(
                "codes",
                f"expected a range of whole-number codes such as 0-3, 1-7 or {{min: 0, max: 10}}, "
                f"got {describe_value(raw_codes)}",
            )
        lo, hi = int(rng[0]), int(rng[1])
        if not 2 <= hi - lo + 1 <= 11:
            raise v.error("codes", f"expected 2 to 11 codes from lowest to highest, got {lo} to {hi}")
        if points is not None and points != hi - lo + 1:
            raise v.error(
                "scale_points",
                f"{points} points do not match codes {lo} to {hi} ({hi - lo + 1} codes); "
                "give one of them or make them agree",
            )
        lowest, points = lo, hi - lo + 1
    elif isinstance(doc.get("responses"), Mapping) and doc["responses"]:
        keys = list(doc["responses"])
        if all(isinstance(k, int) and not isinstance(k, bool) for k in keys):
            lo, hi = min(keys), max(keys)
            run = sorted(keys) == list(range(lo, hi + 1))
            if points is None and run and 2 <= len(keys) <= 11:
                lowest, points = lo, len(keys)
            elif points is not None and run and len(keys) == points and lo != 1:
                lowest = lo  # e.g. responses 0..3 on a 4-point scale: the codes are 0-3
    if points is None and named is not None:
        points = named.points
    if points is None:
        raise v.error(
            "scale_points",
            "required key is missing; expected a whole number (or give the code range, e.g. codes: 0-3)",
        )
    if named is not None and named.points != points:
        raise v.error(
            "labels",
            f"the label set {named.name!r} has {named.points} labels but the scale has {points} points",
        )
    return (1 if lowest is None else lowest), points, named


class _Validator:
    def __init__(self, path: str | None) -> None:
        self.path = path

    def error(self, key: str | None, message: str) -> InstrumentError:
        return InstrumentError(message, path=self.path, key=key)

    def string(self, doc: Mapping[str, Any], key: str, prefix: str = "") -> str | None:
        value = doc.get(key)
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise self.error(prefix + key, f"expected text, got {describe_value(value)}")
        return str(value)

    def integer(
        self,
        doc: Mapping[str, Any],
        key: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
        prefix: str = "",
    ) -> int | None:
        value = doc.get(key)
        if value is None:
            if required:
                raise self.error(prefix + key, "required key is missing; expected a whole number")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(prefix + key, f"expected a whole number, got {describe_value(value)}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise self.error(
                prefix + key, f"expected a whole number from {minimum} to {maximum}, got {value}"
            )
        return value

    def number_list(self, doc: Mapping[str, Any], key: str) -> list[float]:
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            value = [value]
        out = []
        for i, x in enumerate(value):
            if isinstance(x, bool) or not isinstance(x, int | float):
                raise self.error(f"{key}[{i}]", f"expected a number, got {describe_value(x)}")
            out.append(_finite(self, f"{key}[{i}]", x))
        return out

    def string_list(self, doc: Mapping[str, Any], key: str) -> list[str]:
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            value = [value]
        out = []
        for i, x in enumerate(value):
            if isinstance(x, dict | list) or x is None:
                raise self.error(f"{key}[{i}]", f"expected text, got {describe_value(x)}")
            out.append(str(x))
        return out


def _finite(v: _Validator, key: str, x: int | float) -> float:
    """``x`` as a float; a number too large for one, NaN or infinity is an error naming ``key``."""
    try:
        f = float(x)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        raise v.error(key, "expected a finite number of ordinary size")
    return f


def describe_value(value: Any) -> str:
    """How an error message names a YAML value: its kind and a short form of it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:60]!r}" + (f" ({len(value)} characters)" if len(value) > 60 else "")
    if isinstance(value, int) and value.bit_length() > 128:
        return "a whole number too large to use"
    return f"{type(value).__name__} {value!r}"


def _parse_responses(v: _Validator, raw: Any, lowest: int, highest: int) -> tuple[tuple[int, str], ...]:
    points = highest - lowest + 1
    if raw is None:
        default = DEFAULT_LABELS.get(points) if lowest == 1 else None
        if default is None:
            return tuple((c, str(c)) for c in range(highest, lowest - 1, -1))
        return tuple(default.items())
    if not isinstance(raw, Mapping):
        raise v.error("responses", f"expected a mapping of code: label, got {describe_value(raw)}")
    out: list[tuple[int, str]] = []
    for code, label in raw.items():
        if isinstance(code, bool) or not isinstance(code, int):
            raise v.error(f"responses.{code}", "expected a whole-number code as the key")
        if not lowest <= code <= highest:
            raise v.error(
                f"responses.{code}",
                f"code outside the scale; expected {lowest} to {highest} "
                f"(for other codes declare the range, e.g. codes: {min(code, lowest)}-{max(code, highest)})",
            )
        if not isinstance(label, str) or not label.strip():
            raise v.error(f"responses.{code}", f"expected a label text, got {describe_value(label)}")
        if _NUMERIC_TEXT.match(label.strip()) and label.strip() != str(code):
            raise v.error(
                f"responses.{code}",
                f"the label {label.strip()!r} is a number; a number in a cell is always read as a "
                "response code, so a label may not be another number",
            )
        out.append((code, label.strip()))
    missing = sorted(set(range(lowest, highest + 1)) - {c for c, _ in out})
    if missing:
        raise v.error(
            "responses",
            f"no label for code(s) {', '.join(map(str, missing))}; "
            f"a {points}-point scale needs labels for {lowest} to {highest}",
        )
    return tuple(sorted(out, reverse=True))


def _parse_aliases(v: _Validator, raw: Any, lowest: int, highest: int) -> tuple[tuple[str, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise v.error("aliases", f"expected a mapping of label: code, got {describe_value(raw)}")
    out = []
    for label, code in raw.items():
        if (isinstance(label, int | float) and not isinstance(label, bool)) or _NUMERIC_TEXT.match(
            str(label).strip()
        ):
            raise v.error(
                f"aliases.{label}",
                f"{str(label)!r} is a number, and a number in a cell is always read as a response "
                "code, never as a label; if the data use other codes (such as 0-3 instead of 1-4), "
                "declare them with codes: (e.g. codes: 0-3) and keep the data as they are",
            )
        if isinstance(code, bool) or not isinstance(code, int) or not lowest <= code <= highest:
            raise v.error(
                f"aliases.{label}", f"expected a code from {lowest} to {highest}, got {describe_value(code)}"
            )
        out.append((str(label), code))
    return tuple(out)


def _check_labels_unique(
    v: _Validator, responses: Sequence[tuple[int, str]], aliases: Sequence[tuple[str, int]]
) -> None:
    seen: dict[str, int] = {}
    for key, (label, code) in [("responses", (lab, c)) for c, lab in responses] + [
        ("aliases", (a, c)) for a, c in aliases
    ]:
        norm = normalise_label(label)
        if norm in seen and seen[norm] != code:
            raise v.error(
                f"{key}.{label}",
                f"label {label!r} is mapped to two codes ({seen[norm]} and {code}); "
                "each label must mean one code",
            )
        seen[norm] = code


def _parse_scales(v: _Validator, raw: Any) -> tuple[Scale, ...]:
    if raw is None:
        raise v.error("scales", "required key is missing; expected a mapping of scale id: items")
    if not isinstance(raw, Mapping) or not raw:
        raise v.error(
            "scales", f"expected a mapping of scale id: {{title, items}}, got {describe_value(raw)}"
        )
    scales = []
    owner: dict[str, str] = {}
    ids: dict[str, Any] = {}
    totals: list[tuple[str, str, Mapping[str, Any]]] = []
    for sid, body in raw.items():
        key = f"scales.{sid}"
        if str(sid) in ids:  # YAML keys 1 and "1" are two keys, but one scale id
            raise v.error(
                key,
                f"the scale id {sid!r} is also given as {ids[str(sid)]!r}; scale ids must differ as text",
            )
        ids[str(sid)] = sid
        if isinstance(body, list):
            body = {"items": body}
        if not isinstance(body, Mapping):
            raise v.error(key, f"expected a mapping with 'items', got {describe_value(body)}")
        extra = sorted(str(k) for k in set(body) - {"title", "items", "scales"})
        if extra:
            raise v.error(
                f"{key}.{extra[0]}",
                "unknown key"
                + _did_you_mean(extra[0], ("title", "items", "scales"))
                + "; expected 'title', 'items' or 'scales' (for a total of other scales)",
            )
        if "scales" in body:
            totals.append((str(sid), key, body))
            continue
        items_raw = body.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            raise v.error(
                f"{key}.items", f"expected a non-empty list of items, got {describe_value(items_raw)}"
            )
        items = []
        for i, it in enumerate(items_raw):
            ikey = f"{key}.items[{i}]"
            if isinstance(it, str | int) and not isinstance(it, bool):
                item = Item(column=str(it))
            elif isinstance(it, Mapping):
                extra = sorted(str(k) for k in set(it) - {"column", "text", "reverse", "short"})
                if extra:
                    raise v.error(
                        f"{ikey}.{extra[0]}",
                        "unknown key"
                        + _did_you_mean(extra[0], ("column", "text", "reverse", "short"))
                        + "; expected 'column', 'text', 'short' or 'reverse'",
                    )
                col = it.get("column")
                if not isinstance(col, str | int) or isinstance(col, bool) or str(col).strip() == "":
                    raise v.error(
                        f"{ikey}.column", f"expected the item's column name, got {describe_value(col)}"
                    )
                rev = it.get("reverse", False)
                if not isinstance(rev, bool):
                    raise v.error(f"{ikey}.reverse", f"expected true or false, got {describe_value(rev)}")
                text = it.get("text", "")
                if text is None:
                    text = ""
                if not isinstance(text, str):
                    raise v.error(
                        f"{ikey}.text", f"expected the item's wording as text, got {describe_value(text)}"
                    )
                short = it.get("short", "")
                if short is None:
                    short = ""
                if not isinstance(short, str):
                    raise v.error(
                        f"{ikey}.short", f"expected a short label as text, got {describe_value(short)}"
                    )
                item = Item(column=str(col), text=text.strip(), reverse=rev, short=short.strip())
            else:
                raise v.error(ikey, f"expected a column name or a mapping, got {describe_value(it)}")
            if item.column in owner:
                where = "this scale" if owner[item.column] == str(sid) else f"scale {owner[item.column]!r}"
                raise v.error(ikey, f"item {item.column!r} is listed twice (already in {where})")
            owner[item.column] = str(sid)
            items.append(item)
        title = body.get("title", str(sid))
        scales.append(Scale(id=str(sid), title=str(title), items=tuple(items)))
    by_id = {s.id: s for s in scales}
    order = [str(sid) for sid in raw]
    for sid, key, body in totals:
        if "items" in body:
            raise v.error(f"{key}.items", "a total scale lists 'scales', not 'items'; give one of them")
        parts = body["scales"]
        if not isinstance(parts, list) or len(parts) < 1 or not all(isinstance(p, str) for p in parts):
            raise v.error(f"{key}.scales", f"expected a list of scale ids, got {describe_value(parts)}")
        items = []
        for j, part in enumerate(parts):
            if part not in by_id:
                known = ", ".join(sorted(by_id)) or "none"
                hint = _did_you_mean(part, by_id) if by_id else ""
                raise v.error(
                    f"{key}.scales[{j}]",
                    f"no scale {part!r} with items{hint}; a total is built from scales with items ({known})",
                )
            items.extend(by_id[part].items)
        if len({i.column for i in items}) != len(items):
            raise v.error(f"{key}.scales", "the scales of a total share an item; list each scale once")
        by_id[sid] = Scale(id=sid, title=str(body.get("title", sid)), items=tuple(items), of=tuple(parts))
    return tuple(by_id[sid] for sid in order)


def _parse_categoricals(v: _Validator, raw: Any, key: str) -> tuple[CategoricalVariable, ...]:
    if raw is None:
        return ()
    if isinstance(raw, Mapping):
        raw = [{"column": k, **(b if isinstance(b, Mapping) else {"levels": b})} for k, b in raw.items()]
    if not isinstance(raw, list):
        raise v.error(key, f"expected a list of variables, got {describe_value(raw)}")
    out = []
    for i, g in enumerate(raw):
        gkey = f"{key}[{i}]"
        if isinstance(g, str):
            out.append(CategoricalVariable(column=g, title=g))
            continue
        if not isinstance(g, Mapping):
            raise v.error(gkey, f"expected a mapping with 'column' and 'levels', got {describe_value(g)}")
        extra = sorted(str(k) for k in set(g) - {"column", "title", "levels"})
        if extra:
            raise v.error(
                f"{gkey}.{extra[0]}",
                "unknown key"
                + _did_you_mean(extra[0], ("column", "title", "levels"))
                + "; expected 'column', 'title' or 'levels'",
            )
        col = g.get("column")
        if not isinstance(col, str) or not col.strip():
            raise v.error(f"{gkey}.column", f"expected a column name, got {describe_value(col)}")
        levels_raw = g.get("levels") or {}
        levels: list[tuple[str, str]] = []
        if isinstance(levels_raw, list):
            levels = [(str(x), str(x)) for x in levels_raw]
        elif isinstance(levels_raw, Mapping):
            for value, label in levels_raw.items():
                if not isinstance(label, str | int | float) or isinstance(label, bool):
                    raise v.error(f"{gkey}.levels.{value}", f"expected a label, got {describe_value(label)}")
                levels.append((_value_text(value), str(label)))
        else:
            raise v.error(
                f"{gkey}.levels", f"expected a mapping of value: label, got {describe_value(levels_raw)}"
            )
        seen_levels: dict[str, str] = {}
        for value, _ in levels:
            folded = normalise_label(value).casefold()
            if folded in seen_levels and seen_levels[folded] != value:
                raise v.error(
                    f"{gkey}.levels",
                    f"the levels {seen_levels[folded]!r} and {value!r} differ only by case or spaces; "
                    "data cells are matched ignoring case, so they would be one level",
                )
            seen_levels[folded] = value
        out.append(CategoricalVariable(column=col, title=str(g.get("title", col)), levels=tuple(levels)))
    return tuple(out)


#: Characters that do not show: zero-width spaces and joiners, word joiner, byte-order mark,
#: soft hyphen; a non-breaking space shows as a space.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def _visible(name: str) -> str:
    return " ".join(_INVISIBLE.sub("", name).replace("\u00a0", " ").split())


def _check_columns_distinct(v: _Validator, named: list[tuple[str, str]]) -> None:
    """Two columns whose names differ only by invisible characters (a zero-width space, a
    non-breaking space) cannot be told apart by whoever reads the instrument or the report."""
    seen: dict[str, tuple[str, str]] = {}
    for key, column in named:
        shown = _visible(column)
        if shown in seen and seen[shown][1] != column:
            raise v.error(
                key,
                f"the column {column!r} differs from {seen[shown][1]!r} ({seen[shown][0]}) only by invisible "
                "characters (zero-width or non-breaking spaces); rename one",
            )
        seen.setdefault(shown, (key, column))


def _value_text(value: Any) -> str:
    """Codes written as 1 or 1.0 in YAML match '1' in the data."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_cutoffs(v: _Validator, raw: Any, points: int) -> CutoffSpec:
    if raw is None:
        return CutoffSpec()
    if isinstance(raw, str):
        raw = {"scheme": raw}
    if not isinstance(raw, Mapping):
        raise v.error("cutoffs", f"expected a scheme name or a mapping, got {describe_value(raw)}")
    allowed = ("scheme", "compare", "decimals", "criterion", "labels", "bands")
    extra = sorted(str(k) for k in set(raw) - set(allowed))
    if extra:
        raise v.error(
            f"cutoffs.{extra[0]}",
            "unknown key"
            + _did_you_mean(extra[0], allowed)
            + "; expected scheme, compare, decimals, criterion, labels or bands",
        )
    scheme = raw.get("scheme", "custom" if "bands" in raw else "real-limits")
    if scheme not in CUTOFF_SCHEMES:
        raise v.error(
            "cutoffs.scheme", f"expected one of {', '.join(CUTOFF_SCHEMES)}, got {describe_value(scheme)}"
        )
    compare = raw.get("compare", "rounded")
    if compare not in ("rounded", "exact"):
        raise v.error("cutoffs.compare", f"expected 'rounded' or 'exact', got {describe_value(compare)}")
    decimals = v.integer(raw, "decimals", minimum=0, maximum=6, prefix="cutoffs.")
    criterion = raw.get("criterion")
    if criterion is not None and (isinstance(criterion, bool) or not isinstance(criterion, int | float)):
        raise v.error("cutoffs.criterion", f"expected a number, got {describe_value(criterion)}")
    if criterion is not None:
        criterion = _finite(v, "cutoffs.criterion", criterion)
    labels_raw = raw.get("labels", ["Accepted", "Rejected"])
    if (
        not isinstance(labels_raw, list)
        or len(labels_raw) != 2
        or not all(isinstance(x, str) for x in labels_raw)
    ):
        raise v.error("cutoffs.labels", "expected two labels: [at or above the criterion, below it]")
    bands: list[Band] = []
    if scheme == "custom":
        braw = raw.get("bands")
        if not isinstance(braw, list) or not braw:
            raise v.error("cutoffs.bands", "the custom scheme needs a list of {min, max, label}")
        for i, b in enumerate(braw):
            bkey = f"cutoffs.bands[{i}]"
            if not isinstance(b, Mapping) or set(b) - {"min", "max", "label"}:
                raise v.error(bkey, "expected a mapping with keys min, max and label")
            lo, hi, lab = b.get("min"), b.get("max"), b.get("label")
            for name, val in (("min", lo), ("max", hi)):
                if isinstance(val, bool) or not isinstance(val, int | float):
                    raise v.error(f"{bkey}.{name}", f"expected a number, got {describe_value(val)}")
            if not isinstance(lab, str):
                raise v.error(f"{bkey}.label", f"expected a label text, got {describe_value(lab)}")
            assert isinstance(lo, int | float) and isinstance(hi, int | float)
            lo, hi = _finite(v, f"{bkey}.min", lo), _finite(v, f"{bkey}.max", hi)
            if hi < lo:
                raise v.error(bkey, f"max ({hi}) is below min ({lo})")
            bands.append(Band(float(lo), float(hi), lab))
    return CutoffSpec(
        scheme=scheme,
        compare=compare,
        decimals=2 if decimals is None else decimals,
        criterion=None if criterion is None else float(criterion),
        labels=(labels_raw[0], labels_raw[1]),
        bands=tuple(bands),
    )


# --------------------------------------------------------------------------- options


def with_columns(
    instrument: Instrument, *, groups: Sequence[str] = (), categorical: Sequence[str] = ()
) -> Instrument:
    """The instrument with extra grouping and categorical (frequency-table) columns.

    Columns the instrument already describes keep their description.
    """
    known = {v.column for v in (*instrument.groups, *instrument.categorical)}
    item_cols = set(instrument.item_columns)
    for col in (*groups, *categorical):
        if col in item_cols:
            raise UsageError(f"{col!r} is an item of a scale; it cannot also be a grouping column")
    new_groups = tuple(
        CategoricalVariable(column=c, title=c) for c in dict.fromkeys(groups) if c not in known
    )
    known |= set(groups)
    new_cats = tuple(
        CategoricalVariable(column=c, title=c) for c in dict.fromkeys(categorical) if c not in known
    )
    return replace(
        instrument,
        groups=instrument.groups + new_groups,
        categorical=instrument.categorical + new_cats,
    )


_RANGE = re.compile(r"^(?P<prefix>.*?)(?P<start>\d+)$")


def parse_item_spec(spec: str) -> list[str]:
    """Expand ``Q1-Q10`` or ``Q1,Q2,Q5`` or ``Q1-Q3,Q7`` into column names.

    >>> parse_item_spec("Q1-Q3,Q7")
    ['Q1', 'Q2', 'Q3', 'Q7']
    """
    out: list[str] = []
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        if "-" in part:
            a, _, b = part.partition("-")
            ma, mb = _RANGE.match(a.strip()), _RANGE.match(b.strip())
            if not ma or not mb or ma["prefix"] != mb["prefix"]:
                raise UsageError(
                    f"cannot read the item range {part!r}; "
                    "write it as Q1-Q10 (same prefix, numbers at the end)"
                )
            lo, hi = int(ma["start"]), int(mb["start"])
            if hi < lo:
                raise UsageError(f"the item range {part!r} runs backwards")
            width = len(ma["start"]) if ma["start"].startswith("0") else 0
            most = limit("MAX_ITEMS")
            if hi - lo + 1 + len(out) > most:
                raise UsageError(
                    f"the item range {part!r} names {hi - lo + 1} columns; at most {most} items can be "
                    f"analysed (set {env_name('MAX_ITEMS')} to raise the limit)",
                    argument="items",
                )
            out.extend(f"{ma['prefix']}{str(n).zfill(width)}" for n in range(lo, hi + 1))
        else:
            out.append(part)
    if not out:
        raise UsageError("items names no columns", argument="items")
    if len(out) > limit("MAX_ITEMS"):
        raise UsageError(
            f"items names {len(out)} columns; at most {limit('MAX_ITEMS')} items can be analysed "
            f"(set {env_name('MAX_ITEMS')} to raise the limit)",
            argument="items",
        )
    seen: set[str] = set()
    dup: list[str] = []
    for c in out:
        if c in seen:
            dup.append(c)
        seen.add(c)
    dup = sorted(set(dup))
    if dup:
        raise UsageError(f"items names {dup[0]!r} twice", argument="items")
    return out


def instrument_from_options(
    items: str,
    points: int | None,
    *,
    group: str | None = None,
    reverse: str | None = None,
    cutoffs: str = "real-limits",
    scale_name: str = "scale",
    labels: str | None = None,
    codes: str | None = None,
) -> Instrument:
    """Build a one-scale instrument from command-line style options.

    Parameters
    ----------
    items : str
        Item columns, as a range ``Q1-Q10`` or a comma list (see :func:`parse_item_spec`).
    points : int | None
        Number of scale points (responses are coded 1..points unless ``codes`` says
        otherwise); may be None when ``codes`` or ``labels`` fixes it.
    group : str | None
        Column of a grouping variable for the t-test, if any.
    reverse : str | None
        Comma list or range of reverse-keyed items.
    cutoffs : str
        Name of a built-in cut-off scheme.
    labels : str | None
        Name of a built-in label set (:mod:`mcstats.labels`), e.g. ``agreement-7``.
    codes : str | None
        The code range, e.g. ``0-3`` (default ``1-points``).

    Examples
    --------
    >>> inst = instrument_from_options("Q1-Q3", None, codes="0-3")
    >>> inst.min_code, inst.max_code, inst.scale_points
    (0, 3, 4)
    >>> instrument_from_options("Q1-Q3", None, labels="agreement-7").response_label(7)
    'Strongly Agree'
    """
    if points is not None and not 2 <= points <= 11:
        raise UsageError(f"points must be from 2 to 11, got {points}", argument="points")
    if points is None and codes is None and labels is None:
        raise UsageError(
            "points missing: give the scale points (5), the codes (0-3) or a label set (agreement-5)",
            argument="points",
        )
    cols = parse_item_spec(items)
    rev = set(parse_item_spec(reverse)) if reverse else set()
    unknown = sorted(rev - set(cols))
    if unknown:
        raise UsageError(f"reverse names {unknown[0]!r}, which is not among the items", argument="reverse")
    doc: dict[str, Any] = {
        "scales": {scale_name: {"items": [{"column": c, "reverse": c in rev} for c in cols]}},
        "cutoffs": {"scheme": cutoffs},
    }
    if points is not None:
        doc["scale_points"] = points
    if codes is not None:
        if parse_code_range(codes) is None:
            raise UsageError(f"codes must be a range such as 0-3 or 1-7, got {codes!r}", argument="codes")
        doc["codes"] = codes
    if labels is not None:
        doc["labels"] = labels
    if group:
        doc["groups"] = [{"column": group}]
    try:
        return parse_instrument(doc, path="(command-line options)")
    except InstrumentError as exc:
        if exc.key in ("labels", "codes", "scale_points"):
            argument = {"labels": "labels", "codes": "codes", "scale_points": "points"}[exc.key]
            raise UsageError(f"{argument}: {exc.message}", argument=argument) from None
        raise


def with_file_labels(
    instrument: Instrument,
    value_labels: Mapping[str, Mapping[str, str]],
    variable_labels: Mapping[str, str],
    *,
    responses: bool = False,
) -> Instrument:
    """Fill what the instrument leaves open from labels stored in the data file (.sav).

    * Item wording: a variable label becomes the text of an item that has none.
    * Group levels: value labels become the levels of a grouping or categorical variable
      that defines none (1 -> "Male", 2 -> "Female").
    * Response labels (only with ``responses=True``, for an instrument built from options):
      the first item's value labels, when they label every code 1..points.
    """

    def _int_key(k: str) -> int | None:
        try:
            f = float(k)
        except ValueError:
            return None
        return int(f) if f.is_integer() else None

    scales = tuple(
        replace(
            s,
            items=tuple(
                replace(i, text=variable_labels.get(i.column, "")) if not i.text else i for i in s.items
            ),
        )
        for s in instrument.scales
    )

    def _levels(var: CategoricalVariable) -> CategoricalVariable:
        labels = value_labels.get(var.column)
        if var.levels or not labels:
            return var
        return replace(var, levels=tuple((_value_text(k), str(v)) for k, v in labels.items()))

    new = replace(
        instrument,
        scales=scales,
        groups=tuple(_levels(g) for g in instrument.groups),
        categorical=tuple(_levels(c) for c in instrument.categorical),
    )
    if responses and instrument.item_columns:
        labels = value_labels.get(instrument.item_columns[0], {})
        coded = {_int_key(k): v for k, v in labels.items()}
        lo, hi = instrument.min_code, instrument.max_code
        if set(range(lo, hi + 1)) <= set(coded):
            new = replace(new, responses=tuple((c, str(coded[c])) for c in range(hi, lo - 1, -1)))
    return new
