"""Demo contact page, the staff notification address, an enquiries team, and a few
enquiries made through the same service the form uses. Idempotent."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Site

from irp.accounts.models import Profession
from irp.pages.models import HomePage

from . import services
from .models import ContactPage, Enquiry, EnquirySettings

ENQUIRIES_TEAM = "Enquiries team"
DEMO_NOTIFY = "enquiries@demo.infiniterecovery.example"

DEMO_ENQUIRIES = [
    {
        "name": "Priya Shah",
        "email": "priya.shah@demo.infiniterecovery.example",
        "role": Profession.COUNSELLOR,
        "organisation": "Northside Counselling",
        "hopes": "I work with clients in early recovery and I am curious how a model of "
        "health changes the first conversations we have.",
        "heard_from": "A colleague",
    },
    {
        "name": "Tom Okafor",
        "email": "tom.okafor@demo.infiniterecovery.example",
        "role": Profession.ADDICTION_WORKER,
        "organisation": "Harbour Recovery Service",
        "hopes": "Our team is tired of illness-based language. Could we explore this together?",
        "heard_from": "",
    },
]


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    page = ContactPage.objects.first()
    if page is None:
        page = home.add_child(
            instance=ContactPage(
                title="Get in touch",
                slug="contact",
                show_in_menus=True,
                intro="<p>Tell us a little about your work and what you hope to explore. "
                "We will reply personally to talk about whether this approach can support "
                "your work.</p>",
                privacy_wording="<p>We keep what you send only to reply to you and to "
                "continue the conversation you start. Closed enquiries are erased after "
                "two years.</p>",
                what_happens_next="<p>Someone from our team reads every message and replies "
                "personally, usually to suggest a short conversation about your work. "
                "There is no obligation and nothing to prepare.</p>",
            )
        )
        page.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        wording = EnquirySettings.for_site(site)
        if not wording.notification_addresses:
            wording.notification_addresses = DEMO_NOTIFY
            wording.save()

    team, _ = Group.objects.get_or_create(name=ENQUIRIES_TEAM)
    team.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["enquiries", "wagtailadmin"],
            codename__in=["answer_enquiries", "access_admin"],
        )
    )

    for entry in DEMO_ENQUIRIES:
        if not Enquiry.objects.filter(email=entry["email"]).exists():
            services.submit_enquiry(
                **entry,
                consent_text=page.consent_text,
                consent_version=page.consent_version,
                response_time=page.response_time,
            )
    stdout.write(f"  Contact page:  {page.url}  (staff inbox: /admin/enquiries/)")
