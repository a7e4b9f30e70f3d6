"""Writes about accounts: roles, profile, the "your data" archive and erasure."""

import io
import json
import zipfile
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from irp.audit.models import AuditEvent
from irp.audit.services import record_event
from irp.emails.services import erase_emails_to

from . import roles
from .models import User
from .personal_data import ERASERS, EXPORTERS, Section

ERASED_LABEL = "an erased account"


def _call_each(dotted_paths, **kwargs):
    for dotted in dotted_paths:
        module_path, name = dotted.rsplit(".", 1)
        yield dotted, getattr(import_module(module_path), name)(**kwargs)


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


def export_profile(*, person: User) -> Section:
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
    return Section(key="profile", title="Your profile", data=data, markdown="\n".join(lines))


def build_data_archive(*, person: User) -> bytes:
    """A zip of everything the platform holds about `person`: your-data.md (readable)
    and your-data.json, with one section per app in EXPORTERS. Logged without content."""
    sections = [section for _, section in _call_each(EXPORTERS, person=person)]
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
        actor=person, action="account.exported", detail={"sections": [s.key for s in sections]}
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
def erase_account(*, person: User) -> dict:
    """Remove `person` and their personal data from every table.

    Each app in ERASERS removes its own rows first (reflections, drafts, …); then
    every email to any of their addresses (queued, sent or failed, with its delivery
    record), email addresses and confirmations, MFA authenticators, sessions, and the
    user row. Audit rows they caused stay (staff must be
    able to see that something was accessed) but lose the name: the actor becomes
    "an erased account". What remains are anonymous counts, logged for staff.
    The caller must have re-authenticated the person (the view requires it).
    """
    counts: dict[str, int] = {}
    for _dotted, result in _call_each(ERASERS, person=person):
        counts.update(result or {})
    # After the erasers: what they queued to the person (a cancelled place) goes too.
    addresses = [
        person.email,
        *EmailAddress.objects.filter(user=person).values_list("email", flat=True),
    ]
    counts["emails"] = erase_emails_to(addresses=addresses)
    counts["email_addresses"] = EmailAddress.objects.filter(user=person).delete()[0]
    counts["authenticators"] = Authenticator.objects.filter(user=person).delete()[0]
    counts["sessions"] = Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]
    AuditEvent.objects.filter(actor=person).update(actor=None, actor_label=ERASED_LABEL)
    person.delete()
    record_event(actor=None, action="account.erased", detail={"removed": counts})
    return counts
