"""The matcher: case-, accent- and punctuation-insensitive, on word boundaries, in three scripts."""

from __future__ import annotations

import random

import pytest

from media_tracker.matching import Matcher, Term, normalise, normalise_with_offsets, snippet


def found(terms: list[str], text: str) -> list[str]:
    matcher = Matcher([Term(id=i, campaign_id=1, text=t) for i, t in enumerate(terms)])
    match = matcher.find(text).get(1)
    return [terms[i] for i in match.term_ids] if match else []


def test_ana_does_not_match_inside_anais():
    assert found(["Ana"], "Anaïs Martin spoke to the press.") == []
    assert found(["Ana"], "Banana republic") == []
    assert found(["Ana"], "Ana Martin spoke.") == ["Ana"]


def test_jose_matches_jose_with_accent_and_the_other_way_round():
    assert found(["Jose"], "said José Pérez, the envoy") == ["Jose"]
    assert found(["José Pérez"], "JOSE PEREZ said") == ["José Pérez"]


def test_case_and_punctuation_do_not_matter():
    assert found(["OSCE Minsk Group"], "the osce minsk-group met") == ["OSCE Minsk Group"]
    assert found(["O'Brien"], "O’Brien and OBrien") == ["O'Brien"]
    assert found(["Minsk Group"], "the Minsk\nGroup's co-chairs") == ["Minsk Group"]


def test_cyrillic_name_matches_in_its_script():
    assert found(["Томас де Ваал"], "Эксперт ТОМАС де Ваал сказал, что") == ["Томас де Ваал"]
    assert found(["Фёдор"], "Федор Иванов") == ["Фёдор"]  # ё and е are one letter for matching
    assert found(["Ана"], "Анаис пришла") == []


def test_arabic_name_matches_in_its_script_with_or_without_vowels_and_proclitics():
    assert found(["توماس دي وال"], "وقال تُومَاس دي وال إن الهدنة صامدة") == ["توماس دي وال"]
    assert found(["موسكو"], "وصل الوفد وموسكو تراقب") == ["موسكو"]
    assert found(["موسكو"], "موسكوفي") == []


def test_all_terms_of_all_campaigns_in_one_pass_with_first_match_span():
    matcher = Matcher(
        [
            Term(id=1, campaign_id=10, text="ceasefire"),
            Term(id=2, campaign_id=10, text="Stepanakert"),
            Term(id=3, campaign_id=20, text="Minsk Group"),
            Term(id=4, campaign_id=30, text="absent"),
        ]
    )
    text = "In Stepanakert the ceasefire held; the Minsk Group met."
    result = matcher.find(text)
    assert set(result) == {10, 20}
    assert result[10].term_ids == [2, 1]
    assert text[result[10].first_start : result[10].first_end] == "Stepanakert"
    assert text[result[20].first_start : result[20].first_end] == "Minsk Group"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_and_offset_normalisation_agree(seed):
    rng = random.Random(seed)
    alphabet = "aéÉİıßœﬁ ’'-.,½٣ـىأإآوَُِЁёЙй\u0301\u200d\t\n\U0001d165𝐀ﻯ" + "".join(chr(c) for c in range(0x400, 0x450))
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert normalise(text) == normalise_with_offsets(text)[0]


def test_match_spans_point_at_the_original_text_even_when_words_do_not_line_up():
    matcher = Matcher([Term(id=1, campaign_id=1, text="Minsk Group"), Term(id=2, campaign_id=2, text="fin")])
    for text in ["½ ﬁ the Minsk Group met", "e\u0301te\u0301 — Minsk-Group", "MINSK GROUP", "x " * 50 + "Minsk  Group"]:
        match = matcher.find(text)[1]
        assert normalise(text[match.first_start : match.first_end]) == " minsk group ", text
    text = "the ﬁn of it"
    match = matcher.find(text)[2]
    assert text[match.first_start : match.first_end] == "ﬁn"


def test_snippet_is_cut_at_words_around_the_match():
    text = "word " * 100 + "Minsk Group" + " word" * 100
    start = text.index("Minsk")
    piece = snippet(text, start, start + len("Minsk Group"), radius=30)
    assert piece.startswith("… word") and piece.endswith("word …")
    assert "Minsk Group" in piece and len(piece) < 90
