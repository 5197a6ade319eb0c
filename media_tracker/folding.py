"""Folding text for the matcher: lower case, accents and Arabic vowel marks dropped, every
character that is not a letter or a digit turned into a space, at C speed.

One character folds to one character (or to nothing: combining marks, soft hyphens, zero-width
joiners, right-to-left marks, Arabic tatweel), so a position in the folded text is a position
in the article, and a word broken by an invisible character stays one word. Two exceptions: й
stays й (Russian endings need it; ё folds to е), and alef maqsura folds to ya.

The fast path encodes the text in the one 8-bit code page that holds it (Latin-1, Windows
Western, Cyrillic, Arabic or Turkish), folds the bytes with ``bytes.translate`` and reads them
back as Latin-1: the folded text is then in that code page's "byte space", and the matcher keeps
its patterns in every space. Text no code page holds (mixed scripts, emoji...) takes the slow
path through Unicode normalisation, with the same result character by character.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

UNICODE = "u"  # ASCII, Latin-1 and the slow path: the folded text is real Unicode
CODE_PAGES = ("cp1252", "cp1251", "cp1256", "cp1254")
_TURKISH = frozenset("ğĞışŞİ")
_KEEP = {"й": "й", "Й": "й"}


def fold_char(ch: str) -> str:
    """The folded form of one character: usually one character, "" for marks and invisible ones."""
    if ch in _KEEP:
        return _KEEP[ch]
    out = []
    for piece in unicodedata.normalize("NFKD", ch.lower()):
        category = unicodedata.category(piece)
        if category[0] == "M" or category == "Cf" or piece == "\u0640":
            continue
        if piece == "\u0649":  # alef maqsura -> ya
            piece = "\u064a"
        out.append(piece if piece.isalnum() else " ")
    return "".join(out)


def _mark_classes() -> tuple[str, str]:
    """Regex classes of every combining mark and format character, in the BMP and beyond it.

    Two classes because the regex engine tests a BMP-only class against a bitmap, and a class
    with astral ranges range by range (25 times slower on every text).
    """
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        if category[0] == "M" or category == "Cf" or code == 0x0640:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    bmp = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges if b <= 0xFFFF)
    astral = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges if a > 0xFFFF)
    return f"[{bmp}]+", f"[{astral}]+"


_DROP_BMP, _DROP_ASTRAL = (re.compile(pattern) for pattern in _mark_classes())
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NOT_WORD = re.compile(r"[\W_]")


def _fold_slow(text: str) -> str:
    folded = text.lower()
    if not unicodedata.is_normalized("NFKD", folded):
        folded = unicodedata.normalize("NFKD", folded)
        if "\u0306" in folded:
            folded = folded.replace("\u0438\u0306", "й")
    folded = _DROP_BMP.sub("", folded)
    if _ASTRAL.search(folded):
        folded = _DROP_ASTRAL.sub("", folded)
    if "\u0649" in folded:
        folded = folded.replace("\u0649", "\u064a")
    return _NOT_WORD.sub(" ", folded)


@cache
def _table(code_page: str) -> tuple[bytes, bytes]:
    """(translation table, bytes to delete) folding ``code_page`` bytes within the code page.

    A character whose folded form is not one character of the page (½, ™, µ) becomes a space:
    no term is made of them.
    """
    table = bytearray(range(256))
    delete = bytearray()
    for byte in range(256):
        try:
            ch = bytes([byte]).decode(code_page)
        except UnicodeDecodeError:
            table[byte] = 0x20
            continue
        folded = fold_char(ch)
        if not folded:
            delete.append(byte)
            continue
        try:
            encoded = folded.encode(code_page)
        except UnicodeEncodeError:
            encoded = b" "
        table[byte] = encoded[0] if len(encoded) == 1 else 0x20
    return bytes(table), bytes(delete)


def _code_page_for(ch: str) -> str | None:
    if "\u0400" <= ch <= "\u04ff":
        return "cp1251"
    if "\u0600" <= ch <= "\u06ff" or "\u200c" <= ch <= "\u200f":
        return "cp1256"
    if ch in _TURKISH:
        return "cp1254"
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return "cp1252"


def fold(text: str) -> tuple[str, str, bool]:
    """(folded text with a space at each end, the byte space it is in, whether position i of
    the folded text is character i - 1 of ``text``)."""
    if text.isascii():
        table, delete = _table("latin-1")
        return " " + text.encode("ascii").translate(table, delete).decode("latin-1") + " ", UNICODE, True
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError as exc:
        code_page = _code_page_for(exc.object[exc.start])
    else:
        code_page = "latin-1"
    if code_page is not None:
        try:
            raw = raw if code_page == "latin-1" else text.encode(code_page)
        except UnicodeEncodeError:
            pass
        else:
            table, delete = _table(code_page)
            folded = raw.translate(table, delete).decode("latin-1")
            space = UNICODE if code_page == "latin-1" else code_page
            return " " + folded + " ", space, len(folded) == len(text)
    return " " + _fold_slow(text) + " ", UNICODE, False


def fold_word(text: str) -> str:
    """A term's text folded to real Unicode, single spaces, no space at the ends."""
    return " ".join(_fold_slow(text).split())


def in_space(word: str, space: str) -> str | None:
    """``word`` (folded Unicode) as it reads in ``space``, or None when that page cannot hold it."""
    if space == UNICODE:
        return word
    try:
        return word.encode(space).decode("latin-1")
    except UnicodeEncodeError:
        return None


def from_space(piece: str, space: str) -> str:
    """Folded text read in ``space`` back to Unicode."""
    return piece if space == UNICODE else piece.encode("latin-1").decode(space)


def position_map(text: str, folded: str):
    """A function from a position in ``folded`` (``fold(text)[0]``) to the index in ``text`` it came
    from, for text whose folding dropped (or expanded) characters."""
    drops = [match.span() for match in _DROP_BMP.finditer(text)]
    if _ASTRAL.search(text):
        drops = sorted(drops + [match.span() for match in _DROP_ASTRAL.finditer(text)])
    if len(text) - sum(end - start for start, end in drops) == len(folded) - 2:

        def index(position: int) -> int:
            original = position - 1  # the leading space
            for start, end in drops:
                if start > original:
                    break
                original += end - start
            return min(original, len(text))

        return index
    # A ligature or a fraction folded into several characters: walk the text (rare, slow).
    offsets = [0]
    for at, ch in enumerate(text):
        offsets.extend([at] * len(fold_char(ch)))
    offsets.append(len(text))
    return lambda position: offsets[min(position, len(offsets) - 1)]
