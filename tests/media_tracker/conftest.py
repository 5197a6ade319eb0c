"""A real HTTP server on loopback, in a thread, serving the feeds and pages the tests write."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from media_tracker.services import terms as terms_service


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    handler: object = None  # callable(request_handler) for slow or odd responses


class Site:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without this, Nagle's algorithm and the client's
    # delayed ACK add about 40 ms to every response.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (http.server's naming)
        site: Site = self.server.site
        site.requests.append((self.path, dict(self.headers)))
        route = site.routes.get(self.path) or site.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.handler is not None:
            route.handler(self)
            return
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
            if self.headers.get("If-None-Match") == route.etag:
                self._send(304, b"", headers)
                return
        self._send(route.status, route.body, headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The client hanging up on a slow or oversized response is what the tests expect.
        pass


@pytest.fixture
def site():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.site
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetch_settings(settings):
    """Reach the loopback server; short limits so hostile cases end in seconds."""
    settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = True
    settings.MEDIA_TRACKER_CONNECT_TIMEOUT = 2
    settings.MEDIA_TRACKER_TOTAL_TIMEOUT = 2
    settings.MEDIA_TRACKER_MAX_BODY_BYTES = 1024 * 1024
    return settings


@pytest.fixture(autouse=True)
def fresh_matcher():
    terms_service._cached = None
    yield
    terms_service._cached = None


def drip(interval: float, total: float):
    """A handler that sends headers, then one byte every ``interval`` seconds."""

    def handler(request):
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        deadline = time.monotonic() + total
        try:
            while time.monotonic() < deadline:
                request.wfile.write(b" ")
                request.wfile.flush()
                time.sleep(interval)
        except OSError:
            return  # the client gave up, as it should

    return handler


def slow_headers(interval: float, total: float):
    """A handler that drips the status line and headers themselves, byte by byte."""

    def handler(request):
        deadline = time.monotonic() + total
        try:
            request.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while time.monotonic() < deadline:
                request.wfile.write(b"X")
                request.wfile.flush()
                time.sleep(interval)
        except OSError:
            return

    return handler


def streamed(size: int, chunk: int = 64 * 1024):
    """A handler that streams ``size`` bytes with no Content-Length (connection close)."""

    def handler(request):
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Connection", "close")
        request.end_headers()
        sent = 0
        try:
            while sent < size:
                request.wfile.write(b"<" * chunk)
                sent += chunk
        except OSError:
            return
        request.close_connection = True

    return handler
