import factory
import wagtail_factories

from irp.pages.models import GetInvolvedPage, SectionPage, StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A short summary."

    class Meta:
        model = StandardPage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")

    class Meta:
        model = SectionPage


class GetInvolvedPageFactory(wagtail_factories.PageFactory):
    title = "How to get involved"

    class Meta:
        model = GetInvolvedPage
