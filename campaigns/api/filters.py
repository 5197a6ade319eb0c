import django_filters

from campaigns.api.base import IdFilter
from campaigns.models import Campaign, Evidence, ExitCriterion, Membership, Objective


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Campaign.Status.choices)
    launched_after = django_filters.DateFilter(field_name="launched_on", lookup_expr="gte")
    launched_before = django_filters.DateFilter(field_name="launched_on", lookup_expr="lte")

    class Meta:
        model = Campaign
        fields = ["status", "slug"]


class ObjectiveFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    status = django_filters.MultipleChoiceFilter(choices=Objective.Status.choices)

    class Meta:
        model = Objective
        fields = ["campaign", "status"]


class MembershipFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    user = IdFilter(field_name="user_id")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["campaign", "user", "role"]


class EvidenceFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    objective = IdFilter(field_name="objective_id")
    kind = django_filters.MultipleChoiceFilter(choices=Evidence.Kind.choices)
    since = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    until = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = Evidence
        fields = ["campaign", "objective", "kind"]


class ExitCriterionFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    state = django_filters.MultipleChoiceFilter(choices=ExitCriterion.State.choices)

    class Meta:
        model = ExitCriterion
        fields = ["campaign", "state"]
