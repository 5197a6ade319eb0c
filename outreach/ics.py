"""iCalendar (RFC 5545) entries for briefing invitations.

Every entry of a briefing has the same UID (``briefing.uid``); a change of time or place
raises ``briefing.sequence``, so calendar clients replace the older entry. A cancellation
is METHOD:CANCEL with the same UID and a higher SEQUENCE.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Parley//Briefings//EN"


def briefing_ics(*, briefing, attendee_email: str, attendee_name: str = "", method: str = "REQUEST", now=None) -> str:
    """The calendar entry of ``briefing`` for one attendee, as text."""
    if method not in {"REQUEST", "CANCEL"}:
        raise ValueError(f"unsupported iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", str(briefing.uid))
    event.add("sequence", briefing.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", briefing.starts_at.astimezone(dt.UTC))
    event.add("dtend", briefing.ends_at.astimezone(dt.UTC))
    event.add("summary", briefing.title)
    if briefing.agenda:
        event.add("description", briefing.agenda)
    location = ", ".join(part for part in [briefing.location, briefing.online_url] if part)
    if location:
        event.add("location", location)
    if briefing.online_url:
        event.add("url", briefing.online_url)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer_name, organizer_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{organizer_address}")
    organizer.params["cn"] = vText(organizer_name or organizer_address)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    if attendee_name:
        attendee.params["cn"] = vText(attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    # Answers go through the signed links of the email, not calendar replies.
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
