"""Programmes, cohorts and enrolments for tests."""

import datetime as dt
import io
from decimal import Decimal

import factory
from django.utils import timezone

from irp.live_discussions.tests.factories import FacilitatorFactory, PersonFactory
from irp.pages.demo import load as load_pages
from irp.pages.models import HomePage
from irp.programmes.models import (
    Cohort,
    Enrolment,
    ModulePage,
    ProgrammeIndexPage,
    ProgrammePage,
    StepPage,
)

__all__ = ["FacilitatorFactory", "PersonFactory"]


def programmes_index() -> ProgrammeIndexPage:
    """/programmes/, under the site's home page as the demo makes it."""
    index = ProgrammeIndexPage.objects.first()
    if index is None:
        if not HomePage.objects.exists():
            load_pages(stdout=io.StringIO())
        index = ProgrammeIndexPage(title="Programmes", slug="programmes")
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def make_programme(
    *, title="This begins with you", modules=2, steps_per_module=2, slug=None
) -> ProgrammePage:
    """A published programme: `modules` modules of `steps_per_module` steps, step N
    (counting from 0) opening N weeks after a cohort starts."""
    programme = ProgrammePage(
        title=title,
        slug=slug or factory.Faker._get_faker().slug(),
        summary="Weeks of experiential learning that begin with the practitioner.",
        weekly_time="About two hours a week",
    )
    programmes_index().add_child(instance=programme)
    programme.save_revision().publish()
    week = 0
    for m in range(1, modules + 1):
        module = ModulePage(title=f"Module {m}", slug=f"module-{m}")
        programme.add_child(instance=module)
        module.save_revision().publish()
        for s in range(1, steps_per_module + 1):
            step = StepPage(
                title=f"Step {m}.{s}",
                slug=f"step-{m}-{s}",
                opens_after_weeks=week,
                reflection_prompt=f"What did you notice in step {m}.{s}?",
                cpd_hours=Decimal("1.50"),
                content=[("text", f"<p>The words of step {m}.{s}.</p>")],
            )
            module.add_child(instance=step)
            step.save_revision().publish()
            week += 1
    return programme


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.LazyFunction(make_programme)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    zone = "Europe/London"
    capacity = 10
    status = Cohort.Status.OPEN

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)
    state = Enrolment.State.ENROLLED
    answers = factory.LazyFunction(
        lambda: [{"question": "Why now?", "answer": "It is time to look at my own practice."}]
    )
