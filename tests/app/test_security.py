"""The page's guard: token, CSRF, host, upload limit, file names, headers, loopback only."""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from mcstats.app.security import PAGE_CSP, Guard
from mcstats.app.server import check_host, is_loopback, start
from mcstats.app.strings import TEXT
from mcstats.errors import UsageError

from .conftest import BASE

EXAMPLE = Path("data/examples/example_4point.csv")
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "mcstats" / "app" / "templates"


def test_every_request_needs_the_token(make_page: Any) -> None:
    page = make_page()
    for url in ("/", "/analyze", "/audit", "/replicate", "/static/app.js", "/static/htmx.min.js"):
        r = page.client.get(url)
        assert r.status_code == 403, url
        assert "token" in r.text
    assert page.client.post("/analyze/upload", headers=page.csrf).status_code == 403
    assert page.client.get("/analyze?token=wrong").status_code == 403
    page.client.cookies.set(page.settings.cookie_name, "wrong")
    assert page.client.get("/analyze").status_code == 403


def test_first_visit_sets_the_cookie_and_drops_the_token_from_the_address(make_page: Any) -> None:
    page = make_page()
    r = page.client.get(f"/analyze?token={page.settings.token}&x=1", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/analyze?x=1"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{page.settings.cookie_name}={page.settings.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert page.client.get("/analyze").status_code == 200  # the client kept the cookie


def test_a_cross_site_post_fails(page: Any) -> None:
    with EXAMPLE.open("rb") as fh:
        files = {"file": ("survey.csv", fh.read(), "text/csv")}
    # no CSRF token (a form on another site cannot set the header)
    assert page.client.post("/analyze/upload", files=files).status_code == 403
    assert page.client.post("/analyze/upload", files=files, headers={"X-CSRF-Token": "x"}).status_code == 403
    # the right token, but sent from another origin
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        r = page.post("/analyze/upload", files=files, headers=headers)
        assert r.status_code == 403
        assert TEXT["forbidden_csrf"] in r.text
    assert page.post("/analyze/upload", files=files, headers={"Origin": BASE}).status_code == 200


def test_an_unknown_host_is_refused(page: Any) -> None:
    r = page.client.get("/analyze", headers={"Host": "evil.example:8123"})
    assert r.status_code == 403


def test_an_upload_over_the_limit_gets_a_clear_message(make_page: Any) -> None:
    page = make_page(max_upload_mb=0.001).login()  # 1,000 bytes
    r = page.post("/analyze/upload", files={"file": ("big.csv", b"Q1\n" + b"1\n" * 2000, "text/csv")})
    assert r.status_code == 413
    assert "larger than the upload limit of 0.001 MB" in r.text
    assert "--max-upload-mb" in r.text
    assert list(page.workspace.root.iterdir()) == []  # nothing was stored


def test_a_body_without_length_is_cut_at_the_limit() -> None:
    """A chunked upload (no Content-Length) is counted and refused once past the limit."""
    seen: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            seen.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"stored"})

    guard = Guard(app, token="t", csrf="c", cookie_name="k", max_upload=100, hosts=None, messages=TEXT)
    chunks = [{"type": "http.request", "body": b"x" * 60, "more_body": True} for _ in range(5)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/analyze/upload",
        "query_string": b"",
        "headers": [(b"host", b"x"), (b"cookie", b"k=t"), (b"x-csrf-token", b"c")],
    }
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 413
    assert b"upload limit" in sent[1]["body"]
    assert seen == [60]  # the second chunk passed the limit and was never handed to the app
    assert len(sent) == 2


@pytest.mark.parametrize("name", ["../../x.csv", "<script>.csv", "..\\..\\x.csv", "a\nb<img src=x>.csv"])
def test_file_names_are_never_paths_and_always_escaped(page: Any, name: str, tmp_path: Path) -> None:
    r = page.post("/analyze/upload", files={"file": (name, EXAMPLE.read_bytes(), "text/csv")})
    assert r.status_code == 200
    assert "<script>" not in r.text and "<img" not in r.text
    assert "&lt;" in r.text or "<" not in name
    jobs = list(page.workspace.root.iterdir())
    assert len(jobs) == 1
    assert sorted(p.name for p in jobs[0].iterdir()) == ["upload.csv"]
    assert not (tmp_path.parent / "x.csv").exists() and not Path("x.csv").exists()


