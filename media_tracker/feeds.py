"""Parse RSS and Atom feeds from bytes the guarded client fetched.

feedparser's loose parser expands internal XML entities that its strict parser refused: a
quadratic-blowup feed of about 80 KB becomes hundreds of MB. A size cap alone does not help,
and a search of the raw bytes misses a declaration in UTF-16, UTF-32 or EBCDIC, which feedparser
decodes itself. So Parley decodes the feed to text first (the way feedparser would: byte-order
mark, the first bytes of ``<?xml``, the declared encoding, then UTF-8 and Windows-1252), refuses
a feed that declares any DTD or entity anywhere in that text, and hands feedparser the same text
as UTF-8 declared as UTF-8, so what was checked is exactly what is parsed.

Entry links are stored and shown as links: an entry whose link is not http(s) is dropped.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import re
from dataclasses import dataclass

import feedparser

from config.links import is_web_link

MAX_ENTRIES = 200  # per poll; a feed listing more is cut, newest first as feeds list them

_ENTITY = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!\s*DOCTYPE", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*?\?>")
_XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*(["'])([A-Za-z0-9._:-]{1,40})\1""")
# Byte-order marks (UTF-32 before UTF-16: FF FE 00 00 starts both), then "<?xm" in each encoding
# (XML 1.0, appendix F), as feedparser sniffs them.
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF8, "utf-8"),
)
_MARKERS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC
)
_WIDE = {"utf-16", "utf16", "utf_16", "u16", "utf-32", "utf32", "utf_32", "u32", "ucs-2", "ucs-4", "iso-10646-ucs-2"}
_FALLBACKS = ("utf-8", "windows-1252")
_UTF8_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>"
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
    unsafe_links: int = 0  # entries dropped because their link was not http(s)


def decode(body: bytes) -> str:
    """The feed as text: sniffed like feedparser does, so no encoding it reads can hide markup."""
    sniffed = ""
    for mark, codec in _BOMS:
        if body.startswith(mark):
            body, sniffed = body[len(mark) :], codec
            break
    else:
        sniffed = next((codec for marker, codec in _MARKERS if body.startswith(marker)), "")
    head = body[:1024]
    if sniffed:
        try:
            head = body[:1024].decode(sniffed, errors="ignore").encode("ascii", errors="ignore")
        except LookupError:  # pragma: no cover - every codec above exists
            head = b""
    declared = _XML_DECLARED_ENCODING.match(head)
    candidates = [declared.group(2).decode("ascii").lower()] if declared else []
    if sniffed and (not candidates or candidates[0] in _WIDE or sniffed.startswith("utf-32")):
        candidates.insert(0, sniffed)  # a wide encoding named loosely ("utf-16") is the sniffed one
    elif sniffed:
        candidates.append(sniffed)
    for codec in (*candidates, *_FALLBACKS):
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FeedError("the feed is in no text encoding Parley reads")  # pragma: no cover - cp1252 decodes most


def defuse(body: bytes) -> bytes:
    """The feed as UTF-8 declared as UTF-8; FeedError when it declares a DTD or entities."""
    text = decode(body).lstrip("\ufeff")
    if "\x00" in text:
        raise FeedError("the feed contains NUL bytes: it is binary or in an encoding Parley does not read")
    if _ENTITY.search(text):
        raise FeedError(
            "refused: the feed declares XML entities (<!ENTITY>), which can expand to gigabytes when parsed"
        )
    found = _DOCTYPE.search(text)
    if found:
        declaration = text[found.start() : found.start() + 2000]
        subset = "[" in declaration.split(">", 1)[0]
        raise FeedError(
            "refused: the feed has a DOCTYPE with an internal subset, which Parley does not parse"
            if subset
            else "refused: the feed declares a DTD (<!DOCTYPE>), which Parley does not read"
        )
    text = text.lstrip()
    text = _XML_DECLARATION.sub(_UTF8_DECLARATION, text, count=1) if text.startswith("<?xml") else text
    if not text.startswith("<?xml"):
        text = f"{_UTF8_DECLARATION}\n{text}"
    return text.encode("utf-8")


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
    entries, unsafe = [], 0
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        if not is_web_link(link):
            unsafe += 1  # javascript:, data:, vbscript: and their disguises are never stored
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
    return ParsedFeed(title=(parsed.feed.get("title") or "").strip(), entries=entries, unsafe_links=unsafe)
