"""Find tracked terms in article text: one Aho-Corasick pass for all terms of all campaigns.

Text and terms are normalised the same way: Unicode compatibility decomposition, accents
and other combining marks dropped, case folded, Arabic tatweel dropped and alef maqsura
folded to ya, and every run of characters that are not letters or digits turned into one
space. Patterns are the normalised terms with a space on both sides, matched against the
normalised text with a space on both sides, so a match always starts and ends at a word
boundary: "Ana" does not match inside "Anaïs", "Jose" matches "José", "Minsk Group"
matches "Minsk-Group". Letters are letters in every script, so the same holds for
Cyrillic and Arabic.

Arabic attaches conjunctions, prepositions and the article to the next word ("وموسكو",
"and Moscow"); for terms in Arabic script the usual one- and two-letter proclitics are
added as variants of the pattern.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

ARABIC_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال", "وب", "ول", "وك")
_FOLD = {0x0640: None, 0x0649: "ي"}  # tatweel; alef maqsura -> ya
SNIPPET_RADIUS = 120


def _mark_classes() -> tuple[str, str]:
    """Regex character classes of every combining mark (Mn, Mc, Me): in the BMP, and beyond it.

    Two classes because the regex engine tests a BMP-only class against a bitmap, and a class
    with astral ranges range by range (25 times slower on every text).
    """
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    bmp = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges if b <= 0xFFFF)
    astral = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges if a > 0xFFFF)
    return f"[{bmp}]+", f"[{astral}]+"


_MARKS_BMP, _MARKS_ASTRAL = (re.compile(pattern) for pattern in _mark_classes())
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: str.isalnum()


def normalise(text: str) -> str:
    """Normalised form: single spaces between words, a space at each end.

    The fast path, in C-level string operations; ``normalise_with_offsets`` gives the
    same string character for character, slowly, with offsets back into ``text``.
    """
    folded = text.casefold()
    if not folded.isascii():
        if not unicodedata.is_normalized("NFKD", folded):
            folded = unicodedata.normalize("NFKD", folded)
        folded = _MARKS_BMP.sub("", folded)
        if _ASTRAL.search(folded):
            folded = _MARKS_ASTRAL.sub("", folded)
        if "\u0640" in folded or "\u0649" in folded:
            folded = folded.translate(_FOLD)
    words = _WORD.findall(folded)
    return " " + " ".join(words) + " " if words else " "


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and for each of its characters the index in ``text`` it came from."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = True  # leading space: the text starts at a word boundary
    for index, ch in enumerate(text):
        for piece in unicodedata.normalize("NFKD", ch.casefold()):
            if unicodedata.category(piece)[0] == "M":
                continue  # accents, Arabic harakat, Cyrillic breve and diaeresis
            for folded in piece.translate(_FOLD):
                if folded.isalnum():
                    if pending_space:
                        out.append(" ")
                        offsets.append(index)
                        pending_space = False
                    out.append(folded)
                    offsets.append(index)
                else:
                    pending_space = True
    out.append(" ")
    offsets.append(len(text))
    return "".join(out), offsets


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@dataclass(frozen=True)
class Term:
    id: int
    campaign_id: int
    text: str


@dataclass
class CampaignMatch:
    campaign_id: int
    term_ids: list[int] = field(default_factory=list)  # in order of first appearance
    first_start: int = 0  # in the original text
    first_end: int = 0


class Matcher:
    """An automaton over every active term; ``find`` makes one pass over an article's text."""

    def __init__(self, terms: Iterable[Term]):
        self.automaton = ahocorasick.Automaton()
        patterns: dict[str, list[Term]] = {}
        for term in terms:
            core = normalise(term.text).strip()
            if not core:
                continue
            variants = [f" {core} "]
            if _is_arabic(core):
                variants += [f" {prefix}{core} " for prefix in ARABIC_PROCLITICS]
            for pattern in variants:
                patterns.setdefault(pattern, []).append(term)
        for pattern, owners in patterns.items():
            self.automaton.add_word(pattern, (len(pattern), tuple(owners)))
        self.term_count = len({t.id for owners in patterns.values() for t in owners})
        if patterns:
            self.automaton.make_automaton()

    def find(self, text: str) -> dict[int, CampaignMatch]:
        """The campaigns whose terms occur in ``text``, with the terms and the first match's span."""
        if self.automaton.kind != ahocorasick.AHOCORASICK or not text:
            return {}
        normalised = normalise(text)
        # (campaign, term ids in order, span of the first match in the normalised text)
        found: dict[int, tuple[list[int], int, int]] = {}
        seen_terms: set[int] = set()
        for end, (length, owners) in self.automaton.iter(normalised):
            start = end - length + 1
            for term in owners:
                if term.id in seen_terms:
                    continue
                seen_terms.add(term.id)
                entry = found.get(term.campaign_id)
                if entry is None:
                    found[term.campaign_id] = ([term.id], start, end)
                else:
                    entry[0].append(term.id)
                    if start < entry[1]:
                        found[term.campaign_id] = (entry[0], start, end)
        if not found:
            return {}
        spans = self._spans(text, normalised, found)
        return {
            campaign_id: CampaignMatch(
                campaign_id=campaign_id,
                term_ids=term_ids,
                first_start=spans[(start, end)][0],
                first_end=spans[(start, end)][1],
            )
            for campaign_id, (term_ids, start, end) in found.items()
        }

    @staticmethod
    def _spans(text: str, normalised: str, found: dict) -> dict[tuple[int, int], tuple[int, int]]:
        """Where each first match lies in the original text.

        Fast path: the n-th word of the normalised text is usually the n-th run of letters and
        digits of the original; each span found that way is checked, and when the two do not
        line up (a ligature or a fraction that normalises into two words...) the slow
        character-by-character normalisation gives the offsets.
        """
        words = [m.span() for m in _WORD.finditer(text)]
        result = {}
        if len(words) == normalised.count(" ") - 1:
            for _term_ids, start, end in found.values():
                first = normalised.count(" ", 0, start + 1) - 1
                last = first + normalised.count(" ", start + 1, end)
                span = (words[first][0], words[last][1])
                if normalise(text[span[0] : span[1]]) != normalised[start : end + 1]:
                    break
                result[(start, end)] = span
            else:
                return result
        _same, offsets = normalise_with_offsets(text)
        # First and last letters, skipping the boundary spaces.
        return {(start, end): (offsets[start + 1], offsets[end - 1] + 1) for _ids, start, end in found.values()}


def snippet(text: str, start: int, end: int, *, radius: int = SNIPPET_RADIUS) -> str:
    """About ``radius`` characters either side of text[start:end], cut at spaces, with ellipses."""
    left = max(0, start - radius)
    right = min(len(text), end + radius)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    piece = " ".join(text[left:right].split())
    return ("… " if left > 0 else "") + piece + (" …" if right < len(text) else "")
