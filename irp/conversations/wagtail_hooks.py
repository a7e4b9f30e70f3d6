"""Staff screens for conversations, and what the shared machinery runs for them.

Spaces are plain models edited in the admin; saving goes through the services, so a
change to the guidelines becomes a new version everyone accepts again. Moderation acts
are read-only: staff see who did what, when and why.
"""

from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from irp.core import registry

from . import data_register, demo, notices, services, tasks
from .models import ModerationAct, Space


class SpaceCreateView(generic.CreateView):
    def save_instance(self):
        form = self.form
        space = form.instance
        return services.create_space(
            name=space.name,
            kind=space.kind,
            guidelines=space.guidelines,
            description=space.description,
            cohort_id=space.cohort_id,
            holds_first_posts=space.holds_first_posts,
            invited=form.cleaned_data.get("invited") or [],
            facilitators=form.cleaned_data.get("facilitators") or [],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)


class SpaceEditView(generic.EditView):
    def save_instance(self):
        form = self.form
        return services.update_space(
            space=form.instance,
            invited=form.cleaned_data.get("invited"),
            facilitators=form.cleaned_data.get("facilitators"),
        )


class SpaceViewSet(ModelViewSet):
    model = Space
    icon = "group"
    menu_label = "Spaces"
    add_view_class = SpaceCreateView
    edit_view_class = SpaceEditView
    list_display = ["name", "kind", "guidelines_version"]
    list_filter = ["kind"]
    search_fields = ["name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("kind"),
            FieldPanel("cohort_id", help_text="For a cohort's space: the cohort's number."),
            FieldPanel("invited"),
            FieldPanel("facilitators"),
            FieldPanel("holds_first_posts"),
            FieldPanel("guidelines"),
        ]
    )


class SeeOnlyPolicy(ModelPermissionPolicy):
    """Moderation acts are a record: staff read them, nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_staff

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        return users if "view" in actions else users.none()


register_permission_policy(ModerationAct, SeeOnlyPolicy(ModerationAct))


class ModerationActViewSet(ModelViewSet):
    model = ModerationAct
    icon = "history"
    menu_label = "Moderation record"
    list_display = ["created_at", "actor_label", "action", "space", "thread", "reason", "until"]
    list_filter = ["action", "space"]
    search_fields = ["reason", "actor_label"]
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["reason"]


class ConversationsGroup(ViewSetGroup):
    menu_label = "Conversations"
    menu_icon = "comment"
    menu_order = 320
    items = (SpaceViewSet("conversation_spaces"), ModerationActViewSet("moderation_acts"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ConversationsGroup()


@hooks.register(registry.PERIODIC_TASKS)
def send_due_digests_every_quarter_hour():
    return registry.Periodic(task=tasks.send_due_digests, seconds=15 * 60)


@hooks.register(registry.PERIODIC_TASKS)
def ensure_cohort_spaces_hourly():
    return registry.Periodic(task=tasks.ensure_cohort_spaces, seconds=60 * 60)


hooks.register(registry.DEMO_CONTENT, demo.load, order=70)  # after programmes
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for, order=40)
hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for, order=40)
hooks.register(registry.EMAILS, notices.declared_emails)
hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)


@hooks.register(registry.NAVIGATION, order=40)
def conversations_link():
    return registry.NavLink("Conversations", "conversations:spaces", shown_to=registry.signed_in)
