"""Quick "log outreach" form and its type-ahead search."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from campaigns.views.common import FormToken, editable_campaign_ids, new_form_token, require_any_edit
from campaigns.views.evidence import link_ticked_asks
from outreach.forms import QuickLogForm
from outreach.models import Contact, Organisation
from outreach.services.interactions import interaction_log
from outreach.views import typeahead


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return ""


def quick_log(request):
    campaign_ids = editable_campaign_ids(request.user)
    if request.method == "POST":
        require_any_edit(request.user)
        token = FormToken(request)
        if not token.claim():
            messages.info(request, _("This entry was already saved."))
            return redirect(token.previous_url() or "home")
        form = QuickLogForm(request.POST, campaign_ids=campaign_ids)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    interaction = interaction_log(
                        campaign=data["campaign"],
                        by=request.user,
                        summary=data["summary"],
                        contact=data["contact"],
                        organisation=data["organisation"],
                        channel=data["channel"],
                        occurred_at=data["occurred_at"],
                        next_step=data["next_step"],
                        follow_up_on=data["follow_up_on"],
                    )
                    link_ticked_asks(request, interaction=interaction)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session["last_campaign_id"] = data["campaign"].pk
                messages.success(request, _("Logged: %(what)s") % {"what": interaction})
                for step in interaction.closed_steps:
                    messages.info(request, _("The earlier next step “%(step)s” is closed.") % {"step": step.next_step})
                target = _safe_next(request) or (
                    reverse("outreach:contact-detail", args=[interaction.contact_id])
                    if interaction.contact_id
                    else reverse("home")
                )
                token.done(target)
                return redirect(target)
        token.release()
    else:
        # Now, to the minute, in the user's time zone (the middleware activated it).
        initial = {"form_token": new_form_token(), "occurred_at": timezone.localtime().replace(second=0, microsecond=0)}
        contact = _pick(Contact, request.GET.get("contact"))
        organisation = _pick(Organisation, request.GET.get("organisation"))
        if contact:
            initial["contact"] = contact.pk
        elif organisation:
            initial["organisation"] = organisation.pk
        last = request.session.get("last_campaign_id")
        if request.GET.get("campaign", "").isdigit() and int(request.GET["campaign"]) in campaign_ids:
            initial["campaign"] = int(request.GET["campaign"])
        elif last in campaign_ids:
            initial["campaign"] = last
        elif len(campaign_ids) == 1:
            initial["campaign"] = next(iter(campaign_ids))
        form = QuickLogForm(initial=initial, campaign_ids=campaign_ids)
    chosen_contact = _pick(Contact, form["contact"].value())
    chosen_organisation = _pick(Organisation, form["organisation"].value())
    return render(
        request,
        "outreach/quick_log.html",
        {
            "form": form,
            "can_log": bool(campaign_ids),
            "chosen_contact": chosen_contact,
            "chosen_organisation": chosen_organisation,
            "contact_query": form["contact_q"].value() or "",
            "organisation_query": form["organisation_q"].value() or "",
            "next": _safe_next(request),
        },
    )


def _pick(model, raw):
    if raw in (None, "") or not str(raw).isdigit():
        return None
    return model.objects.filter(pk=int(raw)).first()


def search(request):
    """Type-ahead: contacts and organisations whose name (or email) contains the query."""
    kind = request.GET.get("kind", "contact")
    query = (request.GET.get("q") or request.GET.get(f"{kind}_q") or "").strip()
    if kind not in {"contact", "organisation"}:
        return HttpResponseBadRequest("kind must be contact or organisation")
    results = typeahead.matches(kind, query) if len(query) >= 2 else []
    return render(request, "outreach/_search_results.html", {"results": results, "kind": kind, "query": query})


def pick(request):
    """Swap the type-ahead for the chosen contact or organisation (a hidden field and its name)."""
    kind = request.GET.get("kind", "contact")
    model = Contact if kind == "contact" else Organisation
    chosen = _pick(model, request.GET.get("id"))
    return render(request, "outreach/_picker.html", {"kind": kind, "chosen": chosen})
