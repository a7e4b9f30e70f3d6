"""What facilitators record and look at: attendance, and who saw the attendee list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from irp.audit.services import record_event

from ..models import LiveSession, Place


def record_attendance(*, session: LiveSession, marks: dict[int, str], by, now=None) -> int:
    """Record attended / did not attend for confirmed places, from the session's start."""
    now = now or timezone.now()
    if session.starts_at > now:
        raise ValidationError("Attendance can be recorded once the session has started.")
    allowed = {Place.Attendance.ATTENDED, Place.Attendance.DID_NOT_ATTEND, ""}
    changed = 0
    with transaction.atomic():
        places = session.places.filter(status=Place.Status.CONFIRMED, pk__in=marks.keys())
        for place in places:
            mark = marks[place.pk]
            if mark not in allowed:
                raise ValidationError("Choose attended or did not attend.")
            if place.attendance != mark:
                place.attendance = mark
                place.save(update_fields=["attendance", "updated_at"])
                changed += 1
    return changed


def note_attendee_list_viewed(*, session: LiveSession, viewer, action: str) -> None:
    """Staff looking at someone else's attendee list is access to personal data: audited."""
    if viewer.is_staff and not session.facilitators.filter(pk=viewer.pk).exists():
        record_event(actor=viewer, action=action, subject=session)
