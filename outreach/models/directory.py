"""The address book shared by every campaign: organisations, contacts and their tags."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from campaigns.models import TimeStampedModel
from config.languages import CONTENT_LANGUAGE_CODES, EMAIL_LANGUAGES
from config.links import validate_web_link
from outreach.models.consent import ConsentSource


def validate_language_list(value) -> None:
    if not isinstance(value, list) or any(code not in CONTENT_LANGUAGE_CODES for code in value):
        raise ValidationError(
            _("Languages must be a list of codes among: %(codes)s."),
            params={"codes": ", ".join(sorted(CONTENT_LANGUAGE_CODES))},
        )


def validate_name_variants(value) -> None:
    if not isinstance(value, list) or any(not isinstance(item, str) or not item.strip() for item in value):
        raise ValidationError(_("Name variants must be a list of names."))
    if any(len(item) > 200 for item in value) or len(value) > 20:
        raise ValidationError(_("Keep to 20 name variants of at most 200 characters."))


class ArchivableQuerySet(models.QuerySet):
    """Shared directory records (contacts, organisations, outlets, articles) are archived, not deleted."""

    def active(self) -> ArchivableQuerySet:
        """Records not archived: what lists, pickers and searches offer."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArchivableQuerySet:
        """Archived records (kept for the campaigns that refer to them)."""
        return self.filter(archived_at__isnull=False)


class OrganisationQuerySet(ArchivableQuerySet):
    def protected(self) -> OrganisationQuerySet:
        """Organisations whose people are all at risk."""
        return self.filter(is_protected=True)


class ContactQuerySet(ArchivableQuerySet):
    def protected(self) -> ContactQuerySet:
        """People at risk: marked themselves, or working at a protected organisation."""
        return self.filter(Q(is_protected=True) | Q(organisation__is_protected=True))

    def unprotected(self) -> ContactQuerySet:
        """People whose details anyone who reads the address book may see."""
        return self.exclude(is_protected=True).exclude(organisation__is_protected=True)


ARCHIVED_AT_HELP = _("Archived records are hidden from lists and pickers and kept for every campaign that used them.")


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        HUMANITARIAN = "humanitarian", _("Humanitarian agency")
        HUMAN_RIGHTS = "human_rights", _("Human-rights organisation")
        THINK_TANK = "think_tank", _("Think tank")
        MEDIA = "media", _("Media")
        GOVERNMENT = "government", _("Government")
        RELIGIOUS = "religious", _("Religious body")
        MILITARY = "military", _("Military")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, default=Kind.NGO)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_link])
    is_partner = models.BooleanField(_("partner"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=ARCHIVED_AT_HELP)
    is_protected = models.BooleanField(
        _("protected"),
        default=False,
        db_default=False,
        help_text=_("Everyone at this organisation is at risk: their details are shown to few people."),
    )

    objects = models.Manager.from_queryset(OrganisationQuerySet)()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_unique_name_ci",
                violation_error_message=_("An organisation with this name already exists."),
            ),
        ]
        indexes = [
            # Contact and organisation lists filter by kind and country.
            models.Index(fields=["kind", "country"], name="organisation_kind_country_idx"),
            # The organisations page and API list: active organisations ORDER BY name, id, read a page at
            # a time instead of sorting them all.
            models.Index(
                fields=["name", "id"], condition=Q(archived_at__isnull=True), name="organisation_active_name_idx"
            ),
            # On PostgreSQL only, migration 0012 adds a trigram (GIN) index on UPPER(name) for
            # "name contains" searches (the organisation list, the type-aheads).
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A label on contacts (expert, journalist, diplomat...), used to filter and invite in bulk."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_language_list],
        help_text=_("Codes of the languages the person works in, e.g. en, fr, ru."),
    )
    preferred_language = models.CharField(
        _("preferred language for email"),
        max_length=8,
        choices=EMAIL_LANGUAGES,
        default="en",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="contacts")
    address = models.TextField(_("address"), blank=True, db_default="")
    notes = models.TextField(_("notes"), blank=True)
    # What the partner agreed to receive by email, one switch per topic, and where that came from.
    # Only outreach/services/consent.py changes them (the partner's own page, or staff with a reason).
    email_invitations = models.BooleanField(_("briefing invitations by email"), default=True, db_default=True)
    email_reminders = models.BooleanField(_("reminders and nudges by email"), default=True, db_default=True)
    email_updates = models.BooleanField(_("campaign updates by email"), default=True, db_default=True)
    email_consent_source = models.CharField(
        _("where consent came from"), max_length=24, choices=ConsentSource, blank=True, default="", db_default=""
    )
    email_consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    email_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name_variants = models.JSONField(
        _("name variants"),
        default=list,
        db_default=Value([], output_field=models.JSONField()),
        blank=True,
        validators=[validate_name_variants],
        help_text=_("The name as other languages write it (Cyrillic, Arabic...): the media tracker looks for each."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, help_text=ARCHIVED_AT_HELP)
    is_protected = models.BooleanField(
        _("protected"),
        default=False,
        db_default=False,
        help_text=_("At risk: phone, email, address and notes are shown only to coordinators of their campaigns."),
    )
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_("Shown instead of the name to everyone who may not see a protected contact's details."),
    )

    objects = models.Manager.from_queryset(ContactQuerySet)()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["full_name"]
        constraints = [
            # One person per address, so imports and invitations never double up.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="contact_unique_email_ci",
                violation_error_message=_("A contact with this email already exists."),
            ),
            models.CheckConstraint(
                condition=Q(preferred_language__in=["en", "fr", "ar"]),
                name="contact_preferred_language_valid",
            ),
        ]
        indexes = [
            # Type-ahead search and list ordering by name.
            models.Index(Lower("full_name"), name="contact_name_ci_idx"),
            models.Index(fields=["country"], name="contact_country_idx"),
            # The address book and the type-aheads: active contacts ORDER BY full_name, id, read a
            # page (or 8 matches) at a time instead of sorting 100,000 rows.
            models.Index(
                fields=["full_name", "id"], condition=Q(archived_at__isnull=True), name="contact_active_name_idx"
            ),
            # On PostgreSQL only, migration 0012 adds trigram (GIN) indexes on UPPER(full_name),
            # UPPER(pseudonym) and UPPER(email), which serve "name or email contains" (icontains)
            # searches: contacts_search_condition in the list, the quick log and the type-aheads.
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def protected(self) -> bool:
        """At risk, by their own mark or their organisation's."""
        return self.is_protected or bool(self.organisation_id and self.organisation.is_protected)

    @property
    def display_name(self) -> str:
        """The name shown to everyone: the pseudonym of a protected contact that has one."""
        return self.pseudonym if self.pseudonym and self.protected else self.full_name
