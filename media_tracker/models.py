"""Outlets and their feeds, the articles read from them, the campaign terms
found in those articles, and the placements the campaign obtained."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from campaigns.models import Campaign, TimeStampedModel
from config.choices import ChoiceLabels
from config.languages import CONTENT_LANGUAGES
from config.links import validate_web_link
from config.loading import PlainLoading
from outreach.models.directory import ARCHIVED_AT_HELP, ArchivableQuerySet


class Outlet(TimeStampedModel):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("Newspaper")
        BROADCASTER = "broadcaster", _("Broadcaster")
        WIRE = "wire", _("News agency")
        ONLINE = "online", _("Online publication")
        MAGAZINE = "magazine", _("Magazine")
        ANALYSIS = "analysis", _("Analysis and think-tank publication")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "outreach.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlets",
        help_text=_("The media organisation behind the outlet, whose staff are contacts."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.NEWSPAPER)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES, default="en")
    website = models.URLField(_("website"), blank=True, validators=[validate_web_link])
    audience_size = models.PositiveBigIntegerField(_("audience size"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=ARCHIVED_AT_HELP)

    objects = models.Manager.from_queryset(ArchivableQuerySet)()

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="outlet_unique_name_ci",
                violation_error_message=_("An outlet with this name already exists."),
            ),
        ]
        indexes = [
            # Dashboards group pickup and pitches by outlet country and language.
            models.Index(fields=["country", "language"], name="outlet_country_language_idx"),
            # The outlets API list: active outlets ORDER BY name, id, read a page at a time instead of
            # sorting them all.
            models.Index(fields=["name", "id"], condition=Q(archived_at__isnull=True), name="outlet_active_name_idx"),
            # On PostgreSQL only, migration 0009 adds a trigram (GIN) index on UPPER(name): the
            # outlet type-ahead ("name contains").
        ]

    def __str__(self) -> str:
        return self.name


class FeedQuerySet(models.QuerySet):
    def due(self, now) -> FeedQuerySet:
        """Active feeds whose next poll time has come."""
        return self.filter(is_active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


class Feed(TimeStampedModel):
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(_("feed URL"), max_length=2000, unique=True, validators=[validate_web_link])
    title = models.CharField(_("title"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    poll_interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=30)
    # Polling state: conditional-request validators, schedule, and the last outcome.
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Set by the poller that claimed the feed (a conditional UPDATE), so one poll of a feed runs
    # at a time; a poller that dies leaves a lease that simply expires.
    lease_until = models.DateTimeField(_("being polled until"), null=True, blank=True)

    objects = models.Manager.from_queryset(FeedQuerySet)()

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["outlet", "url"]
        constraints = [
            models.CheckConstraint(condition=Q(poll_interval_minutes__gte=1), name="feed_poll_interval_positive"),
        ]
        indexes = [
            # The scheduler picks active feeds whose next poll is due.
            models.Index(fields=["next_poll_at"], condition=Q(is_active=True), name="feed_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class Story(models.Model):
    """One piece of text, however many outlets ran it: the same wire story in ten outlets is
    one story with ten appearances (articles)."""

    fingerprint = models.CharField(_("text fingerprint"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-first_seen_at"]

    def __str__(self) -> str:
        return self.title


class Article(TimeStampedModel):
    """One appearance of a story in an outlet, at its canonical URL."""

    # PROTECT: an outlet's articles carry other campaigns' mentions (archive the outlet instead).
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="articles")
    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(_("canonical URL"), max_length=2000, unique=True, validators=[validate_web_link])
    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("byline"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    text = models.TextField(_("text"), blank=True)
    fingerprint = models.CharField(
        _("text fingerprint"),
        max_length=64,
        blank=True,
        help_text=_("Hash of the normalised text: the same wire story in several outlets shares it."),
    )
    story = models.ForeignKey(
        Story, verbose_name=_("story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    link_url = models.URLField(
        _("link in the feed"),
        max_length=2000,
        blank=True,
        validators=[validate_web_link],
        help_text=_("The address the feed gave, when the page names another canonical URL."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=ARCHIVED_AT_HELP)

    objects = models.Manager.from_queryset(ArchivableQuerySet)()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [
            # De-duplication of wire copy across outlets.
            models.Index(fields=["fingerprint"], name="article_fingerprint_idx"),
            # Outlet pages and per-outlet pickup over time.
            models.Index(fields=["outlet", "published_at"], name="article_outlet_published_idx"),
            # "Seen before?" for a feed entry whose page gave another canonical URL.
            models.Index(fields=["link_url"], condition=~Q(link_url=""), name="article_link_url_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TrackedTerm(TimeStampedModel):
    class Kind(models.TextChoices):
        KEYWORD = "keyword", _("Keyword or phrase")
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        OPED_TITLE = "oped_title", _("Op-ed title")
        PLACE = "place", _("Place")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Chosen by staff")
        DERIVED = "derived", _("Derived from campaign data")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="tracked_terms"
    )
    term = models.CharField(_("term"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.KEYWORD)
    source = models.CharField(_("source"), max_length=16, choices=Source, default=Source.MANUAL)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"),
        db_default="",
        max_length=8,
        choices=CONTENT_LANGUAGES,
        blank=True,
        help_text=_("The language the term is written in: its inflected forms are found in articles in that language."),
    )
    exact = models.BooleanField(
        _("exact only"),
        db_default=False,
        default=False,
        help_text=_("Match only as written (no inflected forms): for short or ambiguous terms."),
    )
    # [{"language": "fr", "text": "Groupe de Minsk"}, ...]: one term, found in every language.
    forms = models.JSONField(
        _("forms in other languages"), default=list, db_default=Value([], output_field=models.JSONField()), blank=True
    )
    # ["Minsk agreements", ...]: an occurrence of the term inside one of these does not count.
    exclusions = models.JSONField(
        _("exclusion phrases"), default=list, db_default=Value([], output_field=models.JSONField()), blank=True
    )

    class Meta:
        verbose_name = _("tracked term")
        verbose_name_plural = _("tracked terms")
        ordering = ["campaign", "term"]
        constraints = [
            models.UniqueConstraint(
                F("campaign"),
                Lower("term"),
                name="trackedterm_unique_per_campaign_ci",
                violation_error_message=_("This campaign already tracks this term."),
            ),
            models.CheckConstraint(condition=~Q(term=""), name="trackedterm_not_empty"),
        ]

    def __str__(self) -> str:
        return self.term


class MentionQuerySet(models.QuerySet):
    def counted(self) -> MentionQuerySet:
        """Mentions that count in dashboards, digests and the home page: all but those staff marked
        not relevant (unreviewed ones count: new pickup shows at once)."""
        return self.exclude(relevance=Mention.Relevance.IRRELEVANT)


class Mention(PlainLoading, ChoiceLabels, models.Model):
    """An article that matched one or more of a campaign's tracked terms."""

    class Relevance(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Not reviewed")
        RELEVANT = "relevant", _("Relevant")
        IRRELEVANT = "irrelevant", _("Not relevant")

    # PROTECT: an article is shared; its mentions are each campaign's own (article_delete removes them).
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="mentions")
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="mentions"
    )
    terms = models.ManyToManyField(TrackedTerm, verbose_name=_("matched terms"), related_name="mentions")
    snippet = models.TextField(_("snippet"), blank=True)
    # Denormalised from the article so dashboards group mentions without a join.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    relevance = models.CharField(
        _("relevance"), max_length=16, choices=Relevance, default=Relevance.UNREVIEWED, db_default="unreviewed"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Found or reviewed: what the dashboards' rollups recount from.
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_default=Now())

    objects = models.Manager.from_queryset(MentionQuerySet)()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "campaign"], name="mention_unique_article_campaign"),
            models.CheckConstraint(
                condition=Q(relevance__in=["unreviewed", "relevant", "irrelevant"]), name="mention_relevance_valid"
            ),
        ]
        indexes = [
            # Dashboard: a campaign's mentions over a date range.
            models.Index(fields=["campaign", "published_at"], name="mention_campaign_published_idx"),
            # Rollups: the mentions found or reviewed since the last refresh.
            models.Index(fields=["changed_at"], name="mention_changed_idx"),
            # Media page filtered to one campaign: its newest mentions first, read a page at a time
            # (ORDER BY published_at DESC, found_at DESC, id DESC without sorting the campaign's rows).
            models.Index(fields=["campaign", "-published_at", "-found_at", "-id"], name="mention_campaign_newest_idx"),
            # Media page over all of a person's campaigns: the newest mentions first, the campaign
            # checked as they are read (most people see most campaigns).
            models.Index(fields=["-published_at", "-found_at", "-id"], name="mention_newest_idx"),
            # Home page, digest and /api/v1/me/due/: the mentions found in the last 24 hours, counted from
            # the index alone on PostgreSQL (their campaign and relevance are in it).
            models.Index(fields=["found_at"], include=["campaign", "relevance"], name="mention_found_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article} ({self.campaign})"


class Placement(TimeStampedModel):
    """A piece the campaign got into an outlet: an op-ed, a comment, a quote or an interview."""

    class Kind(models.TextChoices):
        OPED = "oped", _("Op-ed")
        COMMENT = "comment", _("Comment")
        QUOTE = "quote", _("Quote")
        INTERVIEW = "interview", _("Interview")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="placements"
    )
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.OPED)
    op_ed = models.ForeignKey(
        "outreach.OpEd",
        verbose_name=_("op-ed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    pitch = models.OneToOneField(
        "outreach.Pitch",
        verbose_name=_("pitch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placement",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    spokespeople = models.ManyToManyField(
        "outreach.Contact",
        verbose_name=_("spokespeople"),
        blank=True,
        related_name="placements",
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=2000, blank=True, validators=[validate_web_link])
    published_on = models.DateField(_("date"))
    # Set once the pitch's owner was told of a placement the tracker found (idempotent task).
    owner_notified_at = models.DateTimeField(_("owner notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "url"],
                condition=~Q(url=""),
                name="placement_unique_url_per_campaign",
                violation_error_message=_("This placement is already recorded."),
            ),
        ]
        indexes = [
            # Dashboard and media page: a campaign's placements by date.
            models.Index(fields=["campaign", "published_on"], name="placement_campaign_date_idx"),
            # The API list and the media page across the caller's campaigns: newest first, a page at a
            # time instead of sorting every placement.
            models.Index(fields=["-published_on", "-id"], name="placement_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} in {self.outlet}"

    def clean(self) -> None:
        errors = {}
        if self.op_ed_id and self.campaign_id and self.op_ed.campaign_id != self.campaign_id:
            errors["op_ed"] = _("This op-ed belongs to another campaign.")
        if self.pitch_id:
            pitch = self.pitch
            if self.campaign_id and pitch.op_ed.campaign_id != self.campaign_id:
                errors["pitch"] = _("This pitch is for an op-ed of another campaign.")
            elif self.op_ed_id and pitch.op_ed_id != self.op_ed_id:
                errors["pitch"] = _("This pitch is for another op-ed.")
            elif self.outlet_id and pitch.outlet_id != self.outlet_id:
                errors["outlet"] = _("The pitch went to another outlet.")
        if errors:
            raise ValidationError(errors)


class AlertSubscription(models.Model):
    """A person asked to be told at once of new mentions of a term, or of an op-ed (its title in
    any language version)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    term = models.ForeignKey(
        TrackedTerm, verbose_name=_("term"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    op_ed = models.ForeignKey(
        "outreach.OpEd", verbose_name=_("op-ed"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["user", "campaign", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term__isnull=True, op_ed__isnull=False) | Q(term__isnull=False, op_ed__isnull=True),
                name="alertsubscription_term_or_oped",
                violation_error_message=_("Choose a term or an op-ed."),
            ),
            models.UniqueConstraint(
                fields=["user", "term"],
                condition=Q(term__isnull=False),
                name="alertsubscription_unique_term",
                violation_error_message=_("You are already alerted on this term."),
            ),
            models.UniqueConstraint(
                fields=["user", "op_ed"],
                condition=Q(op_ed__isnull=False),
                name="alertsubscription_unique_oped",
                violation_error_message=_("You are already alerted on this op-ed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.term or self.op_ed}"


class ExclusivityBreach(ChoiceLabels, models.Model):
    """An op-ed under an exclusivity found in another outlet before the agreed date."""

    class Reason(models.TextChoices):
        TITLE = "title", _("its title")
        AUTHORS = "authors", _("its authors' names together")
        TEXT = "text", _("its text")

    pitch = models.ForeignKey(
        "outreach.Pitch", verbose_name=_("pitch"), on_delete=models.CASCADE, related_name="exclusivity_breaches"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="exclusivity_breaches"
    )
    reason = models.CharField(_("found by"), max_length=16, choices=Reason)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        verbose_name = _("exclusivity breach")
        verbose_name_plural = _("exclusivity breaches")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pitch", "article"], name="exclusivitybreach_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pitch}: {self.article}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        """Not yet seen on the alerts page."""
        return self.filter(read_at__isnull=True)


class Notification(ChoiceLabels, models.Model):
    """An in-app alert for one person; the alert emails group those not emailed yet."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("New mention")
        EXCLUSIVITY = "exclusivity", _("Exclusivity breached")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    mention = models.ForeignKey(
        Mention, verbose_name=_("mention"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    breach = models.ForeignKey(
        ExclusivityBreach, verbose_name=_("breach"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = models.Manager.from_queryset(NotificationQuerySet)()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "mention"], condition=Q(mention__isnull=False), name="notification_unique_mention"
            ),
            models.UniqueConstraint(
                fields=["user", "breach"], condition=Q(breach__isnull=False), name="notification_unique_breach"
            ),
        ]
        indexes = [
            # The header's badge: a person's unread alerts.
            models.Index(
                fields=["user", "created_at"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
            # The grouping job: alerts not emailed yet.
            models.Index(fields=["user"], condition=Q(emailed_at__isnull=True), name="notification_unemailed_idx"),
            # The alerts page: a person's alerts newest first, a page at a time (without it the page joined
            # and sorted all of them: 335 ms for 20,000).
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user}"
