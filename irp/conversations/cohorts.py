"""Cohort membership, asked of the programmes app: a cohort's space is for its enrolled
members and its facilitators. Nothing about membership is copied here, so a person who
leaves a cohort leaves its space at once."""

from irp.programmes import selectors as programmes
from irp.programmes.models import Cohort


def _cohort(cohort_id) -> Cohort | None:
    if cohort_id is None:
        return None
    return Cohort.objects.filter(pk=cohort_id).first()


def is_member(person, cohort_id) -> bool:
    cohort = _cohort(cohort_id)
    return cohort is not None and programmes.is_member(person, cohort)


def can_facilitate(person, cohort_id) -> bool:
    cohort = _cohort(cohort_id)
    return cohort is not None and programmes.can_facilitate(person, cohort)


def cohort_ids_of(person) -> list[int]:
    """The cohorts `person` is a member or a facilitator of."""
    members = programmes.cohorts_of(person).values_list("pk", flat=True)
    facilitated = programmes.facilitated_cohorts(person).values_list("pk", flat=True)
    return sorted(set(members) | set(facilitated))


def member_ids(cohort_id) -> set[int]:
    cohort = _cohort(cohort_id)
    if cohort is None:
        return set()
    return set(programmes.members_of(cohort).values_list("pk", flat=True))


def facilitator_ids(cohort_id) -> set[int]:
    cohort = _cohort(cohort_id)
    if cohort is None:
        return set()
    return set(cohort.facilitators.values_list("pk", flat=True))


def cohorts_without_space(known_ids) -> list[Cohort]:
    """Cohorts (not cancelled) that have no conversation space yet."""
    return list(
        Cohort.objects.exclude(pk__in=known_ids)
        .exclude(status=Cohort.Status.CANCELLED)
        .select_related("programme")
    )
