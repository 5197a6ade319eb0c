"""Which inflected forms of a term's word the matcher accepts, language by language.

A term is entered in its dictionary form ("Минская группа", "Nagorno-Karabakh", "ateşkes").
For a word ``t`` of a term in language L, the matcher accepts a word ``w`` of an article in L
when both are one *base* plus an ending of L:

    w == base + e2,  with e2 in ENDINGS[L] (or nothing),
    base = t, or t minus one of its dictionary-form endings (CITATION[L]), or t's Snowball
    stem (PyStemmer) when that stem is a prefix of t,

and the base keeps at least MIN_BASE letters. So
"Минская" (base "минск") finds "Минской", "Минскую"; "Карабах" finds "Карабахе";
"Gruppe" (base "grupp") finds "Gruppen"; "مجموعة" finds "مجموعات". Endings are a closed
list per language, never "any letters": "Ana" never finds "Anaïs", "organisation" never
finds "organised".

Proper nouns (people and places) take only the endings that names take in running text:
Russian declension, the German genitive -s; none in English, French, Spanish (possessives
and Turkish suffixes come after an apostrophe, which is a word boundary anyway) nor in
Arabic (whose attached prefixes the matcher handles for every word). And a Russian name
only declines from a dictionary ending that declines ("Шуша" → "Шуше"; "Баку" stays
"Баку", so it never finds "бака", the genitive of "бак", a tank).

Everything here is in the matcher's folded form: lower case, accents dropped, й kept, ё → е.
"""

from __future__ import annotations

from functools import cache

import Stemmer

from media_tracker.folding import fold_word

# Content languages whose words the matcher inflects; any other language is matched as written.
SNOWBALL = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "ru": "russian",
    "es": "spanish",
    "tr": "turkish",
    "ar": "arabic",
}
INFLECTED_LANGUAGES = frozenset(SNOWBALL)
MIN_BASE = {"ar": 3, "ru": 3}  # letters a base keeps; 4 elsewhere
DEFAULT_MIN_BASE = 4

_RU_NOUN = "а я о е ы и у ю ь й ом ем ой ей ою ею ам ям ами ями ах ях ов ев ьми"
_RU_ADJ = "ый ий ой ая яя ое ее ые ие ого его ому ему ым им ом ем ую юю ых их ыми ими"
_TR = (
    "i ı u e a in ın un nin nın nun ni nı nu ne na nde nda nden ndan de da te ta den dan ten tan "
    "le la yle yla ye ya yi yı yu ler lar leri ları lerin ların lere lara lerde larda lerden lardan "
    "si sı su sin sın sun sine sına suna sinde sında sunda sinden sından sundan ile"
)
_AR = "ة ات ي ية يه ون ين ان ه ها هم هما هن ك كم نا ت تها ته تهم تين تان يات يين يون"