def test_the_kobo_forms_name_is_never_a_path(page: Any, tmp_path: Path) -> None:
    kobo = Path("data/examples")
    r = page.post(
        "/analyze/upload",
        files={
            "file": ("<b>k</b>.csv", (kobo / "kobo_export.csv").read_bytes(), "text/csv"),
            "xlsform": (
                "../../<script>f.xlsx",
                (kobo / "kobo_form.xlsx").read_bytes(),
                "application/octet-stream",
            ),
        },
    )
    assert r.status_code == 200 and "<script>" not in r.text and "<b>" not in r.text
    jobs = list(page.workspace.root.iterdir())
    assert sorted(p.name for p in jobs[0].iterdir()) == ["upload.csv", "xlsform.xlsx"]
    assert not (tmp_path.parent / "<script>f.xlsx").exists()


def test_a_file_of_another_kind_is_refused(page: Any) -> None:
    r = page.post("/analyze/upload", files={"file": ("run.sh", b"echo", "text/plain")})
    assert "run.sh: expected one of .csv" in r.text
    assert "Choose a file first." in page.post("/analyze/upload", data={"x": "1"}).text
    assert list(page.workspace.root.iterdir()) == []


def test_unknown_jobs_and_files_are_not_found(page: Any) -> None:
    assert page.client.get("/jobs/nope/download/results.json").status_code == 404
    assert page.client.get("/jobs/..%2F..%2Fetc/download/results.json").status_code == 404
    r = page.post("/analyze/upload", files={"file": ("s.csv", EXAMPLE.read_bytes(), "text/csv")})
    job = re.search(r"/analyze/([\w-]+)/run", r.text)
    assert job is not None
    assert page.client.get(f"/jobs/{job[1]}/download/upload.csv").status_code == 404
    assert page.client.get(f"/jobs/{job[1]}/download/..%2Fupload.csv").status_code == 404
    assert page.client.get(f"/jobs/{job[1]}/view/results.json").status_code == 404


def test_pages_carry_a_strict_content_security_policy(page: Any) -> None:
    r = page.client.get("/analyze")
    assert r.headers["content-security-policy"] == PAGE_CSP
    assert "'unsafe-inline'" not in PAGE_CSP and "'unsafe-eval'" not in PAGE_CSP
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_templates_have_no_inline_script_style_or_handler() -> None:
    for path in TEMPLATES.glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), path.name
        assert not re.search(r"\son[a-z]+=", text), path.name
        assert "style=" not in text and "<style" not in text, path.name
        assert "http://" not in text and "https://" not in text, path.name  # no CDN, no network


def test_only_loopback_without_an_explicit_host() -> None:
    assert check_host(None, explicit=False) == ("127.0.0.1", None)
    assert check_host("::1", explicit=False) == ("::1", None)
    assert is_loopback("localhost") and is_loopback("127.0.0.2") and not is_loopback("0.0.0.0")
    with pytest.raises(UsageError, match=r"refusing to serve on 0\.0\.0\.0"):
        check_host("0.0.0.0", explicit=False)
    with pytest.raises(UsageError):
        start(host="192.168.1.10", explicit_host=False, in_thread=True)
    address, warning = check_host("0.0.0.0", explicit=True)
    assert address == "0.0.0.0" and warning is not None and "token" in warning


def test_a_real_server_needs_the_token_and_removes_its_folder_on_exit(tmp_path: Path) -> None:
    running = start(in_thread=True, workspace_parent=tmp_path)
    try:
        assert running.url.startswith("http://127.0.0.1:")
        bare = running.url.split("?")[0]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bare + "analyze", timeout=10)
        assert refused.value.code == 403
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(running.url, timeout=10) as r:  # token -> cookie -> redirect -> page
            assert r.status == 200
            assert b"htmx.min.js" in r.read()
        root = running.workspace.root
        assert root.is_dir()
    finally:
        running.stop()
    assert not root.exists()
