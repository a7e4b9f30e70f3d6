"""The staff form for sessions: times are typed in the session's own zone, not the
admin's, and stored in UTC. A wall time that does not exist (the hour the clocks skip)
is refused with a message rather than silently moved."""

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from irp.accounts.models import User
from irp.accounts.roles import FACILITATORS

from . import services

LOCAL_FIELDS = ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time with no zone yet; the form attaches the session's zone."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        parsed = parse_datetime(str(value).strip())
        if parsed is not None:
            return parsed.replace(tzinfo=None)
        return forms.BaseTemporalField.to_python(self, value)

    def strptime(self, value, format):
        return dt.datetime.strptime(value, format)


def _local(label, required=True, help_text="In the session's time zone."):
    return LocalDateTimeField(
        label=label, required=required, widget=AdminDateTimeInput, help_text=help_text
    )


class LiveSessionAdminForm(WagtailAdminModelForm):
    starts_at = _local("Starts")
    ends_at = _local("Ends")
    registration_opens_at = _local(
        "Registration opens", required=False, help_text="Empty: open as soon as published."
    )
    registration_closes_at = _local(
        "Registration closes", required=False, help_text="Empty: open until the start."
    )
    weekly_count = forms.IntegerField(
        label="Number of weekly sessions",
        min_value=1,
        max_value=52,
        initial=1,
        required=False,
        help_text="More than 1 makes a weekly series at the same local time, "
        "each session with its own places.",
    )
    meets_on_holidays = forms.BooleanField(
        label="Meet on 25 and 26 December and 1 January",
        required=False,
        help_text="For a weekly series. Unticked, a week falling on one of these days is "
        "skipped and the series runs a week longer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].queryset = (
                User.objects.filter(Q(groups__name=FACILITATORS) | Q(is_staff=True))
                .distinct()
                .order_by("email")
            )
        if self.instance.pk:
            # A series is made when creating only.
            self.fields.pop("weekly_count", None)
            self.fields.pop("meets_on_holidays", None)
            zone = self.instance.zone
            for name in LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        try:
            zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "Europe/London")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.add_error("time_zone", "Choose a time zone from the list.")
            return cleaned
        for name in LOCAL_FIELDS:
            wall = cleaned.get(name)
            if wall is None:
                continue
            aware = wall.replace(tzinfo=zone)
            if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != wall:
                self.add_error(
                    name,
                    f"{wall:%H:%M} does not exist on {wall:%-d %B %Y} in {zone.key} "
                    "(the clocks go forward). Please choose another time.",
                )
                continue
            cleaned[name] = aware
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None and capacity >= 0:
            # The rule is the service's; asked here too, so the form shows it beside the field.
            try:
                services.check_capacity(session=self.instance, capacity=capacity)
            except ValidationError as refusal:
                self.add_error(None, refusal)
        return cleaned
