"""Demo people: one staff member and one practitioner, with known passwords."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User

DEMO_PASSWORD = "demo-password-1"  # noqa: S105  (printed by `irp demo`, local use only)
STAFF_EMAIL = "staff@demo.infiniterecovery.example"
PRACTITIONER_EMAIL = "practitioner@demo.infiniterecovery.example"


@transaction.atomic
def load(*, stdout) -> None:
    staff, created = User.objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"display_name": "Sam (staff)", "is_staff": True, "is_superuser": True},
    )
    if created:
        staff.set_password(DEMO_PASSWORD)
        staff.save()
    practitioner, created = User.objects.get_or_create(
        email=PRACTITIONER_EMAIL, defaults={"display_name": "Alex Practitioner"}
    )
    if created:
        practitioner.set_password(DEMO_PASSWORD)
        practitioner.save()
    for person in (staff, practitioner):
        # Demo addresses count as confirmed, so both can sign in straight away.
        EmailAddress.objects.update_or_create(
            user=person, email=person.email, defaults={"verified": True, "primary": True}
        )
