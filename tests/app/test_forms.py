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
