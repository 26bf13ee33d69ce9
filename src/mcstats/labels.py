"""Built-in response label sets: the wordings surveys use, with their common abbreviations.

An instrument names one with ``labels: agreement-5`` (or ``--labels agreement-5``) instead
of listing ``responses``. A set's labels run from the lowest code to the highest: on
``codes: 1-5`` "Strongly Disagree" is 1 and "Strongly Agree" 5; on ``codes: 0-4`` they are
0 and 4. Cells are matched case- and space-insensitively, to the labels and to the
aliases (abbreviations such as ``SA`` and other spellings such as "Neutral").

=================  ======  ==========================================================
set                points  labels, lowest code first (aliases)
=================  ======  ==========================================================
agreement-4        4       Strongly Disagree (SD), Disagree (D), Agree (A), Strongly Agree (SA)
agreement-5        5       SD, D, Undecided (U, N, Neutral, Neither agree nor disagree), A, SA
agreement-6        6       SD, D, Slightly Disagree (Somewhat disagree), Slightly Agree, A, SA
agreement-7        7       SD, D, Somewhat Disagree, Neither Agree nor Disagree (N, U), Somewhat Agree, A, SA
extent-4           4       Very Low Extent (VLE), Low Extent (LE), High Extent (HE), Very High Extent (VHE)
great-extent-4     4       Very Low Extent (VLE), Low Extent (LE), Great Extent (GE), Very Great Extent (VGE)
frequency-5        5       Never, Rarely, Sometimes, Often, Always
satisfaction-5     5       Very Dissatisfied, Dissatisfied, Neutral, Satisfied, Very Satisfied
=================  ======  ==========================================================

Numbers are never labels: a cell holding a number is read as a code, so an alias such as
``"0"`` is refused by the instrument loader (declare the code range instead).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LabelSet:
    """A named response vocabulary.

    ``labels`` run from the lowest code to the highest; ``aliases`` map other spellings to
    a position in ``labels`` (1 = the lowest).
    """

    name: str
    labels: tuple[str, ...]
    aliases: tuple[tuple[str, int], ...] = ()

    @property
    def points(self) -> int:
        return len(self.labels)

    def responses(self, lowest: int = 1) -> tuple[tuple[int, str], ...]:
        """(code, label) pairs, highest code first, for codes ``lowest`` upwards.

        >>> LABEL_SETS["agreement-4"].responses(0)[0]
        (3, 'Strongly Agree')
        """
        return tuple((lowest + i, lab) for i, lab in reversed(list(enumerate(self.labels))))

    def alias_codes(self, lowest: int = 1) -> tuple[tuple[str, int], ...]:
        """(alias, code) pairs for codes ``lowest`` upwards."""
        return tuple((a, lowest + pos - 1) for a, pos in self.aliases)


_AGREE_ENDS = (("SD", 1),)


def _agree(labels: tuple[str, ...], middle: tuple[tuple[str, int], ...] = ()) -> LabelSet:
    k = len(labels)
    aliases = (*_AGREE_ENDS, ("D", 2), *middle, ("A", k - 1), ("SA", k))
    return LabelSet(f"agreement-{k}", labels, tuple(a for a in aliases if a[0] != labels[a[1] - 1]))


LABEL_SETS: dict[str, LabelSet] = {
    s.name: s
    for s in (
        _agree(("Strongly Disagree", "Disagree", "Agree", "Strongly Agree")),
        _agree(
            ("Strongly Disagree", "Disagree", "Undecided", "Agree", "Strongly Agree"),
            (
                ("U", 3),
                ("N", 3),
                ("Neutral", 3),
                ("Neither agree nor disagree", 3),
                ("Not sure", 3),
                ("Uncertain", 3),
            ),
        ),
        _agree(
            (
                "Strongly Disagree",
                "Disagree",
                "Slightly Disagree",
                "Slightly Agree",
                "Agree",
                "Strongly Agree",
            ),
            (
                ("Somewhat disagree", 3),
                ("Mildly disagree", 3),
                ("Somewhat agree", 4),
                ("Mildly agree", 4),
            ),
        ),
        _agree(
            (
                "Strongly Disagree",
                "Disagree",
                "Somewhat Disagree",
                "Neither Agree nor Disagree",
                "Somewhat Agree",
                "Agree",
                "Strongly Agree",
            ),
            (
                ("Slightly disagree", 3),
                ("N", 4),
                ("U", 4),
                ("Neutral", 4),
                ("Undecided", 4),
                ("Slightly agree", 5),
            ),
        ),
        LabelSet(
            "extent-4",
            ("Very Low Extent", "Low Extent", "High Extent", "Very High Extent"),
            (("VLE", 1), ("LE", 2), ("HE", 3), ("VHE", 4)),
        ),
        LabelSet(
            "great-extent-4",
            ("Very Low Extent", "Low Extent", "Great Extent", "Very Great Extent"),
            (("VLE", 1), ("Very little extent", 1), ("LE", 2), ("Little extent", 2), ("GE", 3), ("VGE", 4)),
        ),
        LabelSet(
            "frequency-5",
            ("Never", "Rarely", "Sometimes", "Often", "Always"),
            (("Seldom", 2), ("Occasionally", 3), ("Very often", 4), ("Usually", 4)),
        ),
        LabelSet(
            "satisfaction-5",
            ("Very Dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very Satisfied"),
            (("Neither satisfied nor dissatisfied", 3), ("Unsatisfied", 2), ("Very unsatisfied", 1)),
        ),
    )
}

#: The set used when an instrument of 4 or 5 points names no labels (the Nigerian
#: education surveys mcstats started from: extent on 4 points, agreement on 5).
DEFAULT_SETS = {4: "extent-4", 5: "agreement-5"}


def label_set(name: str) -> LabelSet:
    """The built-in set called ``name`` (case- and space-insensitive).

    Raises
    ------
    KeyError
        With a message naming the closest set and listing all of them.

    Examples
    --------
    >>> label_set("Agreement-7").points
    7
    """
    key = "-".join(str(name).strip().casefold().replace("_", "-").split())
    if key in LABEL_SETS:
        return LABEL_SETS[key]
    close = difflib.get_close_matches(key, list(LABEL_SETS), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise KeyError(f"no built-in label set {name!r}{hint}; the sets are {', '.join(LABEL_SETS)}")


def sets_matching(texts: set[str]) -> list[LabelSet]:
    """The built-in sets whose labels and aliases include every text of ``texts``.

    Texts are compared normalised (case folded, whitespace collapsed); smaller sets first.
    """
    from mcstats.instrument import normalise_label

    out = []
    for s in LABEL_SETS.values():
        known = {normalise_label(x) for x in s.labels} | {normalise_label(a) for a, _ in s.aliases}
        if texts and {normalise_label(t) for t in texts} <= known:
            out.append(s)
    return sorted(out, key=lambda s: s.points)


def _natural(value: Any) -> list[Any]:
    parts = re.split(r"(\d+)", str(value))
    return [int(p) if k % 2 else p for k, p in enumerate(parts)]


def sort_levels(values: Iterable[Any]) -> list[Any]:
    """Level labels in reading order: by value when every label is a number, else as text
    with the numbers inside compared by value, so that experience bands read
    "0-5 years", "6-10 years", "11-20 years" (a plain text sort, as R's factor levels, puts
    "11-20" before "6-10").

    >>> sort_levels(["11-20 years", "Over 20 years", "0-5 years", "6-10 years"])
    ['0-5 years', '6-10 years', '11-20 years', 'Over 20 years']
    >>> sort_levels(["10", "9", "2.5"]), sort_levels(["b", "a"])
    (['2.5', '9', '10'], ['a', 'b'])
    """
    items = list(values)
    try:
        return sorted(items, key=float)
    except (TypeError, ValueError):
        return sorted(items, key=_natural)
