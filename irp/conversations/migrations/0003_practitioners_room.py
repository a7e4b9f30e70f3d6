"""The open Practitioners' room exists from the start, for every signed-in practitioner;
a person's first post there waits for approval."""

from django.db import migrations

GUIDELINES = """\
This is a space between peers. Nobody here is the expert on anyone else's life.

- Speak from your own experience, and let others speak from theirs.
- Keep what people share about their clients or themselves inside this space.
- Disagree with ideas, gently; never label, diagnose or judge a person.
- If something here is hard to read, you can step away and come back when you choose.
- If a post worries you, report it: a facilitator will look at it with care.
"""


def create_room(apps, schema_editor):
    Space = apps.get_model("conversations", "Space")
    Space.objects.get_or_create(
        name="Practitioners' room",
        kind="everyone",
        defaults={
            "description": "An open room for every practitioner on the platform.",
            "guidelines": GUIDELINES,
            "holds_first_posts": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("conversations", "0002_search_indexes")]
    operations = [migrations.RunPython(create_room, migrations.RunPython.noop)]
