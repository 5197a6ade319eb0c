"""The one guarded HTTP client for everything Parley fetches from URLs people typed.

Feeds and article pages are user-supplied URLs, so a fetch must not become a way into the
server's own network (SSRF). The client:

- accepts only http and https;
- resolves the host itself, refuses the fetch when any address is private, loopback,
  link-local, shared (100.64/10), multicast, reserved or unspecified (IPv4 and IPv6,
  including IPv4-mapped, 6to4 and NAT64 forms), and connects to the address it vetted,
  sending the name in the Host header and TLS SNI, so DNS cannot change the answer between
  the check and the connection (no rebinding window);
- does the same on every redirect, at most ``MAX_REDIRECTS`` of them;
- has a connect time-out and a total time-out (a watchdog closes the socket when the whole
  fetch, headers included, takes too long: a per-read time-out alone lets a server that
  drips one byte a second hold a worker for hours);
- caps the body while it streams, after gzip/deflate decoding too.

``MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS`` lifts only the address check, for tests and local
use. feedparser and trafilatura get the bytes this returns, never a URL.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings

MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Parley media tracker (+https://parley.example.org/bot)"
CHUNK = 64 * 1024

# IPv6 prefixes that embed an IPv4 address which a gateway may forward to.
NAT64_NETWORKS = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class FetchError(Exception):
    """A fetch failed; the message says why, in words a staff member can act on."""


class BlockedAddressError(FetchError):
    """The URL points at an address Parley must not connect to."""


@dataclass
class FetchResult:
    url: str  # after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float
    total_timeout: float
    max_bytes: int
    allow_private: bool

    @classmethod
    def from_settings(cls) -> FetchLimits:
        return cls(
            connect_timeout=float(settings.MEDIA_TRACKER_CONNECT_TIMEOUT),
            total_timeout=float(settings.MEDIA_TRACKER_TOTAL_TIMEOUT),
            max_bytes=int(settings.MEDIA_TRACKER_MAX_BODY_BYTES),
            allow_private=bool(settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS),
        )


def address_is_public(address: str) -> bool:
    """True when ``address`` (an IP literal) is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # The socket would reach the IPv4 address itself: judge that address.
            return address_is_public(str(ip.ipv4_mapped))
        embedded = ip.sixtofour
        if embedded is None and ip.teredo:
            embedded = ip.teredo[1]
        if embedded is None and any(ip in net for net in NAT64_NETWORKS):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not address_is_public(str(embedded)):
            return False
        if ip.is_site_local:
            return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # also catches shared address space 100.64.0.0/10
    )


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for ``host``; refuses when any of its addresses is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    if not allow_private:
        # All of them, not only the first: a name with one public and one private address
        # is how rebinding attacks are usually set up.
        for address in addresses:
            if not address_is_public(address):
                raise BlockedAddressError(
                    f"refused: {host!r} resolves to {address}, a private, loopback, link-local or "
                    "otherwise non-public address"
                )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a vetted address; ``host`` is only used for the Host header."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, address=address, timeout=timeout)
        self.context = ssl.create_default_context()  # verifies the certificate against ``host``

    def connect(self) -> None:
        super().connect()
        self.sock = self.context.wrap_socket(self.sock, server_hostname=self.host)


class _Watchdog:
    """Shuts the connection's socket down when the deadline passes, wherever the read is."""

    def __init__(self, seconds: float):
        self.fired = False
        self.sock: socket.socket | None = None
        self.timer = threading.Timer(max(seconds, 0.001), self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        if self.sock is not None:
            # OSError: already closed, the reader finished on its own.
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchError(f"refused: only http and https URLs are fetched, not {parts.scheme or 'a relative'!r} URL")
    if not parts.hostname:
        raise FetchError("not a valid URL: it names no host")
    if parts.username or parts.password:
        raise FetchError("refused: URLs with a user name or password are not fetched")
    try:
        # International names travel as IDNA in DNS, the Host header and SNI.
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"not a valid host name: {parts.hostname!r}") from None
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return scheme, host, port or (443 if scheme == "https" else 80), path


