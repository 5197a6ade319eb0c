"""Op-ed board, pitches in one step, second-pitch warning, next outlet after expiry, stale edits."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from campaigns.views.common import new_form_token
from media_tracker.models import Placement
from outreach.models import OpEd, Pitch
from tests.factories import ContactFactory, OpEdFactory, OutletFactory, PitchFactory


def _form_data(client, url, **changes):
    """What the browser would send back: the form as rendered, with some fields changed."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_board_groups_op_eds_by_status_with_versions_and_pitches(client, world):
    OpEdFactory(campaign=world.campaign, title="Un appel commun", language="fr", version_of=world.op_ed)
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:oped-board")).content.decode()
    assert "A joint call for peace" in html and "Un appel commun" in html and "Language versions" in html
    assert str(world.pitch.outlet) in html
    assert "Secret op-ed" not in html
    assert "Record a pitch" not in html  # viewer


def test_record_pitch_then_placement_in_one_step(client, world):
    client.force_login(world.staff)
    op_ed = OpEdFactory(campaign=world.campaign, title="Second piece")
    op_ed.authors.add(world.contact)
    outlet = OutletFactory(name="Le Monde", country="FR", language="fr")
    url = reverse("outreach:pitch-new", args=[op_ed.pk])
    data = _form_data(client, url, outlet=outlet.pk, status="pitched", pitched_on="2026-11-01")
    assert client.post(url, data).status_code == 302
    pitch = Pitch.objects.get(op_ed=op_ed)
    assert pitch.owner == world.staff and pitch.status == "pitched"
    edit = reverse("outreach:pitch-edit", args=[pitch.pk])
    data = _form_data(
        client, edit, status="placed", placement_url="https://lemonde.example.org/a", placement_date="2026-11-05"
    )
    assert client.post(edit, data).status_code == 302
    pitch.refresh_from_db()
    assert pitch.status == "placed"
    placement = Placement.objects.get(pitch=pitch)
    assert placement.url == "https://lemonde.example.org/a" and placement.published_on == dt.date(2026, 11, 5)
    assert list(placement.spokespeople.all()) == [world.contact]
    assert OpEd.objects.get(pk=op_ed.pk).status == "placed"


def test_placed_needs_url_and_date(client, world):
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    response = client.post(edit, _form_data(client, edit, status="placed", placement_url="https://x.example/a"))
    html = response.content.decode()
    assert "A pitch is placed by recording its placement: where and when the piece ran." in html
    assert Pitch.objects.get(pk=world.pitch.pk).status == "pitched" and not Placement.objects.filter(pitch=world.pitch)


def test_editor_answer_goes_through_the_service(client, world):
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    response = client.post(edit, _form_data(client, edit, status="declined", outcome="No room this week"))
    assert response.status_code == 302
    world.pitch.refresh_from_db()
    assert world.pitch.status == "declined" and world.pitch.answered_on == timezone.localdate()
    assert world.pitch.outcome == "No room this week"


