"""What accounts declares to the shared machinery (irp/core/registry.py)."""

from wagtail import hooks

from irp.core import registry

from . import demo, notices, services

# The profile opens the archive; each app's section follows.
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_profile, order=-10)
# People come first in the demo: every other app's content refers to them.
hooks.register(registry.DEMO_CONTENT, demo.load, order=0)
hooks.register(registry.DEMO_SIGN_INS, demo.sign_ins)
hooks.register(registry.EMAILS, notices.declared_emails)
