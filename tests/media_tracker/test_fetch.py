"""The guarded HTTP client, against a real HTTP server on loopback."""

from __future__ import annotations

import gzip
import time

import pytest

from media_tracker import fetch as fetch_module
from media_tracker.fetch import BlockedAddressError, FetchError, address_is_public, fetch
from tests.media_tracker.conftest import drip, slow_headers, streamed


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "0.0.0.0",  # noqa: S104 (an address the client must refuse, not one anything binds to)
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",  # NAT64 form of 169.254.169.254
        "2002:7f00:1::",  # 6to4 form of 127.0.0.1
        "2001:db8::1",  # documentation
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not address_is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8", "1.1.1.1"])
def test_public_addresses_are_allowed(address):
    assert address_is_public(address)


@pytest.fixture
def no_private(settings):
    settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = False
    settings.MEDIA_TRACKER_TOTAL_TIMEOUT = 2
    settings.MEDIA_TRACKER_CONNECT_TIMEOUT = 2
    settings.MEDIA_TRACKER_MAX_BODY_BYTES = 1024 * 1024


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://[::1]/feed.xml", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://2130706433/feed.xml", "127.0.0.1"),  # decimal-encoded 127.0.0.1
        ("http://0x7f.1/feed.xml", "127.0.0.1"),  # hex and short forms
        ("http://017700000001/", "127.0.0.1"),  # octal
        ("http://2852039166/", "169.254.169.254"),  # decimal-encoded metadata address
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("http://localhost/", "127.0.0.1"),
        ("http://100.100.100.200/", "100.100.100.200"),
    ],
)
def test_private_targets_are_refused_before_connecting(no_private, url, shown):
    with pytest.raises(BlockedAddressError, match=r"refused: .* resolves to " + shown.replace(".", r"\.")):
        fetch(url)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/feed.xml", "file:///etc/passwd", "gopher://example.org/", "javascript:alert(1)", "/relative"],
)
def test_only_http_and_https(no_private, url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_international_host_names_are_sent_as_idna(site, fetch_settings, monkeypatch):
    site.add("/idn", b"ok")
    seen = []

    def fake_resolve(host, port, *, allow_private):
        seen.append(host)
        return "127.0.0.1"

    monkeypatch.setattr(fetch_module, "resolve", fake_resolve)
    port = site.base_url.rsplit(":", 1)[1]
    assert fetch(f"http://ñandú.example:{port}/idn").body == b"ok"
    assert seen == ["xn--and-6ma2c.example"]
    assert site.hits("/idn")[0]["Host"] == f"xn--and-6ma2c.example:{port}"


def test_credentials_in_url_are_refused(no_private):
    with pytest.raises(FetchError, match="user name or password"):
        fetch("http://user:secret@example.org/")


def test_connects_to_the_vetted_address_with_the_name_in_the_host_header(site, fetch_settings, monkeypatch):
    site.add("/host", b"ok")
    seen = []

    def fake_resolve(host, port, *, allow_private):
        seen.append(host)
        return "127.0.0.1"  # what "DNS" answered when vetted; the connection must go there

    monkeypatch.setattr(fetch_module, "resolve", fake_resolve)
    port = site.base_url.rsplit(":", 1)[1]
    result = fetch(f"http://feeds.example.test:{port}/host")
    assert result.body == b"ok"
    assert seen == ["feeds.example.test"]
    assert site.hits("/host")[0]["Host"] == f"feeds.example.test:{port}"


def test_redirect_to_a_private_address_is_refused(site, settings, monkeypatch):
    settings.MEDIA_TRACKER_ALLOW_PRIVATE_NETWORKS = False
    # Only the test server's own address counts as public here: every hop is still vetted.
    original = fetch_module.address_is_public
    monkeypatch.setattr(fetch_module, "address_is_public", lambda a: a == "127.0.0.1" or original(a))
    port = site.base_url.rsplit(":", 1)[1]
    for target in (f"http://[::1]:{port}/x", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/"):
        site.add("/go", status=302, headers={"Location": target})
        with pytest.raises(BlockedAddressError):
            fetch(site.url("/go"))
    site.add("/gone", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError, match="only http and https"):
        fetch(site.url("/gone"))


def test_at_most_three_redirects(site, fetch_settings):
    for i in range(5):
        site.add(f"/r{i}", status=301, headers={"Location": f"/r{i + 1}"})
    site.add("/r5", b"end")
    site.add("/s0", status=302, headers={"Location": "/s1"})
    site.add("/s1", status=307, headers={"Location": "/s2"})
    site.add("/s2", status=308, headers={"Location": "/r5"})
    assert fetch(site.url("/s0")).body == b"end"
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(site.url("/r0"))


def test_body_cap_while_streaming(site, fetch_settings):
    site.add("/big", handler=streamed(5 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(FetchError, match="larger than the limit of 1,048,576 bytes"):
        fetch(site.url("/big"))
    assert time.monotonic() - started < 3
    site.add("/declared", b"x" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(site.url("/declared"))


def test_gzip_bomb_is_capped_after_decoding(site, fetch_settings):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    assert len(bomb) < 100 * 1024
    site.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch(site.url("/bomb"))
    site.add("/small", gzip.compress(b"hello"), headers={"Content-Encoding": "gzip"})
    assert fetch(site.url("/small")).body == b"hello"


@pytest.mark.parametrize("handler", [drip(0.2, 20), slow_headers(0.2, 20)], ids=["slow-body", "slow-headers"])
def test_total_timeout_on_a_server_that_drips(site, fetch_settings, handler):
    site.add("/slow", handler=handler)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 2 s"):
        fetch(site.url("/slow"))
    assert time.monotonic() - started < 3.5


def test_http_errors_are_reported_with_the_status(site, fetch_settings):
    site.add("/missing-not", b"", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetch(site.url("/missing-not"))
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(site.url("/nowhere"))


def test_conditional_request_gets_304(site, fetch_settings):
    site.add("/feed", b"<rss/>", etag='"v1"')
    first = fetch(site.url("/feed"))
    assert first.status == 200 and first.headers["etag"] == '"v1"'
    second = fetch(site.url("/feed"), headers={"If-None-Match": '"v1"'})
    assert second.not_modified and second.body == b""
