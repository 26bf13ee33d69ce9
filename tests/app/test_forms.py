"""The instrument form keeps what the draft decided."""

from __future__ import annotations

from mcstats.app.forms import form_from_document


def test_the_drafts_id_column_is_offered_and_selected() -> None:
    # init names the id column itself (here 'respondent'); the other candidates are the
    # columns it left out. The form must offer the id column, not drop it.
    form = form_from_document({"id_column": "respondent"}, id_candidates=["Timestamp"])
    assert form.id_column == "respondent"
    assert form.id_candidates == ["respondent", "Timestamp"]
    assert form_from_document({}, id_candidates=["Timestamp"]).id_candidates == ["Timestamp"]


def test_a_moved_code_range_moves_the_drafts_aliases_and_drops_those_outside() -> None:
    from mcstats.app.forms import document_from_form
    from mcstats.app.strings import TEXT
    from mcstats.instrument import parse_instrument

    base = {
        "scale_points": 4,
        "aliases": {"VLE": 1, "LE": 2, "HE": 3, "VHE": 4},
        "scales": {"Q": {"items": [{"column": "Q1"}, {"column": "Q2"}]}},
    }
    form = form_from_document(base)
    assert (form.lowest, form.highest, form.codes) == (1, 4, [4, 3, 2, 1])
    form.lowest_code = "0"
    doc = document_from_form(form, base, TEXT)
    assert doc["codes"] == "0-3" and doc["aliases"] == {"VLE": 0, "LE": 1, "HE": 2, "VHE": 3}
    form.scale_points = "3"
    doc = document_from_form(form, base, TEXT)
    assert doc["codes"] == "0-2" and doc["aliases"] == {"VLE": 0, "LE": 1, "HE": 2}
    assert parse_instrument(doc).min_code == 0
    form.lowest_code, form.scale_points = "-3", "7"
    doc = document_from_form(form, base, TEXT)
    assert doc["codes"] == "-3..3"
    inst = parse_instrument(doc)
    assert (inst.min_code, inst.max_code) == (-3, 3)
