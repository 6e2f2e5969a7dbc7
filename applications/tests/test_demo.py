import pytest

from accounts.models import User
from applications.demo import PEOPLE, load_demo
from applications.models import Program

pytestmark = pytest.mark.django_db


def test_demo_loads_a_chair_a_program_and_about_twenty_applicants_and_is_idempotent():
    load_demo()
    load_demo()
    assert Program.objects.count() == 1
    assert User.objects.filter(is_staff=True).count() == 1
    assert User.objects.filter(is_staff=False).count() == len(PEOPLE) >= 20
    assert Program.objects.get().is_open()


def test_demo_applications_come_in_several_states_with_readable_resumes():
    from pypdf import PdfReader

    from applications.models import Application
    from applications.resumes import validate_resume

    load_demo()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "approved", "declined", "waitlisted", "withdrawn"} <= statuses
    assert Application.objects.filter(fee_status="due").exists()
    application = Application.objects.filter(role="mentor").first()
    validate_resume(application.resume.file)
    assert application.applicant.full_name in PdfReader(application.resume.path).pages[0].extract_text()


def test_the_demo_has_an_overdue_pair_the_daily_jobs_remind(django_capture_on_commit_callbacks):
    from django.utils import timezone

    from notifications import jobs
    from notifications.models import Notice
    from pairings.models import Pairing

    load_demo()
    pairing = Pairing.objects.get()
    assert (timezone.localdate() - pairing.started_on).days == 75
    with django_capture_on_commit_callbacks():
        jobs.run_all(timezone.now())
    kinds = set(Notice.objects.filter(user=pairing.mentee).values_list("kind", flat=True))
    assert "checkin_overdue" in kinds
