"""Op-ed changes (write one down, edit it, move it along the board) through the staff UI, the API and the
admin: the same rows, or the same refusal. An op-ed never leaves its campaign."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Membership
from media_tracker.services.placements import pitch_record_placement
from outreach.models import OpEd
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def two_campaigns():
    """A staff member of two campaigns; in the first, a joint op-ed that ran in Le Monde, and an idea."""
    karabakh = f.CampaignFactory(slug="nk-2020", name="Karabakh ceasefire")
    sudan = f.CampaignFactory(slug="sudan", name="Sudan emergency")
    staff = f.UserFactory(username="aide")
    for campaign in (karabakh, sudan):
        f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    author = f.ContactFactory(full_name="Anna Petrosyan")
    placed = f.OpEdFactory(campaign=karabakh, title="A joint call for peace", owner=staff)
    placed.authors.add(author)
    pitch = f.PitchFactory(op_ed=placed, outlet=f.OutletFactory(name="Le Monde"), pitched_on=dt.date(2020, 11, 1))
    pitch_record_placement(
        pitch=pitch, url="https://www.lemonde.fr/idees/paix", published_on=dt.date(2020, 11, 12), by=staff
    )
    idea = f.OpEdFactory(campaign=karabakh, title="Open the humanitarian corridors", owner=staff)
    elsewhere = f.OpEdFactory(campaign=sudan, title="Protect civilians in El Fasher", owner=staff)
    return {
        "karabakh": karabakh,
        "sudan": sudan,
        "staff": staff,
        "placed": placed,
        "idea": idea,
        "elsewhere": elsewhere,
        "author": author,
    }


def inline_forms() -> dict[str, str]:
    """The op-ed page's inlines (pitches, language versions), submitting no rows."""
    data = {}
    for prefix in ("pitches", "language_versions"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data


def ui_edit_form(op_ed: OpEd, **changes) -> dict:
    """The edit page's form as the browser sends it back, with some fields changed."""
    op_ed = OpEd.objects.get(pk=op_ed.pk)
    data = {
        "campaign": op_ed.campaign_id,
        "title": op_ed.title,
        "language": op_ed.language,
        "version_of": op_ed.version_of_id or "",
        "authors": [author.pk for author in op_ed.authors.all()],
        "summary": op_ed.summary,
        "status": op_ed.status,
    }
    return {**data, **changes}


def admin_edit_form(op_ed: OpEd, **changes) -> dict:
    op_ed = OpEd.objects.get(pk=op_ed.pk)
    data = {
        "title": op_ed.title,
        "language": op_ed.language,
        "version_of": op_ed.version_of_id or "",
        "authors": [author.pk for author in op_ed.authors.all()],
        "owner": op_ed.owner_id or "",
        "summary": op_ed.summary,
        **inline_forms(),
    }
    return {**data, **changes}


# --- Create --------------------------------------------------------------------------------


def create(**fields):
    def payload(data) -> dict:
        values = {"campaign": data["karabakh"].pk, "title": "Un appel commun pour la paix", "language": "fr"}
        return values | {name: value(data) for name, value in fields.items()}

    def ui(data):
        return ui_outcome(ui_client(data["staff"]).post("/outreach/op-eds/new/", payload(data)))

    def api(data):
        return api_outcome(api_client(data["staff"]).post("/api/v1/op-eds/", payload(data)))

    def admin(data):
        form = {"summary": "", "owner": "", **inline_forms(), **payload(data)}
        return ui_outcome(admin_client(data["staff"]).post("/admin/outreach/oped/add/", form))

    return {"ui": ui, "api": api, "admin": admin}


def test_writing_down_a_language_version_is_the_same_whatever_the_door():
    results = each_door(two_campaigns, create(version_of=lambda data: data["placed"].pk))
    assert_same(results)
    outcome, _before, after = results["api"]
    [new] = [row for row in after["outreach.oped"] if "Un appel commun" in row]
    assert outcome.ok and "('status', 'idea')" in new and "('owner', 'campaigns.user:aide')" in new
    assert "('version_of', 'outreach.oped:A joint call for peace [en]')" in new


def test_a_language_version_in_another_campaign_is_refused_by_every_door():
    results = each_door(two_campaigns, create(version_of=lambda data: data["elsewhere"].pk))
    assert_same(results)
    assert results["ui"][0].refused == "A language version must belong to the same campaign."


# --- Edit: never to another campaign ---------------------------------------------------------


def edit(op_ed: str, **changes):
    def values(data) -> dict:
        return {name: value(data) for name, value in changes.items()}

    def ui(data):
        form = ui_edit_form(data[op_ed], **values(data))
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/op-eds/{data[op_ed].pk}/edit/", form))

    def api(data):
        # The form and the admin show the campaign disabled, so what reaches them is the rest; an
        # API client that sends another campaign is told it cannot change (see the test below).
        sent = {name: value for name, value in values(data).items() if name != "campaign"}
        return api_outcome(api_client(data["staff"]).patch(f"/api/v1/op-eds/{data[op_ed].pk}/", sent))

    def admin(data):
        form = admin_edit_form(data[op_ed], **values(data))
        url = f"/admin/outreach/oped/{data[op_ed].pk}/change/"
        return ui_outcome(admin_client(data["staff"]).post(url, form))

    return {"ui": ui, "api": api, "admin": admin}


def test_an_op_ed_stays_in_its_campaign_with_its_pitch_and_placement_whatever_the_door():
    """The old edit form moved a placed op-ed to the other campaign of a member of both, leaving the
    first campaign's placement pointing at an op-ed and a pitch of the second."""
    doors = edit("placed", campaign=lambda data: data["sudan"].pk, title=lambda data: "A joint call for a ceasefire")
    results = each_door(two_campaigns, doors)
    assert_same(results)
    outcome, _before, after = results["ui"]
    [op_ed] = [row for row in after["outreach.oped"] if "A joint call for a ceasefire" in row]
    assert outcome.ok and "('campaign', 'campaigns.campaign:Karabakh ceasefire')" in op_ed
    [placement] = after["media_tracker.placement"]
    assert "('campaign', 'campaigns.campaign:Karabakh ceasefire')" in placement


def test_the_api_says_an_op_eds_campaign_cannot_change_instead_of_ignoring_it():
    data = two_campaigns()
    op_ed = data["placed"]
    response = api_client(data["staff"]).patch(f"/api/v1/op-eds/{op_ed.pk}/", {"campaign": data["sudan"].pk})
    assert response.status_code == 400
    assert response.json()["errors"] == {"campaign": ["This cannot change once created."]}
    op_ed.refresh_from_db()
    assert op_ed.campaign == data["karabakh"]


def test_an_op_ed_with_language_versions_cannot_become_a_version_whatever_the_door():
    def with_a_version():
        data = two_campaigns()
        f.OpEdFactory(campaign=data["karabakh"], title="Un appel commun", language="fr", version_of=data["placed"])
        data["idea"].language = "fr"
        data["idea"].save()
        return data

    results = each_door(with_a_version, edit("placed", version_of=lambda data: data["idea"].pk))
    assert_same(results)
    assert results["admin"][0].refused == (
        "This op-ed has language versions of its own: it cannot be a version of another piece."
    )


# --- Along the board -------------------------------------------------------------------------


def set_status(op_ed: str, status: str):
    def ui(data):
        form = ui_edit_form(data[op_ed], status=status)
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/op-eds/{data[op_ed].pk}/edit/", form))

    def api(data):
        url = f"/api/v1/op-eds/{data[op_ed].pk}/set-status/"
        return api_outcome(api_client(data["staff"]).post(url, {"status": status}))

    def admin(data):
        return admin_action(admin_client(data["staff"]), OpEd, "set_status", [data[op_ed]], status=status)

    return {"ui": ui, "api": api, "admin": admin}


def test_moving_an_op_ed_along_the_board_is_the_same_whatever_the_door():
    results = each_door(two_campaigns, set_status("idea", OpEd.Status.READY))
    assert_same(results)
    outcome, _before, after = results["admin"]
    [idea] = [row for row in after["outreach.oped"] if "humanitarian corridors" in row]
    assert outcome.ok and "('status', 'ready')" in idea


def test_an_op_ed_is_not_marked_placed_by_hand_from_any_door():
    results = each_door(two_campaigns, set_status("idea", OpEd.Status.PLACED))
    assert_same(results)
    assert results["api"][0].refused == "An op-ed is placed when its placement is recorded (on one of its pitches)."


def test_an_op_ed_that_ran_stays_placed_whatever_the_door():
    results = each_door(two_campaigns, set_status("placed", OpEd.Status.DROPPED))
    assert_same(results)
    assert results["ui"][0].refused == "This op-ed ran in an outlet: it stays placed."
