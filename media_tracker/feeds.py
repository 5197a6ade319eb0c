"""Parse RSS and Atom feeds from bytes the guarded client fetched.

feedparser's loose parser expands internal XML entities that its strict parser refused: a
quadratic-blowup feed of about 80 KB becomes hundreds of MB. A size cap alone does not
help, so a feed declaring entities (a DOCTYPE with an internal subset) is refused before
feedparser sees it, and a plain DOCTYPE (RSS 0.91's) is stripped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import feedparser

MAX_ENTRIES = 200  # per poll; a feed listing more is cut, newest first as feeds list them

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_PLAIN = re.compile(rb"<!DOCTYPE[^>\[]*>", re.IGNORECASE)
_XML_DECL_ENCODING = re.compile(rb"""(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_UTF16_SNIFF = ((b"\x00<\x00?", "utf-16-be"), (b"<\x00?\x00", "utf-16-le"))
# Bozo exceptions that only say the declared and the real encoding or type differ.
_BENIGN_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


class FeedError(Exception):
    """The document is not a feed Parley will read; the message says why."""


@dataclass
class FeedEntry:
    url: str
    title: str
    author: str
    published_at: dt.datetime | None
    summary: str
    content: str  # full text (HTML) when the feed carries it, else ""


@dataclass
class ParsedFeed:
    title: str
    entries: list[FeedEntry]


def _to_utf8(body: bytes) -> bytes:
    """Re-encode UTF-16/32 documents as UTF-8, so the byte-level DOCTYPE checks below see them."""
    for prefix, codec in _BOMS + _UTF16_SNIFF:
        if body.startswith(prefix):
            try:
                text = body.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise FeedError(f"the feed is not valid {codec}: {exc.reason}") from None
            return _XML_DECL_ENCODING.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)
    return body


def defuse(body: bytes) -> bytes:
    """The document without its DOCTYPE; FeedError when it declares entities."""
    body = _to_utf8(body)
    if b"\x00" in body[:1024]:
        raise FeedError("the feed is in an encoding Parley does not read (NUL bytes without a byte-order mark)")
    if _ENTITY.search(body):
        raise FeedError(
            "refused: the feed declares XML entities (<!ENTITY>), which can expand to gigabytes when parsed"
        )
    if _DOCTYPE.search(body):
        stripped = _DOCTYPE_PLAIN.sub(b"", body)
        if _DOCTYPE.search(stripped):
            raise FeedError("refused: the feed has a DOCTYPE with an internal subset, which Parley does not parse")
        body = stripped
    return body


def _datetime(struct) -> dt.datetime | None:
    if not struct:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(struct), tz=dt.UTC)
    except (OverflowError, ValueError):
        return None


def _content(entry) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return value
    return ""


def parse_feed(body: bytes, *, url: str) -> ParsedFeed:
    """Parse a fetched feed. Raises FeedError for anything that is not a well-formed RSS/Atom feed."""
    if not body.strip():
        raise FeedError("the feed is empty")
    safe = defuse(body)
    # Bytes, never a URL: given a string that looks like one, feedparser would fetch it itself.
    parsed = feedparser.parse(safe, response_headers={"content-location": url}, sanitize_html=True)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _BENIGN_BOZO):
        exc = parsed.get("bozo_exception")
        position = ""
        if hasattr(exc, "getLineNumber"):
            position = f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
        raise FeedError(f"the feed is not well-formed XML{position}: {getattr(exc, 'getMessage', lambda: exc)()}")
    if not parsed.get("version"):
        raise FeedError("the document is not an RSS or Atom feed")
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        entries.append(
            FeedEntry(
                url=link,
                title=(entry.get("title") or "").strip(),
                author=(entry.get("author") or "").strip(),
                published_at=_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
                summary=entry.get("summary") or "",
                content=_content(entry),
            )
        )
    return ParsedFeed(title=(parsed.feed.get("title") or "").strip(), entries=entries)
