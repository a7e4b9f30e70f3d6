"""What accounts declares to the shared machinery (irp/core/registry.py)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from irp.core import registry

from . import admin_views, data_register, demo, notices, services

# The profile opens the archive; each app's section follows.
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_profile, order=-10)
# People come first in the demo: every other app's content refers to them.
hooks.register(registry.DEMO_CONTENT, demo.load, order=0)
hooks.register(registry.DEMO_SIGN_INS, demo.sign_ins)
hooks.register(registry.EMAILS, notices.declared_emails)


people_urls = [
    path("", admin_views.PeopleView.as_view(), name="index"),
    path("<int:pk>/", admin_views.PersonView.as_view(), name="person"),
    path("<int:pk>/resend/", admin_views.resend, name="resend"),
    path("<int:pk>/two-step/", admin_views.reset_two_step, name="reset_two_step"),
    path("<int:pk>/roles/", admin_views.change_roles, name="roles"),
    path("<int:pk>/export/", admin_views.export, name="export"),
    path("<int:pk>/erase/", admin_views.EraseView.as_view(), name="erase"),
]


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("people/", include((people_urls, "people"), namespace="people"))]


class PeopleMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_people_menu_item():
    return PeopleMenuItem("People", reverse("people:index"), icon_name="group", order=850)


# Role changes made in Wagtail's own user editor are recorded like the people screen's.
ROLES_BEFORE = "irp_roles_before_edit"


@hooks.register("before_edit_user")
def remember_roles(request, user):
    setattr(request, ROLES_BEFORE, _roles_of(user))


@hooks.register("after_edit_user")
def record_role_change(request, user):
    before = getattr(request, ROLES_BEFORE, None)
    if before is None:
        return
    after = _roles_of(user)
    if before != after:
        services.record_roles_changed(
            person=user,
            by=request.user,
            added=sorted(after - before),
            removed=sorted(before - after),
        )


def _roles_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)
