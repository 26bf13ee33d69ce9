"""All texts of the page come from one catalogue (app/strings.py), and a second catalogue
changes the page: headings, buttons, the report's table names in the form, messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mcstats.app import strings
from mcstats.report.tables import TABLES

from .test_analyze import EXAMPLE, upload

TEMPLATES = Path(strings.__file__).with_name("templates")

#: A made-up second language: every text it gives is marked, so that the page shows
#: which of its words come from the catalogue.
PSEUDO = {
    "lang": "x-pseudo",
    "dir": "rtl",
    "analyze_title": "[Analyse une enquête]",
    "upload_button": "[Téléverser]",
    "run_button": "[Lancer l'analyse]",
    "table_reliability": "[Fiabilité : alpha de Cronbach]",
    "table_item-total": "[Statistiques item-total]",
    "extra_correlations": "[corrélations]",
    "no_file": "[Choisissez un fichier.]",
    "forbidden": "[Accès refusé : ouvrez l'adresse avec son jeton.]",
    "lowest_code": "[Code de réponse le plus bas]",
}


@pytest.fixture
def pseudo() -> Iterator[str]:
    strings.add_language("x-pseudo", PSEUDO)
    try:
        yield "x-pseudo"
    finally:
        del strings.LANGUAGES["x-pseudo"]


def test_a_second_catalogue_changes_the_page(make_page: Any, pseudo: str) -> None:
    page = make_page(language=pseudo).login()
    html = page.client.get("/analyze").text
    assert '<html lang="x-pseudo" dir="rtl">' in html
    assert "[Analyse une enquête]" in html and "[Téléverser]" in html
    assert "Analyze a survey</h1>" not in html
    assert "Audit a paper" in html  # a key the translation lacks falls back to English
    r = page.post("/analyze/upload", data={"x": "1"})
    assert "[Choisissez un fichier.]" in r.text
    _, form = upload(page, "example_4point.csv", EXAMPLE.read_bytes())
    # the report's tables as the form lists them, and the form's own labels
    assert "[Fiabilité : alpha de Cronbach]" in form and "[Statistiques item-total]" in form
    assert TABLES["reliability"].description not in form
    assert "[corrélations]" in form and "[Lancer l&#39;analyse]" in form
    assert "[Code de réponse le plus bas]" in form
    page.client.cookies.clear()
    denied = page.client.get("/analyze")
    assert denied.status_code == 403 and "[Accès refusé" in denied.text


def test_every_table_of_the_report_has_a_page_text_without_command_line_options() -> None:
    for name in TABLES:
        text = strings.TEXT[f"table_{name}"]
        assert "--" not in text, name


def test_a_translation_cannot_add_keys_the_page_does_not_use() -> None:
    with pytest.raises(KeyError, match="not a text of the page: run_buton"):
        strings.add_language("x-typo", {"run_buton": "Lancer"})


def test_the_templates_hold_no_words_of_their_own() -> None:
    """Every word a template shows comes from the catalogue (``t.key``) or from the data;
    the templates themselves hold markup only."""
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
        words = re.findall(r"[^\W\d_]{2,}", text)
        assert words == [], (path.name, words)
    attributes = re.compile(r'\b(?:title|aria-label|placeholder|alt)="([^"{]+)"')
    for path in TEMPLATES.glob("*.j2"):
        assert attributes.findall(path.read_text(encoding="utf-8")) == [], path.name


def test_every_key_the_templates_use_is_in_the_english_catalogue() -> None:
    used: set[str] = set()
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.(\w+)", text))
        used |= set(re.findall(r"""\bt\[["'](\w+)["']\]""", text))
    assert used, "no texts found"
    assert sorted(used - set(strings.TEXT)) == []


def test_library_texts_name_the_pages_fields_instead_of_arguments(tmp_path: Path) -> None:
    """The library names its arguments (the CLI writes them as flags); the page writes the
    field that sets each, from the catalogue, and leaves arguments it has no field for."""
    from mcstats.app.jobs import Workspace
    from mcstats.app.server import Page, Settings
    from mcstats.validate import invalid_cells_error

    page = Page(Settings(), Workspace(tmp_path))
    text = str(invalid_cells_error("f.csv", 4, [], 3))
    shown = page.words(text)
    assert "the codes argument" not in shown and "invalid='missing'" not in shown
    assert "with the fields 'Lowest answer code' and 'Scale points'" in shown
    assert "use 'treat them as missing' under 'Invalid cells' to treat them" in shown
    assert page.words("the colour argument, engine='memory'") == "the colour argument, engine='memory'"
    assert page.words("choose two with the levels argument (A, B)") == (
        "choose two with the fields 'First level to compare' and 'Second level to compare' (A, B)"
    )
    assert page.words("set reverse: true only for items worded against their scale") == (
        "tick 'Reverse' only for items worded against their scale"
    )
    assert page.words("mark it reverse-keyed (reverse: true)") == (
        "mark it reverse-keyed (tick its 'Reverse' box in the form)"
    )
    page.workspace.close()
