"""An exclusive op-ed found elsewhere before its date alerts its owner and the coordinators and shows
on the board; a pitched op-ed that ran under another headline, the byline moved into the body, is
still found as the placement; a news story quoting a few of its sentences is not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Membership
from media_tracker.models import ExclusivityBreach, Notification, Placement
from media_tracker.services.ingest import _store
from media_tracker.services.placements import pitch_matches_article
from media_tracker.shingles import same_piece, shingles, similarity
from outreach.models import OutgoingEmail, Pitch
from tests import factories as f

pytestmark = pytest.mark.django_db

OPED = """For forty-four days, the war over Nagorno-Karabakh has been reported to the world as a contest of drones, \
maps and ministries. We are two journalists, one from Yerevan and one from Baku, and we have spent those weeks \
listening to the people whose homes stand on either side of the line of contact.
The mothers we met in Stepanakert and in Ganja asked us the same question: who will count the civilians when the \
fighting stops? Neither government has answered it, and the ceasefire signed in Moscow does not answer it either.
A durable peace needs more than peacekeepers. It needs independent monitors on both sides of the line, safe \
passage for humanitarian convoys, and a full accounting of the missing, the detained and the dead.
We ask the co-chairs of the OSCE Minsk Group to put civilians at the centre of the next round of talks, and we \
ask our own readers, in Armenia and in Azerbaijan, to refuse the language of revenge that has poisoned three decades.
If two journalists from opposing capitals can write one text together, our leaders can sit in one room."""


def world():
    campaign = f.CampaignFactory()
    coordinator = f.UserFactory(username="coord", email="coord@ngo.example.org")
    owner = f.UserFactory(username="owner", email="owner@ngo.example.org")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    f.MembershipFactory(user=owner, campaign=campaign, role=Membership.Role.STAFF)
    anna = f.ContactFactory(full_name="Anna Hakobyan")
    leyla = f.ContactFactory(full_name="Leyla Aliyeva", name_variants=["Лейла Алиева"])
    op_ed = f.OpEdFactory(campaign=campaign, title="Two journalists, one call for peace", text=OPED, language="en")
    op_ed.authors.add(anna, leyla)
    german = f.OpEdFactory(
        campaign=campaign, title="Zwei Journalistinnen, ein Aufruf zum Frieden", language="de", version_of=op_ed
    )
    german.authors.add(anna, leyla)
    faz = f.OutletFactory(name="Frankfurter Allgemeine", language="de")
    today = timezone.localdate()
    pitch = f.PitchFactory(
        op_ed=german,
        outlet=faz,
        owner=owner,
        status=Pitch.Status.ACCEPTED,
        pitched_on=today - dt.timedelta(days=2),
        answered_on=today - dt.timedelta(days=1),
        exclusive_until=today + dt.timedelta(days=3),
    )
    return campaign, coordinator, owner, op_ed, pitch


def store(outlet, title, text, *, author="", at=None):
    return _store(
        outlet=outlet,
        feed=None,
        url=f"https://{outlet.pk}.example.org/{abs(hash(title))}",
        link_url="",
        title=title,
        author=author,
        published_at=at or timezone.now(),
        text=text,
    )


def test_the_title_of_another_language_version_elsewhere_breaks_the_exclusivity():
    campaign, coordinator, owner, op_ed, pitch = world()
    spiegel = f.OutletFactory(name="Der Spiegel", language="de")
    outcome = store(spiegel, "Zwei Journalistinnen, ein Aufruf zum Frieden", "Ein Gastbeitrag.")
    assert [b.reason for b in outcome.breaches] == [ExclusivityBreach.Reason.TITLE]
    told = set(Notification.objects.filter(kind="exclusivity").values_list("user__username", flat=True))
    assert told == {"coord", "owner"}
    assert OutgoingEmail.objects.filter(kind="alert", recipient="owner@ngo.example.org").exists()
    # Checked again (a re-fetch): nothing new.
    assert store(spiegel, "Zwei Journalistinnen, ein Aufruf zum Frieden", "Ein Gastbeitrag.").breaches == []


def test_the_authors_names_together_break_it_and_one_name_alone_does_not():
    campaign, coordinator, owner, op_ed, pitch = world()
    taz = f.OutletFactory(name="taz", language="de")
    assert store(taz, "Interview", "Anna Hakobyan sprach mit Reportern in Eriwan über die Waffenruhe.").breaches == []
    text = "Ein Text von Anna Hakobyan und Лейла Алиева über den Frieden."
    assert [b.reason for b in store(taz, "Meinung", text).breaches] == ["authors"]


def test_the_text_under_any_headline_breaks_it_and_nothing_after_the_date_or_in_the_outlet_itself():
    campaign, coordinator, owner, op_ed, pitch = world()
    other = f.OutletFactory(name="Die Zeit", language="de")
    assert [b.reason for b in store(other, "Frieden jetzt?", OPED).breaches] == ["text"]
    later = timezone.now() + dt.timedelta(days=5)
    assert store(f.OutletFactory(), "Frieden?", OPED, at=later).breaches == []
    assert store(pitch.outlet, "Zwei Journalistinnen, ein Aufruf zum Frieden", "...").breaches == []


def test_the_op_ed_board_shows_the_exclusivity_and_the_breach(client):
    campaign, coordinator, owner, op_ed, pitch = world()
    store(f.OutletFactory(name="Der Spiegel"), "Zwei Journalistinnen, ein Aufruf zum Frieden", "…")
    client.force_login(owner)
    page = client.get(reverse("outreach:oped-board")).content.decode()
    assert "exclusive until" in page and "Exclusivity breached: in Der Spiegel" in page


# --- Retitled placements ---------------------------------------------------------------------


def retitled(text: str) -> str:
    """What an editor does: a new headline elsewhere, the byline on its own line, a paragraph cut."""
    paragraphs = text.split("\n")
    return "\n".join(["By Anna Hakobyan and Leyla Aliyeva", *paragraphs[:3], paragraphs[4]])


def news_story_quoting(text: str) -> str:
    quote = " ".join(text.split("\n")[1].split(". ")[:2])
    return (
        "Fighting has stopped along most of the line of contact, officials in both capitals said on Tuesday, "
        "after a week in which artillery fire had resumed around several villages in the south.\n"
        f"In an op-ed published this week, two journalists wrote: “{quote}.”\n"
        "The Russian defence ministry said its peacekeepers had set up observation posts along the Lachin "
        "corridor, and that the first convoys of returning residents were expected within days. Diplomats "
        "in Vienna said the OSCE would send a fact-finding mission once security guarantees were in place, "
        "while aid agencies called for unhindered access to the thousands still sheltering in basements."
    )


def test_shingles_tell_the_same_piece_from_a_quote():
    assert similarity(shingles(OPED), shingles(retitled(OPED))) > 0.6
    assert same_piece(OPED, retitled(OPED))
    assert similarity(shingles(OPED), shingles(news_story_quoting(OPED))) < 0.2
    assert not same_piece(OPED, news_story_quoting(OPED))


def test_a_retitled_op_ed_with_the_byline_in_the_body_is_the_placement_and_a_quote_is_not():
    campaign, coordinator, owner, op_ed, _pitch = world()
    guardian = f.OutletFactory(name="The Guardian", language="en")
    pitch = f.PitchFactory(op_ed=op_ed, outlet=guardian, owner=owner, pitched_on=timezone.localdate())
    quote = store(guardian, "Ceasefire holds", news_story_quoting(OPED))
    assert quote.placements == []
    outcome = store(guardian, "Who will count the civilians?", retitled(OPED))
    assert [p.pitch_id for p in outcome.placements] == [pitch.pk]
    assert Placement.objects.get(pitch=pitch).article == outcome.article


def test_authors_on_a_byline_line_count_and_in_a_sentence_do_not():
    campaign, coordinator, owner, op_ed, _pitch = world()
    pitch = f.PitchFactory(op_ed=op_ed, outlet=f.OutletFactory(), pitched_on=timezone.localdate())
    byline = f.ArticleFactory.build(title="Opinion", author="", text="Par Anna Hakobyan et Leyla Aliyeva\nLe texte.")
    assert pitch_matches_article(pitch=pitch, article=byline)
    quoted = f.ArticleFactory.build(
        title="News", author="", text="Anna Hakobyan and Leyla Aliyeva were quoted by the agency.\nMore."
    )
    assert not pitch_matches_article(pitch=pitch, article=quoted)
