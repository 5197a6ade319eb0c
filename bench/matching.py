"""Matching throughput with 10,000 tracked terms over a generated corpus.

    python bench/matching.py [--terms 10000] [--articles 2000] [--hit-rate 0.2] [--seed 7]

Prints MB/s and articles/s of Parley's matcher (normalisation + one Aho-Corasick pass +
offsets for the articles that matched), of a bare pyahocorasick scan of the same texts with
an automaton of the same normalised terms, and the ratio of the two, measured in the same run.
Needs no database.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ahocorasick  # noqa: E402

from media_tracker.matching import Matcher, Term, normalise  # noqa: E402


def _words(text: str) -> list[str]:
    return text.split()


LATIN = _words(
    "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu "
    "ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zo"
)
ACCENTED = _words("é è ê á à ï ö ü ç ñ")
CYRILLIC = _words(
    "ба бе би бо бу да де ди до ду ка ке ки ко ку ла ле ли ло лу ма ме ми мо му на не ни но ну ра ре ри ро ру"
)
ARABIC = _words("با بي بو دا دي دو كا كي كو لا لي لو ما مي مو نا ني نو را ري رو سا سي سو تا تي تو")
# Unrelated names in the text are built from other syllables, so they never equal a term by chance.
OTHER = _words("xa xo xe qui quo ya yo wa we wo fla fle gro gru pha phe")
FILLER_EN = _words(
    "the a of to in and said on for with that was by at from as is it government talks ceasefire "
    "ministers region civilians humanitarian access agreement observers week statement officials "
    "spoke reporters capital border talks negotiations envoy announced"
)


def word(rng: random.Random, syllables: list[str], accent: bool = False) -> str:
    w = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
    if accent and rng.random() < 0.3:
        i = rng.randrange(len(w))
        w = w[:i] + rng.choice(ACCENTED) + w[i + 1 :]
    return w.capitalize()


def make_terms(rng: random.Random, count: int, campaigns: int) -> list[Term]:
    terms, seen = [], set()
    while len(terms) < count:
        script = rng.random()
        if script < 0.7:
            text = " ".join(word(rng, LATIN, accent=True) for _ in range(rng.randint(1, 3)))
        elif script < 0.85:
            text = " ".join(word(rng, CYRILLIC) for _ in range(rng.randint(1, 3)))
        else:
            text = " ".join(word(rng, ARABIC) for _ in range(rng.randint(1, 3)))
        key = normalise(text)
        if key in seen:
            continue
        seen.add(key)
        terms.append(Term(id=len(terms) + 1, campaign_id=rng.randrange(campaigns) + 1, text=text))
    return terms


def make_corpus(rng: random.Random, terms: list[Term], articles: int, hit_rate: float, words: int) -> list[str]:
    corpus = []
    for _ in range(articles):
        tokens = [rng.choice(FILLER_EN) for _ in range(words)]
        for i in range(0, words, 12):
            tokens[i] = tokens[i].capitalize() + ","
        # Unrelated capitalised names, as any news text has.
        for _ in range(words // 25):
            tokens[rng.randrange(words)] = word(rng, OTHER, accent=True)
        if rng.random() < hit_rate:
            for _ in range(rng.randint(1, 3)):
                tokens[rng.randrange(words)] = rng.choice(terms).text
        corpus.append(" ".join(tokens) + ".")
    return corpus


def bare_automaton(terms: list[Term]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(normalise(term.text).strip(), term.id)
    automaton.make_automaton()
    return automaton


def timed(function, corpus: list[str], repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = function(corpus)
        best = min(best, time.perf_counter() - started)
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--words", type=int, default=800, help="words per article (about 5 KB)")
    parser.add_argument("--hit-rate", type=float, default=0.2, help="share of articles that contain a term")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    terms = make_terms(rng, args.terms, args.campaigns)
    corpus = make_corpus(rng, terms, args.articles, args.hit_rate, args.words)
    megabytes = sum(len(text.encode("utf-8")) for text in corpus) / 1e6

    started = time.perf_counter()
    matcher = Matcher(terms)
    build = time.perf_counter() - started
    bare = bare_automaton(terms)

    def run_matcher(texts):
        return sum(len(matcher.find(text)) > 0 for text in texts)

    # The bare scan: the same automaton of normalised terms over the same texts, as they are
    # (no normalisation, no word boundaries, no snippets): the ceiling the matcher is compared to.
    def run_bare(texts):
        return sum(sum(1 for _ in bare.iter(text)) > 0 for text in texts)

    def run_normalise(texts):
        return sum(len(normalise(text)) for text in texts)

    matcher_time, matched = timed(run_matcher, corpus, args.repeat)
    bare_time, _bare_found = timed(run_bare, corpus, args.repeat)
    normalise_time, _chars = timed(run_normalise, corpus, args.repeat)

    print(f"terms: {args.terms:,} over {args.campaigns} campaigns (70% Latin with accents, 15% Cyrillic, 15% Arabic)")
    print(f"corpus: {args.articles:,} articles, {megabytes:.1f} MB, {args.hit_rate:.0%} seeded with terms")
    print(f"automaton build: {build:.2f} s ({matcher.term_count:,} terms)")
    print(
        f"Parley matcher:  {megabytes / matcher_time:7.1f} MB/s  {args.articles / matcher_time:8.0f} articles/s"
        f"  ({matched:,} articles matched)"
    )
    print(f"  of which normalisation: {megabytes / normalise_time:7.1f} MB/s")
    print(f"bare pyahocorasick: {megabytes / bare_time:5.1f} MB/s  {args.articles / bare_time:8.0f} articles/s")
    print(f"ratio matcher / bare scan: {bare_time / matcher_time:.2f} (1.00 = as fast as the bare scan)")


if __name__ == "__main__":
    main()
