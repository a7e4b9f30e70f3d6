"""The reflections app's part of the data register (irp/privacy). A reflection is the
practitioner's own and may touch on health: special category, encrypted at rest,
never shown to staff."""

from irp.privacy.register import (
    EXPLICIT_CONSENT,
    SPECIAL,
    TECHNICAL,
    not_personal,
    personal,
)

UNTIL_DELETED = "until the person deletes it or their account"


def fields():
    return [
        *personal(
            "reflections.reflection",
            ["body_encrypted", "written_at", "updated_at", "prompt", "step_id"],
            SPECIAL,
            purpose="The practitioner's private journal, for themselves alone.",
            basis=EXPLICIT_CONSENT,
            retention=UNTIL_DELETED,
            exported=True,
            erased=True,
        ),
        *personal(
            "reflections.reflection",
            ["author"],
            TECHNICAL,
            purpose="Whose journal it is.",
            basis=EXPLICIT_CONSENT,
            retention=UNTIL_DELETED,
            exported=False,
            erased=True,
        ),
        *personal(
            "reflections.draft",
            ["author", "prompt", "reflection", "place", "body_encrypted", "updated_at"],
            SPECIAL,
            purpose="What the practitioner was writing, kept so nothing typed is lost.",
            basis=EXPLICIT_CONSENT,
            retention=UNTIL_DELETED,
            exported=False,
            erased=True,
        ),
        *personal(
            "reflections.reflectionshare",
            ["reflection", "reader", "context", "shared_at"],
            SPECIAL,
            purpose="A reflection its author chose to share with a facilitator; the reader "
            "sees it only while it is shared. In the author's export as who it is shared with.",
            basis=EXPLICIT_CONSENT,
            retention="until the author stops sharing, or either account is erased",
            exported=False,
            erased=True,
        ),
        *not_personal("reflections.promptcollection", ["title", "introduction"]),
        *not_personal("reflections.prompt", ["collection", "text", "note", "offer_as_today"]),
    ]
