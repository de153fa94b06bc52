"""Headers on every response: a Content-Security-Policy that allows scripts, styles, images and connections from
this server only (no inline script, nothing from another host; inline styles allowed), and no sniffing or
framing; and a limit on the size of a request body, checked on Content-Length before anything is read."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .common import error_body

# Inline *styles* are allowed: cytoscape and Swagger UI set them from their own code (article text is escaped, so
# it cannot add a style attribute); inline *script* and every other host stay forbidden.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer")]


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            import json

            body = json.dumps(error_body(413, "payload_too_large", f"the body is larger than {self.max_body} bytes",
                                         "send fewer articles per request")).encode()
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode()),
                                    *HEADERS]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)
