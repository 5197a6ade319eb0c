"""Pitches and placements through the staff UI, the API and the admin: the same rows, or the same refusal.

A pitch is recorded, sent, answered, withdrawn or expired through the pitch services, and placed only by
recording where and when the piece ran; a placement row is written by the placement services only.
"""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns.models import Membership
from media_tracker.models import Placement
from media_tracker.services.placements import pitch_record_placement
from outreach.models import OpEd, Pitch
from outreach.services.pitches import pitch_record_answer
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

PITCHED_ON = dt.date(2020, 11, 1)


def a_pitch(status: str = Pitch.Status.PITCHED):
    """The joint op-ed, pitched to Le Monde on 1 November (then answered or placed when asked)."""
    campaign = f.CampaignFactory(slug="nk-2020", name="Karabakh ceasefire")
    staff = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    author = f.ContactFactory(full_name="Anna Petrosyan")
    op_ed = f.OpEdFactory(campaign=campaign, title="A joint call for peace", owner=staff, status=OpEd.Status.READY)
    op_ed.authors.add(author)
    le_monde = f.OutletFactory(name="Le Monde", country="FR", language="fr")
    faz = f.OutletFactory(name="Frankfurter Allgemeine")
    bbc = f.OutletFactory(name="BBC World", country="GB", language="en")
    planned = status == Pitch.Status.PLANNED
    pitch = f.PitchFactory(
        op_ed=op_ed,
        outlet=le_monde,
        owner=staff,
        status=Pitch.Status.PLANNED if planned else Pitch.Status.PITCHED,
        pitched_on=None if planned else PITCHED_ON,
    )
    if status in {Pitch.Status.ACCEPTED, Pitch.Status.DECLINED}:
        accepted = status == Pitch.Status.ACCEPTED
        pitch_record_answer(pitch=pitch, accepted=accepted, answered_on=dt.date(2020, 11, 3), by=staff)
    if status == Pitch.Status.PLACED:
        pitch_record_placement(
            pitch=pitch, url="https://www.lemonde.fr/idees/paix", published_on=dt.date(2020, 11, 12), by=staff
        )
    return {
        "campaign": campaign,
        "staff": staff,
        "author": author,
        "op_ed": op_ed,
        "pitch": pitch,
        "le_monde": le_monde,
        "faz": faz,
        "bbc": bbc,
    }


def pitched():
    return a_pitch()


def planned():
    return a_pitch(Pitch.Status.PLANNED)


def declined():
    return a_pitch(Pitch.Status.DECLINED)


def placed():
    return a_pitch(Pitch.Status.PLACED)


def iso(value) -> str:
    return value.isoformat() if value else ""


def ui_pitch_form(pitch: Pitch, **changes) -> dict:
    """The pitch page's form as the browser sends it back (with the version it was opened at)."""
    pitch = Pitch.objects.get(pk=pitch.pk)
    data = {
        "version": pitch.updated_at.isoformat(),
        "outlet": pitch.outlet_id,
        "editor": pitch.editor_id or "",
        "status": pitch.status,
        "pitched_on": iso(pitch.pitched_on),
        "follow_up_on": iso(pitch.follow_up_on),
        "answered_on": iso(pitch.answered_on),
        "outcome": pitch.outcome,
        "position": pitch.position,
        "placement_kind": "oped",
    }
    placement = Placement.objects.filter(pitch=pitch).first()
    if placement is not None:  # a placed pitch's page shows where, when and as what it ran
        data |= {"placement_url": placement.url, "placement_date": iso(placement.published_on)}
        data["placement_kind"] = placement.kind
    return {**data, **changes}


def admin_pitch_form(pitch: Pitch, **changes) -> dict:
    pitch = Pitch.objects.get(pk=pitch.pk)
    data = {
        "outlet": pitch.outlet_id,
        "editor": pitch.editor_id or "",
        "owner": pitch.owner_id or "",
        "position": pitch.position,
        "pitched_on": iso(pitch.pitched_on),
        "follow_up_on": iso(pitch.follow_up_on),
        "outcome": pitch.outcome,
    }
    return {**data, **changes}


def ui_edit(data, **changes):
    url = f"/outreach/pitches/{data['pitch'].pk}/"
    return ui_outcome(ui_client(data["staff"]).post(url, ui_pitch_form(data["pitch"], **changes)))


