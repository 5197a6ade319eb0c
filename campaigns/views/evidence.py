"""“Link to an ask” from wherever the evidence is shown: the quick log, a pitch, a mention, a briefing.

The control (``campaigns/partials/link_to_ask.html``) posts here; with htmx the control is swapped
for its new state, without it the page reloads. A page listing many objects reads the campaign's
asks and links once per campaign and kind (``LinkCache``), whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns import permissions
from campaigns.models import Evidence, Membership, Objective
from campaigns.services.evidence import evidence_kind_of, evidence_link
from campaigns.views.common import require_edit, visible_campaign_ids
from outreach.models import Contact, Organisation

CONTROL_TEMPLATE = "campaigns/partials/_link_to_ask_control.html"


@dataclass
class LinkCache:
    """Per page: each campaign's asks (with their targets), links per kind, and the user's rights."""

    asks: dict[int, list[Objective]] = field(default_factory=dict)
    links: dict[tuple[int, str], dict[int, set[int]]] = field(default_factory=dict)
    editable: set[int] | None = None  # the campaigns the user may change, read once per page
    # The <option>s of a list of asks, written once per page for each list (a media page's 50 rows
    # mostly offer the same five asks: rendering them per row was a fifth of the page's time).
    rendered_options: dict[tuple, str] = field(default_factory=dict)

    @cached_property
    def action(self) -> str:
        return reverse("campaigns:evidence-link")

    def options(self, suggestions: list[Objective], choices: list[Objective]) -> str:
        key = (tuple(objective.pk for objective in suggestions), tuple(objective.pk for objective in choices))
        if key not in self.rendered_options:
            self.rendered_options[key] = format_html_join(
                "",
                '<option value="{}">{}</option>',
                [
                    *((o.pk, _("%(title)s (aimed at them)") % {"title": _short(o.title)}) for o in suggestions),
                    *((o.pk, _short(o.title)) for o in choices),
                ],
            )
        return self.rendered_options[key]

    def asks_of(self, campaign_id: int) -> list[Objective]:
        self.prime([campaign_id], kinds=())
        return self.asks[campaign_id]

    def prime(self, campaign_ids, kinds) -> None:
        """Read the asks and links of the campaigns not read yet, all at once (a page that spans
        campaigns would otherwise read them campaign by campaign)."""
        missing = set(campaign_ids) - set(self.asks)
        if missing:
            objectives = list(Objective.objects.filter(campaign_id__in=missing).order_by("position", "id"))
            # The targets' ids only: no contact is shown, so none is built.
            targets = defaultdict(set)
            rows = Objective.target_contacts.through.objects.filter(objective__in=[o.pk for o in objectives])
            for objective_id, contact_id in rows.values_list("objective_id", "contact_id"):
                targets[objective_id].add(contact_id)
            self.asks.update({campaign_id: [] for campaign_id in missing})
            for objective in objectives:
                objective.target_contact_ids = targets[objective.pk]
                self.asks[objective.campaign_id].append(objective)
        for kind in kinds:
            wanted = {campaign_id for campaign_id in campaign_ids if (campaign_id, kind) not in self.links}
            if not wanted:
                continue
            self.links.update({(campaign_id, kind): defaultdict(set) for campaign_id in wanted})
            rows = Evidence.objects.filter(campaign_id__in=wanted, kind=kind, **{f"{kind}__isnull": False})
            for campaign_id, objective_id, linked_id in rows.values_list("campaign_id", "objective_id", f"{kind}_id"):
                self.links[(campaign_id, kind)][linked_id].add(objective_id)

    def linked(self, campaign_id: int, kind: str, source_id: int) -> set[int]:
        self.prime([campaign_id], kinds=(kind,))
        return self.links[(campaign_id, kind)].get(source_id, set())

    def can_edit(self, user, campaign_id: int) -> bool:
        if self.editable is None:
            self.editable = permissions.campaign_ids_for(user=user, at_least=Membership.Role.STAFF)
        return campaign_id in self.editable


def _short(title: str) -> str:
    return Truncator(title).chars(70)


def suggested(objective: Objective, source, kind: str) -> bool:
    """An interaction with a target contact, or someone of the target institution, suggests the ask."""
    if kind != Evidence.Kind.INTERACTION:
        return False
    contact = source.contact
    organisation_id = source.organisation_id or (contact.organisation_id if contact else None)
    return bool(
        (contact is not None and contact.pk in objective.target_contact_ids)
        or (organisation_id and objective.target_organisation_id == organisation_id)
    )


def link_cache_for(request) -> LinkCache:
    """The page's cache, kept on the request: each include of the control has a render context of its own."""
    cache = getattr(request, "_link_to_ask_cache", None)
    if cache is None:
        cache = request._link_to_ask_cache = LinkCache()
    return cache


