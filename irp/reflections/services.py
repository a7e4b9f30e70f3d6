"""Every write to the journal: write, edit, delete, drafts, key rotation, export, erasure."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from irp.core import crypto
from irp.core.registry import Section

from .models import Draft, Prompt, Reflection, ReflectionShare

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


def place_for(
    *,
    prompt: Prompt | None = None,
    reflection: Reflection | None = None,
    step_id: int | None = None,
) -> str:
    if reflection is not None:
        return f"entry:{reflection.pk}"
    if step_id is not None:
        return f"step:{step_id}"
    if prompt is not None:
        return f"prompt:{prompt.pk}"
    return "free"


@transaction.atomic
def write_reflection(
    *,
    author,
    body: str,
    prompt: Prompt | None = None,
    step_id: int | None = None,
    written_at=None,
) -> Reflection:
    """Save a new entry, encrypted, and let go of the draft it grew from. `step_id`
    links it to a programme step (the caller has checked the author may write there)."""
    reflection = Reflection(
        author=author, prompt=prompt, step_id=step_id, written_at=written_at or timezone.now()
    )
    reflection.body = _check_body(body)
    reflection.full_clean()
    reflection.save()
    Draft.objects.filter(author=author, place=place_for(prompt=prompt, step_id=step_id)).delete()
    return reflection


@transaction.atomic
def share_reflection(*, reflection: Reflection, author, readers, context: str) -> list:
    """Show one entry to the given readers (a cohort's facilitators), by the author's
    choice. Only the author can share; sharing again changes nothing."""
    if reflection.author_id != author.pk:
        raise ValidationError("Only the person who wrote a reflection can share it.")
    readers = [reader for reader in readers if reader.pk != author.pk]
    if not readers:
        raise ValidationError("There is nobody to share this reflection with yet.")
    shares = []
    for reader in readers:
        share, _ = ReflectionShare.objects.get_or_create(
            reflection=reflection, reader=reader, defaults={"context": context}
        )
        shares.append(share)
    return shares


@transaction.atomic
def stop_sharing(*, reflection: Reflection, author, context: str | None = None) -> int:
    """Take an entry back: every reader's view of it (in `context`, or anywhere) ends at
    once, with whatever hung on the share. Returns how many readers lost it."""
    if reflection.author_id != author.pk:
        raise ValidationError("Only the person who wrote a reflection can stop sharing it.")
    shares = ReflectionShare.objects.filter(reflection=reflection)
    if context is not None:
        shares = shares.filter(context=context)
    return shares.delete()[1].get("reflections.ReflectionShare", 0)


@transaction.atomic
def edit_reflection(*, reflection: Reflection, body: str) -> Reflection:
    """Replace an entry's text (the caller has checked it is the author's)."""
    reflection.body = _check_body(body)
    reflection.save(update_fields=["body_encrypted", "updated_at"])
    Draft.objects.filter(author=reflection.author, place=place_for(reflection=reflection)).delete()
    return reflection


@transaction.atomic
def delete_reflection(*, reflection: Reflection) -> None:
    """Delete an entry for good: the row goes, with any draft of it. No bin, no copy."""
    # An edit in progress is kept by place ("entry:<id>"), not by foreign key, so it
    # would outlive the entry and hold its words: remove it first, by place.
    Draft.objects.filter(author=reflection.author, place=place_for(reflection=reflection)).delete()
    reflection.delete()


# "free", "prompt:<id>" or "entry:<id>", ASCII digits only, short enough for a bigint
# and for Draft.place: anything else is refused before it reaches the database.
DRAFT_PLACE = re.compile(r"free|(prompt|entry|step):[1-9][0-9]{0,17}", re.ASCII)


def parse_draft_place(place: str) -> tuple[str, int | None]:
    """("free", None), ("prompt", id), ("entry", id) or ("step", id); a
    ValidationError otherwise."""
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
    for model, what in ((Reflection, "reflections"), (Draft, "drafts")):
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
        counts[what] = done
    return counts


def export_for(*, person) -> Section:
    """Every reflection, verbatim, for the person's own archive."""
    entries = list(
        Reflection.objects.filter(author=person)
        .select_related("prompt")
        .prefetch_related("shares__reader")
    )
    data = [
        {
            "written_at": e.written_at.isoformat(),
            "updated_at": e.updated_at.isoformat(),
            "prompt": e.prompt.text if e.prompt else None,
            "step_id": e.step_id,
            "shared_with": [share.reader.get_short_name() for share in e.shares.all()],
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
    # Shares of the person's entries go with the entries (cascade): no reader keeps one.
    shares = ReflectionShare.objects.filter(reflection__author=person).count()
    reflections = (
        Reflection.objects.filter(author=person).delete()[1].get("reflections.Reflection", 0)
    )
    return {"reflections": reflections, "reflection_drafts": drafts, "reflection_shares": shares}
