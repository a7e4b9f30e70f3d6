"""One way to write a session's time, used by pages, emails and the calendar file alike,
so the local time a person reads is the same everywhere."""

import zoneinfo
from datetime import datetime

DASH = "\u2013"  # an en dash between the start and end times


def zone_or_default(name: str | None, default: str = "Europe/London") -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or default)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(default)


def format_span(starts_at: datetime, ends_at: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """E.g. "Tuesday 31 March 2026, 19:00 to 20:30 BST", joined by an en dash."""
    start = starts_at.astimezone(zone)
    end = ends_at.astimezone(zone)
    day = f"{start:%A} {start.day} {start:%B %Y}"
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}{DASH}{end:%H:%M} {end:%Z}"
    return (
        f"{day}, {start:%H:%M} {start:%Z} {DASH} {end:%A} {end.day} {end:%B}, {end:%H:%M} {end:%Z}"
    )
