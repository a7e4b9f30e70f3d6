"""Writes about accounts: roles, profile, the "your data" archive and erasure."""

import io
import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from irp.audit.services import forget_actor, record_event
from irp.core import registry
from irp.emails.services import erase_emails_to

from . import roles
from .models import User

ERASED_LABEL = "an erased account"


def welcome_practitioner(*, person: User) -> User:
    """Give a newly signed-up person the practitioner role (and no other)."""
    group, _ = Group.objects.get_or_create(name=roles.PRACTITIONERS)
    person.groups.add(group)
    return person


def update_profile(*, person: User, **fields) -> User:
    """Save the profile fields a person chose; checks them first."""
    for name, value in fields.items():
        if name not in User.PROFILE_FIELDS:
            raise TypeError(f"{name} is not a profile field")
        setattr(person, name, value)
    if person.profession != "other":
        person.profession_other = ""
    person.full_clean()
    person.save(update_fields=[*fields, "profession_other"])
    return person


def export_profile(*, person: User) -> registry.Section:
    """The account's own part of the archive: profile, addresses, sign-in methods."""
    addresses = [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=person)
    ]
    methods = [
        {"type": a.type, "created_at": a.created_at.isoformat()}
        for a in Authenticator.objects.filter(user=person)
    ]
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "profession": person.get_profession_display() if person.profession else "",
        "profession_other": person.profession_other,
        "organisation": person.organisation,
        "country": person.country.name if person.country else "",
        "time_zone": person.time_zone,
        "wants_reminders": person.wants_reminders,
        "wants_news": person.wants_news,
        "roles": list(person.groups.values_list("name", flat=True)),
        "joined": person.date_joined.isoformat(),
        "email_addresses": addresses,
        "sign_in_methods": methods,
    }
    lines = [f"- **{key.replace('_', ' ').capitalize()}:** {value}" for key, value in data.items()]
    return registry.Section(
        key="profile", title="Your profile", data=data, markdown="\n".join(lines)
    )


def build_data_archive(*, person: User, requested_by: User | None = None) -> bytes:
    """A zip of everything the platform holds about `person`: your-data.md (readable)
    and your-data.json, with one section per app that holds personal data (each declares
    its exporter in the registry, irp/core/registry.py). Logged without content."""
    sections = [export(person=person) for export in registry.personal_data_exporters()]
    made_at = timezone.now().isoformat()
    payload = {"exported_at": made_at, **{s.key: s.data for s in sections}}
    readable = [f"# Your data from Infinite Recovery\n\nExported {made_at}.\n"]
    readable += [f"## {s.title}\n\n{s.markdown}\n" for s in sections]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("your-data.md", "\n".join(readable))
        archive.writestr("your-data.json", json.dumps(payload, indent=2, ensure_ascii=False))
        for section in sections:
            for name, content in section.files.items():
                archive.writestr(f"{section.key}/{name}", content)
    record_event(
        actor=requested_by or person,
        action="account.exported",
        subject=person,
        detail={"sections": [s.key for s in sections], "by_staff": requested_by is not None},
    )
    return buffer.getvalue()


def _sessions_of(person: User) -> list[str]:
    # Sessions are signed blobs; the only way to know whose they are is to decode them.
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            keys.append(session.session_key)
    return keys


@transaction.atomic
def erase_account(*, person: User, erased_by: User | None = None) -> dict:
    """Remove `person` and their personal data from every table.

    Each app's eraser in the registry (irp/core/registry.py) removes its own rows first
    (reflections, drafts, …); then every email to any of their addresses (queued, sent
    or failed, with its delivery record), email addresses and confirmations, MFA
    authenticators, sessions, and the user row. Audit rows they caused stay (staff must
    be able to see that something was accessed) but lose the name: the actor becomes
    "an erased account". What remains are anonymous counts, logged for staff.
    The caller must have re-authenticated the person (the view requires it), or be
    staff acting on the person's request (`erased_by`, recorded as the actor).
    """
    counts: dict[str, int] = {}
    for erase in registry.personal_data_erasers():
        counts.update(erase(person=person) or {})
    # After the erasers: what they queued to the person (a cancelled place) goes too.
    addresses = [
        person.email,
        *EmailAddress.objects.filter(user=person).values_list("email", flat=True),
    ]
    counts["emails"] = erase_emails_to(addresses=addresses)
    counts["email_addresses"] = EmailAddress.objects.filter(user=person).delete()[0]
    counts["authenticators"] = Authenticator.objects.filter(user=person).delete()[0]
    counts["sessions"] = Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]
    forget_actor(person=person, label=ERASED_LABEL)
    person.delete()
    record_event(
        actor=erased_by,
        action="account.erased",
        detail={"removed": counts, "by_staff": erased_by is not None},
    )
    return counts


