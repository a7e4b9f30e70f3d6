"""Each person's private calendar feed."""

from ..models import CalendarFeed, new_feed_token


def calendar_feed_for(*, person) -> CalendarFeed:
    """The person's private feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


def revoke_calendar_feed(*, person) -> CalendarFeed:
    """Replace the feed's secret token: calendars subscribed to the old URL stop updating."""
    feed = calendar_feed_for(person=person)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
