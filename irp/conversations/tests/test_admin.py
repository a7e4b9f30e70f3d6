"""Staff screens: spaces made and edited in the admin (new guidelines, new version) and
the moderation record, which staff read and nobody edits."""

import pytest

from irp.conversations import services
from irp.conversations.models import ModerationAct, Space

pytestmark = pytest.mark.django_db


def test_staff_make_a_space_and_new_guidelines_become_a_new_version(staff_client):
    response = staff_client.post(
        "/admin/conversation_spaces/new/",
        {"name": "Supervisors", "description": "", "kind": "invitation", "cohort_id": "",
         "guidelines": "Be kind.", "holds_first_posts": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    space = Space.objects.get(name="Supervisors")
    assert space.guidelines_version == 1
    response = staff_client.post(
        f"/admin/conversation_spaces/edit/{space.pk}/",
        {"name": "Supervisors", "description": "", "kind": "invitation", "cohort_id": "",
         "guidelines": "Be kind, and curious.", "holds_first_posts": ""},
    )  # fmt: skip
    assert response.status_code == 302
    space.refresh_from_db()
    assert space.guidelines_version == 2


def test_a_cohort_space_needs_its_cohort(staff_client):
    response = staff_client.post(
        "/admin/conversation_spaces/new/",
        {"name": "No cohort", "kind": "cohort", "cohort_id": "", "guidelines": "Be kind."},
    )
    assert response.status_code == 200
    assert not Space.objects.filter(name="No cohort").exists()


def test_staff_read_the_moderation_record_and_cannot_change_it(staff_client, thread, facilitator):
    services.lock_thread(thread=thread, actor=facilitator, locked=True, reason="A rest")
    act = ModerationAct.objects.get()
    page = staff_client.get("/admin/moderation_acts/").content.decode()
    assert "A rest" in page and facilitator.email in page
    assert staff_client.get(f"/admin/moderation_acts/inspect/{act.pk}/").status_code == 200
    assert staff_client.get("/admin/moderation_acts/new/").status_code in (302, 403)
    assert staff_client.post(f"/admin/moderation_acts/delete/{act.pk}/").status_code in (302, 403)
    assert ModerationAct.objects.filter(pk=act.pk).exists()