# Endings a word in its dictionary form may end with, taken off to find the base.
CITATION = {
    "en": ("s", "es", "y"),
    "fr": ("s", "x"),
    "es": ("o", "a", "os", "as", "s", "es"),
    "de": ("e", "en", "n", "s", "es", "er"),
    "ru": ("а", "я", "ь", "й", "о", "е", "ы", "и", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"),
    "tr": (),
    "ar": ("ة", "ات", "ي", "ية", "ون", "ين", "ان"),
}
# Endings an inflected form may add to the base.
ENDINGS = {
    "en": ("s", "es", "ies", "y"),
    "fr": ("s", "x", "e", "es"),
    "es": ("o", "a", "os", "as", "s", "es"),
    "de": ("e", "en", "n", "s", "es", "er", "ern", "em"),
    "ru": tuple(sorted(set((_RU_NOUN + " " + _RU_ADJ).split()))),
    "tr": tuple(_TR.split()),
    "ar": tuple(_AR.split()),
}
# Names: the dictionary endings that decline, and the endings names take.
PROPER_CITATION = {"ru": ("а", "я", "ь", "й", "ый", "ий", "ой", "ая", "яя")}
PROPER_ENDINGS = {"ru": ENDINGS["ru"], "de": ("s",)}

# Turkish stems ending in p, ç, t, k soften before a vowel: grup -> grubu, Irak -> Irağı.
_TR_SOFTENING = {"p": "b", "c": "c", "t": "d", "k": "g"}

# The most common words of each language (folded): never a one-word term, nor what one reduces to.
_COMMON = {
    "en": "the a an and or but of to in on at by for with from as is are was were be been being it its this "
    "that these those he she they we you i his her their our your not no yes all any some more most new "
    "said says say will would can could should may might has have had do does did up out over after before "
    "about into than then there here when where who what which why how also just only one two three year "
    "years people time day week government state states group groups war peace news read make made general "
    "world country part number report reports",
    "fr": "le la les un une des du de d l et ou mais que qui quoi dont ou a au aux en dans sur sous par pour "
    "avec sans ce cet cette ces il elle ils elles on nous vous je tu son sa ses leur leurs notre votre est "
    "sont etait ete etre avoir a ont avait fait faire plus moins tres aussi ne pas non oui tout tous toute "
    "toutes deux an ans annee jour semaine selon dit paix guerre monde pays groupe groupes etat",
    "de": "der die das den dem des ein eine einer eines einem einen und oder aber zu im in am an auf aus bei "
    "mit nach von vor fur uber unter um ist sind war waren sein hat haben hatte wird werden wurde er sie es "
    "wir ihr ich sich nicht kein keine auch noch nur schon mehr sehr als wie wo was wer dass jahr jahre tag "
    "woche krieg frieden welt land gruppe staat berg",
    "ru": "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне "
    "было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас "
    "нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем "
    "была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем "
    "ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два "
    "об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя "
    "впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между "
    "год года мир мира война страна группа",
    "es": "el la los las un una unos unas y o pero de del a al en por para con sin sobre entre que quien "
    "cual como donde cuando es son era fue ser estar esta este esto estos estas ese esa eso se su sus lo le "
    "les no si mas muy ya tambien ano anos dia semana dijo paz guerra mundo pais grupo estado",
    "tr": "ve veya ile bir bu su o da de ki mi mu icin gibi kadar daha en cok az her hic ama fakat ancak "
    "ise ya ne neden nasil nerede kim hangi olan olarak oldu olan olmak var yok ben sen biz siz onlar "
    "yil gun hafta baris savas dunya ulke grup devlet karsi",
    "ar": "في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين ان أن إن كان كانت قد لا لم لن ما هو هي هم "
    "نحن انت او أو ثم كل بعض بين عند بعد قبل حتى منذ خلال وقال قال يوم سنة عام حرب سلام دولة مجموعة",
}


@cache
def stemmer(language: str) -> Stemmer.Stemmer | None:
    name = SNOWBALL.get(language)
    return Stemmer.Stemmer(name) if name else None


@cache
def common_words(language: str, *, with_stems: bool = True) -> frozenset[str]:
    """The language's most common words (folded), and their stems unless ``with_stems`` is False."""
    words = {fold_word(word) for word in _COMMON.get(language, "").split()}
    stem = stemmer(language)
    stems = {stem.stemWord(word) for word in words} if stem and with_stems else set()
    return frozenset(words | stems)


@cache
def endings(language: str, *, proper: bool) -> frozenset[str]:
    """The endings an inflected form may add to a base, as a set ("" included)."""
    found = PROPER_ENDINGS.get(language, ()) if proper else ENDINGS.get(language, ())
    return frozenset(found) | {""} if found else frozenset()


def min_base(language: str) -> int:
    return MIN_BASE.get(language, DEFAULT_MIN_BASE)


def bases(word: str, language: str, *, proper: bool) -> tuple[str, ...]:
    """The bases of ``word`` (folded) that inflected forms are built on; empty: match it as written.

    A base that is itself one of the language's most common words is dropped: "Каке" must not
    find "как" (how), whatever the rules of declension say.
    """
    if language not in INFLECTED_LANGUAGES:
        return ()
    citation = PROPER_CITATION.get(language, ()) if proper else CITATION[language]
    endings = PROPER_ENDINGS.get(language, ()) if proper else ENDINGS[language]
    if not endings:
        return ()
    shortest = min_base(language)
    found = {word} if len(word) >= shortest else set()
    for ending in citation:
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            found.add(word[: -len(ending)])
    if not proper:
        stem = stemmer(language).stemWord(word)
        if word.startswith(stem) and len(stem) >= shortest:
            found.add(stem)
        if language == "tr" and len(word) >= shortest and word[-1] in _TR_SOFTENING:
            found.add(word[:-1] + _TR_SOFTENING[word[-1]])
    common = common_words(language, with_stems=False)
    return tuple(sorted(base for base in found if base == word or base not in common))


def accepts(candidate: str, word_bases: tuple[str, ...], allowed: frozenset[str]) -> bool:
    """Whether ``candidate`` (a folded word) is one of the bases plus an ending in ``allowed``."""
    return any(candidate.startswith(base) and candidate[len(base) :] in allowed for base in word_bases)


def stem_is_common(word: str, language: str) -> str:
    """The common word that ``word`` reduces to in ``language`` (by its Snowball stem), or ""."""
    stem = stemmer(language)
    if stem is None:
        return ""
    reduced = stem.stemWord(word)
    return reduced if reduced != word and reduced in common_words(language) else ""


def is_common(word: str, language: str | None = None) -> bool:
    """``word`` is among the most common words of ``language`` (of any inflected language if None)."""
    languages = [language] if language else list(INFLECTED_LANGUAGES)
    return any(word in common_words(code) for code in languages if code)