def pitch_row(snapshot: dict, outlet: str = "Le Monde") -> str:
    [row] = [row for row in snapshot["outreach.pitch"] if f"media_tracker.outlet:{outlet}" in row]
    return row


# --- Recording a pitch ---------------------------------------------------------------------


def record_a_pitch(outlet: str):
    def ui(data):
        form = {
            "outlet": data[outlet].pk,
            "status": Pitch.Status.PITCHED,
            "pitched_on": "2020-11-02",
            "position": 1,
            "placement_kind": "oped",
            "confirm_second_pitch": "on",  # the op-ed is already with Le Monde
        }
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/op-eds/{data['op_ed'].pk}/pitch/", form))

    def api(data):
        body = {"op_ed": data["op_ed"].pk, "outlet": data[outlet].pk, "pitched_on": "2020-11-02", "position": 1}
        return api_outcome(api_client(data["staff"]).post("/api/v1/pitches/", body))

    def admin(data):
        form = {"op_ed": data["op_ed"].pk, "outlet": data[outlet].pk, "pitched_on": "2020-11-02", "position": 1}
        return ui_outcome(admin_client(data["staff"]).post("/admin/outreach/pitch/add/", form))

    def admin_op_ed_rows(data):
        op_ed = data["op_ed"]
        form = {
            "title": op_ed.title,
            "language": op_ed.language,
            "authors": [data["author"].pk],
            "owner": data["staff"].pk,
            "summary": "",
            "pitches-TOTAL_FORMS": "1",
            "pitches-INITIAL_FORMS": "0",
            "pitches-MAX_NUM_FORMS": "1000",
            "pitches-0-id": "",
            "pitches-0-op_ed": op_ed.pk,
            "pitches-0-position": "1",
            "pitches-0-outlet": data[outlet].pk,
            "pitches-0-pitched_on": "2020-11-02",
            "language_versions-TOTAL_FORMS": "0",
            "language_versions-INITIAL_FORMS": "0",
            "language_versions-MAX_NUM_FORMS": "1000",
        }
        return ui_outcome(admin_client(data["staff"]).post(f"/admin/outreach/oped/{op_ed.pk}/change/", form))

    return {"ui": ui, "api": api, "admin": admin, "admin_op_ed_rows": admin_op_ed_rows}


def test_recording_a_pitch_is_the_same_whatever_the_door():
    results = each_door(pitched, record_a_pitch("faz"))
    assert_same(results)
    outcome, _before, after = results["api"]
    row = pitch_row(after, "Frankfurter Allgemeine")
    assert outcome.ok and "('status', 'pitched')" in row and "('owner', 'campaigns.user:aide')" in row


def test_pitching_the_same_outlet_twice_is_refused_by_every_door():
    results = each_door(pitched, record_a_pitch("le_monde"))
    assert_same(results)
    assert results["ui"][0].refused == "This op-ed has already been pitched to this outlet."


# --- Editing a pitch's details -----------------------------------------------------------------

INLINE_FIELDS = {"position", "outlet", "editor", "pitched_on", "follow_up_on", "owner"}


def edit(**changes):
    def values(data) -> dict:
        return {name: value(data) for name, value in changes.items()}

    def ui(data):
        return ui_edit(data, **values(data))

    def api(data):
        return api_outcome(api_client(data["staff"]).patch(f"/api/v1/pitches/{data['pitch'].pk}/", values(data)))

    def admin(data):
        url = f"/admin/outreach/pitch/{data['pitch'].pk}/change/"
        return ui_outcome(admin_client(data["staff"]).post(url, admin_pitch_form(data["pitch"], **values(data))))

    def admin_op_ed_rows(data):
        """The pitch's row on the op-ed's admin page."""
        op_ed, pitch = data["op_ed"], Pitch.objects.get(pk=data["pitch"].pk)
        row = {
            "id": pitch.pk,
            "op_ed": op_ed.pk,
            "position": pitch.position,
            "outlet": pitch.outlet_id,
            "editor": pitch.editor_id or "",
            "pitched_on": iso(pitch.pitched_on),
            "follow_up_on": iso(pitch.follow_up_on),
            "owner": pitch.owner_id or "",
            **values(data),
        }
        form = {
            "title": op_ed.title,
            "language": op_ed.language,
            "authors": [data["author"].pk],
            "owner": data["staff"].pk,
            "summary": "",
            "pitches-TOTAL_FORMS": "1",
            "pitches-INITIAL_FORMS": "1",
            "pitches-MAX_NUM_FORMS": "1000",
            **{f"pitches-0-{name}": value for name, value in row.items()},
            "language_versions-TOTAL_FORMS": "0",
            "language_versions-INITIAL_FORMS": "0",
            "language_versions-MAX_NUM_FORMS": "1000",
        }
        return ui_outcome(admin_client(data["staff"]).post(f"/admin/outreach/oped/{op_ed.pk}/change/", form))

    doors = {"ui": ui, "api": api, "admin": admin}
    if set(changes) <= INLINE_FIELDS:
        doors["admin_op_ed_rows"] = admin_op_ed_rows
    return doors


