"""Matching throughput with 10,000 tracked terms over a generated multilingual corpus.

    python bench/matching.py [--scale 1] [--terms 10000] [--articles 2000] [--hit-rate 0.2] [--seed 7]

Articles are written in English, French, German, Spanish, Turkish, Russian and Arabic (news-like
filler of each language, with accents, typographic quotes and the odd invisible character);
terms carry a language, and a third of them forms in other languages, as the campaign's do.
Seeded articles contain terms in *inflected* forms (the endings of their language).

Prints, measured in the same run on the same texts: Parley's matcher (folding + one
Aho-Corasick pass + checking each hit word by word, inflections included, + offsets for the
articles that matched), a bare pyahocorasick scan of the same raw texts with an automaton of the
same terms and forms (normalised, no boundaries, no inflection: the ceiling), their ratio, and
where the matcher's time goes. ``--scale 0.01`` runs in a second (CI). Needs no database.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ahocorasick  # noqa: E402

from media_tracker.folding import fold  # noqa: E402
from media_tracker.inflection import ENDINGS  # noqa: E402
from media_tracker.matching import Matcher, Term, normalise  # noqa: E402

SYLLABLES = {
    "latin": "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu "  # noqa: SIM905
    "ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zo".split(),
    "ru": "ба бе би бо бу да де ди до ду ка ке ки ко ку ла ле ли ло лу ма ме ми мо му на не ни но ну ра "  # noqa: SIM905
    "ре ри ро ру".split(),
    "ar": "با بي بو دا دي دو كا كي كو لا لي لو ما مي مو نا ني نو را ري رو سا سي سو تا تي تو".split(),  # noqa: SIM905
}
ACCENTED = "é è ê á à ï ö ü ç ñ ş ğ".split()  # noqa: SIM905
OTHER = "xa xo xe qui quo ya yo wa we wo fla fle gro gru pha phe".split()  # noqa: SIM905 (never a term)
FILLER = {
    "en": "the a of to in and said on for with that was by at from as is it government talks ceasefire "
    "ministers region civilians humanitarian access agreement observers week statement officials "
    "spoke reporters capital border negotiations envoy announced",
    "fr": "le la les des du de et à en pour dans sur a été selon les négociations cessez-le-feu région "
    "civils accès humanitaire accord observateurs semaine déclaration responsables capitale frontière",
    "de": "der die das den dem des und in zu mit auf für von über nach sagte Regierung Gespräche "
    "Waffenruhe Region Zivilisten humanitären Zugang Abkommen Beobachter Woche Erklärung Grenze",
    "es": "el la los las de del y en a para con por según dijo gobierno conversaciones alto fuego región "
    "civiles acceso humanitario acuerdo observadores semana declaración frontera",
    "tr": "ve bir bu ile için de da göre hükümet görüşmeler ateşkes bölge siviller insani erişim anlaşma "
    "gözlemciler hafta açıklama yetkililer başkent sınır müzakereler",
    "ru": "и в на с по для что из к о как заявил правительство переговоры перемирие регион мирные жители "
    "гуманитарный доступ соглашение наблюдатели неделя заявление чиновники столица граница",
    "ar": "في من على إلى أن مع عن قال الحكومة المحادثات وقف إطلاق النار المنطقة المدنيين وصول إنساني "
    "اتفاق المراقبين الأسبوع بيان المسؤولين العاصمة الحدود المفاوضات",
}
LANGUAGES = list(FILLER)
SCRIPT_OF = {"ru": "ru", "ar": "ar"}


def word(rng: random.Random, script: str, accent: bool = False) -> str:
    w = "".join(rng.choice(SYLLABLES[script]) for _ in range(rng.randint(2, 4)))
    if accent and rng.random() < 0.3:
        i = rng.randrange(len(w))
        w = w[:i] + rng.choice(ACCENTED) + w[i + 1 :]
    return w.capitalize()


def phrase(rng: random.Random, language: str) -> str:
    script = SCRIPT_OF.get(language, "latin")
    return " ".join(word(rng, script, accent=script == "latin") for _ in range(rng.randint(1, 3)))


def make_terms(rng: random.Random, count: int, campaigns: int) -> list[Term]:
    terms, seen = [], set()
    weights = [0.35, 0.1, 0.1, 0.05, 0.05, 0.2, 0.15]  # en fr de es tr ru ar
    while len(terms) < count:
        language = rng.choices(LANGUAGES, weights)[0]
        text = phrase(rng, language)
        forms = ()
        if rng.random() < 0.33:
            other = rng.choice([code for code in LANGUAGES if code != language])
            forms = ((other, phrase(rng, other)),)
        key = normalise(text)
        if key in seen or any(normalise(t) in seen for _lang, t in forms):
            continue
        seen.add(key)
        seen.update(normalise(t) for _lang, t in forms)
        kind = rng.choice(["keyword", "keyword", "person", "place", "organisation"])
        terms.append(
            Term(
                id=len(terms) + 1,
                campaign_id=rng.randrange(campaigns) + 1,
                text=text,
                language=language,
                kind=kind,
                forms=forms,
            )  # fmt: skip
        )
    return terms


def inflected(rng: random.Random, text: str, language: str) -> str:
    """The phrase with an ending of its language on its last word (half the time)."""
    endings = ENDINGS.get(language, ())
    if not endings or rng.random() < 0.5:
        return text
    return text + rng.choice(endings)


def make_corpus(rng, terms, articles: int, hit_rate: float, words: int) -> list[tuple[str, str]]:
    by_language: dict[str, list[tuple[str, str]]] = {code: [] for code in LANGUAGES}
    for term in terms:
        by_language[term.language].append((term.language, term.text))
        for language, text in term.forms:
            by_language[language].append((language, text))
    corpus = []
    for n in range(articles):
        language = LANGUAGES[n % len(LANGUAGES)]
        filler = FILLER[language].split()
        tokens = [rng.choice(filler) for _ in range(words)]
        for i in range(0, words, 12):
            tokens[i] = tokens[i].capitalize() + rng.choice([",", ".", " «", "»", " —", ";"])
        for _ in range(words // 25):  # unrelated names, as any news text has
            tokens[rng.randrange(words)] = "".join(rng.choice(OTHER) for _ in range(3)).capitalize()
        if rng.random() < 0.02:
            tokens[rng.randrange(words)] = "Mi\u200dnsk"  # an invisible joiner, as pasted text has
        if rng.random() < hit_rate and by_language[language]:
            for _ in range(rng.randint(1, 3)):
                _lang, text = rng.choice(by_language[language])
                tokens[rng.randrange(words)] = inflected(rng, text, language)
        corpus.append((language, " ".join(tokens) + "."))
    return corpus


def bare_automaton(terms: list[Term]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for term in terms:
        for text in (term.text, *(t for _lang, t in term.forms)):
            automaton.add_word(normalise(text).strip(), term.id)
    automaton.make_automaton()
    return automaton


def timed(function, corpus, repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = function(corpus)
        best = min(best, time.perf_counter() - started)
    return best, found


def run(*, terms: int, campaigns: int, articles: int, words: int, hit_rate: float, repeat: int, seed: int) -> dict:
    """Build, measure and return the figures (bench/ingest.py prints them beside its own)."""
    rng = random.Random(seed)
    term_list = make_terms(rng, terms, campaigns)
    corpus = make_corpus(rng, term_list, articles, hit_rate, words)
    megabytes = sum(len(text.encode("utf-8")) for _lang, text in corpus) / 1e6

    started = time.perf_counter()
    matcher = Matcher(term_list)
    build = time.perf_counter() - started
    bare = bare_automaton(term_list)

    def run_matcher(texts):
        return sum(len(matcher.find(text, language=language)) > 0 for language, text in texts)

    # The bare scan: an automaton of the same normalised terms over the same texts, as they are (no
    # folding, no word boundaries, no inflection, no snippets): the ceiling the matcher is compared to.
    def run_bare(texts):
        return sum(sum(1 for _ in bare.iter(text)) > 0 for _language, text in texts)

    def run_fold(texts):
        return sum(len(fold(text)[0]) for _language, text in texts)

    folded = [fold(text)[0] for _language, text in corpus]
    automaton = matcher.automaton

    def run_scan(texts):
        return sum(sum(1 for _ in automaton.iter(text)) for text in texts)

    # Interleaved, best of ``repeat`` each: a machine whose load changes during the run slows all
    # four alike, so the ratio and the shares stay comparable.
    best: dict[str, tuple[float, int]] = {}
    for _ in range(repeat):
        for name, function, texts in [
            ("matcher", run_matcher, corpus),
            ("bare", run_bare, corpus),
            ("fold", run_fold, corpus),
            ("scan", run_scan, folded),
        ]:
            seconds, result = timed(function, texts, 1)
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, result)
    (matcher_time, matched), (bare_time, _found) = best["matcher"], best["bare"]
    (fold_time, _chars), (scan_time, hits) = best["fold"], best["scan"]
    return {
        "terms": len(term_list),
        "patterns": matcher.pattern_count,
        "campaigns": campaigns,
        "articles": articles,
        "megabytes": megabytes,
        "build": build,
        "matcher_time": matcher_time,
        "matched": matched,
        "bare_time": bare_time,
        "fold_time": fold_time,
        "scan_time": scan_time,
        "hits": hits,
        "ratio": bare_time / matcher_time,
    }


def report(figures: dict) -> None:
    mb, n = figures["megabytes"], figures["articles"]
    matcher_time = figures["matcher_time"]
    check_time = max(matcher_time - figures["fold_time"] - figures["scan_time"], 0.0)
    print(f"terms: {figures['terms']:,} over {figures['campaigns']} campaigns, {figures['patterns']:,} patterns")
    print("       (en fr de es tr ru ar; a third with a form in another language; Latin ones with accents)")
    print(f"corpus: {n:,} articles in 7 languages, {mb:.1f} MB; seeded ones carry terms with inflected endings")
    print(f"automaton build: {figures['build']:.2f} s")
    print(
        f"Parley matcher (inflections included): {mb / matcher_time:7.1f} MB/s  {n / matcher_time:8.0f} articles/s"
        f"  ({figures['matched']:,} articles matched)"
    )
    bare = figures["bare_time"]
    print(f"bare pyahocorasick, raw text:          {mb / bare:7.1f} MB/s  {n / bare:8.0f} articles/s")
    print(f"ratio matcher / bare scan: {figures['ratio']:.2f} (1.00 = as fast as the bare scan; goal >= 0.50)")
    print("where the matcher's time goes:")
    for label, seconds in [
        ("folding (code-page translate; slow path for mixed scripts)", figures["fold_time"]),
        (f"Aho-Corasick pass over the folded text ({figures['hits']:,} anchor hits)", figures["scan_time"]),
        ("checking each hit word by word (inflections, exclusions), offsets", check_time),
    ]:
        print(f"  {100 * seconds / matcher_time:5.1f}%  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies terms and articles (0.01 for CI)")
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--campaigns", type=int, default=50)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--words", type=int, default=800, help="words per article (about 5 KB)")
    parser.add_argument("--hit-rate", type=float, default=0.2, help="share of articles that contain a term")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    figures = run(
        terms=max(int(args.terms * args.scale), 10),
        campaigns=args.campaigns,
        articles=max(int(args.articles * args.scale), 7),
        words=args.words,
        hit_rate=args.hit_rate,
        repeat=args.repeat,
        seed=args.seed,
    )
    report(figures)


if __name__ == "__main__":
    main()
