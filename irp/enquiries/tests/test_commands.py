import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from irp.core import registry
from irp.enquiries.models import Enquiry

from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def old_closed():
    return EnquiryFactory(status="closed", closed_at=timezone.now() - timedelta(days=750))


def test_dry_run_counts_and_erases_nothing():
    old_closed()
    out = io.StringIO()
    call_command("purge-enquiries", "--dry-run", stdout=out)
    assert "Would erase 1 enquiries" in out.getvalue()
    assert Enquiry.objects.count() == 1


def test_purge_erases_closed_enquiries_past_retention(settings):
    old_closed()
    EnquiryFactory(status="closed", closed_at=timezone.now() - timedelta(days=100))
    out = io.StringIO()
    call_command("purge-enquiries", stdout=out)
    assert "Erased 1 enquiries closed over 24 months ago" in out.getvalue()
    assert Enquiry.objects.count() == 1


def test_the_period_is_configurable():
    EnquiryFactory(status="closed", closed_at=timezone.now() - timedelta(days=100))
    call_command("purge-enquiries", "--months", "3", stdout=io.StringIO())
    assert not Enquiry.objects.exists()


def test_the_worker_purges_daily():
    assert ("irp.enquiries.tasks.purge_enquiries", 86400) in [
        (periodic.name, periodic.seconds) for periodic in registry.periodic_tasks()
    ]
