"""Media page: placements and mentions of my campaigns, filterable."""

import datetime as dt

from django.urls import reverse

from tests.factories import MentionFactory, OutletFactory, PlacementFactory


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
