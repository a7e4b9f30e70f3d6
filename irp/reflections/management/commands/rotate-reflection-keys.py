"""`irp rotate-reflection-keys`: re-encrypt every reflection and draft with the newest key.

Put the new key first in REFLECTION_KEYS (keep the old ones after it), run this, and
then the old keys can be removed. Nothing is deleted; running it twice is harmless.
"""

from django.core.management.base import BaseCommand

from irp.reflections.services import rotate_keys


class Command(BaseCommand):
    help = "Re-encrypt every reflection and draft with the newest key in REFLECTION_KEYS."

    def handle(self, *args, **options):
        counts = rotate_keys()
        self.stdout.write(
            f"Re-encrypted {counts['reflection']} reflections and {counts['draft']} drafts "
            "with the newest key."
        )
