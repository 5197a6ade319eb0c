"""A quarterly update's life: drafted, edited, frozen as versions, reopened, shared and unshared."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, QuarterlyShareLink, QuarterlyUpdate, QuarterlyVersion
from campaigns.reports.quarterly.document import draft_document, section_keys
from campaigns.reports.quarterly.figures import quarter_period
from config.audit import audited
from config.languages import EMAIL_LANGUAGES

HEADING_LENGTH = 200
TEXT_LENGTH = 20_000


@audited
@transaction.atomic
def quarterly_draft_open(*, campaign: Campaign, year: int, quarter: int, language: str, by) -> QuarterlyUpdate:
    """The update of ``campaign`` for the quarter in ``language``: the existing one, or a new draft."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose a quarter from 1 to 4.")})
    if language not in dict(EMAIL_LANGUAGES):
        raise ValidationError({"language": _("Updates are drafted in English, French or Arabic.")})
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year from 2000 to this year.")})
    if quarter_period(year, quarter).start > timezone.localdate():
        raise ValidationError({"quarter": _("This quarter has not started yet.")})
    update, _created = QuarterlyUpdate.objects.get_or_create(
        campaign=campaign, year=year, quarter=quarter, language=language, defaults={"created_by": by}
    )
    return update


def _refuse_if_frozen(update: QuarterlyUpdate) -> None:
    if update.status != QuarterlyUpdate.Status.FROZEN:
        return
    version = update.versions.order_by("-number").first()
    raise ValidationError(
        _(
            "This update was frozen as version %(number)s on %(date)s, and a frozen version is never changed. "
            "Reopen it as a new draft to edit it; version %(number)s stays as it was."
        )
        % {
            "number": version.number if version else "?",
            "date": formats.date_format(timezone.localdate(version.frozen_at), "DATE_FORMAT") if version else "",
        }
    )


@audited
@transaction.atomic
def quarterly_section_edit(
    *, update: QuarterlyUpdate, key: str, by, heading: str = "", text: str = ""
) -> QuarterlyUpdate:
    """Put the coordinator's heading and text over the drafted ones for the section ``key``. A blank
    heading or text goes back to the drafted one; the figures stay the data's."""
    update = QuarterlyUpdate.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=update.pk)
    _refuse_if_frozen(update)
    if key not in section_keys(draft_document(update=update)):
        raise ValidationError(_("This update has no such section."))
    heading, text = heading.strip(), text.replace("\r\n", "\n").strip()
    if len(heading) > HEADING_LENGTH:
        raise ValidationError({"heading": _("A heading has at most %(count)s characters.") % {"count": HEADING_LENGTH}})
    if len(text) > TEXT_LENGTH:
        raise ValidationError(
            {"text": _("A section's text has at most %(count)s characters.") % {"count": TEXT_LENGTH}}
        )
    edits = dict(update.edits or {})
    edit = {name: value for name, value in (("heading", heading), ("text", text)) if value}
    if edit:
        edits[key] = edit
    else:
        edits.pop(key, None)
    update.edits = edits
    update.save(update_fields=["edits", "updated_at"])
    return update


@audited
@transaction.atomic
def quarterly_freeze(*, update: QuarterlyUpdate, by) -> QuarterlyVersion:
    """Freeze the update as it reads now into a new version, which never changes."""
    update = (
        QuarterlyUpdate.objects.select_for_update(of=("self",))
        .select_related("campaign__coordinator")
        .get(pk=update.pk)
    )
    _refuse_if_frozen(update)
    number = (update.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = QuarterlyVersion.objects.create(
        update=update, number=number, document=draft_document(update=update), frozen_by=by
    )
    update.status = QuarterlyUpdate.Status.FROZEN
    update.save(update_fields=["status", "updated_at"])
    return version


@audited
@transaction.atomic
def quarterly_reopen(*, update: QuarterlyUpdate, by) -> QuarterlyUpdate:
    """Make a frozen update a draft again (its versions stay); the edits carry over."""
    update = QuarterlyUpdate.objects.select_for_update().get(pk=update.pk)
    if update.status != QuarterlyUpdate.Status.DRAFT:
        update.status = QuarterlyUpdate.Status.DRAFT
        update.save(update_fields=["status", "updated_at"])
    return update


@audited
@transaction.atomic
def quarterly_share(*, version: QuarterlyVersion, by) -> QuarterlyShareLink:
    """A new public read-only link to the version, for partners."""
    return QuarterlyShareLink.objects.create(version=version, token=secrets.token_urlsafe(32), created_by=by)


@audited
@transaction.atomic
def quarterly_unshare(*, link: QuarterlyShareLink, by) -> QuarterlyShareLink:
    """Revoke the link at once; whoever opens it then is told it was withdrawn."""
    QuarterlyShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return link
