"""Find tracked terms in article text: one Aho-Corasick pass for all terms of all campaigns.

Text and terms are folded the same way (``media_tracker.folding``): case, accents, Arabic
vowel marks and invisible characters do not count, and every character that is not a letter
or a digit is a word boundary, in every script. Each term (and each of its forms in other
languages, and each exclusion phrase) puts one word in the automaton, its *anchor*, with a
space before it: a hit is always at the start of a word. The hit is then checked word by word:
the anchor and the term's other words must be the words of the text there, either as written
or, when the article is in the language of that form, as one of their inflected forms
(``media_tracker.inflection``). So "Ana" does not match inside "Anaïs", "Jose" matches
"José", "Minsk Group" matches "Minsk-Group", "Минская группа" matches "Минской группы" in a
Russian article.

Arabic attaches conjunctions, prepositions and the article to the next word ("وموسكو",
"and Moscow"); a term's first word in Arabic script may carry the usual one- to three-letter
proclitics.

``normalise`` (single spaces between folded words) stays for fingerprints and placements.
"""

from __future__ import annotations

import os.path
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from media_tracker import inflection
from media_tracker.folding import CODE_PAGES, UNICODE, fold, fold_word, from_space, in_space, position_map

ARABIC_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال", "وب", "ول", "وك")
PROPER_KINDS = frozenset({"person", "place"})
EXACT_KINDS = frozenset({"oped_title"})  # titles are quoted as written
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


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def script_language(text: str) -> str:
    """The language a word's script implies among Parley's inflected ones (Cyrillic: ru, Arabic: ar), or ""."""
    for ch in text:
        if ch.isalpha():
            if "\u0400" <= ch <= "\u04ff":
                return "ru"
            if "\u0600" <= ch <= "\u06ff":
                return "ar"
            return ""
    return ""


@dataclass(frozen=True)
class Term:
    id: int
    campaign_id: int
    text: str
    language: str = ""  # of ``text``; "" = matched as written in every language
    kind: str = "keyword"
    exact: bool = False
    forms: tuple[tuple[str, str], ...] = ()  # (language, text): the same term in other languages
    exclusions: tuple[str, ...] = ()  # an occurrence inside one of these does not count


@dataclass(frozen=True)
class Word:
    text: str  # folded
    bases: tuple[str, ...] = ()  # empty: matched as written


@dataclass(frozen=True)
class Phrase:
    """One written form of a term (or of an exclusion phrase), as the matcher checks it."""

    term: Term
    words: tuple[Word, ...]
    language: str
    proper: bool
    excluding: bool = False
    anchor: int = 0  # the word put in the automaton: the one with the longest key (fewest false hits)
    endings: frozenset[str] = frozenset()  # what an inflected form may add to a base ("" included)

    def key(self, index: int) -> str:
        word = self.words[index]
        return os.path.commonprefix(word.bases) if word.bases else word.text


def compile_phrase(term: Term, text: str, language: str, *, excluding: bool = False) -> Phrase | None:
    """The words of ``text`` with the bases of their inflected forms (none when matched as written)."""
    words = fold_word(text).split()
    if not words:
        return None
    proper = term.kind in PROPER_KINDS
    inflect = not term.exact and term.kind not in EXACT_KINDS and language in inflection.INFLECTED_LANGUAGES
    compiled = tuple(
        Word(text=word, bases=inflection.bases(word, language, proper=proper) if inflect else ()) for word in words
    )
    keys = [os.path.commonprefix(word.bases) if word.bases else word.text for word in compiled]
    return Phrase(
        term=term,
        words=compiled,
        language=language,
        proper=proper,
        excluding=excluding,
        anchor=max(range(len(keys)), key=lambda i: (len(keys[i]), -i)),
        endings=inflection.endings(language, proper=proper) if inflect else frozenset(),
    )


def term_phrases(term: Term) -> list[Phrase]:
    """The term, its forms and its exclusion phrases, compiled."""
    phrases = [compile_phrase(term, term.text, term.language)]
    phrases += [compile_phrase(term, text, language) for language, text in term.forms]
    languages = {term.language} | {language for language, _text in term.forms}
    for text in term.exclusions:
        # An exclusion is inflected like the forms in its script (or the term's own language).
        implied = script_language(text)
        for language in {implied} if implied in languages else {term.language}:
            phrases.append(compile_phrase(term, text, language, excluding=True))
    return [phrase for phrase in phrases if phrase is not None]


@dataclass
class CampaignMatch:
    campaign_id: int
    term_ids: list[int] = field(default_factory=list)  # in order of first appearance
    first_start: int = 0  # in the original text
    first_end: int = 0


# An automaton entry: (byte space or "" for every space, phrase, proclitic length, anchor matched whole).
Entry = tuple[str, Phrase, int, bool]


