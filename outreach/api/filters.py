import django_filters
from django.db.models import Q

from campaigns.api.base import IdFilter, SafeSearchFilter, UtcIsoDateTimeFilter
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Organisation, Pitch
from outreach.services.protection import contacts_search_condition


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["kind", "country", "is_partner"]


class ContactFilter(django_filters.FilterSet):
    organisation = IdFilter(field_name="organisation_id")
    tag = django_filters.CharFilter(field_name="tags__slug", distinct=True, max_length=50)
    preferred_language = django_filters.ChoiceFilter(choices=Contact._meta.get_field("preferred_language").choices)

    class Meta:
        model = Contact
        fields = ["organisation", "country", "tag", "preferred_language"]


class InteractionFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    contact = IdFilter(field_name="contact_id")
    organisation = IdFilter(field_name="organisation_id")
    logged_by = IdFilter(field_name="logged_by_id")
    channel = django_filters.MultipleChoiceFilter(choices=Interaction.Channel.choices)
    occurred_after = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    follow_up_by = django_filters.DateFilter(field_name="follow_up_on", lookup_expr="lte")
    open_follow_up = django_filters.BooleanFilter(method="filter_open_follow_up")

    class Meta:
        model = Interaction
        fields = ["campaign", "contact", "organisation", "logged_by", "channel", "done"]

    def filter_open_follow_up(self, queryset, name, value):
        return queryset.open_follow_ups() if value else queryset.exclude(pk__in=queryset.open_follow_ups())


class BriefingFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    status = django_filters.MultipleChoiceFilter(choices=Briefing.Status.choices)
    starts_after = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Briefing
        fields = ["campaign", "status"]


class InvitationFilter(django_filters.FilterSet):
    briefing = IdFilter(field_name="briefing_id")
    contact = IdFilter(field_name="contact_id")
    status = django_filters.MultipleChoiceFilter(choices=Invitation.Status.choices)

    class Meta:
        model = Invitation
        fields = ["briefing", "contact", "status", "attended"]


class OpEdFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    status = django_filters.MultipleChoiceFilter(choices=OpEd.Status.choices)
    author = IdFilter(field_name="authors", distinct=True)

    class Meta:
        model = OpEd
        fields = ["campaign", "status", "language", "author"]


class PitchFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    op_ed = IdFilter(field_name="op_ed_id")
    outlet = IdFilter(field_name="outlet_id")
    editor = IdFilter(field_name="editor_id")
    status = django_filters.MultipleChoiceFilter(choices=Pitch.Status.choices)
    follow_up_by = django_filters.DateFilter(field_name="follow_up_on", lookup_expr="lte")

    class Meta:
        model = Pitch
        fields = ["campaign", "op_ed", "outlet", "editor", "status"]


class ContactAwareSearchFilter(SafeSearchFilter):
    """The search of rows about a contact (outreach, invitations): the view's own ``search_fields``,
    or the contact found as the search of contacts finds it, by the name shown, never by a protected
    contact's real name or email."""

    def filter_queryset(self, request, queryset, view):
        terms = self.get_search_terms(request)
        if not terms:
            return queryset
        for term in terms:
            condition = Q(
                **{f"{view.contact_search_path}__in": Contact.objects.filter(contacts_search_condition(term))}
            )
            for field in view.search_fields:
                condition |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(condition)
        return queryset.distinct()
