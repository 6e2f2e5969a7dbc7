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
