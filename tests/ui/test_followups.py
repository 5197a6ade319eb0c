"""Home = my follow-ups: due today, overdue, upcoming; one-click done / snooze / answered."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from media_tracker.models import Mention
from outreach.models import Interaction, Pitch
from tests.factories import BriefingFactory, InteractionFactory, MentionFactory


def test_home_lists_my_overdue_follow_up_and_pitch_but_not_other_campaigns(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("home")).content.decode()
    assert "Send the briefing note" in html
    assert "Overdue" in html
    assert "A joint call for peace" in html  # pitched 5 days ago, follow-up delay 3 days
    assert "Secret next step" not in html


def test_home_splits_today_and_upcoming(client, world):
    today = timezone.localdate()
    InteractionFactory(campaign=world.campaign, logged_by=world.staff, next_step="Due today step", follow_up_on=today)
    InteractionFactory(
        campaign=world.campaign,
        logged_by=world.staff,
        next_step="Next week step",
        follow_up_on=today + dt.timedelta(days=5),
    )
    client.force_login(world.staff)
    html = client.get(reverse("home")).content.decode()
    assert html.index("Overdue") < html.index("Send the briefing note") < html.index("Due today")
    assert (
        html.index("Due today") < html.index("Due today step") < html.index("Coming up") < html.index("Next week step")
    )


def test_briefing_without_invitations_needs_action_from_its_creator_only(client, world):
    BriefingFactory(campaign=world.campaign, title="Briefing with nobody invited", created_by=world.staff)
    client.force_login(world.staff)
    assert "Briefing with nobody invited" in client.get(reverse("home")).content.decode()
    client.force_login(world.coordinator)
    assert "Briefing with nobody invited" not in client.get(reverse("home")).content.decode()


def test_a_briefing_nobody_created_is_the_coordinators_to_follow_up(client, world):
    BriefingFactory(campaign=world.campaign, title="Imported briefing", created_by=None)
    client.force_login(world.coordinator)
    assert "Imported briefing" in client.get(reverse("home")).content.decode()
    client.force_login(world.staff)
    assert "Imported briefing" not in client.get(reverse("home")).content.decode()


def test_mark_done_with_htmx_returns_a_fragment_and_closes_it(client, world):
    client.force_login(world.staff)
    url = reverse("outreach:interaction-done", args=[world.interaction.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Marked done" in response.content.decode()
    world.interaction.refresh_from_db()
    assert world.interaction.done and world.interaction.done_at
    assert "Send the briefing note" not in client.get(reverse("home")).content.decode()


def test_mark_done_without_javascript_redirects_home(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("outreach:interaction-done", args=[world.interaction.pk]))
    assert response.status_code == 302 and response.url == reverse("home")


def test_snooze_hides_until_the_date(client, world):
    client.force_login(world.staff)
    until = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("outreach:interaction-snooze", args=[world.interaction.pk]),
        {"until": until.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    world.interaction.refresh_from_db()
    assert world.interaction.snoozed_until == until
    assert world.interaction.follow_up_on < until  # the due date itself is unchanged
    assert "Send the briefing note" not in client.get(reverse("home")).content.decode()


def test_snooze_into_the_past_changes_nothing(client, world):
    client.force_login(world.staff)
    client.post(
        reverse("outreach:interaction-snooze", args=[world.interaction.pk]),
        {"until": "2001-01-01"},
        HTTP_HX_REQUEST="true",
    )
    world.interaction.refresh_from_db()
    assert world.interaction.snoozed_until is None


def test_pitch_answered_in_one_click(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:pitch-answer", args=[world.pitch.pk]), {"answer": "accepted"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    world.pitch.refresh_from_db()
    assert world.pitch.status == Pitch.Status.ACCEPTED
    assert world.pitch.answered_on == timezone.localdate()


def test_viewer_cannot_close_a_follow_up(client, world):
    client.force_login(world.viewer)
    response = client.post(reverse("outreach:interaction-done", args=[world.interaction.pk]))
    assert response.status_code == 403
    assert not Interaction.objects.get(pk=world.interaction.pk).done


def test_outsider_gets_404_on_follow_up_actions(client, world):
    client.force_login(world.outsider)
    assert client.post(reverse("outreach:interaction-done", args=[world.interaction.pk])).status_code == 404
    assert (
        client.post(reverse("outreach:pitch-answer", args=[world.pitch.pk]), {"answer": "accepted"}).status_code == 404
    )
    assert not Interaction.objects.get(pk=world.interaction.pk).done


def test_done_offers_an_undo_that_reopens_the_follow_up_in_place(client, world):
    client.force_login(world.staff)
    done = client.post(reverse("outreach:interaction-done", args=[world.interaction.pk]), HTTP_HX_REQUEST="true")
    fragment = done.content.decode()
    reopen = reverse("outreach:interaction-reopen", args=[world.interaction.pk])
    assert f'hx-post="{reopen}"' in fragment and "Undo" in fragment
    assert f'id="interaction-{world.interaction.pk}"' in fragment  # the row it replaced, for the undo to swap back
    undone = client.post(reopen, HTTP_HX_REQUEST="true")
    assert undone.status_code == 200
    row = undone.content.decode()
    assert "<html" not in row and "Send the briefing note" in row
    assert reverse("outreach:interaction-done", args=[world.interaction.pk]) in row  # "Done" again
    world.interaction.refresh_from_db()
    assert not world.interaction.done and world.interaction.done_at is None
    assert "Send the briefing note" in client.get(reverse("home")).content.decode()


def test_undo_without_javascript_is_offered_on_the_home_page_once(client, world):
    client.force_login(world.staff)
    reopen = reverse("outreach:interaction-reopen", args=[world.interaction.pk])
    home = client.post(reverse("outreach:interaction-done", args=[world.interaction.pk]), follow=True)
    html = home.content.decode()
    assert "Marked done: Send the briefing note" in html
    assert f'action="{reopen}"' in html
    assert reopen not in client.get(reverse("home")).content.decode()  # offered once, not forever
    response = client.post(reopen)
    assert response.status_code == 302 and response.url == reverse("home")
    assert not Interaction.objects.get(pk=world.interaction.pk).done


def test_viewer_and_outsider_cannot_reopen_a_follow_up(client, world):
    Interaction.objects.filter(pk=world.interaction.pk).update(done=True, done_at=timezone.now())
    reopen = reverse("outreach:interaction-reopen", args=[world.interaction.pk])
    client.force_login(world.viewer)
    assert client.post(reopen).status_code == 403
    client.force_login(world.outsider)
    assert client.post(reopen).status_code == 404
    assert Interaction.objects.get(pk=world.interaction.pk).done


def test_a_follow_up_of_someone_now_a_viewer_is_listed_without_buttons_they_cannot_use(client, world):
    from campaigns.models import Membership

    Membership.objects.filter(user=world.staff, campaign=world.campaign).update(role=Membership.Role.VIEWER)
    client.force_login(world.staff)
    html = client.get(reverse("home")).content.decode()
    assert "Send the briefing note" in html and "A joint call for peace" in html  # still theirs to know about
    assert reverse("outreach:interaction-done", args=[world.interaction.pk]) not in html
    assert reverse("outreach:interaction-snooze", args=[world.interaction.pk]) not in html
    assert reverse("outreach:pitch-answer", args=[world.pitch.pk]) not in html


def test_the_press_mentions_line_on_home_reads_in_the_users_language(client, world):
    for count, language, expected in [
        (1, "fr", "1 nouvelle mention dans la presse de vos campagnes ces dernières 24 heures"),
        (2, "ar", "إشارتان جديدتان إلى حملاتك في الصحافة"),
    ]:
        Mention.objects.all().delete()  # the world has a fresh mention of its own
        MentionFactory.create_batch(count, campaign=world.campaign, found_at=timezone.now() - dt.timedelta(hours=1))
        client.force_login(world.staff)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert expected in client.get(reverse("home")).content.decode()
