"""Staff screens for conversations, and what the shared machinery runs for them.

Spaces are plain models edited in the admin; saving goes through the services, so a
change to the guidelines becomes a new version everyone accepts again. Moderation acts
are read-only: staff see who did what, when and why.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from irp.core import registry
from irp.core.panels import Cell, DashboardPanel, Row, Summary, age, dashboard_panel

from . import data_register, demo, notices, selectors, services, tasks
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


@hooks.register(registry.PERSON_SUMMARY)
def spaces_on_the_people_screen(person):
    """The spaces the person facilitates and any pause on their posting; never a post."""
    facts = [
        registry.PersonFact(section="Conversations", text=f"Facilitates {space.name}")
        for space in selectors.spaces_facilitated_by(person)
    ]
    facts += [
        registry.PersonFact(
            section="Conversations",
            text=f"Posting paused in {mute.space.name} until {mute.until:%-d %b %Y, %H:%M} UTC",
        )
        for mute in selectors.pauses_in_force(person)
    ]
    return facts


@dashboard_panel
class ReportsWaitingPanel(DashboardPanel):
    """Reports on posts not yet dealt with, oldest first, for the people who moderate
    those spaces. It names the thread and the space, never a post's or a report's words."""

    title = "Conversation reports waiting"
    order = 40
    columns = ["Post", "Space", "Waiting"]
    empty_message = "No report is waiting."
    shown = 10

    def shown_to(self, user) -> bool:
        return user.is_active and bool(selectors.moderated_spaces(user))

    def rows(self) -> list[Row]:
        queue = reverse("conversations:moderation")
        return [
            Row(
                [
                    Cell(f"{report.post.thread.title}, post {report.post.number}", url=queue),
                    Cell(report.post.thread.space.name),
                    Cell(age(report.created_at)),
                ]
            )
            for report in selectors.report_queue(self.user)[: self.shown]
        ]

    def summary(self) -> Summary:
        count = len(selectors.report_queue(self.user))
        return Summary(
            text=f"{count} report{'s' if count != 1 else ''} waiting.",
            link_url=reverse("conversations:moderation"),
            link_text="Open the moderation queue",
        )


hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)


@hooks.register(registry.NAVIGATION, order=40)
def conversations_link():
    return registry.NavLink("Conversations", "conversations:spaces", shown_to=registry.signed_in)
