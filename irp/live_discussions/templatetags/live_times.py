from django import template

from ..times import format_span, zone_or_default

register = template.Library()


@register.simple_tag
def session_time(session, zone_name=None):
    """The session's times in `zone_name` (or its own zone when none is given)."""
    zone = zone_or_default(zone_name, session.time_zone) if zone_name else session.zone
    return format_span(session.starts_at, session.ends_at, zone)