def test_second_live_pitch_of_the_same_version_needs_confirmation(client, world):
    client.force_login(world.staff)
    outlet = OutletFactory(name="Frankfurter Allgemeine")
    url = reverse("outreach:pitch-new", args=[world.op_ed.pk])
    page = client.get(url).content.decode()
    assert "already with another outlet" in page
    data = _form_data(client, url, outlet=outlet.pk, status="pitched", pitched_on="2026-11-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Tick the box to pitch it to a second outlet at once." in response.content.decode()
    assert not Pitch.objects.filter(outlet=outlet).exists()
    data.update(confirm_second_pitch="on", form_token=new_form_token())
    assert client.post(url, data).status_code == 302
    assert Pitch.objects.filter(outlet=outlet, status="pitched").exists()


def test_expired_pitch_offers_the_next_outlet(client, world):
    nxt = PitchFactory(
        op_ed=world.op_ed, status="planned", pitched_on=None, position=5, outlet=OutletFactory(name="Novaya Gazeta")
    )
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    response = client.post(edit, _form_data(client, edit, status="expired"), follow=True)
    assert "The next outlet on the list is Novaya Gazeta" in response.content.decode()
    board = client.get(reverse("outreach:oped-board")).content.decode()
    assert "Next on the list: Novaya Gazeta" in board
    assert reverse("outreach:pitch-edit", args=[nxt.pk]) + "?status=pitched" in board
    form = client.get(reverse("outreach:pitch-edit", args=[nxt.pk]), {"status": "pitched"}).context["form"]
    assert form["status"].value() == "pitched" and form["pitched_on"].value() == timezone.localdate()


def test_stale_edit_is_detected_and_not_saved(client, world):
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    mine = _form_data(client, edit, outcome="My note")
    # Someone else saves the pitch meanwhile.
    Pitch.objects.filter(pk=world.pitch.pk).update(
        outcome="Their note", updated_at=timezone.now() + dt.timedelta(seconds=1)
    )
    response = client.post(edit, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this pitch" in html and "My note" in html
    assert Pitch.objects.get(pk=world.pitch.pk).outcome == "Their note"
    # Saving again from the shown form (now carrying the current version) overwrites on purpose.
    again = dict(mine, version=response.context["form"]["version"].value(), form_token=new_form_token())
    assert client.post(edit, again).status_code == 302
    assert Pitch.objects.get(pk=world.pitch.pk).outcome == "My note"


def test_pitch_permissions(client, world):
    client.force_login(world.viewer)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    html = client.get(edit).content.decode()
    assert '<form method="post" novalidate>' not in html
    assert client.post(edit, {"status": "withdrawn"}).status_code == 403
    assert client.get(reverse("outreach:pitch-new", args=[world.op_ed.pk])).status_code == 403
    client.force_login(world.outsider)
    assert client.get(edit).status_code == 404
    assert client.get(reverse("outreach:pitch-new", args=[world.op_ed.pk])).status_code == 404
    assert Pitch.objects.get(pk=world.pitch.pk).status == "pitched"


def test_move_an_op_ed_along_the_board(client, world):
    client.force_login(world.staff)
    url = reverse("outreach:oped-edit", args=[world.op_ed.pk])
    data = {"campaign": world.campaign.pk, "title": world.op_ed.title, "language": "en", "status": "ready"}
    assert client.post(url, data).status_code == 302
    assert OpEd.objects.get(pk=world.op_ed.pk).status == "ready"
    board = client.get(reverse("outreach:oped-board")).content.decode()
    ready, placed = board.index('id="col-ready"'), board.index('id="col-placed"')
    assert "A joint call for peace" in board[ready:placed]
    assert "A joint call for peace" not in board[board.index('id="col-idea"') : ready]


def test_op_ed_edit_permissions(client, world):
    url = reverse("outreach:oped-edit", args=[world.op_ed.pk])
    data = {"campaign": world.campaign.pk, "title": "Hijacked", "language": "en", "status": "dropped"}
    client.force_login(world.viewer)
    assert client.post(url, data).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url, data).status_code == 404
    assert OpEd.objects.get(pk=world.op_ed.pk).title == "A joint call for peace"


def _placed(world):
    from media_tracker.services.placements import pitch_record_placement

    return pitch_record_placement(
        pitch=world.pitch,
        url="https://lemonde.example.org/appel",
        published_on=timezone.localdate() - dt.timedelta(days=1),
        kind="oped",
        by=world.staff,
    )


def test_a_placed_pitch_reopens_with_where_when_and_as_what_it_ran(client, world):
    placement = _placed(world)
    client.force_login(world.staff)
    form = client.get(reverse("outreach:pitch-edit", args=[world.pitch.pk])).context["form"]
    assert form["placement_url"].value() == "https://lemonde.example.org/appel"
    assert form["placement_date"].value() == placement.published_on
    assert form["placement_kind"].value() == "oped"


def test_a_placed_pitch_saved_again_keeps_its_placement_and_takes_an_outcome(client, world):
    placement = _placed(world)
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    response = client.post(edit, _form_data(client, edit, outcome="Ran on page 2, shared 400 times"))
    assert response.status_code == 302, response.content.decode()
    world.pitch.refresh_from_db()
    assert world.pitch.status == "placed" and world.pitch.outcome == "Ran on page 2, shared 400 times"
    kept = Placement.objects.get(pitch=world.pitch)
    assert (kept.pk, kept.url, kept.published_on) == (placement.pk, placement.url, placement.published_on)


def test_correcting_a_placements_address_goes_through_the_placement_service(client, world):
    _placed(world)
    client.force_login(world.staff)
    edit = reverse("outreach:pitch-edit", args=[world.pitch.pk])
    data = _form_data(client, edit, placement_url="https://lemonde.example.org/appel-corrige", placement_kind="comment")
    assert client.post(edit, data).status_code == 302
    placement = Placement.objects.get(pitch=world.pitch)
    assert placement.url == "https://lemonde.example.org/appel-corrige" and placement.kind == "comment"
    # A date before the pitch was sent is the service's to refuse; nothing changes.
    before_pitch = (world.pitch.pitched_on - dt.timedelta(days=3)).isoformat()
    response = client.post(edit, _form_data(client, edit, placement_date=before_pitch))
    assert response.status_code == 200
    assert "A piece cannot run before it was pitched." in response.context["form"].errors["placement_date"]
    assert Placement.objects.get(pitch=world.pitch).published_on != dt.date.fromisoformat(before_pitch)


def test_a_viewer_reads_a_pitch_in_names_and_labels_not_stored_values(client, world):
    from tests.factories import ContactFactory

    editor = ContactFactory(full_name="Editor Élise Martin")
    Pitch.objects.filter(pk=world.pitch.pk).update(editor=editor)
    world.pitch.refresh_from_db()
    _placed(world)
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:pitch-edit", args=[world.pitch.pk])).content.decode()
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert f"<dd>{world.pitch.outlet.name}</dd>" in facts
    assert "Editor Élise Martin</a>" in facts
    assert "<dd>Placed</dd>" in facts and "<dd>Op-ed</dd>" in facts
    assert 'href="https://lemonde.example.org/appel"' in facts
    for raw in (f"<dd>{world.pitch.outlet_id}</dd>", f"<dd>{editor.pk}</dd>", "<dd>placed</dd>", "<dd>oped</dd>"):
        assert raw not in facts


def test_board_shows_a_page_of_each_column_with_its_pitches_and_counts_them_all(client, world, monkeypatch):
    from outreach.views import opeds

    monkeypatch.setattr(opeds, "BOARD_PAGE_SIZE", 3)
    ideas = [OpEdFactory(campaign=world.campaign, title=f"Idea {n}", status=OpEd.Status.IDEA) for n in range(7)]
    PitchFactory(op_ed=ideas[6], outlet=OutletFactory(name="Last idea's outlet"))
    client.force_login(world.viewer)
    board = reverse("outreach:oped-board")
    first = client.get(board).content.decode()
    idea_count = OpEd.objects.filter(campaign=world.campaign, status=OpEd.Status.IDEA).count()
    assert f'id="col-idea">Idea <span class="badge">{idea_count}</span>' in first
    assert "Idea 0" in first and "Idea 3" not in first and "Last idea&#x27;s outlet" not in first
    seen, page, pages = set(), first, 0
    while True:
        pages += 1
        seen |= {title for title in (f"Idea {n}" for n in range(7)) if f">{title} <" in page}
        link = re.search(r'<a href="\?page=(\d+)">Next</a>', page)
        if not link:
            break
        page = client.get(f"{board}?page={link.group(1)}").content.decode()
    assert seen == {f"Idea {n}" for n in range(7)} and pages == -(-idea_count // 3)
    assert "Last idea&#x27;s outlet" in page


def test_the_op_ed_form_picks_its_authors_with_a_type_ahead_that_keeps_several(client, world):
    """No <select> of the address book: the chosen authors are listed, one more is added from the
    type-ahead's results, one is removed, and what is sent is the authors kept."""
    thomas = ContactFactory(full_name="Thomas de Waal")
    client.force_login(world.coordinator)
    page = client.get(reverse("outreach:oped-new")).content.decode()
    assert 'name="authors_q"' in page and "<option" not in page.split('id="id_authors-picker"')[1][:2000]
    pick = reverse("outreach:typeahead-pick")
    field = {"kind": "contact", "name": "authors", "id_attr": "id_authors", "multiple": "1"}
    both = client.get(pick, {**field, "authors": [world.contact.pk], "id": thomas.pk}).content.decode()
    assert re.findall(r'name="authors" value="(\d+)"', both) == [str(world.contact.pk), str(thomas.pk)]
    kept = client.get(pick, {**field, "authors": [world.contact.pk, thomas.pk], "remove": world.contact.pk})
    assert re.findall(r'name="authors" value="(\d+)"', kept.content.decode()) == [str(thomas.pk)]
    search = reverse("outreach:typeahead")
    found = client.get(search, {**field, "authors_q": "de Waal"}).content.decode()
    assert "multiple=1" in found and 'hx-include="#id_authors-picker"' in found