def test_a_follow_up_date_is_set_the_same_whatever_the_door():
    results = each_door(pitched, edit(follow_up_on=lambda data: "2020-11-04"))
    assert_same(results)
    outcome, _before, after = results["admin_op_ed_rows"]
    assert outcome.ok and "('follow_up_on', datetime.date(2020, 11, 4))" in pitch_row(after)


def test_adding_an_outcome_to_a_placed_pitch_keeps_it_placed_whatever_the_door():
    results = each_door(placed, edit(outcome=lambda data: "Ran on page 2 of the weekend edition"))
    assert_same(results)
    outcome, _before, after = results["admin"]
    row = pitch_row(after)
    assert outcome.ok and "('status', 'placed')" in row and "weekend edition" in row


def test_a_sent_pitch_keeps_its_outlet_whatever_the_door():
    results = each_door(pitched, edit(outlet=lambda data: data["faz"].pk))
    assert_same(results)
    assert set(results) == {"ui", "api", "admin", "admin_op_ed_rows"}
    assert results["api"][0].refused == "This pitch went to Le Monde: record a new pitch for another outlet."


# --- The moves: sent, withdrawn, expired -----------------------------------------------------


def set_status(status: str, pitched_on: str | None = None):
    def ui(data):
        return ui_edit(data, status=status, **({"pitched_on": pitched_on} if pitched_on else {}))

    def api(data):
        body = {"status": status, **({"pitched_on": pitched_on} if pitched_on else {})}
        return api_outcome(api_client(data["staff"]).post(f"/api/v1/pitches/{data['pitch'].pk}/set-status/", body))

    def admin(data):
        client = admin_client(data["staff"])
        return admin_action(client, Pitch, "set_status", [data["pitch"]], status=status, pitched_on=pitched_on or "")

    return {"ui": ui, "api": api, "admin": admin}


