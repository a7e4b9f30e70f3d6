"""The `irp` command: Django's management commands, without having to find manage.py.

`irp demo`, `irp migrate`, `irp check --deploy`, `irp worker`, … all run here.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irp.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["irp", *sys.argv[1:]])


if __name__ == "__main__":
    main()
