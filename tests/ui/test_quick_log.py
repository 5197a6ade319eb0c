"""The quick "log outreach" form: essentials only, type-ahead, prefilled from a contact, safe to double-submit."""

from django.urls import reverse

from campaigns.views.common import new_form_token
from outreach.models import Interaction


def _post(client, world, **extra):
    data = {
        "campaign": world.campaign.pk,
        "contact": world.contact.pk,
        "channel": "call",
        "summary": "Called Svitlana about the speakers",
        "form_token": new_form_token(),
    }
    data.update(extra)
    return client.post(reverse("outreach:log"), data)


def test_log_with_only_the_essentials(client, world):
    client.force_login(world.staff)
    response = _post(client, world)
    assert response.status_code == 302
    interaction = Interaction.objects.get(summary="Called Svitlana about the speakers")
    assert interaction.logged_by == world.staff
    assert interaction.organisation == world.organisation  # filled from the contact
    assert response.url == reverse("outreach:contact-detail", args=[world.contact.pk])


def test_missing_contact_and_summary_show_field_errors_and_keep_input(client, world):
    client.force_login(world.staff)
    response = _post(client, world, contact="", summary="", next_step="Typed next step")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a contact or an organisation." in html
    assert "This field is required." in html
    assert "Typed next step" in html
    assert not Interaction.objects.filter(next_step="Typed next step").exists()


def test_double_submit_creates_one_record(client, world):
    client.force_login(world.staff)
    token = new_form_token()
    first = _post(client, world, form_token=token, summary="Only once")
    second = _post(client, world, form_token=token, summary="Only once")
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Interaction.objects.filter(summary="Only once").count() == 1


def test_token_is_released_after_an_invalid_submit(client, world):
    client.force_login(world.staff)
    token = new_form_token()
    assert _post(client, world, form_token=token, summary="").status_code == 200
    assert _post(client, world, form_token=token, summary="Corrected").status_code == 302
    assert Interaction.objects.filter(summary="Corrected").count() == 1


def test_viewer_and_outsider_cannot_log_into_the_campaign(client, world):
    client.force_login(world.viewer)
    assert _post(client, world, summary="Sneaky viewer").status_code == 403
    client.force_login(world.outsider)  # staff elsewhere: the campaign is not a valid choice
    response = _post(client, world, summary="Sneaky outsider")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Interaction.objects.filter(summary__startswith="Sneaky").exists()


def test_prefilled_from_a_contact_page(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("outreach:log") + f"?contact={world.contact.pk}").content.decode()
    assert f'name="contact" value="{world.contact.pk}"' in html
    assert "Svitlana Valko" in html
    detail = client.get(reverse("outreach:contact-detail", args=[world.contact.pk])).content.decode()
    assert reverse("outreach:log") + f"?contact={world.contact.pk}" in detail


def test_type_ahead_finds_contacts_and_organisations(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("outreach:search"), {"kind": "contact", "q": "svit"}).content.decode()
    assert "Svitlana Valko" in html and "<html" not in html
    html = client.get(reverse("outreach:search"), {"kind": "organisation", "q": "concil"}).content.decode()
    assert "Conciliation Resources" in html
    assert "Svitlana" not in client.get(reverse("outreach:search"), {"kind": "contact", "q": "s"}).content.decode()


def test_quick_log_is_linked_from_every_page(client, world):
    client.force_login(world.viewer)
    for name in ("home", "campaigns:list", "outreach:contact-list", "media_tracker:media"):
        assert reverse("outreach:log") in client.get(reverse(name)).content.decode()


def test_without_javascript_a_typed_name_with_one_match_is_used(client, world):
    client.force_login(world.staff)
    response = _post(client, world, contact="", contact_q="svitlana", summary="Logged without JavaScript")
    assert response.status_code == 302
    assert Interaction.objects.get(summary="Logged without JavaScript").contact == world.contact


def test_without_javascript_an_ambiguous_name_is_an_error_and_keeps_the_text(client, world):
    from tests.factories import ContactFactory

    ContactFactory(full_name="Svitlana Other")
    client.force_login(world.staff)
    response = _post(client, world, contact="", contact_q="svitlana", summary="Ambiguous")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No single match for “svitlana”" in html and 'value="svitlana"' in html
    assert not Interaction.objects.filter(summary="Ambiguous").exists()
