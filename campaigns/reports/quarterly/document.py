"""The quarterly update drafted as a document, in the update's language.

A document is plain data (JSON), so a frozen version keeps exactly what it said::

    {"title", "subtitle", "language", "direction", "meta": [[label, value]...],
     "sections": [{"key", "level", "heading", "text", "blocks", "edited"}...]}

``text`` holds paragraphs separated by a blank line; the coordinator may rewrite any section's
heading and text (``QuarterlyUpdate.edits``). ``blocks`` are the figures, drafted afresh from the
data each time until the update is frozen: ``{"type": "facts", "rows": [[label, value]...]}``,
``{"type": "table", "caption", "header", "rows"}``, ``{"type": "list", "caption", "items":
[{"text", "url"}...]}`` and ``{"type": "note", "text"}``. Labels, dates and numbers follow the
language; what people wrote (the campaign's summary, asks, notes, titles) stays as written.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from campaigns.models import Campaign, Evidence, ExitCriterion, Objective, QuarterlyUpdate
from campaigns.reports.quarterly.figures import QuarterFigures, quarter_figures, quarter_period
from campaigns.selectors import exit_progress
from config.languages import CONTENT_LANGUAGES
from media_tracker.models import Placement
from outreach.models import Interaction, OpEd, Organisation, Pitch
from outreach.privacy import display_name

RTL_LANGUAGES = {"ar"}
DATE_FORMAT = "j F Y"
SECTION_KEYS = ("summary", "asks", "briefings", "opeds", "press", "outreach", "next", "exit")
ASK_KEY = "ask-"


# --- Words, dates and numbers in the document's language --------------------------------------


def _date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return "—"
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    return formats.date_format(day, DATE_FORMAT)


def _n(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _join(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": _(", ").join(items[:-1]), "last": items[-1]}


def _language(code: str) -> str:
    return str(dict(CONTENT_LANGUAGES).get(code, code or "—"))


def _country(code) -> str:
    code = str(code or "")
    return str(countries.name(code)) if code else "—"


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _section(key: str, heading: str, text: str = "", blocks: list | None = None, level: int = 2) -> dict:
    return {"key": key, "level": level, "heading": heading, "text": text, "blocks": blocks or [], "edited": False}


def _note(text: str) -> dict:
    return {"type": "note", "text": text}


# --- Sections -----------------------------------------------------------------------------------


def _summary(found: QuarterFigures) -> dict:
    period, campaign = found.period, found.campaign
    partners = sum(briefing.organisations for briefing in found.briefings)
    pitches = [pitch for op_ed in found.op_eds for pitch in op_ed.pitches]
    done = []
    if found.briefings:
        done.append(
            ngettext(
                "held %(count)s briefing with partners from %(organisations)s organisations",
                "held %(count)s briefings with partners from %(organisations)s organisations",
                len(found.briefings),
            )
            % {"count": _n(len(found.briefings)), "organisations": _n(partners)}
        )
    if pitches:
        done.append(
            ngettext(
                "pitched op-eds to %(count)s outlet in %(countries)s",
                "pitched op-eds to %(count)s outlets in %(countries)s",
                len({pitch.outlet_id for pitch in pitches}),
            )
            % {
                "count": _n(len({pitch.outlet_id for pitch in pitches})),
                "countries": _join(sorted({_country(pitch.outlet.country) for pitch in pitches})),
            }
        )
    if found.placements:
        done.append(
            ngettext("won %(count)s placement (%(outlets)s)", "won %(count)s placements (%(outlets)s)",
                     len(found.placements))
            % {"count": _n(len(found.placements)),
               "outlets": _join(list(dict.fromkeys(p.outlet.name for p in found.placements)))}
        )  # fmt: skip
    if found.figures:
        done.append(
            ngettext(
                "talked with %(count)s high-level figure or institution",
                "talked with %(count)s high-level figures and institutions",
                len(found.figures),
            )
            % {"count": _n(len(found.figures))}
        )
    if found.mentions_total:
        done.append(
            ngettext(
                "was mentioned in %(count)s article in the press",
                "was mentioned in %(count)s articles in the press",
                found.mentions_total,
            )
            % {"count": _n(found.mentions_total)}
        )
    dates = {"start": _date(period.start), "end": _date(period.end)}
    if done:
        overview = _("Between %(start)s and %(end)s, the campaign %(done)s.") % {**dates, "done": _join(done)}
    else:
        overview = _("No activity was recorded for the campaign between %(start)s and %(end)s.") % dates
    moves = [
        _("On %(date)s the campaign moved to “%(status)s”.") % {"date": _date(change.changed_at),
                                                                 "status": change.get_to_status_display()}
        + (f" {change.note}" if change.note else "")
        for change in found.campaign_changes
    ]  # fmt: skip
    progress = exit_progress(found.exit_criteria)
    moved = sum(1 for ask in found.asks if ask.status_at_end in (Objective.Status.ADVANCING, Objective.Status.ACHIEVED))
    facts = [
        [_("Briefings held"), _n(len(found.briefings))],
        [_("Partner organisations at briefings"), _n(partners)],
        [_("Interactions logged"), _n(found.interactions)],
        [_("Op-ed pitches"), _n(len(pitches))],
        [_("Placements"), _n(len(found.placements))],
        [_("Press mentions"), _n(found.mentions_total)],
        [
            _("Asks advancing or achieved"),
            _("%(part)s of %(whole)s") % {"part": _n(moved), "whole": _n(len(found.asks))},
        ],
    ]
    if progress.total:
        facts.append([_("Exit criteria met"), progress.summary()])
    return _section(
        "summary",
        _("Summary"),
        _paragraphs(campaign.summary, overview, " ".join(moves)),
        [{"type": "facts", "rows": facts}],
    )


def _asks(found: QuarterFigures) -> list[dict]:
    statuses = Counter(ask.status_at_end for ask in found.asks)
    if found.asks:
        intro = _("The campaign pursues %(count)s asks. At the end of the quarter: %(statuses)s.") % {
            "count": _n(len(found.asks)),
            "statuses": _join(
                [f"{_n(n)} {Objective.Status(status).label.lower()}" for status, n in statuses.most_common()]
            ),
        }
    else:
        intro = _("The campaign has no asks recorded yet.")
    sections = [_section("asks", _("Our asks: what was done and what changed"), intro)]
    for ask in found.asks:
        objective = ask.objective
        parts = [
            _("Aimed at %(target)s. Status at the end of the quarter: %(status)s.")
            % {"target": objective.target, "status": Objective.Status(ask.status_at_end).label.lower()}
        ]
        for change in ask.changes:
            parts.append(
                _("On %(date)s it moved from “%(from)s” to “%(to)s”.")
                % {"date": _date(change.changed_at), "from": change.get_from_status_display(),
                   "to": change.get_to_status_display()}
                + (f" {change.note}" if change.note else "")
            )  # fmt: skip
        if ask.evidence:
            blocks = [
                {
                    "type": "list",
                    "caption": _("What served this ask"),
                    "items": [{"text": _evidence_line(item), "url": item.url} for item in ask.evidence],
                }
            ]  # fmt: skip
        else:
            blocks = [_note(_("No evidence was linked to this ask this quarter."))]
        sections.append(_section(f"{ASK_KEY}{objective.pk}", objective.title, " ".join(parts), blocks, level=3))
    return sections


def _evidence_line(item: Evidence) -> str:
    return f"{_date(item.occurred_on)} · {Evidence.Kind(item.kind).label} · {_evidence_label(item)}"


def _evidence_label(item: Evidence) -> str:
    """The evidence as linked; an interaction names its contact as a public text may."""
    interaction = item.interaction
    if interaction is None:
        return item.label
    who = display_name(interaction.contact, for_public=True) if interaction.contact else interaction.organisation
    return f"{interaction.get_channel_display()} · {who}: {Truncator(interaction.summary).chars(120)}"


def _speaker(contact) -> str:
    name = display_name(contact, for_public=True)
    return f"{name} ({contact.organisation})" if contact.organisation else name


def _briefings(found: QuarterFigures) -> dict:
    if not found.briefings:
        return _section("briefings", _("Briefings"), blocks=[_note(_("No briefing was held this quarter."))])
    paragraphs, blocks = [], []
    for entry in found.briefings:
        briefing = entry.briefing
        speakers = _join([_speaker(contact) for contact in briefing.speakers.all()])
        text = _("“%(title)s”, %(date)s.") % {"title": briefing.title, "date": _date(briefing.starts_at)}
        if speakers:
            text += " " + _("Speakers: %(speakers)s.") % {"speakers": speakers}
        text += " " + _(
            "%(invited)s partners invited, %(accepted)s accepted, %(attended)s attended, "
            "from %(organisations)s organisations."
        ) % {
            "invited": _n(entry.invited),
            "accepted": _n(entry.accepted),
            "attended": _n(entry.attended) if entry.attendance_recorded else "—",
            "organisations": _n(entry.organisations),
        }
        paragraphs.append(text)
        if entry.kinds:
            blocks.append(
                {
                    "type": "table",
                    "caption": _("Who took part in “%(title)s”, by kind of organisation") % {"title": briefing.title},
                    "header": [_("Kind of organisation"), _("Organisations")],
                    "rows": [[str(Organisation.Kind(kind).label), _n(n)] for kind, n in entry.kinds],
                }
            )
    return _section("briefings", _("Briefings"), _paragraphs(*paragraphs), blocks)


def _pitch_state(pitch: Pitch) -> str:
    label = pitch.get_status_display()
    return f"{label}, {_date(pitch.answered_on)}" if pitch.answered_on else label


def _placement_item(placement: Placement) -> dict:
    text = _("%(outlet)s, %(kind)s, %(date)s: %(title)s") % {
        "outlet": placement.outlet.name,
        "kind": placement.get_kind_display().lower(),
        "date": _date(placement.published_on),
        "title": placement.title or (placement.op_ed.title if placement.op_ed_id else ""),
    }
    return {"text": text, "url": placement.url}


def _opeds(found: QuarterFigures) -> dict:
    paragraphs, blocks = [], []
    for entry in found.op_eds:
        op_ed = entry.op_ed
        authors = _join([display_name(author, for_public=True) for author in op_ed.authors.all()])
        languages = _join([_language(version.language) for version in [op_ed, *entry.versions]])
        text = _("“%(title)s”, by %(authors)s, in %(languages)s.") % {
            "title": op_ed.title, "authors": authors or "—", "languages": languages,
        }  # fmt: skip
        if entry.pitches:
            text += " " + _("Pitched to %(outlets)s in %(countries)s.") % {
                "outlets": _join(list(dict.fromkeys(pitch.outlet.name for pitch in entry.pitches))),
                "countries": _join(list(dict.fromkeys(_country(pitch.outlet.country) for pitch in entry.pitches))),
            }
        if entry.placements:
            text += " " + _("Placed in %(outlets)s.") % {
                "outlets": _join(list(dict.fromkeys(placement.outlet.name for placement in entry.placements)))
            }
        paragraphs.append(text)
        if entry.pitches:
            blocks.append(
                {
                    "type": "table",
                    "caption": _("Pitches of “%(title)s”") % {"title": op_ed.title},
                    "header": [_("Version"), _("Outlet"), _("Country"), _("Pitched on"), _("Outcome")],
                    "rows": [
                        [pitch.op_ed.title, pitch.outlet.name, _country(pitch.outlet.country),
                         _date(pitch.pitched_on), _pitch_state(pitch)]
                        for pitch in entry.pitches
                    ],
                }
            )  # fmt: skip
    if found.placements:
        blocks.append(
            {
                "type": "list",
                "caption": _("Placements this quarter"),
                "items": [_placement_item(placement) for placement in found.placements],
            }
        )
    if not paragraphs and not found.placements:
        blocks.append(_note(_("No op-ed was pitched or placed this quarter.")))
    return _section("opeds", _("Op-eds and placements"), _paragraphs(*paragraphs), blocks)


def _press(found: QuarterFigures) -> dict:
    if not found.mentions_total:
        return _section("press", _("Press pickup"), blocks=[_note(_("No press mention was found this quarter."))])
    text = _(
        "%(count)s articles mentioned the campaign, its people or its asks, in %(languages)s languages "
        "and from outlets in %(countries)s countries."
    ) % {
        "count": _n(found.mentions_total),
        "languages": _n(len(found.mentions_by_language)),
        "countries": _n(len([code for code, _count in found.mentions_by_country if code])),
    }
    blocks = [
        {
            "type": "table",
            "caption": _("Articles by language"),
            "header": [_("Language"), _("Articles")],
            "rows": [[_language(code), _n(n)] for code, n in found.mentions_by_language],
        },
        {
            "type": "table",
            "caption": _("Articles by country of the outlet"),
            "header": [_("Country"), _("Articles")],
            "rows": [[_country(code), _n(n)] for code, n in found.mentions_by_country],
        },
        {
            "type": "list",
            "caption": _("Notable pieces"),
            "items": [
                {
                    "text": _("%(title)s, %(outlet)s, %(date)s")
                    % {
                        "title": mention.article.title,
                        "outlet": mention.article.outlet.name,
                        "date": _date(mention.published_at),
                    },
                    "url": mention.article.url,
                }
                for mention in found.notable
            ],
        },
    ]
    return _section("press", _("Press pickup"), text, blocks)


def _figure_item(figure) -> dict:
    contact, organisation = figure.contact, figure.organisation
    if contact is not None:
        who = display_name(contact, for_public=True)
        if contact.title:
            who = f"{who}, {contact.title}"
        if organisation is not None:
            who = f"{who} ({organisation})"
    else:
        who = str(organisation)
    channels = _(", ").join(
        f"{Interaction.Channel(channel).label} × {_n(n)}" for channel, n in figure.channels.most_common()
    )
    return {"text": _("%(who)s: %(channels)s; last on %(date)s") % {"who": who, "channels": channels,
                                                                    "date": _date(figure.last)}, "url": ""}  # fmt: skip


def _outreach(found: QuarterFigures) -> dict:
    heading = _("Outreach to high-level figures")
    if not found.figures:
        return _section("outreach", heading, blocks=[_note(_("No outreach to high-level figures was logged."))])
    conversations = sum(figure.conversations for figure in found.figures)
    text = _("%(conversations)s conversations with %(count)s high-level figures and institutions: diplomats, "
             "officials, officers and religious leaders.") % {
        "conversations": _n(conversations), "count": _n(len(found.figures)),
    }  # fmt: skip
    return _section("outreach", heading, text, [{"type": "list", "items": [_figure_item(f) for f in found.figures]}])


def _next(found: QuarterFigures) -> dict:
    items = []
    for interaction in found.follow_ups:
        who = interaction.contact or interaction.organisation
        name = display_name(who, for_public=True) if interaction.contact_id else str(who)
        text = _("%(step)s (with %(who)s)") % {"step": interaction.next_step, "who": name}
        if interaction.follow_up_on:
            text += " · " + _("due %(date)s") % {"date": _date(interaction.follow_up_on)}
        items.append({"text": text, "url": ""})
    for pitch in found.planned_pitches:
        items.append(
            {"text": _("Pitch “%(title)s” to %(outlet)s") % {"title": pitch.op_ed.title, "outlet": pitch.outlet.name},
             "url": ""}
        )  # fmt: skip
    for op_ed in found.op_eds_in_preparation:
        items.append(
            {"text": _("Op-ed “%(title)s”: %(status)s") % {"title": op_ed.title,
                                                            "status": OpEd.Status(op_ed.status).label.lower()},
             "url": ""}
        )  # fmt: skip
    blocks = [{"type": "list", "items": items}] if items else [_note(_("No next step is recorded."))]
    return _section("next", _("Next steps"), "", blocks)


def _exit(found: QuarterFigures, campaign: Campaign) -> dict:
    progress = exit_progress(found.exit_criteria)
    closeness = ""
    if progress.total:
        closeness = _("How close the campaign is to its exit: %(summary)s (%(percent)s%%).") % {
            "summary": progress.summary(), "percent": _n(progress.percent),
        }  # fmt: skip
    blocks = []
    if found.exit_criteria:
        blocks.append(
            {
                "type": "table",
                "header": [_("Criterion"), _("State"), _("Evidence"), _("As of")],
                "rows": [
                    [criterion.text, str(ExitCriterion.State(criterion.state).label), criterion.evidence or "—",
                     _date(criterion.state_on)]
                    for criterion in found.exit_criteria
                ],
            }
        )  # fmt: skip
    elif not campaign.exit_criteria:
        blocks.append(_note(_("No exit criteria are recorded.")))
    return _section("exit", _("Exit criteria"), _paragraphs(campaign.exit_criteria, closeness), blocks)


# --- The document ---------------------------------------------------------------------------------


def _apply_edits(sections: list[dict], edits: dict) -> None:
    for section in sections:
        edit = edits.get(section["key"]) or {}
        if edit.get("heading"):
            section["heading"] = edit["heading"]
            section["edited"] = True
        if edit.get("text"):
            section["text"] = edit["text"]
            section["edited"] = True


def section_keys(document: dict) -> set[str]:
    return {section["key"] for section in document["sections"]}


def draft_document(*, update: QuarterlyUpdate, figures: QuarterFigures | None = None) -> dict:
    """The update as it reads now: drafted from the data, with the coordinator's edits."""
    campaign = update.campaign
    period = quarter_period(update.year, update.quarter)
    figures = figures or quarter_figures(campaign=campaign, period=period)
    with translation.override(update.language):
        sections = [
            _summary(figures),
            *_asks(figures),
            _briefings(figures),
            _opeds(figures),
            _press(figures),
            _outreach(figures),
            _next(figures),
            _exit(figures, campaign),
        ]
        _apply_edits(sections, update.edits or {})
        meta = [[_("Status of the campaign"), campaign.get_status_display()]]
        if campaign.coordinator:
            meta.append([_("Coordinator"), str(campaign.coordinator)])
        if campaign.launched_on:
            meta.append([_("Launched"), _date(campaign.launched_on)])
        return {
            "format": 1,
            "language": update.language,
            "direction": "rtl" if update.language in RTL_LANGUAGES else "ltr",
            "title": campaign.name,
            "subtitle": _("Quarterly update, %(quarter)s") % {"quarter": quarter_label(update.year, update.quarter)},
            "period": [period.start.isoformat(), period.end.isoformat()],
            "drafted_on": _("Drafted on %(date)s") % {"date": _date(timezone.localdate())},
            "has_activity": figures.has_activity,
            "meta": meta,
            "sections": sections,
        }


def quarter_label(year: int, quarter: int) -> str:
    """E.g. "October–December 2020", in the current language."""
    period = quarter_period(year, quarter)
    return _("%(first)s–%(last)s") % {
        "first": formats.date_format(period.start, "F"),
        "last": formats.date_format(period.end, "F Y"),
    }
