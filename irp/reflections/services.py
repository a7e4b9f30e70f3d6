"""Every write to the journal: write, edit, delete, drafts, key rotation, export, erasure."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from irp.accounts.personal_data import Section

from . import crypto
from .models import Draft, Prompt, Reflection

MAX_LENGTH = 50_000


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "There is nothing written yet."})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {"body": f"This is longer than {MAX_LENGTH:,} characters; please split it in two."}
        )
    return body


def place_for(*, prompt: Prompt | None = None, reflection: Reflection | None = None) -> str:
    if reflection is not None:
        return f"entry:{reflection.pk}"
    if prompt is not None:
        return f"prompt:{prompt.pk}"
    return "free"


@transaction.atomic
def write_reflection(
    *, author, body: str, prompt: Prompt | None = None, written_at=None
) -> Reflection:
    """Save a new entry, encrypted, and let go of the draft it grew from."""
    reflection = Reflection(author=author, prompt=prompt, written_at=written_at or timezone.now())
    reflection.body = _check_body(body)
    reflection.full_clean()
    reflection.save()
    Draft.objects.filter(author=author, place=place_for(prompt=prompt)).delete()
    return reflection


@transaction.atomic
def edit_reflection(*, reflection: Reflection, body: str) -> Reflection:
    """Replace an entry's text (the caller has checked it is the author's)."""
    reflection.body = _check_body(body)
    reflection.save(update_fields=["body_encrypted", "updated_at"])
    Draft.objects.filter(author=reflection.author, place=place_for(reflection=reflection)).delete()
    return reflection


def delete_reflection(*, reflection: Reflection) -> None:
    """Delete an entry for good: the row goes, with any draft of it. No bin, no copy."""
    reflection.delete()


# "free", "prompt:<id>" or "entry:<id>", ASCII digits only, short enough for a bigint
# and for Draft.place: anything else is refused before it reaches the database.
DRAFT_PLACE = re.compile(r"free|(prompt|entry):[1-9][0-9]{0,17}", re.ASCII)


def parse_draft_place(place: str) -> tuple[str, int | None]:
    """("free", None), ("prompt", id) or ("entry", id); a ValidationError otherwise."""
    if not isinstance(place, str) or not DRAFT_PLACE.fullmatch(place):
        raise ValidationError("This draft does not belong to a prompt, an entry or a new page.")
    kind, _, ident = place.partition(":")
    return kind, int(ident) if ident else None


def save_draft(*, author, body: str, place: str) -> Draft | None:
    """Keep what the person is typing, encrypted; an emptied box removes the draft."""
    parse_draft_place(place)
    body = (body or "")[:MAX_LENGTH]
    if not body.strip():
        Draft.objects.filter(author=author, place=place).delete()
        return None
    draft, _ = Draft.objects.update_or_create(
        author=author, place=place, defaults={"body_encrypted": crypto.encrypt(body)}
    )
    return draft


def rotate_keys(*, batch_size: int = 500) -> dict:
    """Re-encrypt every reflection and draft with the newest key, in batches, so the
    older keys can then be removed from REFLECTION_KEYS. Safe to run again."""
    counts = {}
    for model in (Reflection, Draft):
        done = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", "body_encrypted")[:batch_size]
                )
                if not rows:
                    break
                for row in rows:
                    row.body_encrypted = crypto.rotate(row.body_encrypted)
                model.objects.bulk_update(rows, ["body_encrypted"])
            done += len(rows)
            last_pk = rows[-1].pk
        counts[model._meta.model_name] = done
    return counts


def export_for(*, person) -> Section:
    """Every reflection, verbatim, for the person's own archive."""
    entries = list(Reflection.objects.filter(author=person).select_related("prompt"))
    data = [
        {
            "written_at": e.written_at.isoformat(),
            "updated_at": e.updated_at.isoformat(),
            "prompt": e.prompt.text if e.prompt else None,
            "body": e.body,
        }
        for e in sorted(entries, key=lambda e: (e.written_at, e.pk))
    ]
    parts = []
    for item in data:
        heading = item["prompt"] or "Written freely"
        parts.append(
            f"### {item['written_at'][:16].replace('T', ' ')}: {heading}\n\n{item['body']}\n"
        )
    markdown = "\n".join(parts) or "You have not written any reflections."
    return Section(key="reflections", title="Your reflections", data=data, markdown=markdown)


def erase_for(*, person) -> dict:
    """Remove every reflection and draft the person wrote; return only counts."""
    drafts = Draft.objects.filter(author=person).delete()[0]
    reflections = Reflection.objects.filter(author=person).delete()[0]
    return {"reflections": reflections, "reflection_drafts": drafts}
