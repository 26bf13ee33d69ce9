"""The instrument as an editable form, and back.

The form edits an instrument document (the data of an instrument YAML file, as drafted by
``mcstats init``): the page shows :class:`InstrumentForm` and reads the submitted fields
back with :func:`form_from_fields`; :func:`document_from_form` gives the document, which the
library validates (``parse_instrument``) and writes as the instrument YAML. Keys the form
does not show (aliases, missing codes, custom cut-off bands...) are kept from the draft.

Field names are flat (``item-3-reverse``); values are only ever text for the document,
never paths or markup.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Roles of a non-item column.
ROLES = ("group", "frequencies", "none")
#: Analyses the form can add (boolean fields of ``AnalysisOptions``), in the order shown.
EXTRAS = ("anova", "nonparametric", "item_tests", "correlations", "item_correlations")


@dataclass
class ItemRow:
    column: str
    text: str = ""
    reverse: bool = False
    scale: int | None = 0  # index into InstrumentForm.scales; None: left out
    suggestion: str = ""  # a reverse-key suggestion from the library, shown beside the box


@dataclass
class ScaleSlot:
    id: str
    title: str


@dataclass
class CategoricalRow:
    column: str
    role: str = "frequencies"
    title: str = ""
    levels: list[tuple[str, str]] = field(default_factory=list)  # (value in the data, label)


@dataclass
class InstrumentForm:
    """Everything the instrument and analysis form shows."""

    name: str = ""
    scale_points: str = "5"
    lowest_code: str = "1"  # codes run lowest_code .. lowest_code + points - 1 (0-3, 1-5, -3..3)
    responses: dict[int, str] = field(default_factory=dict)  # code -> label
    id_column: str = ""
    id_candidates: list[str] = field(default_factory=list)
    scales: list[ScaleSlot] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    categorical: list[CategoricalRow] = field(default_factory=list)
    cutoff_scheme: str = "real-limits"
    cutoff_criterion: str = ""
    cutoff_decimals: str = "2"
    cutoff_compare: str = "rounded"
    score: str = "sum"
    invalid: str = "error"
    alpha: str = "0.05"
    t_decision: str = "student"  # which t-test decides for two groups (T_DECISION_RULES)
    p_adjust: str = "none"  # the item tests' p adjustment (P_ADJUSTMENTS)
    crosstabs: bool = False  # every background column by every grouping column
    levels_a: str = ""
    levels_b: str = ""
    extras: list[str] = field(default_factory=list)  # names from EXTRAS, ticked
    tables: list[str] = field(default_factory=list)  # empty: the library's default tables
    decimals: str = ""
    style: str = "apa"
    reliability: str = "compact"

    @property
    def points(self) -> int:
        try:
            return max(2, min(11, int(self.scale_points)))
        except ValueError:
            return 5

    @property
    def lowest(self) -> int:
        """The lowest response code (1 unless the form says otherwise)."""
        try:
            return int(self.lowest_code)
        except ValueError:
            return 1

    @property
    def highest(self) -> int:
        return self.lowest + self.points - 1

    @property
    def codes(self) -> list[int]:
        """The response codes, highest first (as the draft lists its labels)."""
        return list(range(self.highest, self.lowest - 1, -1))

    @property
    def default_labels(self) -> dict[int, str]:
        """The labels the library gives the codes when the form gives none (the extent and
        agreement sets on 1-4 and 1-5, else the codes themselves)."""
        from mcstats.instrument import DEFAULT_LABELS

        if self.lowest == 1 and self.points in DEFAULT_LABELS:
            return dict(DEFAULT_LABELS[self.points])
        return {c: str(c) for c in self.codes}

    @property
    def many_levels(self) -> bool:
        """True when a column that can be a group has more than two levels (two are chosen)."""
        return any(len(c.levels) > 2 for c in self.categorical)


class FormProblem(ValueError):
    """A field of the form that cannot become part of an instrument (message for the user)."""


def _levels(raw: Any) -> list[tuple[str, str]]:
    if isinstance(raw, Mapping):
        return [(str(k), str(v)) for k, v in raw.items()]
    if isinstance(raw, list):
        return [(str(x), str(x)) for x in raw]
    return []


def _categoricals(raw: Any) -> list[Mapping[str, Any]]:
    if isinstance(raw, Mapping):
        return [{"column": k, **(b if isinstance(b, Mapping) else {"levels": b})} for k, b in raw.items()]
    if isinstance(raw, list):
        return [g if isinstance(g, Mapping) else {"column": str(g)} for g in raw]
    return []


def _lowest_code(doc: Mapping[str, Any]) -> int:
    """The lowest response code of an instrument document, as the library reads it
    (``codes: 0-3``, or responses keyed 0..3, else 1)."""
    from mcstats.instrument import parse_code_range, parse_instrument

    try:
        return parse_instrument(doc).min_code
    except Exception:  # an invalid document: read the range as far as it goes
        raw = doc.get("codes")
        if isinstance(raw, str) and (rng := parse_code_range(raw)) is not None:
            return rng[0]
        if isinstance(raw, Mapping) and isinstance(raw.get("min"), int):
            return int(raw["min"])
        if isinstance(raw, list) and raw and isinstance(raw[0], int):
            return int(raw[0])
        return 1


def form_from_document(
    doc: Mapping[str, Any],
    *,
    id_candidates: Sequence[str] = (),
    suggestions: Mapping[str, str] | None = None,
) -> InstrumentForm:
    """The form showing an instrument document (a parsed instrument YAML)."""
    form = InstrumentForm(
        name=str(doc.get("name", "")),
        scale_points=str(doc.get("scale_points", 5)),
        id_column=str(doc.get("id_column") or ""),
        id_candidates=list(id_candidates),
    )
    # The draft's own id column (init finds it by name or by one value per row) is a choice
    # too, first, so that the form shows it selected instead of dropping it.
    if form.id_column and form.id_column not in form.id_candidates:
        form.id_candidates.insert(0, form.id_column)
    form.lowest_code = str(_lowest_code(doc))
    responses = doc.get("responses")
    if isinstance(responses, Mapping):
        form.responses = {
            k: str(v) for k, v in responses.items() if isinstance(k, int) and not isinstance(k, bool)
        }
    scales = doc.get("scales")
    if isinstance(scales, Mapping):
        for index, (sid, body) in enumerate(scales.items()):
            body = body if isinstance(body, Mapping) else {"items": body}
            form.scales.append(ScaleSlot(str(sid), str(body.get("title", sid))))
            for it in body.get("items") or []:
                if isinstance(it, Mapping):
                    col = str(it.get("column", ""))
                    row = ItemRow(col, str(it.get("text") or ""), bool(it.get("reverse", False)), index)
                else:
                    row = ItemRow(str(it), scale=index)
                row.suggestion = (suggestions or {}).get(row.column, "")
                form.items.append(row)
    for role, key in (("group", "groups"), ("frequencies", "categorical")):
        for g in _categoricals(doc.get(key)):
            col = str(g.get("column", ""))
            form.categorical.append(
                CategoricalRow(col, role, str(g.get("title", col)), _levels(g.get("levels")))
            )
    cut = doc.get("cutoffs")
    if isinstance(cut, str):
        cut = {"scheme": cut}
    if isinstance(cut, Mapping):
        form.cutoff_scheme = str(cut.get("scheme", "custom" if "bands" in cut else "real-limits"))
        form.cutoff_compare = str(cut.get("compare", "rounded"))
        form.cutoff_decimals = str(cut.get("decimals", 2))
        crit = cut.get("criterion")
        form.cutoff_criterion = "" if crit is None else str(crit)
    return form


def _get(fields: Mapping[str, str], key: str, default: str = "") -> str:
    value = fields.get(key, default)
    return value.strip() if isinstance(value, str) else default


def form_from_fields(
    fields: Mapping[str, str], previous: InstrumentForm, table_names: Sequence[str] = ()
) -> InstrumentForm:
    """The form as the user submitted it; columns and level values come from ``previous``
    (the server's copy), never from the request; ``table_names`` are the report's tables
    (a ticked ``table-NAME`` box chooses one)."""
    form = InstrumentForm(
        name=_get(fields, "name"),
        scale_points=_get(fields, "scale_points", previous.scale_points),
        lowest_code=_get(fields, "lowest_code", previous.lowest_code),
        id_column=_get(fields, "id_column"),
        id_candidates=list(previous.id_candidates),
        cutoff_scheme=_get(fields, "cutoff_scheme", previous.cutoff_scheme),
        cutoff_criterion=_get(fields, "cutoff_criterion"),
        cutoff_decimals=_get(fields, "cutoff_decimals", "2"),
        cutoff_compare=_get(fields, "cutoff_compare", "rounded"),
        score=_get(fields, "score", "sum"),
        invalid=_get(fields, "invalid", "error"),
        alpha=_get(fields, "alpha", "0.05"),
        t_decision=_get(fields, "t_decision", "student"),
        p_adjust=_get(fields, "p_adjust", "none"),
        crosstabs=fields.get("crosstabs") == "1",
        levels_a=_get(fields, "levels_a"),
        levels_b=_get(fields, "levels_b"),
        extras=[e for e in EXTRAS if fields.get(f"extra-{e}") == "1"],
        tables=[n for n in table_names if fields.get(f"table-{n}") == "1"],
        decimals=_get(fields, "decimals"),
        style=_get(fields, "style", "apa"),
        reliability=_get(fields, "reliability", "compact"),
    )
    if form.id_column not in previous.id_candidates:
        form.id_column = ""
    # The label fields are named by the codes the page showed (previous range); a label
    # keeps its place on the scale when the range moves (1-4 -> 0-3: the label of 4 goes to 3).
    form.responses = {
        form.lowest + p: _get(fields, f"response-{previous.lowest + p}") for p in range(form.points)
    }
    n_slots = len(previous.scales) + 1  # the previous scales and one new slot
    for i in range(n_slots):
        form.scales.append(ScaleSlot(_get(fields, f"scale-{i}-id"), _get(fields, f"scale-{i}-title")))
    for k, old in enumerate(previous.items):
        where = _get(fields, f"item-{k}-scale")
        scale = int(where) if where.isdigit() and int(where) < n_slots else None
        form.items.append(
            ItemRow(
                old.column,
                _get(fields, f"item-{k}-text"),
                fields.get(f"item-{k}-reverse") == "1",
                scale,
                old.suggestion,
            )
        )
    for m, old_cat in enumerate(previous.categorical):
        role = _get(fields, f"cat-{m}-role", old_cat.role)
        form.categorical.append(
            CategoricalRow(
                old_cat.column,
                role if role in ROLES else "none",
                _get(fields, f"cat-{m}-title") or old_cat.column,
                [(v, _get(fields, f"cat-{m}-level-{n}") or v) for n, (v, _) in enumerate(old_cat.levels)],
            )
        )
    return form


def trimmed(form: InstrumentForm) -> InstrumentForm:
    """The form without empty scale slots (before showing it again, one new slot is added)."""
    out = copy.deepcopy(form)
    used = sorted({i.scale for i in out.items if i.scale is not None})
    keep = [i for i, s in enumerate(out.scales) if s.id or i in used]
    renumber = {old: new for new, old in enumerate(keep)}
    out.scales = [out.scales[i] for i in keep]
    for it in out.items:
        it.scale = None if it.scale is None else renumber.get(it.scale)
    return out


def _number(text: str, label: str, messages: Mapping[str, str], kind: type = float) -> Any:
    try:
        return kind(text)
    except ValueError:
        raise FormProblem(messages["bad_number"].format(field=label, value=text)) from None


def document_from_form(
    form: InstrumentForm, base: Mapping[str, Any], messages: Mapping[str, str]
) -> dict[str, Any]:
    """The instrument document the form describes; keys the form does not show come from
    ``base``. Raises :class:`FormProblem` for a field that is not even of the right kind
    (the library checks the rest)."""
    doc: dict[str, Any] = {k: copy.deepcopy(v) for k, v in base.items()}
    if form.name:
        doc["name"] = form.name
    else:
        doc.pop("name", None)
    points = _number(form.scale_points, "scale_points", messages, int)
    lowest = _number(form.lowest_code, "codes", messages, int)
    doc["scale_points"] = points
    old_lowest = _lowest_code(base)
    if lowest != 1:
        sep = "-" if lowest >= 0 else ".."  # 0-3, but -3..3
        doc["codes"] = f"{lowest}{sep}{lowest + points - 1}"
    else:
        doc.pop("codes", None)
    if isinstance(doc.get("aliases"), Mapping):
        # Labels in the data map to places on the scale: they move with the range, and
        # places beyond the new range are dropped (such cells are then listed as invalid).
        shift = lowest - old_lowest
        moved = {
            a: c + shift
            for a, c in doc["aliases"].items()
            if isinstance(c, int) and not isinstance(c, bool) and lowest <= c + shift < lowest + points
        }
        if moved:
            doc["aliases"] = moved
        else:
            doc.pop("aliases", None)
    if any(form.responses.values()):
        doc["responses"] = {c: form.responses.get(c, "") for c in sorted(form.responses, reverse=True)}
        doc.pop("labels", None)  # the labels are written out (a built-in set is one or the other)
    else:
        doc.pop("responses", None)
    if form.id_column:
        doc["id_column"] = form.id_column
    else:
        doc.pop("id_column", None)
    scales: dict[str, Any] = {}
    for i, slot in enumerate(form.scales):
        members = [it for it in form.items if it.scale == i]
        if not members:
            continue
        if not slot.id:
            cols = ", ".join(it.column for it in members)
            raise FormProblem(messages["new_scale_needs_id"].format(columns=cols))
        entry = scales.setdefault(slot.id, {"title": slot.title or slot.id, "items": []})
        for it in members:
            item: dict[str, Any] = {"column": it.column}
            if it.text:
                item["text"] = it.text
            item["reverse"] = it.reverse
            entry["items"].append(item)
    if not scales:
        raise FormProblem(messages["no_items"])
    doc["scales"] = scales
    for role, key in (("group", "groups"), ("frequencies", "categorical")):
        chosen = [
            {"column": c.column, "title": c.title or c.column, "levels": dict(c.levels)}
            for c in form.categorical
            if c.role == role
        ]
        if chosen:
            doc[key] = chosen
        else:
            doc.pop(key, None)
    cut: dict[str, Any] = dict(doc["cutoffs"]) if isinstance(doc.get("cutoffs"), Mapping) else {}
    cut["scheme"] = form.cutoff_scheme
    cut["compare"] = form.cutoff_compare
    cut["decimals"] = _number(form.cutoff_decimals, "cutoffs.decimals", messages, int)
    if form.cutoff_criterion:
        cut["criterion"] = _number(form.cutoff_criterion, "cutoffs.criterion", messages)
    else:
        cut.pop("criterion", None)
    if form.cutoff_scheme != "custom":
        cut.pop("bands", None)
    doc["cutoffs"] = cut
    return doc


def analysis_choices(form: InstrumentForm, messages: Mapping[str, str]) -> dict[str, Any]:
    """The analysis options of the form as keyword arguments of ``AnalysisOptions``."""
    if bool(form.levels_a) != bool(form.levels_b):
        raise FormProblem(messages["levels_pair"])
    choices: dict[str, Any] = {
        "score": form.score,
        "alpha": _number(form.alpha, "alpha", messages),
        "levels": (form.levels_a, form.levels_b) if form.levels_a else None,
        "t_decision": form.t_decision,
        "p_adjust": form.p_adjust,
        "crosstabs": form.crosstabs,
        **{e: e in form.extras for e in EXTRAS},
    }
    return choices


def report_choices(form: InstrumentForm, messages: Mapping[str, str]) -> dict[str, Any]:
    """The report options of the form as keyword arguments of ``ReportOptions``."""
    return {
        "tables": tuple(form.tables),
        "decimals": _number(form.decimals, "decimals", messages, int) if form.decimals else None,
        "style": form.style,
        "reliability": form.reliability,
    }
