"""The page's guard: access token, CSRF token, host check, upload limit, security headers.

One ASGI middleware (:class:`Guard`) in front of every route:

* **Access token.** A random token is part of the address the program prints (as Jupyter
  does). The first visit with ``?token=...`` sets an HttpOnly, SameSite=Strict cookie
  (named after the port, since cookies do not tell ports apart) and redirects to the
  address without the token; every later request needs the cookie. Anything else gets 403.
* **Host check.** The Host header must name the address the server listens on (a DNS
  rebinding page cannot use the token-less origin anyway, but it gets 403 at once).
* **CSRF.** A POST needs the page's second token in the ``X-CSRF-Token`` header (htmx
  sends it with every request); a cross-site form cannot set that header, and its Origin
  or Sec-Fetch-Site is refused too.
* **Upload limit.** A body longer than the limit is refused with 413 and a message: at
  once when Content-Length says so, else as soon as the count passes the limit.
* **Headers.** A strict Content-Security-Policy (scripts and styles from the page's own
  static files only, no inline script, no network beyond the page), no framing, no
  caching, no referrer, no MIME sniffing.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The policy of every page: nothing inline, nothing from elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
#: The policy of a report shown in a frame: its own inline CSS and data: images, no script
#: at all, a sandbox of its own origin.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'; sandbox allow-popups allow-popups-to-escape-sandbox"
)
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UploadTooLarge(Exception):
    """The request body passed the upload limit."""


def new_token() -> str:
    """A random token of 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def same(a: str | None, b: str) -> bool:
    """Constant-time comparison of a given token with the expected one."""
    return a is not None and secrets.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8"))


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.get("headers", []):
        out.setdefault(k.decode("latin-1").lower(), v.decode("latin-1"))
    return out


def _cookie(header: str, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header counts as no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


class Guard:
    """ASGI middleware enforcing the rules of the module docstring.

    Parameters
    ----------
    app : ASGIApp
        The application behind the guard.
    token : str
        The access token (in the printed address, then the cookie).
    csrf : str
        The CSRF token the page sends in ``X-CSRF-Token``.
    cookie_name : str
        The cookie's name (one per port).
    max_upload : int
        The largest request body, in bytes.
    hosts : Iterable[str] | None
        Host header values accepted (``127.0.0.1:8000``...); None accepts any (``--host``).
    messages : Mapping[str, str]
        The texts ``forbidden``, ``forbidden_host``, ``forbidden_csrf``, ``too_large`` and
        ``forbidden_title``.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        csrf: str,
        cookie_name: str,
        max_upload: int,
        hosts: Iterable[str] | None,
        messages: Mapping[str, str],
    ) -> None:
        self.app = app
        self.token = token
        self.csrf = csrf
        self.cookie_name = cookie_name
        self.max_upload = max_upload
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        self.messages = messages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = _headers(scope)
        host = headers.get("host", "").lower()
        if self.hosts is not None and host not in self.hosts:
            await self._plain(send, 403, self.messages["forbidden_host"])
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given:
            if not same(given[-1], self.token):
                await self._plain(send, 403, self.messages["forbidden"])
                return
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            await self._redirect(send, scope.get("path", "/") + (f"?{rest}" if rest else ""))
            return
        if not same(_cookie(headers.get("cookie", ""), self.cookie_name), self.token):
            await self._plain(send, 403, self.messages["forbidden"])
            return
        method = scope.get("method", "GET").upper()
        if method not in _SAFE_METHODS:
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            if (
                (origin is not None and origin.lower() != f"http://{host}")
                or (site is not None and site not in ("same-origin", "none"))
                or not same(headers.get(CSRF_HEADER), self.csrf)
            ):
                await self._plain(send, 403, self.messages["forbidden_csrf"])
                return
            try:
                length = int(headers.get("content-length", "0"))
            except ValueError:
                length = 0
            if length > self.max_upload:
                await self._too_large(send)
                return
        await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = {"count": 0, "exceeded": False, "answered": False}

        async def counted_receive() -> Message:
            message = await receive()
            if message.get("type") == "http.request":
                state["count"] += len(message.get("body", b""))
                if state["count"] > self.max_upload:
                    state["exceeded"] = True
                    raise UploadTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if state["exceeded"]:  # whatever the app answers to the broken upload: our message
                if not state["answered"]:
                    state["answered"] = True
                    await self._too_large(send)
                return
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers", []))
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except UploadTooLarge:
            if not state["answered"]:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        limit = self.max_upload / 1_000_000
        text = self.messages["too_large"].format(limit=f"{limit:g}")
        await self._plain(send, 413, text)

    async def _plain(self, send: Send, status: int, text: str) -> None:
        """A short HTML answer (htmx swaps it into the page's message area)."""
        body = (f'<div class="error" role="alert"><p>{html.escape(text)}</p></div>').encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": with_security_headers(
                    [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ]
                ),
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _redirect(self, send: Send, location: str) -> None:
        cookie = (f"{self.cookie_name}={self.token}; Path=/; HttpOnly; SameSite=Strict").encode()
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": with_security_headers(
                    [
                        (b"location", location.encode("latin-1", "replace")),
                        (b"set-cookie", cookie),
                        (b"content-length", b"0"),
                    ]
                ),
            }
        )
        await send({"type": "http.response.body", "body": b""})


def with_security_headers(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response headers plus the security headers a route did not set itself."""
    out = list(headers)
    present = {k.lower() for k, _ in out}
    defaults = [
        (b"content-security-policy", PAGE_CSP.encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"cross-origin-resource-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    out += [(k, v) for k, v in defaults if k not in present]
    return out
