"""The header search: what it finds, for whom, with accents, scripts and case folded."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from campaigns.reports.search import search_everything
from outreach.models import Contact
from tests.factories import (
    ArticleFactory,
    BriefingFactory,
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
    OutletFactory,
)


def _suggest(client, query: str) -> str:
    return client.get(reverse("search-suggest"), {"q": query}).content.decode()


def _page(client, query: str) -> str:
    return client.get(reverse("search"), {"q": query}).content.decode()


def test_header_box_is_on_every_signed_in_page_and_not_on_sign_in(client, world):
    assert 'id="site-search"' not in client.get(reverse("login")).content.decode()
    client.force_login(world.viewer)
    for name in ("home", "outreach:contact-list", "campaigns:list", "media_tracker:media"):
        html = client.get(reverse(name)).content.decode()
        assert 'id="site-search"' in html and reverse("search-suggest") in html, name


def test_typeahead_groups_every_kind_with_links_to_the_records(client, world):
    OutletFactory(name="Ceasefire Weekly")
    world.mention.article.title = "Ceasefire holds in Stepanakert"
    world.mention.article.save()
    world.op_ed.title = "A ceasefire that lasts"
    world.op_ed.save()
    BriefingFactory(campaign=world.campaign, title="Ceasefire monitoring briefing")
    OrganisationFactory(name="Ceasefire Monitors Network")
    ContactFactory(full_name="Anna Ceasefire-Watcher")
    client.force_login(world.viewer)
    html = _suggest(client, "ceasefire")
    for label in ("Contacts", "Organisations", "Interactions", "Briefings", "Op-eds", "Pitches", "Outlets", "Articles"):
        assert f"<h2>{label}</h2>" in html, label
    assert (
        reverse("outreach:contact-detail", args=[world.contact.pk])
        + f"?show=interaction-{world.interaction.pk}#interaction-{world.interaction.pk}"
        in html
    )
    assert reverse("outreach:pitch-edit", args=[world.pitch.pk]) in html
    assert f"?article={world.mention.article.pk}" in html
    assert reverse("search") + "?q=ceasefire" in html


def test_a_member_of_one_campaign_never_finds_another_campaigns_records(client, world):
    client.force_login(world.viewer)
    assert "Visible call about the ceasefire" in _page(client, "ceasefire")
    html = _page(client, "secret")
    for hidden in ("Hidden talk", "Secret briefing", "Secret op-ed", "Secret next step"):
        assert hidden not in html
    html = _suggest(client, "hidden talk")
    assert "Hidden talk" not in html and "Nothing found" in html
    client.force_login(world.outsider)
    html = _page(client, "talk secret")
    assert "Hidden talk with the secret campaign" in html
    assert "Visible call" not in _page(client, "visible call")


def test_accents_case_and_scripts_are_folded(client, world):
    jose = ContactFactory(full_name="José Sahakyan", name_variants=["Хосе Саакян", "خوسيه ساهاكيان"])
    ContactFactory(full_name="Łukasz Müller")
    client.force_login(world.viewer)
    url = reverse("outreach:contact-detail", args=[jose.pk])
    for query in ("Jose", "jose sahakyan", "SAHAKYAN", "sahak", "josé", "Саакян", "ساهاكيان", "سَاهَاكِيان"):
        assert url in _suggest(client, query), query
    assert "Łukasz Müller" in _suggest(client, "muller")
    if connection.vendor == "postgresql":  # unaccent knows ł; Python's decomposition does not
        assert "Łukasz Müller" in _suggest(client, "lukasz")


def test_words_in_any_order_and_interactions_by_word_prefix(client, world):
    InteractionFactory(campaign=world.campaign, contact=world.contact, summary="Négociations sur le cessez-le-feu")
    client.force_login(world.staff)
    assert "Négociations sur le cessez-le-feu" in _page(client, "negoc cessez")
    assert "Svitlana Valko" in _suggest(client, "valko svit")


def test_protected_contact_is_found_by_pseudonym_only(client, world):
    ContactFactory(
        full_name="Real Name Hidden",
        pseudonym="Source Kappa",
        is_protected=True,
        email="hidden-source@example.org",
        name_variants=["Реал Нейм"],
    )
    client.force_login(world.coordinator)
    assert "Source Kappa" in _suggest(client, "kappa")
    for query in ("real name", "hidden-source", "Реал"):
        html = _page(client, query)
        assert "Source Kappa" not in html and "Real Name Hidden" not in html, query


def test_archived_records_are_left_out(client, world):
    ContactFactory(full_name="Archived Person Zed", archived_at="2024-01-01T00:00:00Z")
    client.force_login(world.viewer)
    assert "Archived Person Zed" not in _page(client, "archived person")


def test_ranking_puts_the_closest_name_first_on_postgresql(world):
    if connection.vendor != "postgresql":
        return  # SQLite orders by name: ranking is PostgreSQL's trigram similarity
    ContactFactory(full_name="Armen Sahakyanian-Tervartanyan")
    ContactFactory(full_name="Sahakyan")
    results = search_everything(user=world.viewer, query="sahakyan")
    contacts = next(group for group in results.groups if group.kind == "contact")
    assert contacts.hits[0].title == "Sahakyan"


def test_typeahead_is_bounded_and_the_page_shows_more(client, world):
    for n in range(30):
        ArticleFactory(title=f"Minsk Group statement number {n}")
    client.force_login(world.viewer)
    results = search_everything(user=world.viewer, query="minsk statement")
    articles = next(group for group in results.groups if group.kind == "article")
    assert len(articles.hits) == 5 and articles.more
    html = _page(client, "minsk statement")
    assert html.count("Minsk Group statement number") == 25 and "25+" in html


def test_short_odd_or_hostile_queries_answer_calmly(client, world):
    client.force_login(world.viewer)
    assert "Type at least 3 letters" in _suggest(client, "ab")
    assert _suggest(client, "   ").strip() == ""
    for query in ("'; DROP TABLE x; --", "a & b | !c:*", "%%%___", "ŉ'ŉ", "🙂🙂🙂", "x" * 500, "\\\\\\", "<script>"):
        for response in (
            client.get(reverse("search-suggest"), {"q": query}),
            client.get(reverse("search"), {"q": query}),
        ):
            assert response.status_code == 200, query
    assert "<script>" not in _page(client, "<script>")
    assert Contact.objects.exists()


def test_search_needs_sign_in(client, world):
    response = client.get(reverse("search-suggest"), {"q": "valko"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_full_page_in_arabic(client, world):
    client.force_login(world.viewer)
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    html = _page(client, "svitlana")
    assert 'dir="rtl"' in html and "Svitlana Valko" in html and "جهات الاتصال" in html


def test_the_full_text_sample_limit_does_not_outlive_the_search(world):
    if connection.vendor != "postgresql":
        return  # gin_fuzzy_search_limit is PostgreSQL's
    ArticleFactory(title="Ceasefire sampled")
    search_everything(user=world.viewer, query="ceasefire")
    with connection.cursor() as cursor:
        cursor.execute("SHOW gin_fuzzy_search_limit")
        assert cursor.fetchone()[0] == "0"


def test_articles_and_interactions_in_arabic_and_cyrillic_are_found_by_word_start(client, world):
    ArticleFactory(title="وَقْف إطلاق النار في ستيباناكيرت")
    ArticleFactory(title="Заявление Минской группы ОБСЕ")
    InteractionFactory(campaign=world.campaign, contact=world.contact, summary="Échange sur l'accès humanitaire")
    client.force_login(world.viewer)
    assert "ستيباناكيرت" in _page(client, "ستيباناكيرت")
    assert "ستيباناكيرت" in _page(client, "وقف اطلاق")  # vowel marks and the hamza'd alef folded
    assert "Минской группы" in _page(client, "минской")
    assert "Échange sur" in _page(client, "echange acces")