def test_sending_a_planned_pitch_is_the_same_whatever_the_door():
    results = each_door(planned, set_status(Pitch.Status.PITCHED, pitched_on="2020-11-04"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok and "('pitched_on', datetime.date(2020, 11, 4))" in pitch_row(after)


def test_withdrawing_a_pitch_is_the_same_whatever_the_door():
    results = each_door(pitched, set_status(Pitch.Status.WITHDRAWN))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and "('status', 'withdrawn')" in pitch_row(after)


def test_a_pitch_never_sent_cannot_expire_from_any_door():
    results = each_door(planned, set_status(Pitch.Status.EXPIRED))
    assert_same(results)
    assert results["admin"][0].refused == "A pitch cannot go from “May be pitched” to “Expired unanswered”."


def test_a_pitch_is_not_marked_placed_without_its_placement_from_any_door():
    results = each_door(pitched, set_status(Pitch.Status.PLACED))
    assert_same(results)
    assert results["ui"][0].refused == "A pitch is placed by recording its placement: where and when the piece ran."


def test_status_is_not_edited_by_hand_in_the_api_nor_the_admin():
    """The old doors: PATCH {"status": "placed"} marked the pitch placed with no placement and left the
    op-ed an idea; the pitch admin and the op-ed admin's pitch rows edited the status freely."""
    data = pitched()
    pitch, op_ed = data["pitch"], data["op_ed"]
    response = api_client(data["staff"]).patch(f"/api/v1/pitches/{pitch.pk}/", {"status": "placed"})
    assert response.status_code == 400 and "/record-placement/" in response.json()["errors"]["status"][0]
    client = admin_client(data["staff"])
    client.post(f"/admin/outreach/pitch/{pitch.pk}/change/", admin_pitch_form(pitch, status="placed"))
    inline = {
        "title": op_ed.title,
        "language": op_ed.language,
        "authors": [data["author"].pk],
        "owner": data["staff"].pk,
        "pitches-TOTAL_FORMS": "1",
        "pitches-INITIAL_FORMS": "1",
        "pitches-MAX_NUM_FORMS": "1000",
        "pitches-0-id": pitch.pk,
        "pitches-0-op_ed": op_ed.pk,
        "pitches-0-position": "0",
        "pitches-0-outlet": data["le_monde"].pk,
        "pitches-0-status": "placed",
        "pitches-0-pitched_on": "2020-11-01",
        "language_versions-TOTAL_FORMS": "0",
        "language_versions-INITIAL_FORMS": "0",
        "language_versions-MAX_NUM_FORMS": "1000",
    }
    client.post(f"/admin/outreach/oped/{op_ed.pk}/change/", inline)
    assert Pitch.objects.get(pk=pitch.pk).status == Pitch.Status.PITCHED
    assert not Placement.objects.exists() and OpEd.objects.get(pk=op_ed.pk).status == OpEd.Status.READY


# --- The editor's answer -------------------------------------------------------------------


def record_answer(accepted: bool):
    status = Pitch.Status.ACCEPTED if accepted else Pitch.Status.DECLINED

    def ui(data):
        return ui_edit(data, status=status, answered_on="2020-11-05", outcome="Runs on Friday")

    def api(data):
        body = {"accepted": accepted, "answered_on": "2020-11-05", "outcome": "Runs on Friday"}
        return api_outcome(api_client(data["staff"]).post(f"/api/v1/pitches/{data['pitch'].pk}/record-answer/", body))

    def admin(data):
        form = {"accepted": "yes" if accepted else "no", "answered_on": "2020-11-05", "outcome": "Runs on Friday"}
        return admin_action(admin_client(data["staff"]), Pitch, "record_answer", [data["pitch"]], **form)

    return {"ui": ui, "api": api, "admin": admin}


def test_recording_the_editors_answer_is_the_same_whatever_the_door():
    results = each_door(pitched, record_answer(True))
    assert_same(results)
    outcome, _before, after = results["admin"]
    row = pitch_row(after)
    assert outcome.ok and "('status', 'accepted')" in row and "Runs on Friday" in row


def test_a_pitch_answered_already_is_not_answered_again_from_any_door():
    results = each_door(declined, record_answer(True))
    assert_same(results)
    assert results["api"][0].refused == "Only a pitch awaiting an answer can be answered."


# --- Placed: where and when the piece ran ------------------------------------------------------


def record_placement(published_on: str):
    url = "https://www.lemonde.fr/idees/appel-pour-la-paix"

    def ui(data):
        return ui_edit(
            data, status=Pitch.Status.PLACED, placement_url=url, placement_date=published_on, placement_kind="oped"
        )

    def api(data):
        body = {"url": url, "published_on": published_on, "kind": "oped"}
        path = f"/api/v1/pitches/{data['pitch'].pk}/record-placement/"
        return api_outcome(api_client(data["staff"]).post(path, body))

    def admin(data):
        form = {"url": url, "published_on": published_on, "kind": "oped", "title": ""}
        return admin_action(admin_client(data["staff"]), Pitch, "record_placement", [data["pitch"]], **form)

    return {"ui": ui, "api": api, "admin": admin}


def test_recording_a_placement_places_the_pitch_and_the_op_ed_whatever_the_door():
    results = each_door(pitched, record_placement("2020-11-12"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    [placement] = after["media_tracker.placement"]
    assert outcome.ok and "('status', 'placed')" in pitch_row(after)
    assert "('spokespeople', ['Anna Petrosyan'])" in placement
    assert any("('status', 'placed')" in row for row in after["outreach.oped"])


def test_a_piece_cannot_run_before_it_was_pitched_from_any_door():
    results = each_door(pitched, record_placement("2020-10-01"))
    assert_same(results)
    assert results["admin"][0].refused == "A piece cannot run before it was pitched."


# --- Placements from the placements door (API and admin; the UI records them on the pitch) ----------


def placement_of_the_pitch():
    """POST /placements/ with a pitch, and the admin's placement form with one: the pitch's placement."""
    url = "https://www.lemonde.fr/idees/appel-pour-la-paix"

    def ui(data):
        return ui_edit(data, status="placed", placement_url=url, placement_date="2020-11-12", placement_kind="oped")

    def fields(data) -> dict:
        return {
            "campaign": data["campaign"].pk,
            "outlet": data["le_monde"].pk,
            "pitch": data["pitch"].pk,
            "kind": "oped",
            "url": url,
            "published_on": "2020-11-12",
        }

    def api(data):
        return api_outcome(api_client(data["staff"]).post("/api/v1/placements/", fields(data)))

    def admin(data):
        form = {"title": "", **fields(data)}
        return ui_outcome(admin_client(data["staff"]).post("/admin/media_tracker/placement/add/", form))

    return {"ui": ui, "api": api, "admin": admin}


def test_a_placement_given_with_its_pitch_is_the_pitchs_placement_whatever_the_door():
    results = each_door(pitched, placement_of_the_pitch())
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and "('status', 'placed')" in pitch_row(after)


def a_comment(url: str):
    """A comment on BBC World by a spokesperson: a placement without a pitch."""

    def fields(data) -> dict:
        return {
            "campaign": data["campaign"].pk,
            "outlet": data["bbc"].pk,
            "kind": "comment",
            "title": "Ceasefire: the view from Yerevan and Baku",
            "url": url,
            "published_on": "2020-11-10",
            "spokespeople": [data["author"].pk],
        }

    def api(data):
        return api_outcome(api_client(data["staff"]).post("/api/v1/placements/", fields(data)))

    def admin(data):
        return ui_outcome(admin_client(data["staff"]).post("/admin/media_tracker/placement/add/", fields(data)))

    return {"api": api, "admin": admin}


def test_a_placement_without_a_pitch_is_the_same_from_the_api_and_the_admin():
    results = each_door(pitched, a_comment("https://www.bbc.co.uk/news/world-europe-54882564"))
    assert_same(results)
    outcome, _before, after = results["admin"]
    [placement] = after["media_tracker.placement"]
    assert outcome.ok and "('spokespeople', ['Anna Petrosyan'])" in placement and "('pitch', None)" in placement


def test_the_same_placement_twice_is_refused_by_the_api_and_the_admin():
    results = each_door(placed, a_comment("https://www.lemonde.fr/idees/paix"))
    assert_same(results)
    assert results["api"][0].refused == "This placement is already recorded."


def remove_placement():
    def api(data):
        placement = Placement.objects.get(pitch=data["pitch"])
        return api_outcome(api_client(data["staff"]).delete(f"/api/v1/placements/{placement.pk}/"))

    def admin(data):
        placement = Placement.objects.get(pitch=data["pitch"])
        url = f"/admin/media_tracker/placement/{placement.pk}/delete/"
        return ui_outcome(admin_client(data["staff"]).post(url, {"post": "yes"}))

    return {"api": api, "admin": admin}


def test_removing_a_placement_puts_its_pitch_and_op_ed_back_from_the_api_and_the_admin():
    """The old doors deleted the row and left the pitch and the op-ed placed, with no placement."""
    results = each_door(placed, remove_placement())
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and after["media_tracker.placement"] == []
    assert "('status', 'pitched')" in pitch_row(after)
    assert not any("('status', 'placed')" in row for row in after["outreach.oped"])


def correct_placement(published_on: str):
    def api(data):
        placement = Placement.objects.get(pitch=data["pitch"])
        body = {"published_on": published_on, "title": "Un appel commun pour la paix"}
        return api_outcome(api_client(data["staff"]).patch(f"/api/v1/placements/{placement.pk}/", body))

    def admin(data):
        placement = Placement.objects.get(pitch=data["pitch"])
        form = {
            "kind": placement.kind,
            "published_on": published_on,
            "title": "Un appel commun pour la paix",
            "url": placement.url,
            "article": "",
            "spokespeople": [data["author"].pk],
        }
        url = f"/admin/media_tracker/placement/{placement.pk}/change/"
        return ui_outcome(admin_client(data["staff"]).post(url, form))

    return {"api": api, "admin": admin}


def test_correcting_a_placement_is_the_same_from_the_api_and_the_admin():
    results = each_door(placed, correct_placement("2020-11-13"))
    assert_same(results)
    outcome, _before, after = results["admin"]
    [placement] = after["media_tracker.placement"]
    assert outcome.ok and "Un appel commun pour la paix" in placement


def test_a_placement_is_not_dated_before_its_pitch_from_the_api_nor_the_admin():
    results = each_door(placed, correct_placement("2020-10-01"))
    assert_same(results)
    assert results["api"][0].refused == "A piece cannot run before it was pitched."
