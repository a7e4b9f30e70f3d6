"""Who may use which admin: staff editors the Wagtail admin, only superusers the Django one."""

import pytest
from django.contrib.auth.models import Permission

from irp.accounts.models import User
from irp.accounts.testing import sign_in_with_two_steps, with_authenticator

from .conftest import PROFESSIONALS_URL


@pytest.fixture
def editor(db):
    person = User.objects.create_user(
        email="editor@example.org", password="a-long-password-1", is_staff=True
    )
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return with_authenticator(person)


def test_staff_who_are_not_superusers_cannot_use_the_django_admin(client, editor):
    sign_in_with_two_steps(client, editor)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


def test_superusers_can_use_the_django_admin(client, db):
    admin = User.objects.create_superuser(email="root@example.org", password="a-long-password-1")
    sign_in_with_two_steps(client, admin)
    assert client.get("/django-admin/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in_for_the_wagtail_admin(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_a_superuser_edits_previews_and_publishes_the_professionals_page(
    client, professionals_page
):
    admin = User.objects.create_superuser(email="root@example.org", password="a-long-password-1")
    sign_in_with_two_steps(client, admin)
    edit_url = f"/admin/pages/{professionals_page.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    preview = client.get(f"/admin/pages/{professionals_page.pk}/edit/preview/")
    assert preview.status_code == 200
    revisions = client.get(f"/admin/pages/{professionals_page.pk}/history/")
    assert revisions.status_code == 200
    # The public page is unaffected by a signed-in editor's visit.
    client.logout()
    assert client.get(PROFESSIONALS_URL).status_code == 200
