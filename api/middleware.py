"""Pure ASGI middleware for every response: security headers (and no caching of responses to
what a worker sent), size limits, a bound on concurrent web form posts, JSON text checks, and a
request log that never holds a worker's question unless LEGALQA_LOG_QUERIES is on, and then
masked (legalqa.privacy).

Order, outermost first: security headers → request log → limits → form posts → JSON text → the
app. An unhandled error is logged here (masked) and answered with a plain 500, instead of
travelling on to uvicorn, whose error log would print the exception text unmasked. Every answer
given here is the one error body {detail, errors} (legalqa.errors).
"""

import json
import logging
import re
import time
import traceback
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from legalqa.errors import UserError
from legalqa.privacy import loggable_text, mask_personal_data
from legalqa.settings import Settings

log = logging.getLogger("legalqa.requests")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
# what a client sent (a question in the query string, a form, a JSON body) is not kept by
# browsers or proxies: set on responses to requests that carry input, unless the app set its own
NO_STORE = (b"cache-control", b"no-store")
MAX_URL_BYTES = 8192  # path + query string; a 500-character question is about 4.5 KB encoded
MAX_LOGGED_CHARS = 600
# web form posts (the calculator forms need no API key) running at once in one process; more get a 503
MAX_CONCURRENT_FORM_POSTS = 4


