"""`irp rotate-reflection-keys`: re-encrypt everything stored encrypted with the newest key.

Put the new key first in REFLECTION_KEYS (keep the old ones after it), run this, and
then the old keys can be removed. Each app that stores encrypted data declares its
rotation in the registry (irp/core/registry.py): reflections and drafts, join links.
Nothing is deleted; running it twice is harmless.
"""

from django.core.management.base import BaseCommand

from irp.core import registry


class Command(BaseCommand):
    help = "Re-encrypt every reflection, draft and join link with the newest key."

    def handle(self, *args, **options):
        counts = {}
        for rotate in registry.key_rotations():
            counts.update(rotate())
        done = ", ".join(f"{number} {what}" for what, number in counts.items())
        self.stdout.write(f"Re-encrypted {done} with the newest key.")
