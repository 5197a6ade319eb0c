"""Media page: placements and mentions of my campaigns, filterable."""

import datetime as dt
import re

from django.urls import reverse

from tests.factories import MentionFactory, OpEdFactory, OutletFactory, PlacementFactory


def test_media_lists_placements_and_mentions_of_my_campaigns_only(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("media_tracker:media")).content.decode()
    assert "Visible placement on BBC World" in html and "Visible Minsk Group article" in html
    assert "Secret placement" not in html and "Secret article" not in html


def test_media_filters(client, world):
    le_monde = OutletFactory(name="Le Monde", country="FR", language="fr")
    PlacementFactory(
        campaign=world.campaign, outlet=le_monde, title="Tribune in Le Monde", published_on=dt.date(2020, 11, 12)
    )
    MentionFactory(
        campaign=world.campaign,
        article__outlet=le_monde,
        article__title="Article sur Stepanakert",
        article__language="fr",
    )
    client.force_login(world.viewer)
    url = reverse("media_tracker:media")
    html = client.get(url, {"country": "FR"}).content.decode()
    assert "Tribune in Le Monde" in html and "Article sur Stepanakert" in html
    assert "Visible placement on BBC World" not in html and "Visible Minsk Group article" not in html
    html = client.get(url, {"language": "fr", "outlet": le_monde.pk}).content.decode()
    assert "Tribune in Le Monde" in html and "Visible placement" not in html
    html = client.get(url, {"since": "2020-11-11", "until": "2020-11-30"}).content.decode()
    assert "Tribune in Le Monde" in html and "Visible placement on BBC World" not in html  # 2020-11-10
    html = client.get(url, {"campaign": world.other.pk}).content.decode()
    assert "Select a valid choice" in html and "Secret placement" not in html


def test_the_outlet_filter_is_a_type_ahead_not_a_list_of_every_outlet(client, world):
    le_monde = OutletFactory(name="Le Monde", country="FR", language="fr")
    for n in range(30):
        OutletFactory(name=f"Le Courrier {n:02d}")
    MentionFactory(campaign=world.campaign, article__outlet=le_monde, article__title="Article sur Stepanakert")
    client.force_login(world.staff)
    url = reverse("media_tracker:media")
    html = client.get(url).content.decode()
    assert "Le Courrier" not in html  # no <option> per outlet
    # Type in the filter's outlet box: the search it names answers at most 8 matches.
    search = re.search(r'id="id_outlet"[^>]*hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
    # (htmx adds the box's own value to the address it names)
    results = client.get(search + "&outlet_q=le+").content.decode()
    assert results.count("<li>") == 8
    results = client.get(search + "&outlet_q=monde").content.decode()
    pick = re.search(r'hx-get="([^"]+)"', results).group(1).replace("&amp;", "&")
    picker = client.get(pick).content.decode()
    assert "Le Monde" in picker and f'name="outlet" value="{le_monde.pk}"' in picker
    # The filter form sends that hidden value: only Le Monde's mentions are listed.
    html = client.get(url, {"outlet": le_monde.pk}).content.decode()
    assert "Article sur Stepanakert" in html and "Visible Minsk Group article" not in html
    assert '<span class="chosen">Le Monde</span>' in html
    # The add-an-article form has its own outlet picker (ids of its own).
    assert 'id="add_outlet"' in html and html.count('id="id_outlet"') == 1


def test_a_long_list_of_mentions_is_counted_up_to_a_cap(client, world, monkeypatch):
    from media_tracker.views import media

    monkeypatch.setattr(media, "COUNT_CAP", 30)
    for n in range(35):
        MentionFactory(campaign=world.campaign, article__title=f"Pickup {n}")
    client.force_login(world.viewer)
    url = reverse("media_tracker:media")
    html = client.get(url).content.decode()
    assert '<span class="badge">30+</span>' in html and "Page 1 of 2" in html
    last = client.get(url, {"page": 2}).content.decode()
    assert "Only the newest 30 are listed" in last
    assert client.get(url, {"page": 3}).status_code == 200


def test_a_type_ahead_refuses_what_it_does_not_know(client, world):
    client.force_login(world.viewer)
    search = reverse("outreach:typeahead")
    assert client.get(search, {"kind": "user", "name": "x", "id_attr": "id_x", "q": "ab"}).status_code == 400
    bad = {"kind": "outlet", "name": "x", "id_attr": '"><script>', "q": "ab"}
    assert client.get(search, bad).status_code == 400
    ok = client.get(search, {"kind": "contact", "name": "editor", "id_attr": "id_editor", "editor_q": "valko"})
    assert ok.status_code == 200 and "Svitlana Valko" in ok.content.decode()


def test_the_alerts_page_finds_an_op_ed_of_ones_own_campaigns_by_title(client, world):
    """The alerts form lists no op-ed: a type-ahead finds them by title, only among the person's
    campaigns and only originals (a translation is alerted through its original)."""
    mine = OpEdFactory(campaign=world.campaign, title="Aid corridors now")
    OpEdFactory(campaign=world.campaign, title="Corridors humanitaires", version_of=mine, language="fr")
    hidden = OpEdFactory(campaign=world.other, title="Secret corridors plan")
    client.force_login(world.viewer)
    page = client.get(reverse("media_tracker:alerts")).content.decode()
    assert "Aid corridors now" not in page and 'name="op_ed_q"' in page
    search = reverse("outreach:typeahead")
    found = client.get(search, {"kind": "op_ed", "name": "op_ed", "id_attr": "id_op_ed", "op_ed_q": "corridors"})
    assert found.status_code == 200
    assert re.findall(r"id=(\d+)", found.content.decode()) == [str(mine.pk)]
    pick = reverse("outreach:typeahead-pick")
    chosen = client.get(pick, {"kind": "op_ed", "name": "op_ed", "id_attr": "id_op_ed", "id": mine.pk})
    assert '<span class="chosen">Aid corridors now [en]</span>' in chosen.content.decode()
    refused = client.get(pick, {"kind": "op_ed", "name": "op_ed", "id_attr": "id_op_ed", "id": hidden.pk})
    assert "Secret" not in refused.content.decode() and 'name="op_ed_q"' in refused.content.decode()
    # Posting another campaign's op-ed is refused by the form, and nothing is written.
    response = client.post(reverse("media_tracker:alert-subscribe"), {"op_ed": hidden.pk})
    assert response.status_code == 400 and "Secret" not in response.content.decode()
    assert not world.viewer.alert_subscriptions.exists()
