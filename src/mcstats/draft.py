"""Draft an instrument from a data file, for the user to check and edit (``mcstats init``).

The draft is a guess, and says so in its comments. Rules:

* An **item column** holds only whole numbers in 1..11 (or the file's value labels), or
  only labels of one known response vocabulary (agreement, extent, frequency), apart from
  empty cells. Scale points: the vocabulary's size, the largest value label, or the largest
  code seen.
* **Scales** are proposed by column prefix: the letters before a trailing number
  (``Q1``-``Q10`` -> ``Q``; ``AWAR1``-``AWAR5`` -> ``AWAR``).
* A non-item column with 2 to 12 distinct values is **categorical**; one with exactly two
  is also proposed as a **group** for t-tests. Anything else (ids, timestamps, free text)
  is left out and listed in a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from mcstats.errors import DataError
from mcstats.instrument import normalise_label
from mcstats.io import RawSurvey

#: Response vocabularies recognised in text answers: label -> code, by name.
VOCABULARIES: dict[str, dict[str, int]] = {
    "agreement-5": {
        "strongly disagree": 1,
        "disagree": 2,
        "neutral": 3,
        "undecided": 3,
        "neither agree nor disagree": 3,
        "agree": 4,
        "strongly agree": 5,
    },
    "agreement-4": {"strongly disagree": 1, "disagree": 2, "agree": 3, "strongly agree": 4},
    "extent-4": {"very low extent": 1, "low extent": 2, "high extent": 3, "very high extent": 4},
    "frequency-5": {"never": 1, "rarely": 2, "sometimes": 3, "often": 4, "always": 5},
}

_PREFIX = re.compile(r"^(?P<prefix>.*?)[_\s.-]?(?P<num>\d+)$")
_WHOLE = re.compile(r"^\s*\d+(\.0+)?\s*$")


@dataclass
class ItemGuess:
    column: str
    points: int
    vocabulary: str | None
    text: str = ""


@dataclass
class Draft:
    """What :func:`draft_instrument` found in a file."""

    items: list[ItemGuess]
    scales: dict[str, list[str]]
    points: int
    responses: dict[int, str]
    aliases: dict[str, int]
    groups: dict[str, list[str]]
    categorical: dict[str, list[str]]
    ignored: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _vocabulary_of(values: Iterable[str]) -> str | None:
    norm = {normalise_label(v) for v in values}
    for name in ("extent-4", "agreement-4", "agreement-5", "frequency-5"):
        if norm and norm <= set(VOCABULARIES[name]):
            return name
    return None


def _guess_item(col: str, cells: pd.Series, value_labels: dict[str, str]) -> ItemGuess | None:
    """An item guess when every answer is a whole number 1..11 or a label of one vocabulary.

    Exports often mix the two (codes typed in, labels picked from a list), so both may occur.
    """
    values = [str(v) for v in pd.unique(cells.dropna())]
    numbers = [v for v in values if _WHOLE.match(v)]
    texts = [v for v in values if not _WHOLE.match(v)]
    codes = {int(float(v)) for v in numbers}
    vocab = _vocabulary_of(texts) if texts else None
    if texts and vocab is None:
        return None
    if vocab is not None:
        size = max(VOCABULARIES[vocab].values())
        if codes and (min(codes) < 1 or max(codes) > size):
            return None
        return ItemGuess(col, size, vocab)
    labelled = [int(float(k)) for k in value_labels if _WHOLE.match(k)]
    if not codes:
        return None
    top = max(codes | set(labelled))
    # Two codes are more often a coded group (gender 1/2) than a two-point item.
    if min(codes) >= 1 and 3 <= top <= 11 and len(codes) >= 2:
        return ItemGuess(col, top, None)
    return None


def scale_prefix(column: str) -> str:
    """The scale a column belongs to by name: letters before a trailing number.

    >>> scale_prefix("Q10"), scale_prefix("AWAR_3"), scale_prefix("age")
    ('Q', 'AWAR', 'age')
    """
    m = _PREFIX.match(column)
    return m["prefix"] if m and m["prefix"] else column


def draft_instrument(raw: RawSurvey) -> Draft:
    """Guess items, scales, scale points, labels and groups from a raw survey."""
    frame = raw.frame
    if len(frame) == 0:
        raise DataError("the file has a header but no rows to learn from", path=raw.path, row=2)
    items: list[ItemGuess] = []
    groups: dict[str, list[str]] = {}
    categorical: dict[str, list[str]] = {}
    ignored: dict[str, str] = {}
    for col in frame.columns:
        cells = frame[col]
        guess = _guess_item(str(col), cells, raw.value_labels.get(str(col), {}))
        if guess is not None:
            guess.text = raw.variable_labels.get(str(col), "")
            items.append(guess)
            continue
        distinct = [str(v).strip() for v in pd.unique(cells.dropna())]
        if 2 <= len(distinct) <= 12 and len(distinct) < max(3, len(frame) // 2):
            levels = sorted(distinct, key=str)
            categorical[str(col)] = levels
            if len(distinct) == 2:
                groups[str(col)] = levels
        elif not distinct:
            ignored[str(col)] = "empty"
        else:
            ignored[str(col)] = f"{len(distinct)} distinct values (identifier, timestamp or free text?)"
    if not items:
        raise DataError(
            "no column looks like a Likert item (whole numbers 1..11 or known response labels); "
            "write the instrument by hand (see docs/instrument-format.md)",
            path=raw.path,
        )
    points_seen = sorted({i.points for i in items})
    points = max(points_seen)
    notes = []
    if len(points_seen) > 1:
        notes.append(
            f"items reach different top codes ({', '.join(map(str, points_seen))}); the draft uses "
            f"{points} points for all; check items whose answers never reached the top"
        )
    vocab = next((i.vocabulary for i in items if i.vocabulary), None)
    responses: dict[int, str] = {}
    aliases: dict[str, int] = {}
    if vocab is not None:
        for label, code in VOCABULARIES[vocab].items():
            if code in responses:
                aliases[label.title()] = code  # another spelling of the same answer
            else:
                responses[code] = label.title()
    else:
        first = raw.value_labels.get(items[0].column, {})
        for k, v in first.items():
            if _WHOLE.match(k):
                responses[int(float(k))] = v
    scales: dict[str, list[str]] = {}
    for it in items:
        scales.setdefault(scale_prefix(it.column), []).append(it.column)
    for g in groups:
        categorical.pop(g, None)
    return Draft(items, scales, points, responses, aliases, groups, categorical, ignored, notes)


def _yaml_text(value: str) -> str:
    """A YAML scalar that keeps any text as text."""
    import json

    return json.dumps(value, ensure_ascii=False)


def render_draft(draft: Draft, source: str) -> str:
    """The draft as commented YAML in the instrument format."""
    lines = [
        f"# Draft instrument made by `mcstats init` from {source}.",
        "# It is a guess: check the scale points, labels, scales, reverse-keyed items and groups,",
        "# then run: mcstats analyze DATA --instrument THIS_FILE",
        "# Format: docs/instrument-format.md",
    ]
    lines += [f"# Note: {n}" for n in draft.notes]
    lines += [f"# Left out: {c} ({why})" for c, why in draft.ignored.items()]
    lines += [f"name: {_yaml_text('Draft from ' + source)}", f"scale_points: {draft.points}"]
    if draft.responses and set(draft.responses) == set(range(1, draft.points + 1)):
        lines.append("responses:")
        for code in sorted(draft.responses, reverse=True):
            lines.append(f"  {code}: {_yaml_text(draft.responses[code])}")
    else:
        lines.append("# responses: default labels are used; list code: label pairs here")
    if draft.aliases:
        lines.append("aliases:")
        lines += [f"  {_yaml_text(a)}: {c}" for a, c in draft.aliases.items()]
    texts = {i.column: i.text for i in draft.items}
    lines.append("scales:")
    for sid, cols in draft.scales.items():
        lines.append(f"  {_yaml_text(sid)}:")
        lines.append(f"    title: {_yaml_text(sid)}")
        lines.append("    items:")
        for c in cols:
            text = f", text: {_yaml_text(texts[c])}" if texts.get(c) else ""
            lines.append(f"      - {{column: {_yaml_text(c)}{text}, reverse: false}}")
    for key, table in (("groups", draft.groups), ("categorical", draft.categorical)):
        if not table:
            continue
        lines.append(f"{key}:")
        for col, levels in table.items():
            lines.append(f"  - column: {_yaml_text(col)}")
            lines.append(
                "    levels: {" + ", ".join(f"{_yaml_text(v)}: {_yaml_text(v)}" for v in levels) + "}"
            )
    lines.append("cutoffs: {scheme: real-limits, compare: rounded, decimals: 2}")
    return "\n".join(lines) + "\n"
