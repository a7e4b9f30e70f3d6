"""What the shared machinery runs, as each app declares it.

`core` stands at the ground and imports no app of ours. An app that wants the worker
to run something on a schedule, `irp demo` to load its content, or the personal-data
archive and erasure to cover its records says so from its own `wagtail_hooks.py`,
through Wagtail's hook registry, and the machinery asks this module:

    from wagtail import hooks
    from irp.core import registry

    @hooks.register(registry.PERIODIC_TASKS)
    def purge_daily():
        return registry.Periodic(task=tasks.purge_enquiries, seconds=24 * 60 * 60)

    hooks.register(registry.DEMO_CONTENT, demo.load, order=30)      # load(*, stdout)
    hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for)   # -> Section
    hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for)     # -> counts
    hooks.register(registry.KEY_ROTATIONS, services.rotate_keys)         # -> counts
    hooks.register(registry.NAVIGATION, lambda: registry.NavLink(...), order=20)
    hooks.register(registry.HOME_LISTINGS, lambda: registry.Listing(...))
    hooks.register(registry.EMAILS, emails.declared)                     # -> [Email]
    hooks.register(registry.PERSONAL_DATA_FIELDS, privacy.fields)        # -> [Field]

Hooks run in `order` (lower first), then in the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from wagtail import hooks

# Each returns one `Periodic`: a task the worker enqueues every `seconds`.
PERIODIC_TASKS = "irp_periodic_tasks"
# Each is `load(*, stdout)`: idempotent demo content, run by `irp demo` in order.
DEMO_CONTENT = "irp_demo_content"
# Each is `sign_ins(address) -> list[str]`: lines `irp demo` prints about signing in.
DEMO_SIGN_INS = "irp_demo_sign_ins"
# Each is `export_for(person) -> Section`: everything one app holds about a person.
EXPORT_PERSONAL_DATA = "irp_export_personal_data"
# Each is `erase_for(person) -> dict`: removes it, returning anonymous counts only.
ERASE_PERSONAL_DATA = "irp_erase_personal_data"
# Each is `rotate_keys() -> dict`: re-encrypts what one app stores encrypted
# (irp/core/crypto.py) with the newest key, returning counts by what was done.
KEY_ROTATIONS = "irp_key_rotations"
# Each returns one `NavLink`: a platform area in the site's header, after the pages.
NAVIGATION = "irp_navigation"
# Each returns one `Listing`: something of the app's own (the next live discussions,
# the programmes) that editors may place on the home page with a listing block.
HOME_LISTINGS = "irp_home_listings"
# Each returns a list of `Email`: the emails one app sends, so staff can edit their texts.
EMAILS = "irp_emails"
# Each returns a list of `PersonalDataField`: how one app's model fields are classified
# in the data register (irp/privacy).
PERSONAL_DATA_FIELDS = "irp_personal_data_fields"
# Each is `about(person) -> list[PersonFact]`: what one app shows staff about a person on
# the people screen (never a reflection or a message).
PERSON_SUMMARY = "irp_person_summary"


@dataclass(frozen=True)
class Periodic:
    """A django-tasks task to enqueue at the worker's start and every `seconds` after.
    The task itself must be safe to run twice and beside other workers."""

    task: object
    seconds: float

    @property
    def name(self) -> str:
        return getattr(self.task, "module_path", repr(self.task))


@dataclass
class Section:
    """One app's part of a person's data archive. `data` must be JSON-serialisable;
    `markdown` is the readable part; `files` are extra files in the archive, by name:
    text, or bytes for files kept as they were uploaded (CPD evidence)."""

    key: str  # a stable name for the JSON part, e.g. "reflections"
    title: str  # a heading for the readable part
    data: object
    markdown: str = ""
    files: dict[str, str | bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class NavLink:
    """One of the platform's own areas in the header. `shown_to(user)` decides who
    sees it (everyone, by default); `url_name` is reversed with no arguments."""

    title: str
    url_name: str
    shown_to: Callable[[object], bool] = lambda user: True


@dataclass(frozen=True)
class Listing:
    """A list an app offers the home page. `items(count)` returns at most `count` things,
    rendered by the app's `template` (as `items`, with `heading` and the block's values).
    What it shows is public: it is kept in the anonymous page cache, so the app clears
    that cache when it changes."""

    key: str
    title: str
    template: str
    items: Callable[[int], list]


@dataclass(frozen=True)
class Email:
    """One email the site sends, as staff see it among the editable email texts.

    `template` is the name given to `irp.emails.services.queue_email` (or allauth's
    template prefix); `placeholders` maps each variable the text may use (a dotted path,
    e.g. "enquiry.consent_text") to what it holds; a path allows what lies below it, so
    declare only what the email may show. `sample` is the context previews and test
    sends render with. `body_suffix` is "_message" for allauth's files
    (`<prefix>_message.txt`), "" for ours (`<template>.txt`)."""

    template: str
    title: str
    description: str
    placeholders: dict[str, str]
    sample: dict
    body_suffix: str = ""
    has_html: bool = True


@dataclass(frozen=True)
class PersonalDataField:
    """One model field in the data register. `field` is "app_label.model.field"."""

    field: str
    category: str  # one of irp.privacy's CATEGORIES
    purpose: str
    lawful_basis: str
    retention: str
    exported: bool
    erased: bool


@dataclass(frozen=True)
class PersonFact:
    """One line on a person's staff screen: a heading, a text and an optional link."""

    section: str
    text: str
    url: str = ""


def signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def periodic_tasks() -> list[Periodic]:
    return [declare() for declare in hooks.get_hooks(PERIODIC_TASKS)]


def demo_loaders() -> list[Callable]:
    return list(hooks.get_hooks(DEMO_CONTENT))


def demo_sign_ins(address: str) -> list[str]:
    return [line for lines in hooks.get_hooks(DEMO_SIGN_INS) for line in lines(address)]


def personal_data_exporters() -> list[Callable]:
    return list(hooks.get_hooks(EXPORT_PERSONAL_DATA))


def personal_data_erasers() -> list[Callable]:
    return list(hooks.get_hooks(ERASE_PERSONAL_DATA))


def key_rotations() -> list[Callable]:
    return list(hooks.get_hooks(KEY_ROTATIONS))


def navigation_links(user) -> list[NavLink]:
    links = (declare() for declare in hooks.get_hooks(NAVIGATION))
    return [link for link in links if link.shown_to(user)]


def home_listings() -> dict[str, Listing]:
    listings = (declare() for declare in hooks.get_hooks(HOME_LISTINGS))
    return {listing.key: listing for listing in listings}


def declared_emails() -> dict[str, Email]:
    """Every email the apps declare, by template name."""
    return {email.template: email for emails in hooks.get_hooks(EMAILS) for email in emails()}


def personal_data_fields() -> list[PersonalDataField]:
    return [field for fields in hooks.get_hooks(PERSONAL_DATA_FIELDS) for field in fields()]


def person_summary(person) -> list[PersonFact]:
    return [fact for about in hooks.get_hooks(PERSON_SUMMARY) for fact in about(person)]
