"""The quarterly update: choose a quarter and a language, edit the draft section by section, freeze
it as versions, download it as PDF or Word, and share a version by a public link that can be revoked."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.models import Campaign, QuarterlyShareLink, QuarterlyUpdate, QuarterlyVersion
from campaigns.reports.dashboard import Period
from campaigns.reports.quarterly import services
from campaigns.reports.quarterly.document import draft_document, quarter_label
from campaigns.reports.quarterly.files import document_docx, document_pdf
from campaigns.views.common import require_manage, require_view
from config.languages import EMAIL_LANGUAGES

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), coerce=int, choices=[(n, f"Q{n}") for n in range(1, 5)]
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the update"), choices=EMAIL_LANGUAGES)


def _campaign(request, slug: str) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("coordinator"), slug=slug)
    require_view(request.user, campaign)
    return campaign


def _default_quarter(campaign: Campaign) -> Period:
    """The last quarter that has ended (or the campaign's last, once it closed)."""
    day = campaign.closed_on or (Period.quarter_of(timezone.localdate()).start - dt.timedelta(days=1))
    return Period.quarter_of(day)


def quarterly_home(request, slug: str, form: QuarterForm | None = None, status: int = 200):
    campaign = _campaign(request, slug)
    quarter = _default_quarter(campaign)
    language = translation.get_language() if translation.get_language() in dict(EMAIL_LANGUAGES) else "en"
    form = form or QuarterForm(
        initial={"year": quarter.start.year, "quarter": (quarter.start.month + 2) // 3, "language": language}
    )
    updates = list(
        QuarterlyUpdate.objects.filter(campaign=campaign).prefetch_related("versions").order_by("-year", "-quarter")
    )
    for update in updates:
        update.label = quarter_label(update.year, update.quarter)
    return render(
        request,
        "campaigns/quarterly/home.html",
        {
            "campaign": campaign,
            "form": form,
            "updates": updates,
            "can_manage": permissions.can_manage(user=request.user, campaign=campaign),
        },
        status=status,
    )


@require_POST
def quarterly_draft(request, slug: str):
    campaign = _campaign(request, slug)
    require_manage(request.user, campaign)
    form = QuarterForm(request.POST)
    if form.is_valid():
        try:
            update = services.quarterly_draft_open(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return quarterly_home(request, slug, form=form, status=400)
    return redirect("campaigns:quarterly-update", slug=slug, pk=update.pk)


def _update(request, slug: str, pk: int) -> QuarterlyUpdate:
    update = get_object_or_404(
        QuarterlyUpdate.objects.select_related("campaign__coordinator"), campaign__slug=slug, pk=pk
    )
    require_view(request.user, update.campaign)
    return update


def quarterly_update(request, slug: str, pk: int, *, section_error: dict | None = None, status: int = 200):
    update = _update(request, slug, pk)
    versions = list(update.versions.select_related("frozen_by").prefetch_related("share_links"))
    latest = versions[0] if versions else None
    frozen = update.status == QuarterlyUpdate.Status.FROZEN and latest is not None
    document = latest.document if frozen else draft_document(update=update)
    can_manage = permissions.can_manage(user=request.user, campaign=update.campaign)
    return render(
        request,
        "campaigns/quarterly/update.html",
        {
            "campaign": update.campaign,
            "update": update,
            "document": document,
            "draft": not frozen,
            "frozen_version": latest if frozen else None,
            "versions": versions,
            "editable": can_manage and not frozen,
            "can_manage": can_manage,
            "section_error": section_error,
            "label": quarter_label(update.year, update.quarter),
        },
        status=status,
    )


@require_POST
def quarterly_section(request, slug: str, pk: int, key: str):
    update = _update(request, slug, pk)
    require_manage(request.user, update.campaign)
    heading, text = request.POST.get("heading", ""), request.POST.get("text", "")
    try:
        update = services.quarterly_section_edit(update=update, key=key, by=request.user, heading=heading, text=text)
    except ValidationError as exc:
        # Shown again with what was typed, so nothing is lost.
        error = {"key": key, "messages": exc.messages, "heading": heading, "text": text}
        if request.htmx:
            messages.error(request, " ".join(exc.messages))
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("campaigns:quarterly-update", args=[slug, pk])
            return response
        return quarterly_update(request, slug, pk, section_error=error, status=400)
    if request.htmx:
        document = draft_document(update=update)
        section = next(section for section in document["sections"] if section["key"] == key)
        context = {"campaign": update.campaign, "update": update, "section": section, "editable": True}
        return render(request, "campaigns/quarterly/_section.html", context)
    messages.success(request, _("Section saved."))
    return redirect(reverse("campaigns:quarterly-update", args=[slug, pk]) + f"#section-{key}")


@require_POST
def quarterly_freeze(request, slug: str, pk: int):
    update = _update(request, slug, pk)
    require_manage(request.user, update.campaign)
    try:
        version = services.quarterly_freeze(update=update, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Frozen as version %(number)s.") % {"number": version.number})
    return redirect("campaigns:quarterly-update", slug=slug, pk=pk)


@require_POST
def quarterly_reopen(request, slug: str, pk: int):
    update = _update(request, slug, pk)
    require_manage(request.user, update.campaign)
    services.quarterly_reopen(update=update, by=request.user)
    messages.success(request, _("The update is a draft again; its frozen versions stay as they were."))
    return redirect("campaigns:quarterly-update", slug=slug, pk=pk)


def _version(request, slug: str, pk: int) -> QuarterlyVersion:
    version = get_object_or_404(
        QuarterlyVersion.objects.select_related("update__campaign", "frozen_by"), update__campaign__slug=slug, pk=pk
    )
    require_view(request.user, version.update.campaign)
    return version


def quarterly_version(request, slug: str, pk: int):
    version = _version(request, slug, pk)
    update = version.update
    return render(
        request,
        "campaigns/quarterly/version.html",
        {
            "campaign": update.campaign,
            "update": update,
            "version": version,
            "document": version.document,
            "links": list(version.share_links.select_related("created_by", "revoked_by")),
            "can_manage": permissions.can_manage(user=request.user, campaign=update.campaign),
            "label": quarter_label(update.year, update.quarter),
        },
    )


def file_response(document: dict, fmt: str, *, name: str, draft: bool = False) -> HttpResponse:
    if fmt not in FILE_TYPES:
        raise Http404
    content = document_pdf(document, draft=draft) if fmt == "pdf" else document_docx(document, draft=draft)
    response = HttpResponse(content, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _file_name(update: QuarterlyUpdate, suffix: str) -> str:
    return f"{slugify(update.campaign.slug)}-{update.year}-q{update.quarter}-{update.language}-{suffix}"


def quarterly_download(request, slug: str, pk: int, fmt: str):
    version = _version(request, slug, pk)
    return file_response(version.document, fmt, name=_file_name(version.update, f"v{version.number}"))


def quarterly_draft_download(request, slug: str, pk: int, fmt: str):
    update = _update(request, slug, pk)
    return file_response(draft_document(update=update), fmt, name=_file_name(update, "draft"), draft=True)


@require_POST
def quarterly_share(request, slug: str, pk: int):
    version = _version(request, slug, pk)
    require_manage(request.user, version.update.campaign)
    services.quarterly_share(version=version, by=request.user)
    messages.success(request, _("Public link created: anyone who has it can read this version, until you revoke it."))
    return redirect("campaigns:quarterly-version", slug=slug, pk=pk)


@require_POST
def quarterly_revoke(request, slug: str, pk: int):
    link = get_object_or_404(
        QuarterlyShareLink.objects.select_related("version__update__campaign"),
        version__update__campaign__slug=slug,
        pk=pk,
    )
    require_manage(request.user, link.version.update.campaign)
    services.quarterly_unshare(link=link, by=request.user)
    messages.success(request, _("Link revoked: it now shows that the update was withdrawn."))
    return redirect("campaigns:quarterly-version", slug=slug, pk=link.version_id)


# --- For partners, signed out ---------------------------------------------------------------------


def _shared(token: str) -> QuarterlyShareLink | None:
    return QuarterlyShareLink.objects.select_related("version__update__campaign").filter(token=token).first()


def _gone(request, link: QuarterlyShareLink | None):
    """A page saying the link is unknown (404) or was withdrawn (410), never the sign-in page."""
    return render(request, "campaigns/quarterly/shared_gone.html", {"link": link}, status=404 if link is None else 410)


@login_not_required
def shared_update(request, token: str):
    link = _shared(token)
    if link is None or link.revoked_at is not None:
        return render(
            request, "campaigns/quarterly/shared_gone.html", {"link": link}, status=404 if link is None else 410
        )
    return render(request, "campaigns/quarterly/shared.html", {"link": link, "document": link.version.document})


@login_not_required
def shared_download(request, token: str, fmt: str):
    link = _shared(token)
    if link is None or link.revoked_at is not None:
        return render(
            request, "campaigns/quarterly/shared_gone.html", {"link": link}, status=404 if link is None else 410
        )
    version = link.version
    return file_response(version.document, fmt, name=_file_name(version.update, f"v{version.number}"))
