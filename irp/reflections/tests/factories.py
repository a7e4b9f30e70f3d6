import factory
from django.utils import timezone

from irp.reflections.models import Prompt, PromptCollection, Reflection


class PromptCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromptCollection
        django_get_or_create = ["title"]

    title = factory.Sequence(lambda n: f"Collection {n}")


class PromptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prompt

    collection = factory.SubFactory(PromptCollectionFactory)
    text = factory.Sequence(lambda n: f"What do you notice, question {n}?")


class ReflectionFactory(factory.django.DjangoModelFactory):
    """Builds through the model's encrypting `body` setter, as the service does."""

    class Meta:
        model = Reflection

    author = None
    prompt = None
    written_at = factory.LazyFunction(timezone.now)
    body = factory.Sequence(lambda n: f"A quiet thought, number {n}.")