async def send_json(send: Send, status: int, detail: str, errors: list[dict[str, str]] | None = None,
                    headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """The one error body, {detail, errors}."""
    body = json.dumps({"detail": detail, "errors": errors or []}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def carries_input(scope: Scope) -> bool:
    return scope["method"] not in ("GET", "HEAD") or bool(scope.get("query_string"))


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        no_store = carries_input(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in given]
                if no_store and NO_STORE[0] not in given:
                    extra.append(NO_STORE)
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LimitsMiddleware:
    """414 for an over-long URL, 413 for a body over `max_body_bytes` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int):
        self.app, self.max_body_bytes = app, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
            return await send_json(send, 414, f"网址太长（上限 {MAX_URL_BYTES} 字节） / URL longer than {MAX_URL_BYTES} bytes")
        too_large = (f"提交的内容太大（上限 {self.max_body_bytes} 字节） / "
                     f"request body larger than {self.max_body_bytes} bytes")
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return await send_json(send, 413, too_large)
        received = 0
        started = cut_off = False

        async def counting_receive() -> Message:
            nonlocal received, cut_off
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    # answer now and tell the app the client left: whatever it sends is dropped
                    if not started:
                        await send_json(send, 413, too_large)
                    cut_off = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if cut_off:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, guarded_send)


class FormPostsMiddleware:
    """At most `limit` web form posts (POST outside /api: the calculator forms, which need no key)
    at once in this process; one more is answered 503 with Retry-After, before its body is read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_CONCURRENT_FORM_POSTS):
        self.app, self.limit, self.running = app, limit, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        if self.running >= self.limit:  # no await between the check and the count: one event loop
            return await send_json(send, 503, "服务器正忙，请稍后再提交 / busy: too many form posts at once, "
                                              "try again in a moment", headers=[(b"retry-after", b"1")])
        self.running += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.running -= 1


# a \uD800–\uDFFF escape: only a body holding one can hold a lone surrogate
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
LONE_SURROGATE = ("含有无效字符（单独的 UTF-16 代理项 \\ud800–\\udfff），请删除或重新输入 / "
                  "holds an invalid character (a lone UTF-16 surrogate, \\ud800–\\udfff)")


def lone_surrogate_field(body: bytes) -> str | None:
    """The field (dotted path; "(input)" for the top level) of the first key or string in a
    JSON body holding a lone surrogate such as "\\ud800": valid JSON, but not text — nothing
    can encode it as UTF-8. None when there is none, or when the body is not JSON at all."""
    if not _SURROGATE_ESCAPE.search(body):
        return None
    try:
        path = _lone_surrogate_path(json.loads(body), ())
    except (ValueError, RecursionError):
        return None  # not JSON, or nested too deep: the endpoint answers that itself
    if path is None:
        return None
    return ".".join(str(part).encode("utf-8", "backslashreplace").decode("utf-8") for part in path) or "(input)"


def _lone_surrogate_path(value, path: tuple) -> tuple | None:
    if isinstance(value, str):
        return None if _encodable(value) else path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if not _encodable(str(key)):
            return (*path, key)
        if (found := _lone_surrogate_path(item, (*path, key))) is not None:
            return found
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _may_be_json(scope: Scope) -> bool:
    """A JSON content type, or none at all (FastAPI reads such a body as JSON too)."""
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
    return not content_type or b"json" in content_type.lower()


class JsonTextMiddleware:
    """422 in the one error body for a JSON body holding a lone surrogate, for every endpoint at
    once: the body is read here (within the size limit) and handed on unchanged otherwise."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD") or not _may_be_json(scope):
            return await self.app(scope, receive, send)
        received: list[Message] = []
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in received if m["type"] == "http.request")
        field = lone_surrogate_field(body) if received[-1]["type"] == "http.request" else None
        if field is not None:
            error = UserError.invalid([{"field": field, "message": LONE_SURROGATE}])
            return await send_json(send, error.status, error.message, error.errors)

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)


def _printable(text: str) -> str:
    """No line breaks or control characters from a client reach a log line."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def loggable_target(scope: Scope, with_query: bool) -> str:
    """The path, and with `with_query` the decoded query string, each part as legalqa.privacy
    allows: as it is, or in doubt (a personal number, a name, an address) its length and hash."""
    target = "/".join(loggable_text(part) for part in scope["path"].split("/"))
    query = scope.get("query_string", b"").decode("latin-1")
    if with_query and query:
        target += "?" + "&".join(f"{loggable_text(k)}={loggable_text(v)}"
                                 for k, v in parse_qsl(query, keep_blank_values=True))
    return _printable(target if len(target) <= MAX_LOGGED_CHARS else target[:MAX_LOGGED_CHARS] + "…")


class RequestLogMiddleware:
    """One INFO line per request: method, path (query string only with log_queries), status,
    duration. Nothing else about the request: no body, no headers, no client address."""

    def __init__(self, app: ASGIApp, log_queries: bool):
        self.app, self.log_queries = app, log_queries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status: int | None = None

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except Exception as exc:  # noqa: BLE001 - answered and logged here, masked
            log.error("unhandled error in %s %s:\n%s", scope["method"], loggable_target(scope, False),
                      self._describe(exc, scope))
            if status is None:
                status = 500
                await send_json(send, 500, "服务器内部错误，请稍后再试 / internal server error")
        log.info("%s %s %s %.1fms", scope["method"], loggable_target(scope, self.log_queries), status,
                 (time.perf_counter() - started) * 1000)

    def _describe(self, exc: Exception, scope: Scope) -> str:
        """The traceback; exception messages (which may quote the question) only with log_queries,
        and then with each query value they quote as loggable_text has it."""
        if self.log_queries:
            text = "".join(traceback.format_exception(exc))
            for _, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
                if value:
                    text = text.replace(value, loggable_text(value))
        else:
            text = "".join(traceback.format_tb(exc.__traceback__)) + \
                f"{type(exc).__qualname__} (message withheld while LEGALQA_LOG_QUERIES is off)"
        return mask_personal_data(text.rstrip())


def _ensure_log_handler() -> None:
    """`legalqa serve` configures only uvicorn's loggers: without a handler of its own the
    request log would be dropped (Python's last-resort handler shows warnings only)."""
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def install(app: FastAPI, settings: Settings) -> None:
    _ensure_log_handler()
    # add_middleware puts each new one outside the previous ones
    app.add_middleware(JsonTextMiddleware)
    app.add_middleware(FormPostsMiddleware)
    app.add_middleware(LimitsMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware, log_queries=settings.log_queries)
    app.add_middleware(SecurityHeadersMiddleware)
