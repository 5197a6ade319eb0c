"""Contacts and organisations: lists, filters, pagination, detail timeline, edit, CSV export and import."""

import csv
import datetime as dt
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.views.common import new_form_token
from outreach.models import Contact, Invitation, Organisation, Tag
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    MentionFactory,
    OrganisationFactory,
    PitchFactory,
    TagFactory,
    TrackedTermFactory,
)


def test_search_filter_and_paginate(client, world):
    expert = TagFactory(slug="expert", name="Expert")
    for n in range(30):
        ContactFactory(full_name=f"Journalist {n:02}", country="DE")
    ContactFactory(full_name="Thomas de Waal", country="GB", languages=["en", "ru"]).tags.add(expert)
    client.force_login(world.viewer)
    url = reverse("outreach:contact-list")
    html = client.get(url, {"q": "waal"}).content.decode()
    assert "Thomas de Waal" in html and "Journalist 01" not in html
    assert '<span class="badge">Expert</span>' in html  # the row shows the contact's tags
    assert "Thomas de Waal" in client.get(url, {"tag": "expert"}).content.decode()
    assert "Thomas de Waal" in client.get(url, {"language": "ru"}).content.decode()
    assert "Thomas de Waal" not in client.get(url, {"country": "DE"}).content.decode()
    first = client.get(url, {"country": "DE"}).content.decode()
    second = client.get(url, {"country": "DE", "page": 2}).content.decode()
    assert "Journalist 00" in first and "Journalist 29" not in first and "Journalist 29" in second
    assert "?country=DE&page=2" in first


def test_campaign_filter_only_offers_my_campaigns(client, world):
    client.force_login(world.viewer)
    url = reverse("outreach:contact-list")
    assert "Svitlana Valko" in client.get(url, {"campaign": world.campaign.pk}).content.decode()
    html = client.get(url, {"campaign": world.other.pk}).content.decode()
    assert "Select a valid choice" in html and "Secret other campaign" not in html