class _Body:
    """Accumulates a response body, decoding gzip/deflate, and stops at the cap."""

    def __init__(self, encoding: str, max_bytes: int):
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        encoding = encoding.strip().lower()
        if encoding in {"gzip", "x-gzip"}:
            self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.decoder = zlib.decompressobj()
        elif encoding in {"", "identity"}:
            self.decoder = None
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}")

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(f"response body is larger than the limit of {self.max_bytes:,} bytes")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self.decoder is None:
            self._add(chunk)
            return
        try:
            # max_length bounds what one call inflates, so a gzip bomb cannot grow past the cap.
            data = self.decoder.decompress(chunk, self.max_bytes - self.size + 1)
            self._add(data)
            while self.decoder.unconsumed_tail:
                self._add(self.decoder.decompress(self.decoder.unconsumed_tail, self.max_bytes - self.size + 1))
        except zlib.error as exc:
            raise FetchError(f"the compressed body is corrupt: {exc}") from None

    def finish(self) -> bytes:
        if self.decoder is not None:
            try:
                self._add(self.decoder.flush())
            except zlib.error as exc:
                raise FetchError(f"the compressed body is corrupt: {exc}") from None
        return b"".join(self.parts)


def _request_once(url: str, headers: dict[str, str], limits: FetchLimits, deadline: float) -> FetchResult:
    scheme, host, port, path = _split(url)
    address = resolve(host, port, allow_private=limits.allow_private)
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {limits.total_timeout:g} s")
    conn = connection_class(host, port, address=address, timeout=min(limits.connect_timeout, remaining))
    watchdog = _Watchdog(remaining)
    try:
        with watchdog:
            try:
                conn.connect()
                watchdog.sock = conn.sock
                if watchdog.fired:  # fired while connecting, before it knew the socket
                    raise TimeoutError
                conn.sock.settimeout(max(deadline - time.monotonic(), 0.001))
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                result = FetchResult(
                    url=url,
                    status=response.status,
                    headers={name.lower(): value for name, value in response.getheaders()},
                )
                if response.status in REDIRECT_STATUSES or response.status == 304 or response.status >= 400:
                    return result
                declared = result.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise FetchError(f"response body is larger than the limit of {limits.max_bytes:,} bytes")
                body = _Body(result.headers.get("content-encoding", ""), limits.max_bytes)
                while chunk := response.read1(CHUNK):
                    body.feed(chunk)
                if watchdog.fired:  # the watchdog's shutdown reads as an early end of file
                    raise TimeoutError
                if response.length:  # http.client's count of declared bytes still missing
                    raise FetchError("the connection closed before the whole body arrived")
                result.body = body.finish()
                return result
            except TimeoutError:
                raise FetchError(f"timed out after {limits.total_timeout:g} s") from None
            except ssl.SSLError as exc:
                raise FetchError(f"TLS error: {exc.reason or exc}") from None
            except (OSError, http.client.HTTPException) as exc:
                if watchdog.fired:
                    raise FetchError(f"timed out after {limits.total_timeout:g} s") from None
                raise FetchError(f"connection failed: {exc.__class__.__name__}: {exc}") from None
    finally:
        conn.close()


def fetch(url: str, *, headers: dict[str, str] | None = None, limits: FetchLimits | None = None) -> FetchResult:
    """GET ``url`` through the guards above. Returns 2xx and 304 responses; raises FetchError otherwise."""
    limits = limits or FetchLimits.from_settings()
    request_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", **(headers or {})}
    deadline = time.monotonic() + limits.total_timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        result = _request_once(current, request_headers, limits, deadline)
        if result.status in REDIRECT_STATUSES:
            location = result.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {result.status} redirect without a Location header")
            current = urljoin(current, location)
            continue
        if result.status >= 400 or result.status < 200 or (300 <= result.status < 400 and result.status != 304):
            raise FetchError(f"HTTP {result.status} from {current}")
        return result
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
