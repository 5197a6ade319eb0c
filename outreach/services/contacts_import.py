"""Importing contacts from a CSV file: check every row first, then write all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from campaigns.audit import audit_event
from campaigns.models import AuditEntry
from config.audit import audited
from config.languages import CONTENT_LANGUAGE_CODES
from outreach.models import Contact, Organisation, Tag

COLUMNS = [
    "full_name",
    "email",
    "organisation",
    "title",
    "phone",
    "country",
    "languages",
    "preferred_language",
    "tags",
]
REQUIRED_COLUMNS = {"full_name"}
MAX_BYTES = 1_000_000
MAX_ROWS = 5000
# What the database accepts, checked here so a long value is a row's error, never a failed write.
ORGANISATION_NAME_MAX = Organisation._meta.get_field("name").max_length
TAG_SLUG_MAX = min(Tag._meta.get_field("slug").max_length, Tag._meta.get_field("name").max_length)


@dataclass
class RowError:
    row: int  # line number in the file, the header being line 1
    column: str
    message: str


@dataclass
class ImportPlan:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    new_tags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


MAX_UNREADABLE_ROWS = 20  # each one re-reads the rest of the file (up to csv's field size limit)


def _rows(lines: list[str], *, dialect):
    """(line number, cells, problem) for each row after the header.

    A quote opened and never closed makes csv read the following lines into one cell. No column
    of a contact holds a line break, so such a row is reported on its own line and reading goes
    on from the next line: the rows after it are checked as rows, never swallowed.
    """
    start, unreadable = 1, 0
    while start < len(lines):
        reader = csv.reader(iter(lines[start:]), dialect=dialect)
        while True:
            before = reader.line_num
            number = start + before + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                problem = _("This row cannot be read as CSV: %s.") % exc
            else:
                if reader.line_num - before <= 1 and not any("\n" in cell or "\r" in cell for cell in cells):
                    yield number, cells, ""
                    continue
                problem = _("A quote opened on this line is never closed; put the value in quotes or remove the quote.")
            unreadable += 1
            if unreadable > MAX_UNREADABLE_ROWS:
                yield number, None, _("Too many unreadable rows; check the file's quotes.")
                return
            yield number, None, problem
            start = number  # the next physical line (line numbers count from 1, indexes from 0)
            break


def contacts_import_check(*, data: bytes) -> ImportPlan:
    """Parse and check the file without writing anything; every problem is reported by row and column."""
    plan = ImportPlan()
    if len(data) > MAX_BYTES:
        plan.errors.append(RowError(0, "", _("The file is larger than 1 MB; split it.")))
        return plan
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        plan.errors.append(RowError(0, "", _("The file is not UTF-8 text. Save it as CSV UTF-8.")))
        return plan
    try:
        sample_dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        sample_dialect = csv.excel
    lines = io.StringIO(text, newline="").readlines()  # split on \n, \r\n and \r only, as csv does
    try:
        header = [name.strip() for name in next(csv.reader(lines[:1], dialect=sample_dialect), [])]
    except csv.Error as exc:
        plan.errors.append(RowError(1, "", _("The header row cannot be read as CSV: %s.") % exc))
        return plan
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        plan.errors.append(
            RowError(1, ", ".join(sorted(missing)), _("Missing column. Expected columns: %s.") % ", ".join(COLUMNS))
        )
        return plan
    unknown = [name for name in header if name and name not in COLUMNS]
    for name in unknown:
        plan.errors.append(RowError(1, name, _("Unknown column. Expected columns: %s.") % ", ".join(COLUMNS)))

    existing_orgs = {name.lower(): name for name in Organisation.objects.values_list("name", flat=True)}
    existing_tags = set(Tag.objects.values_list("slug", flat=True))
    existing_emails = {e.lower() for e in Contact.objects.exclude(email="").values_list("email", flat=True)}
    seen_emails: dict[str, int] = {}
    country_codes = {code for code, _name in countries}
    new_orgs: dict[str, str] = {}
    new_tags: dict[str, str] = {}

    for number, cells, problem in _rows(lines, dialect=sample_dialect):
        if problem:
            plan.errors.append(RowError(number, "", problem))
            continue
        if not cells:
            continue  # a blank line
        if len(plan.rows) + 1 > MAX_ROWS:
            plan.errors.append(RowError(number, "", _("More than %d rows; split the file.") % MAX_ROWS))
            break
        if len(cells) > len(header):
            plan.errors.append(RowError(number, "", _("This row has more cells than the header has columns.")))
            continue
        raw = dict(zip(header, cells, strict=False))
        if any("\x00" in value for value in cells):
            plan.errors.append(RowError(number, "", _("This row contains a NUL character; remove it.")))
            continue
        row = {key: (raw.get(key) or "").strip() for key in COLUMNS}
        if not any(row.values()):
            continue

        def error(column: str, message: str, number=number) -> None:
            plan.errors.append(RowError(number, column, message))

        if not row["full_name"]:
            error("full_name", _("A name is required."))
        email = row["email"].lower()
        if email:
            if email in existing_emails:
                error("email", _("A contact with this email already exists."))
            elif email in seen_emails:
                error("email", _("Same email as row %d.") % seen_emails[email])
            else:
                seen_emails[email] = number
        country = row["country"].upper()
        if country and country not in country_codes:
            error("country", _("%s is not a two-letter country code.") % row["country"])
        languages = [code.lower() for code in _split(row["languages"])]
        bad = [code for code in languages if code not in CONTENT_LANGUAGE_CODES]
        if bad:
            error("languages", _("Unknown language codes: %s.") % ", ".join(bad))
        preferred = (row["preferred_language"] or "en").lower()
        if preferred not in {"en", "fr", "ar"}:
            error("preferred_language", _("The preferred language must be en, fr or ar."))
        org_name = row["organisation"]
        if len(org_name) > ORGANISATION_NAME_MAX:
            error("organisation", _("An organisation name has at most %d characters.") % ORGANISATION_NAME_MAX)
        elif org_name and org_name.lower() not in existing_orgs:
            new_orgs.setdefault(org_name.lower(), org_name)
        tag_slugs = []
        for tag in _split(row["tags"]):
            slug = slugify(tag)
            if not slug:
                error("tags", _("%s is not a usable tag.") % tag)
                continue
            if len(slug) > TAG_SLUG_MAX:
                error("tags", _("A tag has at most %d characters.") % TAG_SLUG_MAX)
                continue
            tag_slugs.append(slug)
            if slug not in existing_tags:
                new_tags.setdefault(slug, tag)
        contact = Contact(
            full_name=row["full_name"],
            email=row["email"],
            title=row["title"],
            phone=row["phone"],
            country=country,
            languages=languages,
            preferred_language=preferred,
        )
        try:
            contact.full_clean(
                exclude=["organisation", "tags", "country", "languages", "preferred_language"],
                validate_constraints=False,  # email uniqueness is checked above, against the file too
            )
        except ValidationError as exc:
            reported = {e.column for e in plan.errors if e.row == number}
            for column, messages in exc.message_dict.items():
                if column in reported:
                    continue  # one message per cell is enough
                for message in messages:
                    error(column if column in COLUMNS else "", message)
        plan.rows.append(
            {
                "line": number,
                "full_name": row["full_name"],
                "email": row["email"],
                "organisation": org_name,
                "title": row["title"],
                "phone": row["phone"],
                "country": country,
                "languages": languages,
                "preferred_language": preferred,
                "tags": tag_slugs,
            }
        )
    if not plan.rows and not plan.errors:
        plan.errors.append(RowError(0, "", _("The file has no rows.")))
    plan.new_organisations = sorted(new_orgs.values())
    plan.new_tags = sorted(new_tags)
    return plan


@audited
@transaction.atomic
def contacts_import_apply(*, data: bytes, by) -> ImportPlan:
    """Check the file again and, only when every row is valid, create the contacts (``by`` imports them)."""
    plan = contacts_import_check(data=data)
    if not plan.ok:
        return plan
    organisations = {o.name.lower(): o for o in Organisation.objects.all()}
    for name in plan.new_organisations:
        organisations[name.lower()] = Organisation.objects.create(name=name)
    tags = {t.slug: t for t in Tag.objects.all()}
    for slug in plan.new_tags:
        tags[slug] = Tag.objects.create(slug=slug, name=slug.replace("-", " ").title())
    for row in plan.rows:
        contact = Contact.objects.create(
            full_name=row["full_name"],
            email=row["email"],
            organisation=organisations.get(row["organisation"].lower()) if row["organisation"] else None,
            title=row["title"],
            phone=row["phone"],
            country=row["country"],
            languages=row["languages"],
            preferred_language=row["preferred_language"],
        )
        if row["tags"]:
            contact.tags.set([tags[slug] for slug in row["tags"]])
    audit_event(
        event=AuditEntry.Event.IMPORTED,
        by=by,
        model=Contact,
        label=_("%(count)d contacts from a CSV file") % {"count": len(plan.rows)},
        data={"contacts": len(plan.rows), "organisations": plan.new_organisations, "tags": plan.new_tags},
    )
    return plan
