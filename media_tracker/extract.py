"""Main text, metadata and language of an article page the guarded client fetched."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import trafilatura
from django.utils.dateparse import parse_date

from config.languages import CONTENT_LANGUAGE_CODES
from media_tracker.matching import normalise

LANGUAGE_SAMPLE = 4000  # characters; more does not change the answer, only the time
MIN_LANGUAGE_CONFIDENCE = 0.8
MIN_FINGERPRINT_WORDS = 40
MIN_LINE_WORDS = 8  # shorter texts (teasers, "read more") must not merge unrelated stories
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid")


@dataclass
class ExtractedPage:
    text: str
    title: str
    author: str
    canonical_url: str
    published_on: dt.date | None


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in pairs if not k.lower().startswith(TRACKING_PARAMETERS)])
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def extract_page(html: bytes, *, url: str) -> ExtractedPage:
    """Extract with trafilatura from bytes (never a URL: trafilatura would fetch it unguarded)."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if document is None:
        return ExtractedPage(text="", title="", author="", canonical_url=canonical_url(url), published_on=None)
    found_url = document.url or ""
    same_site = urlsplit(found_url).hostname == urlsplit(url).hostname if found_url.startswith("http") else False
    # A canonical link to another site is not trusted: a page must not claim another outlet's URL.
    return ExtractedPage(
        text=(document.text or "").strip(),
        title=(document.title or "").strip(),
        author=(document.author or "").strip(),
        canonical_url=canonical_url(found_url if same_site else url),
        published_on=parse_date(document.date) if document.date else None,
    )


def html_to_text(html: str) -> str:
    """Plain text of a feed's HTML content or summary."""
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if text:
        return text.strip()
    from lxml import html as lxml_html  # trafilatura found no main text: keep every string

    return " ".join(lxml_html.fromstring(html).text_content().split())


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(CONTENT_LANGUAGE_CODES))
    return identifier


def detect_language(text: str, *, default: str = "") -> str:
    """The language code of ``text`` among Parley's content languages, or ``default`` when unsure."""
    sample = text[:LANGUAGE_SAMPLE].strip()
    if len(sample) < 20:
        return default
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_LANGUAGE_CONFIDENCE else default


def fingerprint(text: str) -> str:
    """Hash of the normalised body, or "" when the text is too short to tell stories apart.

    Only lines of at least ``MIN_LINE_WORDS`` words count: outlets rewrite the headline and
    add datelines, bylines and "read more" lines around the same wire copy.
    """
    lines = [normalise(line) for line in text.splitlines()]
    body = "".join(line for line in lines if line.count(" ") - 1 >= MIN_LINE_WORDS)
    if body.count(" ") // 2 < MIN_FINGERPRINT_WORDS:
        return ""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
