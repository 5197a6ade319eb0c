"""Inflected forms in the languages the campaign pitches in, the false friends that must stay out,
and the rules for bad input. Sentences written for these tests in the style of news copy."""

from __future__ import annotations

import pytest

from media_tracker.matching import Matcher, Term


def found(term: Term | str, text: str, *, language: str, **fields) -> str | None:
    """The text the term matched in an article in ``language`` (None when it did not)."""
    if isinstance(term, str):
        term = Term(id=1, campaign_id=1, text=term, language=fields.pop("term_language", language), **fields)
    match = Matcher([term]).find(text, language=language).get(1)
    return text[match.first_start : match.first_end] if match else None


# --- Russian ---------------------------------------------------------------------------------

RU = [
    ("Минская группа", "Сопредседатели Минской группы ОБСЕ прибыли в Ереван во вторник.", "Минской группы"),
    ("Минская группа", "Посредники призвали Минскую группу усилить мониторинг.", "Минскую группу"),
    ("Минская группа", "Переговоры под эгидой Минской группой не велись с весны.", "Минской группой"),
    ("Минская группа", "В заявлении Минская группа осудила обстрелы.", "Минская группа"),
]


@pytest.mark.parametrize(("term", "text", "expected"), RU)
def test_russian_cases_of_a_keyword_are_found(term, text, expected):
    assert found(term, text, language="ru") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Бои в Нагорном Карабахе продолжались всю ночь, сообщили власти.", "Нагорном Карабахе"),
        ("Жители Нагорного Карабаха покидают свои дома.", "Нагорного Карабаха"),
        ("Россия направила миротворцев в Нагорный Карабах.", "Нагорный Карабах"),
    ],
)
def test_russian_place_declines(text, expected):
    assert found("Нагорный Карабах", text, language="ru", kind="place") == expected


def test_russian_name_declines_but_an_indeclinable_place_does_not_match_a_common_word():
    person = Term(id=1, campaign_id=1, text="Томас де Ваал", language="ru", kind="person")
    assert found(person, "По мнению Томаса де Ваала, перемирие хрупкое.", language="ru") == "Томаса де Ваала"
    assert found("Шуша", "Город Шуша перешёл под контроль армии; в Шуше идут бои.", language="ru", kind="place")
    # "Баку" does not decline: "бака" (of a tank) is another word.
    assert found("Баку", "Из пробитого топливного бака вытекло горючее.", language="ru", kind="place") is None
    assert found("Баку", "Делегация вернулась в Баку вечером.", language="ru", kind="place") == "Баку"


# --- German ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Minsker Gruppe der OSZE vermittelt seit 1992.", "Minsker Gruppe"),
        ("Vertreter der OSZE-Minsk-Gruppe trafen sich in Wien.", "Minsk-Gruppe"),
        ("Die Vorschläge der Minsk-Gruppen blieben folgenlos.", "Minsk-Gruppen"),
    ],
)
def test_german_forms_of_the_minsk_group_are_found(text, expected):
    assert found("Minsk-Gruppe", text, language="de") == expected


def test_german_place_takes_only_the_genitive():
    assert found("Bergen", "Bergens Hafen war gestern gesperrt.", language="de", kind="place") == "Bergens"
    assert found("Bergen", "Die Berge rund um Stepanakert sind verschneit.", language="de", kind="place") is None


# --- French, Spanish, English ----------------------------------------------------------------


def test_french_plural_and_agreement():
    assert found("Groupe de Minsk", "Les coprésidents du groupe de Minsk se réunissent.", language="fr")
    assert found("cessez-le-feu", "Les cessez-le-feu successifs ont été violés.", language="fr")
    assert found("couloir humanitaire", "Deux couloirs humanitaires ont été ouverts.", language="fr") == (
        "couloirs humanitaires"
    )


def test_spanish_plural_and_gender():
    assert found("grupo de Minsk", "Los grupos de Minsk no lograron un acuerdo.", language="es") == "grupos de Minsk"
    assert found("corredor humanitario", "Se abrieron corredores humanitarios.", language="es") == (
        "corredores humanitarios"
    )


def test_english_plural_and_possessive_but_not_a_longer_name_or_a_derived_word():
    assert found("ceasefire", "Both ceasefires collapsed within hours.", language="en") == "ceasefires"
    assert found("Minsk Group", "The Minsk Group's co-chairs met in Moscow.", language="en") == "Minsk Group"
    assert found("Ana", "Anaïs Martin spoke to the press.", language="en", kind="person") is None
    assert found("Ana", "Ana Martin spoke to the press.", language="en", kind="person") == "Ana"
    assert found("organisation", "The talks were organised in Geneva.", language="en") is None


# --- Turkish and Arabic ----------------------------------------------------------------------


