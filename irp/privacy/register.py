"""The data register: every model field of our apps, what kind of data it holds, why,
on what lawful basis, how long, and whether it is in a person's export and erased with
their account.

Each app declares its own fields from its own `wagtail_hooks.py`
(`registry.PERSONAL_DATA_FIELDS`), with the helpers here:

    def fields():
        return [
            *personal("enquiries.enquiry", ["name", "email"], CONTACT,
                      purpose="To reply.", basis=CONSENT, retention="24 months after closing",
                      exported=False, erased=False),
            *not_personal("enquiries.enquiry", ["status", "received_at"]),
        ]

`tests/test_register.py` fails for any field of ours that is not declared (or declared
but gone), and checks the "exported" and "erased" columns against the archive and
erasure themselves.
"""

from django.apps import apps

from irp.core.registry import PersonalDataField, personal_data_fields

CONTACT = "contact"
PROFILE = "profile"
SPECIAL = "special category"  # reflections and anything health-related
TECHNICAL = "technical"
NOT_PERSONAL = "not personal data"
CATEGORIES = [CONTACT, PROFILE, SPECIAL, TECHNICAL, NOT_PERSONAL]

CONSENT = "consent"
CONTRACT = "contract (the service the person signed up for)"
LEGITIMATE = "legitimate interests"
EXPLICIT_CONSENT = "explicit consent (Article 9(2)(a))"
LEGAL = "legal obligation"


def personal(
    model: str,
    names: list[str],
    category: str,
    *,
    purpose: str,
    basis: str,
    retention: str,
    exported: bool,
    erased: bool,
) -> list[PersonalDataField]:
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category {category!r}")
    return [
        PersonalDataField(
            field=f"{model}.{name}",
            category=category,
            purpose=purpose,
            lawful_basis=basis,
            retention=retention,
            exported=exported,
            erased=erased,
        )
        for name in names
    ]


def not_personal(model: str, names: list[str]) -> list[PersonalDataField]:
    """Fields that hold nothing about a person (a session's capacity, a page's text)."""
    return [
        PersonalDataField(
            field=f"{model}.{name}",
            category=NOT_PERSONAL,
            purpose="",
            lawful_basis="",
            retention="",
            exported=False,
            erased=False,
        )
        for name in names
    ]


def our_fields() -> dict[str, object]:
    """Every field declared by a model of ours ("app.model.field" → field), leaving out
    what Wagtail's base classes bring (a page's tree and publishing fields)."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("irp.") or model._meta.proxy:
            continue
        label = model._meta.label_lower
        for field in model._meta.get_fields():
            if field.auto_created or not (field.concrete or field.many_to_many):
                continue
            if field.model is not model or _inherited_from_a_library(model, field.name):
                continue
            found[f"{label}.{field.name}"] = field
    return found


# Page trees, revisions and ordering come from these; Django's own user fields do not
# count as a library's: they are our people's data and are declared in accounts.
LIBRARIES = ("wagtail.", "modelcluster.", "taggit.")


def _inherited_from_a_library(model, name: str) -> bool:
    for base in model.__mro__[1:]:
        if not base.__module__.startswith(LIBRARIES):
            continue
        declared = getattr(base, "_meta", None)
        if declared is not None and any(f.name == name for f in declared.local_fields):
            return True
        if declared is not None and any(f.name == name for f in declared.local_many_to_many):
            return True
    return False


def data_register() -> list[PersonalDataField]:
    """The register as declared, personal data first, by field."""
    return sorted(personal_data_fields(), key=lambda f: (f.category == NOT_PERSONAL, f.field))


def unclassified() -> list[str]:
    """Fields of ours nobody declared: each must be added to its app's register."""
    declared = {f.field for f in personal_data_fields()}
    return sorted(set(our_fields()) - declared)


def declared_but_gone() -> list[str]:
    return sorted({f.field for f in personal_data_fields()} - set(our_fields()))
