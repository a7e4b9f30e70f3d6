"""Cohort membership, asked of the programmes app: a cohort's space is for its enrolled
members and its facilitators. Until a cohort exists, nobody is a member of its space."""


def is_member(person, cohort_id) -> bool:
    return False


def can_facilitate(person, cohort_id) -> bool:
    return False


def cohort_ids_of(person) -> list[int]:
    return []


def member_ids(cohort_id) -> set[int]:
    return set()


def facilitator_ids(cohort_id) -> set[int]:
    return set()