def test_turkish_suffixes_with_and_without_apostrophe():
    assert found("ateşkes", "Taraflar ateşkesin korunması konusunda anlaştı.", language="tr") == "ateşkesin"
    assert found("Minsk Grubu", "AGİT Minsk Grubu'nun eş başkanları Bakü'ye geldi.", language="tr") == "Minsk Grubu"
    assert found("Minsk Grubu", "AGİT Minsk Grubunun eş başkanları açıklama yaptı.", language="tr") == (
        "Minsk Grubunun"
    )


def test_turkish_place_does_not_match_a_common_word_once_accents_fold():
    # "karşı" (against) folds to "karsi"; the city Kars takes its suffixes after an apostrophe.
    assert found("Kars", "Ankara bu plana karşı çıktı.", language="tr", kind="place") is None
    assert found("Kars", "Heyet Kars'ta incelemelerde bulundu.", language="tr", kind="place") == "Kars"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("واجتمعت مجموعة مينسك في فيينا أمس.", "مجموعة مينسك"),
        ("وقال رؤساء مجموعات مينسك إن المحادثات ستستأنف.", "مجموعات مينسك"),
        ("ودعت ومجموعة مينسك الطرفين إلى التهدئة.", "ومجموعة مينسك"),
    ],
)
def test_arabic_plural_and_proclitics(text, expected):
    assert found("مجموعة مينسك", text, language="ar") == expected


def test_arabic_with_vowel_marks_and_tatweel():
    assert found("موسكو", "وصل الوفد إلى مُوسْكـــو مساء الثلاثاء.", language="ar") == "مُوسْكـــو"


# --- One term, several languages -------------------------------------------------------------


def test_a_term_with_forms_in_other_languages_is_one_term_found_in_each():
    minsk = Term(
        id=7,
        campaign_id=1,
        text="Minsk Group",
        language="en",
        forms=(("fr", "Groupe de Minsk"), ("de", "Minsk-Gruppe"), ("ru", "Минская группа"), ("ar", "مجموعة مينسك")),
    )
    matcher = Matcher([minsk])
    for text, language in [
        ("The Minsk Group co-chairs issued a statement.", "en"),
        ("Les coprésidents des groupes de Minsk ont réagi.", "fr"),
        ("Die Minsker Gruppe hat reagiert.", "de"),
        ("Заявление сделали сопредседатели Минской группы.", "ru"),
        ("وقالت مجموعة مينسك في بيان.", "ar"),
    ]:
        assert matcher.find(text, language=language)[1].term_ids == [7], text


def test_an_english_article_with_a_russian_quote_finds_both_in_one_pass():
    terms = [
        Term(id=1, campaign_id=1, text="ceasefire", language="en"),
        Term(id=2, campaign_id=1, text="Минская группа", language="ru"),
    ]
    text = "The ceasefire held, a diplomat said, quoting «Минская группа» in Russian."
    assert Matcher(terms).find(text, language="en")[1].term_ids == [1, 2]


def test_inflection_applies_only_in_the_language_of_the_form():
    # In a Bulgarian-language quote (no stemmer) or an English article, a Russian term is matched as written.
    assert found("Минская группа", "Минской группы", language="en", term_language="ru") is None
    assert found("Минская группа", "Минская группа", language="en", term_language="ru") == "Минская группа"


def test_exact_only_terms_take_no_inflection():
    assert found("Шуша", "В Шуше идут бои.", language="ru", kind="place", exact=True) is None


def test_exclusion_phrases_hide_only_the_occurrences_inside_them():
    minsk = Term(id=1, campaign_id=1, text="Minsk", language="en", kind="place", exclusions=("Minsk agreements",))
    assert Matcher([minsk]).find("The Minsk agreements of 2015 are dead.", language="en") == {}
    match = Matcher([minsk]).find("Under the Minsk agreements, talks in Minsk resume.", language="en")[1]
    assert match.first_start == len("Under the Minsk agreements, talks in ")


# --- Bad input -------------------------------------------------------------------------------


def test_an_article_in_a_language_without_stemmer_matches_terms_as_written():
    # Armenian is a content language with no inflection rules here: written forms only.
    assert found("Minsk Group", "Minsk Groups", language="hy", term_language="en") is None
    assert found("Minsk Group", "Minsk Group", language="hy", term_language="en") == "Minsk Group"


def test_right_to_left_marks_and_zero_width_joiners_inside_words_do_not_split_them():
    assert (
        found("Минская группа", "Встреча Мин\u200dской груп\u00adпы прошла.", language="ru")
        == "Мин\u200dской груп\u00adпы"
    )
    assert found("مينسك", "وقالت مجموعة مين\u200fسك إن", language="ar") == "مين\u200fسك"
    assert found("Stepanakert", "In Stepana\u200bkert, shelling resumed.", language="en") == "Stepana\u200bkert"


def test_a_word_mixing_scripts_in_the_text_matches_nothing():
    # "Мinsk" with a Cyrillic М: a look-alike, not the word.
    assert found("Minsk", "Talks in \u041cinsk resumed.", language="en", kind="place") is None
