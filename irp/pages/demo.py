# ruff: noqa: RUF001  (typographic quotes, dashes and signs are intended in prose)
"""Demo pages, made through Wagtail's page tree and published as revisions.

Idempotent: each page is found by its slug under its parent and left alone if it is
already there (so an editor's changes survive a second `irp demo`).
The wording is the project's own; names, figures and the two quotations are facts.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import GetInvolvedPage, HomePage, OrganisationSettings, SectionPage, StandardPage
from .services import ensure_page

CONTACT_URL = "/contact/"  # the contact page, a child of home, built by the enquiries app


def _heading(text, anchor=""):
    return ("section_heading", {"heading": text, "anchor": anchor, "level": "h2"})


def _text(html):
    return ("rich_text", html)


def _cta(heading, text, link_text="Get in touch"):
    return (
        "call_to_action",
        {
            "heading": heading,
            "text": text,
            "link_text": link_text,
            "page": None,
            "url": CONTACT_URL,
        },
    )


OFFERINGS = [
    (
        "A fresh, trauma-informed framework",
        "A way of understanding addiction and recovery that starts from safety and from the "
        "health already present in every person.",
    ),
    (
        "Experiential learning",
        "More than theory: something you notice directly in your own experience and carry "
        "into your work.",
    ),
    (
        "From illness to innate well-being",
        "A move away from models built on disorder, towards the resilience and well-being "
        "people already have.",
    ),
    (
        "Live discussions and reflective inquiry",
        "Honest conversations with other practitioners that go further than the textbook.",
    ),
    (
        "Practitioner transformation",
        "You can only guide clients as far as you have gone yourself, so the work begins with you.",
    ),
]


# The offerings again, each linked to where it happens, for the professionals page.
GET_INVOLVED = [
    (
        "A fresh, trauma-informed framework",
        "a way of understanding addiction and recovery that starts from safety and from "
        "the health already present in every person.",
    ),
    (
        '<a href="/programmes/">Experiential learning</a>',
        "more than theory: something you notice directly in your own experience, in our "
        "programmes a step at a time, and carry into your work.",
    ),
    (
        "From illness to innate well-being",
        "a move away from models built on disorder, towards the resilience and well-being "
        "people already have.",
    ),
    (
        '<a href="/live/">Live discussions</a> and <a href="/reflect/">reflective inquiry</a>',
        "honest conversations with other practitioners, and a private journal, that go "
        "further than the textbook.",
    ),
    (
        "Practitioner transformation",
        "you can only guide clients as far as you have gone yourself, so the work begins with you.",
    ),
]


def professionals_body():
    """Every section of the page for professionals, in the order of the original page."""
    return [
        _text(
            "<p>If you work in addiction, mental health or recovery, you may know the "
            "frustration well. Years of research, funding and new treatments have not "
            "changed the results as much as anyone hoped.</p>"
        ),
        (
            "question_list",
            {
                "intro": "",
                "questions": [
                    "Why do so many people relapse once treatment ends?",
                    "Why are mental health conditions becoming more common, even as "
                    "awareness and support grow?",
                    "Why do the tools and techniques we offer so often bring only "
                    "short-lived relief?",
                ],
                "closing": "",
            },
        ),
        _text(
            "<p>Most established approaches work within a <b>model of illness</b>: they see "
            "a person as damaged, chemically out of balance, or locked in a lifelong fight "
            "with their past. The Infinite Recovery Project starts from somewhere else: a "
            "<b>model of health</b> rather than a model of disease.</p>"
            "<p>This is not one more treatment modality, psychological framework or "
            "toolkit. It is a change in how we understand human experience, and how "
            "healing happens.</p>"
        ),
        _heading("Why traditional approaches do not bring lasting change"),
        _text(
            "<p>If the prevailing model were working, we would not see people cycling in "
            "and out of treatment, diagnoses growing year on year, and ever more reliance "
            "on medication.</p>"
            "<p>Dr Thomas Insel led the US National Institute of Mental Health. Looking "
            "back on decades of research, he said:</p>"
        ),
        (
            "quotation",
            {
                "text": (
                    "I spent 13 years at NIMH really pushing on the neuroscience and genetics "
                    "of mental disorders, and when I look back on that, I realize that while I "
                    "think I succeeded at getting lots of really cool papers published by cool "
                    "scientists at fairly high costs – I think $20 billion – I don’t think we "
                    "moved the needle in reducing suicide, reducing hospitalizations, improving "
                    "recovery for the tens of millions of people who struggle with mental "
                    "illness."
                ),
                "person": "Dr Thomas Insel",
                "role": "former Director of the National Institute of Mental Health",
                "source": "",
                "year": None,
                "link": "",
            },
        ),
        _text(
            "<p>Dr Allen Frances helped to shape the diagnostic categories psychiatry uses "
            "today. He later spoke about how over-medicalisation and over-diagnosis had "
            "produced a system that is good at labelling people and poor at helping them "
            "heal:</p>"
        ),
        (
            "quotation",
            {
                "text": (
                    "There is no definition of a mental disorder. It’s bullshit. I mean, you "
                    "just can’t define it… these concepts are virtually impossible to define "
                    "precisely with bright lines at the borders."
                ),
                "person": "Dr Allen Frances",
                "role": "psychiatrist who helped to shape modern psychiatric diagnosis",
                "source": "",
                "year": None,
                "link": "",
            },
        ),
        _text(
            "<p>When two of the most influential people in psychiatry say the established "
            "model is not working, it is fair to ask: what have we been missing?</p>"
        ),
        _heading("The core issue: a model of illness, or a model of health"),
        (
            "comparison",
            {
                "intro": "<p>The two models rest on opposite assumptions about people.</p>",
                "first_name": "The model of illness",
                "first_principles": [
                    {
                        "name": "Separation",
                        "explanation": "The practitioner is the expert; the client is the "
                        "one who is broken.",
                    },
                    {
                        "name": "Diagnosis and pathology",
                        "explanation": "Difficulties are medicalised, labelled and treated as "
                        "disorders for life.",
                    },
                    {
                        "name": "Tools and techniques",
                        "explanation": "Healing means managing symptoms, not resolving "
                        "suffering where it starts.",
                    },
                    {
                        "name": "A focus on what is wrong",
                        "explanation": "Treatment confirms the belief that a person is "
                        "defective, and keeps them caught in judging themselves.",
                    },
                ],
                "second_name": "The model of health",
                "second_principles": [
                    {
                        "name": "Wholeness",
                        "explanation": "Nothing in a person is fundamentally broken; suffering "
                        "comes from a misunderstanding, not a disease.",
                    },
                    {
                        "name": "Innate intelligence",
                        "explanation": "Mind and body are made to heal; when we stop getting in "
                        "the way, recovery unfolds naturally.",
                    },
                    {
                        "name": "Experiential insight, not intellectual learning",
                        "explanation": "Practitioners need to see this deeply for themselves "
                        "before they guide anyone else.",
                    },
                    {
                        "name": "A focus on what is right",
                        "explanation": "Healing is not about repairing people but about "
                        "reconnecting them with the well-being they already have.",
                    },
                ],
            },
        ),
        _heading("The practitioner’s role: beyond the expert position"),
        _text(
            "<p>One of the largest shifts for a professional is to let go of the idea that "
            "you are the expert and your client is the one who needs fixing.</p>"
            "<p>When practitioners hold themselves as experts and the client as the "
            "problem, they can keep alive, without meaning to, the very suffering they want "
            "to ease. People usually arrive in treatment already convinced: “There is "
            "something wrong with me.”</p>"
            "<p>If we offer techniques, coping strategies and interventions without seeing "
            "a person’s innate well-being, we quietly agree with them: “Yes, something is "
            "wrong with you, and I am here to fix it.” This is the trouble with top-down "
            "approaches: they keep the struggle going instead of resolving it.</p>"
            "<p>The Infinite Recovery approach is experiential rather than theoretical. You "
            "cannot help someone find their innate health unless you have seen your own. "
            "That is why training matters: not to add techniques, but to change how you see "
            "your clients, and yourself.</p>"
        ),
        _heading("Why most professionals have not been trained in mental health"),
        _text(
            "<p>A common belief in our field is that professionals are trained in mental "
            "health. In practice, most doctors, therapists and psychiatrists have been "
            "trained in mental <em>illness</em>.</p>"
        ),
        (
            "citation",
            {
                "note": (
                    "<p>Dr Daniel Siegel, the author of several best-selling books, asked more "
                    "than 74,000 mental health professionals in person whether they had ever "
                    "attended a lecture on mental health. Only 5% said yes; the other 95% had "
                    "been taught about mental illness alone.</p>"
                ),
                "authors": "Siegel, D. J.",
                "year": 2011,
                "title": "The Neurobiology of “We”: How Relationships, the Mind, and the "
                "Brain Interact to Shape Who We Are",
                "medium": "Audiobook",
                "publisher": "Sounds True",
                "link": "",
            },
        ),
        _text(
            "<p>Clinical training covers pathology, diagnosis and treatment, and almost "
            "nothing on what mental health actually is. Professionals learn to name "
            "disorders, manage symptoms and prescribe, yet have no real framework for "
            "well-being beyond the absence of distress.</p>"
            "<p>This is why so many people stay stuck, even after years of therapy: "
            "treatment becomes the management of dysfunction rather than the end of "
            "suffering.</p>"
            "<p>A true model of health does not ask “How do we reduce symptoms?” It asks "
            "“What creates suffering in the first place, and what happens when we see "
            "through it?”</p>"
        ),
        _heading("The Infinite Recovery approach for professionals"),
        _text(
            "<p>We offer a different way of working with people who struggle with addiction "
            "and mental health, grounded in an understanding of trauma and in spiritual "
            "realisation.</p>"
            "<ul>"
            "<li>We do not see addiction as a lifelong disease. It is a learned way of "
            "coping, and when the misunderstanding beneath it falls away, so does the need "
            "for it.</li>"
            "<li>We do not see mental health as something to achieve. It is already "
            "present, waiting to be uncovered.</li>"
            "<li>We do not rely on behavioural techniques or symptom management. We help "
            "people see differently, so that change comes without force.</li>"
            "</ul>"
        ),
        _heading("This begins with you"),
        (
            "question_list",
            {
                "intro": (
                    "<p>You cannot guide someone into deep change you have not lived "
                    "yourself. That is why this training is about you as much as your "
                    "clients.</p>"
                ),
                "questions": [
                    "Do you truly see your own well-being?",
                    "Have you questioned what you assume about mental health?",
                    "Are you ready to look past diagnosis and treatment to something deeper?",
                ],
                "closing": (
                    "<p>If you feel drawn to explore this for yourself, you are in the "
                    "right place.</p>"
                ),
            },
        ),
        _heading("How to get involved", anchor="how-to-get-involved"),
        _text(
            "<p>We offer practitioners several ways to explore a different perspective on "
            "addiction and mental health:</p><ul>"
            + "".join(f"<li><b>{title}</b>: {text}</li>" for title, text in GET_INVOLVED)
            + "</ul>"
            f'<p><a href="{CONTACT_URL}">Talk to us</a> to find out more, ask your '
            "questions, and see whether this approach could support your work. Addiction "
            "and mental health care is changing, and we can be part of that change "
            "together.</p>"
        ),
        (
            "takeaway_list",
            {
                "heading": "Key takeaways",
                "items": [
                    "The model of illness keeps people struggling by seeing them as broken.",
                    "The model of health recognises innate well-being and resolves suffering "
                    "at its root.",
                    "The greatest barrier to real healing is the separate “me and you” "
                    "dynamic that trauma leaves behind.",
                    "You cannot lead someone to well-being unless you see it deeply yourself.",
                    "Infinite Recovery offers a way forward for professionals ready to "
                    "question what they were taught and see something radically different.",
                ],
            },
        ),
        _cta("Are you ready to explore?", "<p>Let’s begin with a conversation.</p>"),
    ]


PROFESSIONALS_URL = "/who-is-this-for/professionals-addiction/"

# The people behind the organisation, by role; the demo names no real person.
PEOPLE = [
    (
        "Jo Ashworth",
        "Founder and director",
        "Twenty years in addiction services, then a different question.",
    ),
    (
        "Robin Hale",
        "Lead facilitator",
        "Runs the live discussions and the practitioner programmes.",
    ),
    (
        "Alex Mercer",
        "Practitioner support",
        "Answers when you get in touch, and helps you find a first step.",
    ),
]


def home_body():
    """The home page: what this is and for whom, what you can do here, the next live
    discussions, who we are, and an invitation."""
    return [
        (
            "opening",
            {
                "heading": "A model of health for professionals in addiction and recovery",
                "text": (
                    "<p>For practitioners in addiction, mental health and recovery who sense "
                    "that something is missing from the way our field understands suffering. "
                    "We start from the well-being already present in every person, your "
                    "own included.</p>"
                ),
                "link_text": "Read about the approach",
                "page": None,
                "url": PROFESSIONALS_URL,
                "second_link_text": "Get in touch",
                "second_url": CONTACT_URL,
            },
        ),
        (
            "feature_list",
            {
                "heading": "What you can do here",
                "features": [
                    {
                        "title": "Join live discussions",
                        "text": "Honest conversation with other practitioners, online and "
                        "in person, guided by a facilitator.",
                        "link_text": "See the sessions",
                        "page": None,
                        "url": "/live/",
                    },
                    {
                        "title": "Keep a private journal",
                        "text": "Reflective inquiry with prompts from the page, written for "
                        "you alone: nobody else can read it.",
                        "link_text": "Make an account",
                        "page": None,
                        "url": "/accounts/signup/",
                    },
                    {
                        "title": "Talk it through",
                        "text": "Tell us about your work, and we will suggest a first step. "
                        "No commitment.",
                        "link_text": "Get in touch",
                        "page": None,
                        "url": CONTACT_URL,
                    },
                ],
            },
        ),
        (
            "listing",
            {
                "heading": "The next live discussions",
                "kind": "live_discussions",
                "count": 3,
                "when_empty": "No sessions are planned just now. Please come back soon.",
                "link_text": "All live discussions",
                "url": "/live/",
            },
        ),
        (
            "listing",
            {
                "heading": "Programmes open for applications",
                "kind": "programmes",
                "count": 3,
                "when_empty": "",
                "link_text": "All programmes",
                "url": "/programmes/",
            },
        ),
        (
            "people",
            {
                "heading": "Who we are",
                "intro": (
                    "<p>A small UK team of practitioners who found another way of seeing "
                    "their work, and want to share it.</p>"
                ),
                "people": [
                    {"name": name, "role": role, "about": about} for name, role, about in PEOPLE
                ],
            },
        ),
        _cta(
            "Curious whether this fits your work?",
            "<p>We are happy to talk it through, with no commitment.</p>",
        ),
    ]


def _tree_root() -> Page:
    """Wagtail's migrations make the tree's root and default locale; an emptied database
    (such as a flushed test database) may lack them, so make them again."""
    from wagtail.coreutils import get_supported_content_language_variant

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        root = _tree_root()
        # Wagtail's own migration leaves a placeholder "Welcome" page at the site root.
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Infinite Recovery",
                slug="home",
                seo_title="Infinite Recovery: a model of health for professionals",
                search_description="A model of health, not a model of illness, for "
                "professionals in addiction, mental health and recovery.",
                intro=(
                    "<p>A model of health, rather than a model of illness, for professionals "
                    "in addiction, mental health and recovery.</p>"
                ),
                body=home_body(),
            )
        )
        home.save_revision().publish()
    # Canonical addresses and the sitemap use the site's host name: take it from SITE_URL.
    address = urlsplit(settings.SITE_URL)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": address.hostname or "localhost",
            "port": address.port or (443 if address.scheme == "https" else 80),
            "root_page": home,
            "site_name": "Infinite Recovery",
        },
    )
    details = OrganisationSettings.load()
    if not details.legal_name:  # an editor's details survive a second run
        details.legal_name = "The Infinite Recovery Project CIC"
        details.company_number = "00000000 (demo)"
        details.address = "1 Example Street\nBristol\nBS1 1AA"
        details.contact_email = "hello@demo.infiniterecovery.example"
        details.save()

    who = ensure_page(
        home,
        SectionPage(
            title="Who is this for",
            slug="who-is-this-for",
            show_in_menus=True,
            summary="The people our work is for, and what we offer each of them.",
            search_description="Who the Infinite Recovery Project works with.",
            body=[
                _text(
                    "<p>Our work is for anyone whose job is to help people through addiction "
                    "and mental distress, and who wants to work from health rather than "
                    "from illness.</p>"
                )
            ],
        ),
    )
    ensure_page(
        who,
        StandardPage(
            title="Professionals in addiction",
            heading="A new approach to mental health and addiction treatment: a model of health",
            show_contents=True,
            slug="professionals-addiction",
            seo_title="A new approach to addiction and mental health: a model of health",
            search_description="For professionals in addiction, mental health and recovery: "
            "why the model of illness falls short, and what a model of health offers.",
            summary="A new approach to addiction and mental health work: a model of health.",
            body=professionals_body(),
        ),
    )
    ensure_page(
        home,
        GetInvolvedPage(
            title="How to get involved",
            slug="how-to-get-involved",
            show_in_menus=True,
            summary="Ways for practitioners to explore a model of health, for their clients "
            "and for themselves.",
            search_description="The ways practitioners can take part in Infinite Recovery.",
            offerings=[
                ("offering", {"title": title, "description": text}) for title, text in OFFERINGS
            ],
            body=[
                _cta(
                    "Not sure where to start?",
                    "<p>Tell us a little about your work and we will suggest a first step.</p>",
                )
            ],
        ),
    )
    ensure_page(
        home,
        StandardPage(
            title="About",
            slug="about",
            show_in_menus=True,
            summary="Who we are and why we do this work.",
            search_description="About the Infinite Recovery Project.",
            body=[
                _text(
                    "<p>The Infinite Recovery Project is a UK organisation for professionals "
                    "in addiction, mental health and recovery. We offer a model of health in "
                    "place of a model of illness: an understanding that well-being is "
                    "already present in every person, and that suffering comes from a "
                    "misunderstanding rather than a defect.</p>"
                    "<p>Our work is experiential. We do not teach another set of "
                    "techniques; we offer practitioners space to see this for themselves, "
                    "through live discussions, reflective inquiry and honest conversation "
                    "with peers.</p>"
                ),
                _cta("Talk to us", "<p>We would be glad to hear about your work.</p>"),
            ],
        ),
    )
    ensure_page(
        home,
        StandardPage(
            title="Privacy notice",
            slug="privacy",
            summary="What we keep about you, why, and what you can ask of us.",
            search_description="How the Infinite Recovery Project handles personal data.",
            body=[
                _heading("What we keep"),
                _text(
                    "<p>When you get in touch, we keep what you send us: your name, email "
                    "address, role and organisation if you give them, and your message. "
                    "When you create an account, we keep your email address, your name and "
                    "the settings you choose.</p>"
                ),
                _heading("Why we keep it"),
                _text(
                    "<p>Only to answer you and to run the services you asked for. We do not "
                    "sell or share personal data, and this site makes no requests to other "
                    "companies: no analytics, advertising or tracking of any kind.</p>"
                ),
                _heading("Your rights"),
                _text(
                    "<p>Under UK data protection law you can ask for a copy of your data, "
                    "ask us to correct it, or ask us to erase it. Account holders can export "
                    "and erase their data themselves from their account pages.</p>"
                ),
                _cta(
                    "Questions about your data?",
                    "<p>Write to us and we will reply within a month.</p>",
                    link_text="Contact us",
                ),
            ],
        ),
    )
    stdout.write("Demo pages are ready.")
