"""What programmes add to the admin and to the shared machinery: the cohort screens and
application queue (admin_views.py), a dashboard panel of applications waiting, the
weekly step email, demo content, the data archive and erasure, key rotation, the
header link, and the two small extension points other apps offer (the journal's step
link, live discussions' registration check)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from irp.core import registry
from irp.core.panels import Cell, DashboardPanel, Row, Summary, age, dashboard_panel
from irp.live_discussions.services import REGISTRATION_CHECKS
from irp.reflections.selectors import STEP_CONTEXT_HOOK

from . import data_register, demo, notices, selectors, services, tasks
from .admin_views import REVIEW, CohortViewSet, enquiry_action


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet()


@hooks.register("register_admin_menu_item")
def application_queue_menu_item():
    return MenuItem(
        "Applications",
        reverse("programme_cohorts:applications"),
        icon_name="form",
        order=311,
        attrs={},
    )


@dashboard_panel
class ApplicationsWaitingPanel(DashboardPanel):
    """Programme applications waiting for a decision, the longest waiting first, for
    the people who review them."""

    title = "Programme applications waiting for a decision"
    order = 30
    columns = ["From", "Cohort", "Waiting"]
    empty_message = "No application is waiting for a reply."
    shown = 10

    def shown_to(self, user) -> bool:
        return user.is_active and user.has_perm(REVIEW)

    def rows(self) -> list[Row]:
        queue = reverse("programme_cohorts:applications")
        return [
            Row(
                [
                    Cell(str(enrolment.person), url=queue),
                    Cell(str(enrolment.cohort)),
                    Cell(age(enrolment.created_at)),
                ]
            )
            for enrolment in selectors.applications_waiting()[: self.shown]
        ]

    def summary(self) -> Summary:
        count = selectors.applications_waiting().count()
        return Summary(
            text=f"{count} application{'s' if count != 1 else ''} waiting for a reply.",
            link_url=reverse("programme_cohorts:applications"),
            link_text="Review them",
        )


hooks.register("enquiries_staff_actions", enquiry_action)


@hooks.register(registry.PERSON_SUMMARY)
def cohorts_on_the_people_screen(person):
    """The person's applications and places, by cohort and state; never their answers,
    the steps they took or anything they shared."""
    return [
        registry.PersonFact(
            section="Programmes",
            text=f"{enrolment.cohort}: {enrolment.get_state_display()}",
            url=reverse("programme_cohorts:people", args=[enrolment.cohort_id]),
        )
        for enrolment in selectors.enrolments_of(person)
    ]


@hooks.register(STEP_CONTEXT_HOOK)
def step_for_the_journal(person, step_id):
    return selectors.describe_step_for_journal(person, step_id)


@hooks.register(REGISTRATION_CHECKS)
def cohort_seats_for_members(session, person):
    services.check_cohort_seat(session, person)


@hooks.register(registry.PERIODIC_TASKS)
def weekly_step_emails_hourly():
    # Hourly, so each cohort's emails go soon after midnight in its own zone.
    return registry.Periodic(task=tasks.send_weekly_step_emails, seconds=60 * 60)


# After the pages, live discussions (40) and the journal, which the demo builds on.
hooks.register(registry.DEMO_CONTENT, demo.load, order=60)
hooks.register(registry.EXPORT_PERSONAL_DATA, services.export_for, order=40)
# After the journal's erasure, whose entries take their shares and replies with them.
hooks.register(registry.ERASE_PERSONAL_DATA, services.erase_for, order=30)
hooks.register(registry.KEY_ROTATIONS, services.rotate_keys)
hooks.register(registry.EMAILS, notices.declared_emails)
hooks.register(registry.PERSONAL_DATA_FIELDS, data_register.fields)


@hooks.register(registry.NAVIGATION, order=30)
def programmes_link():
    return registry.NavLink("Programmes", "programmes:index")


@hooks.register(registry.HOME_LISTINGS)
def open_programmes_listing():
    return registry.Listing(
        key="programmes",
        title="Programmes open for applications",
        template="programmes/includes/home_listing.html",
        items=lambda count: list(selectors.open_programmes()[:count]),
    )
