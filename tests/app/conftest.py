"""Fixtures of the web page's tests: a page behind its guard, and a logged-in client."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # the app extra and httpx (Starlette's test client); without them these tests are not collected
    import httpx  # noqa: F401
    import python_multipart  # noqa: F401
    from starlette.testclient import TestClient

    from mcstats.app.jobs import Workspace
    from mcstats.app.server import Settings, create_app
except ImportError:  # pragma: no cover
    collect_ignore_glob = ["test_*.py"]

PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"


class Page:
    """A client of one page with its settings and workspace."""

    def __init__(self, settings: Settings, workspace: Workspace) -> None:
        self.settings = settings
        self.workspace = workspace
        self.client = TestClient(create_app(settings, workspace), base_url=BASE)

    def login(self) -> Page:
        self.client.cookies.set(self.settings.cookie_name, self.settings.token)
        return self

    @property
    def csrf(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.settings.csrf}

    def post(self, url: str, **kwargs: Any) -> Any:
        headers = {**self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(url, headers=headers, **kwargs)


@pytest.fixture
def make_page(tmp_path: Path) -> Iterator[Any]:
    made: list[Page] = []

    def make(**settings: Any) -> Page:
        page = Page(Settings(port=PORT, **settings), Workspace(tmp_path))
        made.append(page)
        return page

    yield make
    for p in made:
        p.workspace.close()


@pytest.fixture
def page(make_page: Any) -> Page:
    return make_page().login()


def form_fields(html: str) -> dict[str, str]:
    """The values a browser would submit from the instrument form in ``html``."""
    fields: dict[str, str] = {}
    for m in re.finditer(r"<input ([^>]*)>", html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
        name = attrs.get("name")
        if not name or attrs.get("type") == "file":
            continue
        kind = attrs.get("type", "text")
        if kind in ("checkbox", "radio"):
            if re.search(r"\schecked\b", m.group(1)):
                fields[name] = attrs.get("value", "on")
            continue
        fields[name] = _unescape(attrs.get("value", ""))
    for m in re.finditer(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        first = re.search(r'<option value="([^"]*)"', m.group(2))
        fields[m.group(1)] = _unescape((chosen or first).group(1)) if (chosen or first) else ""
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
