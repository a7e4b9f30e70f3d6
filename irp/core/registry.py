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
