"""Where every app declares the personal data it holds about a person.

`irp.accounts.services` builds the "your data" archive from EXPORTERS and erases an
account by running ERASERS, in order. A later app (live discussions, CPD, …) adds
one line to each list:

    def export_for(person) -> Section:   # everything it holds about `person`
    def erase_for(person) -> dict:       # remove it; return anonymous counts only

A section's `data` must be JSON-serialisable; its `markdown` is the readable part.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    key: str  # a stable name for the JSON part, e.g. "reflections"
    title: str  # a heading for the readable part
    data: object
    markdown: str = ""
    files: dict[str, str] = field(default_factory=dict)  # extra files in the archive


EXPORTERS = [
    "irp.accounts.services.export_profile",
    "irp.reflections.services.export_for",
    "irp.live_discussions.services.export_for",
]

# Run before the account itself is removed (irp.accounts.services.erase_account).
ERASERS = [
    "irp.reflections.services.erase_for",
    "irp.live_discussions.services.erase_for",
]
