from django import template

from ..times import format_span, zone_or_default

register = template.Library()


@register.simple_tag
def session_time(session, zone_name=None):
    """The session's times in `zone_name` (or its own zone when none is given)."""
    zone = zone_or_default(zone_name, session.time_zone) if zone_name else session.zone
    return format_span(session.starts_at, session.ends_at, zone)


@register.filter
def hours(value) -> str:
    """CPD hours as people say them: "1.5 hours", "1 hour", "2 hours"."""
    if value in (None, ""):
        return ""
    number = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value}"
    return f"{number} hour" if number == "1" else f"{number} hours"


@register.filter
def people_named(people) -> str:
    """Facilitators by name, joined as a sentence: "Ann, Bea and Cy"."""
    names = [person.display_name or "a facilitator" for person in people]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