class Matcher:
    """An automaton over every active term; ``find`` makes one pass over an article's text."""

    def __init__(self, terms: Iterable[Term]):
        self.automaton = ahocorasick.Automaton()
        patterns: dict[str, list[Entry]] = {}
        self.terms: dict[int, Term] = {}
        for term in terms:
            for phrase in term_phrases(term):
                self.terms[term.id] = term
                self._add(patterns, phrase)
        for pattern, entries in patterns.items():
            self.automaton.add_word(pattern, (len(pattern), tuple(entries)))
        self.term_count = len(self.terms)
        self.pattern_count = len(patterns)
        if patterns:
            self.automaton.make_automaton()

    @staticmethod
    def _add(patterns: dict[str, list[Entry]], phrase: Phrase) -> None:
        anchor = phrase.anchor
        word = phrase.words[anchor]
        whole = not word.bases
        key = phrase.key(anchor)
        clitics = ("", *ARABIC_PROCLITICS) if anchor == 0 and is_arabic(key) else ("",)
        for clitic in clitics:
            core = " " + clitic + key + (" " if whole else "")
            if core.isascii():
                patterns.setdefault(core, []).append(("", phrase, len(clitic), whole))
                continue
            for space in (UNICODE, *CODE_PAGES):
                spelled = in_space(core, space)
                if spelled is not None:
                    patterns.setdefault(spelled, []).append((space, phrase, len(clitic), whole))

    def find(self, text: str, *, language: str = "") -> dict[int, CampaignMatch]:
        """The campaigns whose terms occur in ``text`` (an article in ``language``), with the terms
        and the first match's span."""
        if self.automaton.kind != ahocorasick.AHOCORASICK or not text:
            return {}
        folded, space, aligned = fold(text)
        occurrences: dict[int, list[tuple[int, int]]] = {}
        excluded: dict[int, list[tuple[int, int]]] = {}
        for end, (length, entries) in self.automaton.iter(folded):
            for entry_space, phrase, clitic, whole in entries:
                if entry_space and entry_space != space:
                    continue
                span = _verify(folded, space, end - length + 1, phrase, clitic, whole, language)
                if span is not None:
                    target = excluded if phrase.excluding else occurrences
                    target.setdefault(phrase.term.id, []).append(span)
        if not occurrences:
            return {}
        firsts: list[tuple[int, int, Term]] = []
        for term_id, spans in occurrences.items():
            fences = excluded.get(term_id, ())
            kept = sorted(s for s in spans if not any(a <= s[0] and s[1] <= b for a, b in fences))
            if kept:
                firsts.append((*kept[0], self.terms[term_id]))
        if not firsts:
            return {}
        firsts.sort(key=lambda item: (item[0], item[1], item[2].id))
        index = None if aligned else position_map(text, folded)
        found: dict[int, CampaignMatch] = {}
        for start, end, term in firsts:
            match = found.get(term.campaign_id)
            if match is None:
                if index is None:
                    first_start, first_end = start - 1, end - 1
                else:
                    first_start, first_end = index(start), index(end - 1) + 1
                found[term.campaign_id] = CampaignMatch(term.campaign_id, [term.id], first_start, first_end)
            else:
                match.term_ids.append(term.id)
        return found


def _word_at(folded: str, start: int) -> tuple[int, int]:
    """The word that starts at or after ``start`` (skipping spaces): (start, end)."""
    length = len(folded)
    while start < length and folded[start] == " ":
        start += 1
    end = folded.find(" ", start)
    return start, (length if end == -1 else end)


def _word_before(folded: str, end: int) -> tuple[int, int]:
    """The word that ends at or before ``end`` (skipping spaces): (start, end)."""
    while end > 0 and folded[end - 1] == " ":
        end -= 1
    start = folded.rfind(" ", 0, end) + 1
    return start, end


def _same(candidate: str, word: Word, phrase: Phrase, language: str) -> bool:
    if candidate == word.text:
        return True
    return (
        bool(word.bases) and language == phrase.language and inflection.accepts(candidate, word.bases, phrase.endings)
    )


def _verify(
    folded: str, space: str, start: int, phrase: Phrase, clitic: int, whole: bool, language: str
) -> tuple[int, int] | None:
    """The span (in ``folded``) of ``phrase`` whose anchor was hit at ``start`` (its leading space)."""
    anchor = phrase.anchor
    word_start = start + 1
    if whole:
        word_end = word_start + clitic + len(phrase.words[anchor].text)
    else:
        word_end = _word_at(folded, word_start)[1]
        candidate = from_space(folded[word_start + clitic : word_end], space)
        if not _same(candidate, phrase.words[anchor], phrase, language):
            return None
    first, last = word_start, word_end
    position = word_end
    for word in phrase.words[anchor + 1 :]:
        begin, position = _word_at(folded, position)
        if begin >= position or not _same(from_space(folded[begin:position], space), word, phrase, language):
            return None
        last = position
    position = word_start
    for index in range(anchor - 1, -1, -1):
        begin, stop = _word_before(folded, position)
        if begin >= stop:
            return None
        candidate = from_space(folded[begin:stop], space)
        word = phrase.words[index]
        if not _same(candidate, word, phrase, language):
            if index or not is_arabic(candidate):
                return None
            clitics = [p for p in ARABIC_PROCLITICS if candidate.startswith(p)]
            if not any(_same(candidate[len(p) :], word, phrase, language) for p in clitics):
                return None
        first = position = begin
    return first, last


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
