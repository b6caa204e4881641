"""Another website for the mention tests: a real ``http.server`` on 127.0.0.1, in a thread.

Pages are set per path (a fixed answer, or a function of the request); every request is recorded. Loopback is
what the SSRF guard refuses, so the ``peer`` fixture turns ``STOA_OUTBOUND_ALLOW_PRIVATE`` on for its test.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: str | bytes = ""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)


class PeerSite:
    def __init__(self) -> None:
        self.pages: dict[str, Answer | Callable[[Received], Answer]] = {}
        self.requests: list[Received] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: str | bytes = "", **answer) -> str:
        """Serve ``body`` (or another ``Answer``) at ``path``; returns the page's URL."""
        self.pages[path] = Answer(body=body, **answer)
        return self.url(path)

    def requests_to(self, path: str) -> list[Received]:
        return [request for request in self.requests if request.path == path]

    def answer(self, received: Received) -> Answer:
        self.requests.append(received)
        page = self.pages.get(received.path)
        if page is None:
            return Answer(404, "not here", "text/plain")
        return page(received) if callable(page) else page

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(site: PeerSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = site.answer(Received(self.command, self.path, dict(self.headers.items()), body))
            content = answer.body.encode() if isinstance(answer.body, str) else answer.body
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(content)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading
                self.wfile.write(content)

        do_GET = do_POST = _serve

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
            """Quiet: the test reads ``site.requests`` instead."""

    return Handler


def running_peer(settings) -> Iterator[PeerSite]:
    """For a ``peer`` fixture: ``yield from running_peer(settings)`` (loopback allowed for that test only)."""
    settings.CONFIG = settings.CONFIG.replace(outbound_allow_private=True)
    site = PeerSite()
    site.start()
    yield site
    site.stop()


def entry_page(target: str, text: str = "I liked this post a lot.", *, author: str = "Alice Author") -> str:
    """A note in microformats2 (an h-entry with an h-card author) that links to ``target``."""
    return f"""<!doctype html><html><head><title>A note</title></head><body>
<article class="h-entry">
  <a class="p-author h-card" href="/alice">{author}</a>
  <div class="e-content"><p>{text} <a href="{target}">Read it</a>.</p></div>
  <time class="dt-published" datetime="2026-01-02T10:00:00+00:00">2 January</time>
</article></body></html>"""