def link_control_context(*, user, source, cache: LinkCache, next_url: str = "") -> dict:
    kind = evidence_kind_of(source)
    campaign_id = source.campaign_id
    linked_ids = cache.linked(campaign_id, kind, source.pk)
    asks = cache.asks_of(campaign_id)
    choices = [objective for objective in asks if objective.pk not in linked_ids]
    suggestions = [objective for objective in choices if suggested(objective, source, kind)]
    rest = [objective for objective in choices if objective not in suggestions]
    return {
        "kind": kind,
        "source": source,
        "linked": [objective for objective in asks if objective.pk in linked_ids],
        "options": cache.options(suggestions, rest) if choices else "",
        "action": cache.action,
        "can_link": cache.can_edit(user, campaign_id),
        "next": next_url,
    }


def _source(kind: str, raw_id: str):
    if kind not in Evidence.SOURCE_FIELDS or not raw_id.isdigit() or len(raw_id) > 18:
        raise Http404
    model = Evidence._meta.get_field(kind).related_model
    return get_object_or_404(model, pk=int(raw_id))


def _safe_next(request) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return ""


@require_POST
def evidence_link_view(request):
    """Link the object (kind + id) to an ask of its campaign."""
    source = _source(request.POST.get("kind", ""), request.POST.get("object_id", ""))
    require_edit(request.user, source.campaign)
    objective_id = request.POST.get("objective", "")
    objective = Objective.objects.filter(
        pk=int(objective_id) if objective_id.isdigit() and len(objective_id) <= 18 else 0,
        campaign_id__in=visible_campaign_ids(request.user),
    ).first()
    error = ""
    if objective is None:
        error = _("Choose one of the campaign's asks.")
    else:
        try:
            evidence_link(objective=objective, source=source, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    next_url = _safe_next(request)
    if request.htmx:
        context = link_control_context(user=request.user, source=source, cache=LinkCache(), next_url=next_url)
        context.update(error=error, just_linked=None if error else objective)
        return render(request, CONTROL_TEMPLATE, context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Linked to the ask “%(ask)s”.") % {"ask": objective.title})
    return redirect(next_url or "campaigns:detail", **({} if next_url else {"slug": source.campaign.slug}))


@require_GET
def ask_choices(request):
    """For the quick log: the chosen campaign's asks to tick, those aimed at the chosen contact's
    (or organisation's) institution first."""
    raw = request.GET.get("campaign", "")
    campaign_id = int(raw) if raw.isdigit() and len(raw) <= 18 else None
    if campaign_id is None or not permissions.can_edit(user=request.user, campaign=campaign_id):
        return HttpResponse("")
    cache = LinkCache()
    asks = cache.asks_of(campaign_id)
    contact = _pick(Contact, request.GET.get("contact", ""))
    organisation = _pick(Organisation, request.GET.get("organisation", ""))
    organisation_id = organisation.pk if organisation else (contact.organisation_id if contact else None)
    ticked = {value for value in request.GET.getlist("objectives") if value.isdigit()}
    rows = []
    for objective in asks:
        aimed = (contact is not None and contact.pk in objective.target_contact_ids) or (
            organisation_id is not None and objective.target_organisation_id == organisation_id
        )
        rows.append({"objective": objective, "suggested": aimed, "ticked": str(objective.pk) in ticked})
    rows.sort(key=lambda row: not row["suggested"])
    return render(request, "campaigns/partials/_ask_choices.html", {"rows": rows})


def _pick(model, raw: str):
    if not raw.isdigit() or len(raw) > 18:
        return None
    return model.objects.filter(pk=int(raw)).first()


def link_ticked_asks(request, *, interaction) -> None:
    """Link a just-logged interaction to the asks ticked in the quick log (inside its transaction)."""
    raw = [value for value in request.POST.getlist("objectives") if value.isdigit() and len(value) <= 18]
    objectives = Objective.objects.filter(pk__in=raw, campaign_id__in=visible_campaign_ids(request.user))
    for objective in objectives.order_by("position", "id"):
        evidence_link(objective=objective, source=interaction, by=request.user)