def send_confirmation_again(*, request, email: str) -> bool:
    """Send the link to confirm `email` once more, if allauth's `confirm_email` rate limit
    allows (the same count as sign-up and sign-in use). Answers the same whether or not
    the address has an account, so nobody learns who has signed up: an unconfirmed
    address gets a new link, a confirmed one the "you already have an account" email,
    an unknown one nothing. False means it was too soon to send again."""
    from allauth.account.adapter import get_adapter
    from allauth.core import ratelimit

    email = email.strip()
    if not ratelimit.consume(request, action="confirm_email", key=email.lower()):
        return False
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is None:
        return True
    if address.verified:
        get_adapter(request).send_account_already_exists_mail(address.email)
    else:
        address.send_confirmation(request, signup=False)
    return True


# --- Staff acting for a person (the people screen) ----------------------------------


def resend_verification(*, request, person: User, by: User) -> EmailAddress:
    """Send `person` a new link to confirm their address, at staff's hand. Refused when
    the address is already confirmed. Recorded in the audit log."""
    address = EmailAddress.objects.filter(user=person, email__iexact=person.email).first()
    if address is not None and address.verified:
        raise ValidationError("This address is already confirmed: there is nothing to resend.")
    if address is None:
        address = EmailAddress.objects.create(
            user=person, email=person.email, primary=True, verified=False
        )
    address.send_confirmation(request, signup=False)
    record_event(actor=by, action="account.verification_resent", subject=person)
    return address


@transaction.atomic
def reset_two_step(*, person: User, by: User, reason: str) -> int:
    """Remove every authenticator app, passkey and recovery code of `person` (who lost
    their phone, say) and end their sessions, so they set a new one up at their next
    sign-in. A reason is required and recorded. Returns how many were removed."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Give the reason for resetting two-step sign-in.")
    if person.pk == by.pk:
        raise ValidationError("Ask another admin to reset your own two-step sign-in.")
    removed = Authenticator.objects.filter(user=person).delete()[0]
    Session.objects.filter(session_key__in=_sessions_of(person)).delete()
    record_event(
        actor=by,
        action="account.mfa_reset",
        subject=person,
        detail={"reason": reason[:500], "removed": removed},
    )
    return removed


@transaction.atomic
def change_roles(*, person: User, chosen: list[str], by: User) -> dict:
    """Give `person` exactly the roles `chosen` (names of existing groups: the platform's
    roles and any team staff made, such as the Enquiries team). Recorded with what was
    added and removed. Nobody changes their own roles."""
    existing = set(Group.objects.values_list("name", flat=True))
    unknown = set(chosen) - existing
    if unknown:
        raise ValidationError(f"Unknown roles: {', '.join(sorted(unknown))}.")
    if person.pk == by.pk:
        raise ValidationError("Ask another admin to change your own roles.")
    held = set(person.groups.values_list("name", flat=True))
    added, removed = sorted(set(chosen) - held), sorted(held - set(chosen))
    if added:
        person.groups.add(*Group.objects.filter(name__in=added))
    if removed:
        person.groups.remove(*Group.objects.filter(name__in=removed))
    if added or removed:
        record_roles_changed(person=person, by=by, added=added, removed=removed)
    return {"added": added, "removed": removed}


def record_roles_changed(*, person: User, by, added: list[str], removed: list[str]) -> None:
    """Write a change of roles to the audit log (also for changes made in Wagtail's own
    user editor, see wagtail_hooks.py)."""
    record_event(
        actor=by,
        action="account.roles_changed",
        subject=person,
        detail={"added": added, "removed": removed},
    )
