import django_filters

from campaigns.api.base import IdFilter, UtcIsoDateTimeFilter
from media_tracker.models import Article, Feed, Mention, Outlet, Placement, TrackedTerm


class OutletFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Outlet.Kind.choices)
    organisation = IdFilter(field_name="organisation_id")

    class Meta:
        model = Outlet
        fields = ["kind", "country", "language", "organisation"]


class FeedFilter(django_filters.FilterSet):
    outlet = IdFilter(field_name="outlet_id")

    class Meta:
        model = Feed
        fields = ["outlet", "is_active"]


class ArticleFilter(django_filters.FilterSet):
    outlet = IdFilter(field_name="outlet_id")
    feed = IdFilter(field_name="feed_id")
    language = django_filters.CharFilter(max_length=8)
    published_after = UtcIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UtcIsoDateTimeFilter(field_name="published_at", lookup_expr="lt")
    country = django_filters.CharFilter(field_name="outlet__country", max_length=2)

    class Meta:
        model = Article
        fields = ["outlet", "feed", "language"]


class TrackedTermFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    kind = django_filters.MultipleChoiceFilter(choices=TrackedTerm.Kind.choices)

    class Meta:
        model = TrackedTerm
        fields = ["campaign", "kind", "source", "is_active"]


class MentionFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    article = IdFilter(field_name="article_id")
    outlet = IdFilter(field_name="article__outlet_id")
    term = IdFilter(field_name="terms", distinct=True)
    published_after = UtcIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UtcIsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Mention
        fields = ["campaign", "article", "outlet", "term"]


class PlacementFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    outlet = IdFilter(field_name="outlet_id")
    op_ed = IdFilter(field_name="op_ed_id")
    kind = django_filters.MultipleChoiceFilter(choices=Placement.Kind.choices)
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Placement
        fields = ["campaign", "outlet", "op_ed", "kind"]
