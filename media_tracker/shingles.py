"""How much text two pieces share: Jaccard similarity of their word 5-grams ("shingles").

An op-ed that ran under another headline, trimmed, with the byline moved into the body, still
shares most of its 5-word sequences with the version the campaign stored (0.5 to 0.9); a news
story that quotes three of its sentences shares a few percent of the union of both texts.
"""

from __future__ import annotations

from media_tracker.matching import normalise

SHINGLE_WORDS = 5
# Texts sharing at least this Jaccard similarity are the same piece (see the tests for the
# retitled op-ed, the trimmed one, and the news story quoting a few sentences).
SAME_PIECE = 0.4
MIN_SHINGLES = 20  # a text shorter than this (about 25 words) proves nothing


def shingles(text: str) -> frozenset[int]:
    words = normalise(text).split()
    return frozenset(
        hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(max(len(words) - SHINGLE_WORDS + 1, 0))
    )


def similarity(first: frozenset[int], second: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets (0 when either is too short to tell)."""
    if len(first) < MIN_SHINGLES or len(second) < MIN_SHINGLES:
        return 0.0
    return len(first & second) / len(first | second)


def same_piece(text: str, other: str) -> bool:
    return similarity(shingles(text), shingles(other)) >= SAME_PIECE
