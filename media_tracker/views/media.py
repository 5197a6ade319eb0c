"""Media page: a campaign's placements and the mentions the media tracker found, reviewed here."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.views.common import (
    csv_response,
    editable_campaign_ids,
    paginate_capped,
    querystring_without_page,
    require_any_edit,
    require_edit,
    visible_campaign_ids,
)
from campaigns.views.evidence import link_cache_for
from media_tracker.forms import ArticleAddForm, MediaFilterForm, RelevanceForm
from media_tracker.models import Mention, Placement
from media_tracker.services.ingest import article_fetch_and_match
from media_tracker.services.mentions import mention_mark_relevance

CSV_LIMIT = 10_000
# Placements listed, the newest first (a date filter reaches older ones).
PLACEMENTS_SHOWN = 25
# Mentions counted for the list: past this the page says "5000+" and pages stop there.
COUNT_CAP = 5_000


def _filtered(request, form: MediaFilterForm, campaign_ids):
    placements = Placement.objects.filter(campaign_id__in=campaign_ids).select_related("outlet", "campaign", "op_ed")
    mentions = (
        Mention.objects.filter(campaign_id__in=campaign_ids)
        .select_related("article__outlet", "campaign", "reviewed_by")
        .defer("article__text")  # the list shows the title and snippet, never the article's whole text
        .prefetch_related("terms")
        .order_by("-published_at", "-found_at", "-id")
    )
    relevance = ""
    if form.is_valid():
        data = form.cleaned_data
        relevance = data["relevance"]
        if data["campaign"]:
            placements = placements.filter(campaign=data["campaign"])
            mentions = mentions.filter(campaign=data["campaign"])
        if data["term"]:
            mentions = mentions.filter(terms=data["term"])
        if data["article"]:
            mentions = mentions.filter(article_id=data["article"])
        if data["outlet"]:
            placements = placements.filter(outlet=data["outlet"])
            mentions = mentions.filter(article__outlet=data["outlet"])
        if data["country"]:
            placements = placements.filter(outlet__country=data["country"])
            mentions = mentions.filter(article__outlet__country=data["country"])
        if data["language"]:
            placements = placements.filter(outlet__language=data["language"])
            mentions = mentions.filter(article__language=data["language"])
        if data["since"]:
            placements = placements.filter(published_on__gte=data["since"])
            # A range on the column itself (not its date), so the newest-first index still serves it.
            mentions = mentions.filter(published_at__gte=_start_of(data["since"]))
        if data["until"]:
            placements = placements.filter(published_on__lte=data["until"])
            mentions = mentions.filter(published_at__lt=_start_of(data["until"] + dt.timedelta(days=1)))
    # By default the list shows what counts: everything but the mentions marked not relevant.
    mentions = mentions.filter(relevance=relevance) if relevance else mentions.counted()
    return placements, mentions


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the current time zone (where ``published_at__date`` would cut)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def media(request, add_form: ArticleAddForm | None = None, status: int = 200):
    campaign_ids = visible_campaign_ids(request.user)
    form = MediaFilterForm(request.GET or None, campaign_ids=campaign_ids)
    placements, mentions = _filtered(request, form, campaign_ids)
    if request.GET.get("export") == "csv":
        return _csv(mentions)
    page = paginate_capped(request, mentions, cap=COUNT_CAP)
    placements = list(placements[:PLACEMENTS_SHOWN])
    # The "link to an ask" control of each row: every campaign's asks and links read at once.
    link_cache_for(request).prime({row.campaign_id for row in [*page, *placements]}, kinds=("mention", "placement"))
    return render(
        request,
        "media_tracker/media.html",
        {
            "form": form,
            "add_form": add_form or ArticleAddForm(),
            "placements": placements,
            "placements_capped": len(placements) == PLACEMENTS_SHOWN,
            "page": page,
            "querystring": querystring_without_page(request),
            "editable_ids": editable_campaign_ids(request.user),
            "relevance": Mention.Relevance,
        },
        status=status,
    )


def _csv(mentions):
    rows = (
        [
            mention.published_at.isoformat() if mention.published_at else "",
            mention.campaign.name,
            mention.article.outlet.name,
            mention.article.outlet.country.code,
            mention.article.language,
            mention.article.title,
            mention.article.url,
            ", ".join(sorted(term.term for term in mention.terms.all())),
            mention.get_relevance_display(),
            mention.snippet,
        ]
        for mention in mentions[:CSV_LIMIT]
    )
    header = [
        _("Published"),
        _("Campaign"),
        _("Outlet"),
        _("Country"),
        _("Language"),
        _("Title"),
        _("Address"),
        _("Matched terms"),
        _("Relevance"),
        _("Snippet"),
    ]
    return csv_response("mentions.csv", header, rows)


@require_POST
def article_add(request):
    """Fetch an article by its address (guarded client), match it at once, show it with its mentions."""
    require_any_edit(request.user)
    form = ArticleAddForm(request.POST)
    if form.is_valid():
        try:
            outcome = article_fetch_and_match(
                url=form.cleaned_data["url"], outlet=form.cleaned_data["outlet"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            article = outcome.article
            messages.success(
                request,
                _("“%(title)s” (%(outlet)s): %(count)d campaign mentions found.")
                % {"title": article.title, "outlet": article.outlet, "count": len(outcome.mentions)},
            )
            return redirect(f"{reverse('media_tracker:media')}?article={article.pk}&relevance=")
    return media(request, add_form=form, status=400)


@require_POST
def mention_relevance(request, pk: int):
    mention = get_object_or_404(
        Mention.objects.select_related("article__outlet", "campaign"),
        pk=pk,
        campaign_id__in=visible_campaign_ids(request.user),
    )
    require_edit(request.user, mention.campaign_id)
    form = RelevanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            mention = mention_mark_relevance(mention=mention, relevance=form.cleaned_data["relevance"], by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose relevant, not relevant or not reviewed.")
    if request.htmx:
        return render(
            request,
            "media_tracker/_mention.html",
            {"mention": mention, "error": error, "editable_ids": {mention.campaign_id}, "relevance": Mention.Relevance},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Marked “%(relevance)s”.") % {"relevance": mention.get_relevance_display()})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("media_tracker:media")
    return redirect(target)