def test_detail_timeline_hides_other_campaigns(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:contact-detail", args=[world.contact.pk])).content.decode()
    assert "Visible call about the ceasefire" in html and "Global partner briefing" in html
    assert "Hidden talk" not in html and "Secret" not in html
    client.force_login(world.outsider)
    html = client.get(reverse("outreach:contact-detail", args=[world.contact.pk])).content.decode()
    assert "Hidden talk with the secret campaign" in html and "Visible call" not in html


def test_create_and_edit_contact_with_errors_kept(client, world):
    client.force_login(world.staff)
    url = reverse("outreach:contact-new")
    data = {
        "full_name": "Thomas de Waal",
        "email": "sv@IPHR.example.org",
        "preferred_language": "en",
        "form_token": new_form_token(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A contact with this email already exists." in response.content.decode()
    assert "Thomas de Waal" in response.content.decode()
    data.update(email="tdw@carnegie.example.org", form_token=new_form_token(), languages=["en", "ru"])
    response = client.post(url, data)
    assert response.status_code == 302
    contact = Contact.objects.get(email="tdw@carnegie.example.org")
    assert contact.languages == ["en", "ru"]
    edit = reverse("outreach:contact-edit", args=[contact.pk])
    data.update(title="Senior fellow", form_token=new_form_token())
    assert client.post(edit, data).status_code == 302
    contact.refresh_from_db()
    assert contact.title == "Senior fellow"


def test_viewer_cannot_create_or_edit(client, world):
    client.force_login(world.viewer)
    assert client.get(reverse("outreach:contact-new")).status_code == 403
    response = client.post(reverse("outreach:contact-edit", args=[world.contact.pk]), {"full_name": "Renamed"})
    assert response.status_code == 403
    assert Contact.objects.get(pk=world.contact.pk).full_name == "Svitlana Valko"
    assert client.post(reverse("outreach:organisation-new"), {"name": "X", "kind": "ngo"}).status_code == 403


def test_merge_and_archive_are_offered_to_staff_and_delete_to_coordinators_only(client, world):
    duplicate = ContactFactory(full_name="S. Valko", organisation=None)
    page = reverse("outreach:contact-detail", args=[duplicate.pk])
    client.force_login(world.viewer)
    assert "Merge into another contact" not in client.get(page).content.decode()
    for url in (
        reverse("outreach:contact-merge", args=[duplicate.pk]),
        reverse("outreach:contact-delete", args=[duplicate.pk]),
    ):
        assert client.post(url, {"contact": world.contact.pk}).status_code == 403
    assert Contact.objects.filter(pk=duplicate.pk).exists()
    client.force_login(world.staff)
    html = client.get(page).content.decode()
    assert "Merge into another contact" in html and "Archive" in html and "Delete S. Valko" not in html
    client.force_login(world.coordinator)
    assert "Delete S. Valko" in client.get(page).content.decode()


def test_merge_by_typed_name_without_javascript_and_once_only(client, world):
    duplicate = ContactFactory(full_name="S. Valko", organisation=None, email="")
    client.force_login(world.staff)
    data = {"contact_q": "Svitlana Valko", "form_token": new_form_token()}
    response = client.post(reverse("outreach:contact-merge", args=[duplicate.pk]), data)
    assert response.status_code == 302 and response.url == reverse("outreach:contact-detail", args=[world.contact.pk])
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    # A second click on the same form lands on the same page and changes nothing.
    again = client.post(reverse("outreach:contact-merge", args=[duplicate.pk]), data)
    assert again.status_code == 302 and again.url == response.url


def test_deleting_an_organisation_with_people_is_refused_and_merging_it_works(client, world):
    duplicate = OrganisationFactory(name="Conciliation Resources (London)")
    ContactFactory(full_name="Staffer in London", organisation=duplicate)
    client.force_login(world.staff)
    response = client.post(reverse("outreach:organisation-delete", args=[duplicate.pk]), follow=True)
    assert "archive it instead" in response.content.decode()  # staff archive; coordinators may delete
    client.force_login(world.coordinator)
    response = client.post(reverse("outreach:organisation-delete", args=[duplicate.pk]), follow=True)
    assert "merge it into the organisation you keep instead" in response.content.decode()
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:organisation-merge", args=[duplicate.pk]),
        {"organisation": world.organisation.pk},
        follow=True,
    )
    assert "Staffer in London" in response.content.decode()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


def test_export_follows_the_filters(client, world):
    ContactFactory(full_name='=HYPERLINK("http://evil")', country="DE")
    client.force_login(world.viewer)
    response = client.get(reverse("outreach:contact-export"), {"country": "DE"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "full_name"
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://evil")']


def test_organisation_list_detail_and_export(client, world):
    OrganisationFactory(name="Carnegie Endowment", kind="think_tank")
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:organisation-list"), {"kind": "think_tank"}).content.decode()
    assert "Carnegie Endowment" in html and "Conciliation Resources" not in html
    html = client.get(reverse("outreach:organisation-detail", args=[world.organisation.pk])).content.decode()
    assert "Svitlana Valko" in html and "Visible call" in html and "Hidden talk" not in html
    body = client.get(reverse("outreach:organisation-export"), {"partner": "yes"}).content.decode("utf-8-sig")
    assert "Conciliation Resources" in body and "Carnegie" not in body


def test_a_large_organisations_page_lists_its_first_people_and_links_to_everyone(client, world, monkeypatch):
    from outreach.views import contacts as views

    monkeypatch.setattr(views, "PEOPLE_SHOWN", 3)
    for name in ("Aram Zakaryan", "Babken Zakaryan", "Gohar Zakaryan", "Zara Zakaryan"):
        ContactFactory(full_name=name, organisation=world.organisation)
    # The outreach of someone past the first three still shows (the page reads its people by subquery then).
    zara = Contact.objects.get(full_name="Zara Zakaryan")
    InteractionFactory(campaign=world.campaign, contact=zara, summary="Call with the last of them")
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:organisation-detail", args=[world.organisation.pk])).content.decode()
    people = html.split("<h2>Contacts</h2>", 1)[1].split("</section>", 1)[0]
    assert re.findall(r">([^<]+)</a> <span", people) == ["Aram Zakaryan", "Babken Zakaryan", "Gohar Zakaryan"]
    assert "Call with the last of them" in html and "Visible call" in html and "Hidden talk" not in html
    link = re.search(r'href="([^"]+)">The first 3 are listed: see everyone at Conciliation Resources', html).group(1)
    everyone = client.get(link.replace("&amp;", "&")).content.decode()
    for name in ("Aram Zakaryan", "Zara Zakaryan", "Svitlana Valko"):
        assert name in everyone


def _upload(client, text, name="contacts.csv"):
    return client.post(
        reverse("outreach:contact-import"), {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    )


GOOD = (
    "full_name,email,organisation,country,languages,preferred_language,tags\n"
    "Thomas de Waal,tdw@carnegie.example.org,Carnegie Europe,GB,en;ru,en,expert\n"
    "Anna Petrosyan,anna@civilnet.example.org,Conciliation Resources,AM,hy;en,fr,journalist;expert\n"
)


def test_import_previews_then_writes_everything(client, world):
    client.force_login(world.staff)
    response = _upload(client, GOOD)
    html = response.content.decode()
    assert "Preview: 2 contacts to import" in html and "Carnegie Europe" in html
    assert not Contact.objects.filter(email="tdw@carnegie.example.org").exists()  # dry run wrote nothing
    import_id = client.session["contacts-import"]["id"]
    response = client.post(reverse("outreach:contact-import"), {"import_id": import_id})
    assert response.status_code == 302
    anna = Contact.objects.get(email="anna@civilnet.example.org")
    assert anna.organisation == world.organisation and anna.languages == ["hy", "en"]
    assert anna.preferred_language == "fr"
    assert set(anna.tags.values_list("slug", flat=True)) == {"journalist", "expert"}
    assert Organisation.objects.filter(name="Carnegie Europe").exists()
    # Confirming twice (double click) imports nothing more.
    client.post(reverse("outreach:contact-import"), {"import_id": import_id})
    assert Contact.objects.filter(email="anna@civilnet.example.org").count() == 1


def test_import_with_a_bad_row_reports_row_and_column_and_writes_nothing(client, world):
    client.force_login(world.staff)
    bad = GOOD + "Bad Person,not-an-email,New Org,XX,en;klingon,de,\n,sv@iphr.example.org,,,,,\n"
    html = _upload(client, bad).content.decode()
    assert "nothing was imported" in html
    assert html.count('class="import-error"') == 6  # email, country, languages, preferred language; name, duplicate
    for column in ("email", "country", "languages", "preferred_language", "full_name"):
        assert f"<td>{column}</td>" in html
    assert "<td>4</td>" in html and "<td>5</td>" in html
    assert "contacts-import" not in client.session
    assert not Contact.objects.filter(full_name__in=["Thomas de Waal", "Bad Person"]).exists()
    assert not Organisation.objects.filter(name="New Org").exists()
    assert not Tag.objects.filter(slug="journalist").exists()


def test_import_rejects_unknown_columns_and_non_utf8(client, world):
    client.force_login(world.staff)
    assert "Unknown column" in _upload(client, "full_name,shoe_size\nA,42\n").content.decode()
    response = client.post(
        reverse("outreach:contact-import"),
        {"file": SimpleUploadedFile("c.csv", "full_name\nS\xe9bastien\n".encode("latin-1"), "text/csv")},
    )
    assert "not UTF-8" in response.content.decode()
    assert not Contact.objects.filter(full_name__startswith="S\xe9b").exists()


# --- Sorting, filters kept in the URL, bulk actions -------------------------------------------------


def _names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: html.index(name))


def test_columns_sort_both_ways_and_pages_keep_sort_and_filters(client, world):
    org_a, org_z = OrganisationFactory(name="Aardvark Institute"), OrganisationFactory(name="Zebra Foundation")
    early = ContactFactory(full_name="Zara Early", organisation=org_a, country="AM")
    late = ContactFactory(full_name="Adam Late", organisation=org_z, country="AM")
    InteractionFactory(campaign=world.campaign, contact=early, occurred_at=timezone.now() - dt.timedelta(days=30))
    InteractionFactory(campaign=world.campaign, contact=late, occurred_at=timezone.now() - dt.timedelta(days=1))
    # Outreach in a campaign the viewer does not see does not count as their last contact.
    InteractionFactory(campaign=world.other, contact=early, occurred_at=timezone.now())
    client.force_login(world.viewer)
    url = reverse("outreach:contact-list")
    names = ["Zara Early", "Adam Late"]
    assert _names_in_order(client.get(url, {"country": "AM"}).content.decode(), names) == ["Adam Late", "Zara Early"]
    html = client.get(url, {"country": "AM", "sort": "organisation"}).content.decode()
    assert _names_in_order(html, names) == ["Zara Early", "Adam Late"]
    assert 'aria-sort="ascending"' in html and "sort=-organisation" in html
    html = client.get(url, {"country": "AM", "sort": "-last_contact"}).content.decode()
    assert _names_in_order(html, names) == ["Adam Late", "Zara Early"]
    assert 'aria-sort="descending"' in html
    html = client.get(url, {"country": "AM", "sort": "last_contact"}).content.decode()
    assert _names_in_order(html, names) == ["Zara Early", "Adam Late"]
    for n in range(30):
        ContactFactory(full_name=f"Reporter {n:02}", country="DE", organisation=org_z)
    html = client.get(url, {"country": "DE", "organisation": "zebra", "sort": "-name"}).content.decode()
    assert "Reporter 29" in html and "Reporter 00" not in html and "Adam Late" not in html
    assert "?country=DE&amp;organisation=zebra&amp;sort=-name&page=2" in html
    second = client.get(url, {"country": "DE", "organisation": "zebra", "sort": "-name", "page": 2}).content.decode()
    assert "Reporter 00" in second
    assert client.get(url, {"sort": "password"}).status_code == 200


def test_staff_tag_two_ticked_contacts_and_only_them(client, world):
    expert = TagFactory(slug="expert", name="Expert")
    first, second, third = (ContactFactory(full_name=f"Bulk person {n}") for n in range(3))
    client.force_login(world.staff)
    html = client.get(reverse("outreach:contact-list")).content.decode()
    assert 'form="contact-bulk"' in html and "Add a tag" in html
    response = client.post(
        reverse("outreach:contact-bulk"),
        {"action": "tag", "tag": "expert", "contacts": [first.pk, second.pk], "back": "q=bulk&sort=-name"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=bulk&sort=-name")
    assert set(expert.contacts.all()) == {first, second} and third not in expert.contacts.all()
    follow = client.get(response["Location"]).content.decode()
    assert "Tag Expert added to 2 contacts." in follow


def test_viewer_sees_no_bulk_controls_and_is_refused(client, world):
    TagFactory(slug="expert", name="Expert")
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:contact-list")).content.decode()
    assert "contact-bulk" not in html and 'type="checkbox"' not in html
    response = client.post(
        reverse("outreach:contact-bulk"), {"action": "tag", "tag": "expert", "contacts": [world.contact.pk]}
    )
    assert response.status_code == 403 and not world.contact.tags.exists()
    response = client.post(reverse("outreach:contact-bulk"), {"action": "export", "contacts": [world.contact.pk]})
    assert response.status_code == 403


def test_bulk_add_to_a_briefing_goes_through_the_invitations(client, world):
    newcomer = ContactFactory(full_name="Newcomer Partner")
    client.force_login(world.staff)
    data = {"action": "invite", "briefing": world.briefing.pk, "contacts": [world.contact.pk, newcomer.pk]}
    response = client.post(reverse("outreach:contact-bulk"), data)
    assert response.status_code == 302
    assert set(world.briefing.invitations.values_list("contact__full_name", flat=True)) == {
        "Svitlana Valko",
        "Newcomer Partner",
    }
    assert "Invited 1 contacts; 1 were already invited." in client.get(response["Location"]).content.decode()
    # Another campaign's briefing is not a choice: nothing is created.
    data["briefing"] = world.other_briefing.pk
    response = client.post(reverse("outreach:contact-bulk"), data)
    assert response.status_code == 302 and not world.other_briefing.invitations.exists()
    assert "Select a valid choice" in client.get(response["Location"]).content.decode()


def test_bulk_export_has_only_the_ticked_contacts_protected_as_shown(client, world):
    hidden = ContactFactory(full_name="Real Hidden Name", pseudonym="Source Q", is_protected=True, email="q@x.org")
    ContactFactory(full_name="Not ticked")
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:contact-bulk"), {"action": "export", "contacts": [world.contact.pk, hidden.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = sorted(row[0] for row in rows[1:])
    assert names == ["Source Q", "Svitlana Valko"]
    assert "q@x.org" not in response.content.decode() and "Real Hidden Name" not in response.content.decode()


def test_bulk_with_nothing_ticked_changes_nothing_and_says_why(client, world):
    TagFactory(slug="expert", name="Expert")
    client.force_login(world.staff)
    response = client.post(reverse("outreach:contact-bulk"), {"action": "tag", "tag": "expert"})
    assert response.status_code == 302
    assert "Tick at least one contact." in client.get(response["Location"]).content.decode()
    response = client.post(reverse("outreach:contact-bulk"), {"action": "tag", "contacts": [world.contact.pk]})
    assert "Choose the tag to add." in client.get(response["Location"]).content.decode()
    assert not Tag.objects.get(slug="expert").contacts.exists()


def test_bulk_tag_leaves_protected_contacts_to_those_who_may_change_them(client, world):
    expert = TagFactory(slug="expert", name="Expert")
    hidden = ContactFactory(full_name="Protected One", is_protected=True)
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:contact-bulk"), {"action": "tag", "tag": "expert", "contacts": [world.contact.pk, hidden.pk]}
    )
    assert list(expert.contacts.all()) == [world.contact]
    assert "1 protected contacts were left as they were." in client.get(response["Location"]).content.decode()


# --- The contact's whole timeline ------------------------------------------------------------------


def test_timeline_has_every_kind_newest_first_and_only_my_campaigns(client, world):
    contact = world.contact
    now = timezone.now()
    Invitation.objects.filter(pk=world.invitation.pk).update(
        status=Invitation.Status.ACCEPTED, sent_at=now - dt.timedelta(days=9), answered_at=now - dt.timedelta(days=8)
    )
    PitchFactory(op_ed=world.op_ed, editor=contact, pitched_on=(now - dt.timedelta(days=7)).date())
    PitchFactory(op_ed=world.other_op_ed, editor=contact, pitched_on=(now - dt.timedelta(days=2)).date())
    world.placement.spokespeople.add(contact)
    world.placement.published_on = (now - dt.timedelta(days=6)).date()
    world.placement.save()
    world.other_placement.spokespeople.add(contact)
    term = TrackedTermFactory(campaign=world.campaign, kind="person", term="Svitlana Valko")
    mention = MentionFactory(campaign=world.campaign, article__title="Valko speaks in Geneva")
    mention.published_at = now - dt.timedelta(days=5)
    mention.save()
    mention.terms.add(term)
    world.interaction.occurred_at = now - dt.timedelta(days=4)
    world.interaction.save()
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:contact-detail", args=[contact.pk])).content.decode()
    order = [
        "Visible call about the ceasefire",
        "Valko speaks in Geneva",
        "Visible placement on BBC World",
        "A joint call for peace →",
        "Answered",
        "Invited to a briefing",
    ]
    assert sorted(order, key=html.index) == order
    for hidden in ("Hidden talk", "Secret op-ed", "Secret placement"):
        assert hidden not in html


def test_timeline_pages_and_the_search_opens_the_page_of_an_interaction(client, world):
    start = timezone.now() - dt.timedelta(days=100)
    made = [
        InteractionFactory(
            campaign=world.campaign,
            contact=world.contact,
            summary=f"Call number {n:02}",
            occurred_at=start + dt.timedelta(days=n),
        )
        for n in range(40)
    ]
    client.force_login(world.viewer)
    url = reverse("outreach:contact-detail", args=[world.contact.pk])
    first = client.get(url).content.decode()
    assert "Call number 39" in first and "Call number 05" not in first and "?page=2#timeline" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Call number 05" in second and "Call number 39" not in second
    shown = client.get(url, {"show": f"interaction-{made[3].pk}"}).content.decode()
    assert f'id="interaction-{made[3].pk}"' in shown
    assert client.get(url, {"page": "x", "show": "nonsense"}).status_code == 200
