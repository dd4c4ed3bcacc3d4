"""Pure ASGI middleware for every response: security headers, size limits, and a request log
that never holds a worker's question unless LEGALQA_LOG_QUERIES is on, and then with ID-card,
phone and bank card numbers masked (legalqa.privacy).

Order, outermost first: security headers → request log → limits → the app. An unhandled error
is logged here (masked) and answered with a plain 500, instead of travelling on to uvicorn,
whose error log would print the exception text unmasked.
"""

import json
import logging
import time
import traceback
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from legalqa.privacy import mask_personal_data
from legalqa.settings import Settings

log = logging.getLogger("legalqa.requests")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
MAX_URL_BYTES = 8192  # path + query string; a 500-character question is about 4.5 KB encoded
MAX_LOGGED_CHARS = 600


async def send_json(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in given]
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


def _printable(text: str) -> str:
    """No line breaks or control characters from a client reach a log line."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def loggable_target(scope: Scope, with_query: bool) -> str:
    """The path, and with `with_query` the decoded query string, both masked."""
    target = scope["path"]
    query = scope.get("query_string", b"").decode("latin-1")
    if with_query and query:
        target += "?" + "&".join(f"{k}={v}" for k, v in parse_qsl(query, keep_blank_values=True))
    target = mask_personal_data(target)  # masked before it is cut, so no number is cut in half
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
                      self._describe(exc))
            if status is None:
                status = 500
                await send_json(send, 500, "服务器内部错误，请稍后再试 / internal server error")
        log.info("%s %s %s %.1fms", scope["method"], loggable_target(scope, self.log_queries), status,
                 (time.perf_counter() - started) * 1000)

    def _describe(self, exc: Exception) -> str:
        """The traceback; exception messages (which may quote the question) only with log_queries."""
        if self.log_queries:
            text = "".join(traceback.format_exception(exc))
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
    app.add_middleware(LimitsMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware, log_queries=settings.log_queries)
    app.add_middleware(SecurityHeadersMiddleware)
