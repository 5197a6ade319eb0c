"""The quick "log outreach" form: essentials only, type-ahead, prefilled from a contact, safe to double-submit."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.views.common import new_form_token
from outreach.models import Interaction
from outreach.services.interactions import interaction_log, interaction_update


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


def test_quick_log_is_linked_from_every_page_for_those_who_may_log(client, world):
    for user, shown in ((world.staff, True), (world.coordinator, True), (world.viewer, False)):
        client.force_login(user)
        for name in ("home", "campaigns:list", "outreach:contact-list", "media_tracker:media"):
            assert (reverse("outreach:log") in client.get(reverse(name)).content.decode()) is shown, (user, name)


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


# --- When it happened ---------------------------------------------------------------------------


def _yerevan(world):
    world.staff.time_zone = "Asia/Yerevan"  # UTC+4, so "now" differs from the server's UTC
    world.staff.save(update_fields=["time_zone"])
    return zoneinfo.ZoneInfo("Asia/Yerevan")


def test_when_defaults_to_now_in_the_users_time_zone(client, world):
    tz = _yerevan(world)
    client.force_login(world.staff)
    before = timezone.now().astimezone(tz)
    html = client.get(reverse("outreach:log")).content.decode()
    after = timezone.now().astimezone(tz)
    shown = {moment.strftime("%Y-%m-%dT%H:%M") for moment in (before, after)}
    assert any(f'name="occurred_at" value="{value}"' in html for value in shown), shown


def test_yesterdays_call_is_logged_at_the_time_given_in_the_users_time_zone(client, world):
    tz = _yerevan(world)
    client.force_login(world.staff)
    yesterday = timezone.now().astimezone(tz).date() - dt.timedelta(days=1)
    response = _post(client, world, summary="Yesterday's call", occurred_at=f"{yesterday.isoformat()}T15:30")
    assert response.status_code == 302
    logged = Interaction.objects.get(summary="Yesterday's call")
    assert logged.occurred_at == dt.datetime.combine(yesterday, dt.time(15, 30), tzinfo=tz)


def test_an_empty_when_means_now(client, world):
    client.force_login(world.staff)
    before = timezone.now()
    assert _post(client, world, summary="Just now", occurred_at="").status_code == 302
    assert before <= Interaction.objects.get(summary="Just now").occurred_at <= timezone.now()


def test_a_time_in_the_future_is_refused_with_a_clear_message(client, world):
    tz = _yerevan(world)
    client.force_login(world.staff)
    later = (timezone.now() + dt.timedelta(hours=2)).astimezone(tz).strftime("%Y-%m-%dT%H:%M")
    response = _post(client, world, summary="From the future", occurred_at=later)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This date and time is in the future: give when it happened (now or earlier)." in html
    assert f'value="{later}"' in html  # what was typed stays, to be corrected
    assert not Interaction.objects.filter(summary="From the future").exists()


def test_a_phone_clock_a_few_minutes_ahead_is_accepted(client, world):
    client.force_login(world.staff)
    ahead = timezone.localtime() + dt.timedelta(minutes=5)
    response = _post(client, world, summary="Slightly ahead", occurred_at=ahead.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 302
    assert Interaction.objects.filter(summary="Slightly ahead").exists()


def test_the_service_refuses_the_future_for_every_door(world):
    with pytest.raises(ValidationError) as refused:
        interaction_log(
            campaign=world.campaign,
            by=world.staff,
            contact=world.contact,
            summary="Via the API or the admin",
            occurred_at=timezone.now() + dt.timedelta(days=1),
        )
    assert "occurred_at" in refused.value.message_dict
    with pytest.raises(ValidationError):
        tomorrow = timezone.now() + dt.timedelta(days=1)
        interaction_update(interaction=world.interaction, by=world.staff, changes={"occurred_at": tomorrow})
    assert not Interaction.objects.filter(summary="Via the API or the admin").exists()


# --- A new next step replaces the contact's older one -------------------------------------------


def test_a_new_next_step_closes_the_contacts_older_open_step(client, world):
    client.force_login(world.staff)
    response = _post(client, world, summary="Called again", next_step="Send the final agenda")
    assert response.status_code == 302
    world.interaction.refresh_from_db()
    assert world.interaction.done and world.interaction.done_at
    assert Interaction.objects.get(summary="Called again").done is False
    # The same contact's step in another campaign is not this campaign's to close.
    world.other_interaction.refresh_from_db()
    assert not world.other_interaction.done
    page = client.get(response.url).content.decode()
    assert "The earlier next step “Send the briefing note” is closed." in page


def test_an_entry_without_a_next_step_leaves_the_open_step_alone(client, world):
    client.force_login(world.staff)
    assert _post(client, world, summary="Quick hello", next_step="").status_code == 302
    world.interaction.refresh_from_db()
    assert not world.interaction.done


def test_a_backdated_entry_older_than_the_open_step_leaves_it_alone(client, world):
    client.force_login(world.staff)
    older = (world.interaction.occurred_at - dt.timedelta(days=3)).astimezone(timezone.get_current_timezone())
    when = older.strftime("%Y-%m-%dT%H:%M")
    response = _post(client, world, summary="Last month's call", next_step="An old step", occurred_at=when)
    assert response.status_code == 302
    world.interaction.refresh_from_db()
    assert not world.interaction.done


def test_an_automatic_entry_can_leave_the_teams_steps_open(world):
    interaction_log(
        campaign=world.campaign,
        by=world.coordinator,
        contact=world.contact,
        summary="Reply by email",
        next_step="Read the reply",
        closes_older_steps=False,
    )
    world.interaction.refresh_from_db()
    assert not world.interaction.done


def test_an_entry_typed_to_the_minute_replaces_a_step_logged_earlier_that_minute(world):
    logged_at = timezone.now().replace(second=40)
    Interaction.objects.filter(pk=world.interaction.pk).update(occurred_at=logged_at)
    entry = interaction_log(
        campaign=world.campaign,
        by=world.staff,
        contact=world.contact,
        summary="Called back",
        next_step="Confirm the slot",
        occurred_at=logged_at.replace(second=0),  # the form's "now", to the minute
    )
    assert [step.pk for step in entry.closed_steps] == [world.interaction.pk]
    assert Interaction.objects.get(pk=world.interaction.pk).done


def test_the_api_refuses_a_time_ahead_of_now_with_its_usual_error_shape(client, world):
    client.force_login(world.staff)
    response = client.post(
        "/api/v1/interactions/",
        {
            "campaign": world.campaign.pk,
            "contact": world.contact.pk,
            "summary": "Via the API",
            "occurred_at": (timezone.now() + dt.timedelta(hours=3)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "occurred_at" in response.json()["errors"]
    assert not Interaction.objects.filter(summary="Via the API").exists()
