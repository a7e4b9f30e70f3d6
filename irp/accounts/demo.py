"""Demo people: staff, a facilitator and a practitioner, with known passwords.

Roles that see other people's data ask for a second step at sign-in, so the demo
staff member and facilitator have an authenticator app set up with a fixed, printed
secret: add DEMO_TOTP_SECRET to any authenticator app (or `oathtool --totp -b
<secret>`) to sign in as either.
Local use only; never copy these people into a real deployment.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import User

DEMO_PASSWORD = "demo-password-1"  # noqa: S105  (printed by `irp demo`, local use only)
STAFF_EMAIL = "staff@demo.infiniterecovery.example"
PRACTITIONER_EMAIL = "practitioner@demo.infiniterecovery.example"
FACILITATOR_EMAIL = "facilitator@demo.infiniterecovery.example"
# Base32, as authenticator apps expect. Printed by `irp demo`; local use only.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPIRPDEMOSTAFFAAAA"  # noqa: S105


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
    facilitator, created = User.objects.get_or_create(
        email=FACILITATOR_EMAIL, defaults={"display_name": "Robin (facilitator)"}
    )
    if created:
        facilitator.set_password(DEMO_PASSWORD)
        facilitator.save()
    for person, role in (
        (staff, roles.STAFF_ADMINS),
        (practitioner, roles.PRACTITIONERS),
        (facilitator, roles.FACILITATORS),
    ):
        person.groups.add(Group.objects.get_or_create(name=role)[0])
    for person in (staff, facilitator):
        if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(person, DEMO_TOTP_SECRET)
    for person in (staff, practitioner, facilitator):
        # Demo addresses count as confirmed, so both can sign in straight away.
        EmailAddress.objects.update_or_create(
            user=person, email=person.email, defaults={"verified": True, "primary": True}
        )
