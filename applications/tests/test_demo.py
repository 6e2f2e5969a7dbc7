import pytest

from accounts.models import User
from applications.access import chair_programs
from applications.demo import ADMIN_EMAIL, PEOPLE, demo_logins, load_demo
from applications.models import Application, Program
from associations.models import Association

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    from chapters.models import ChapterOffer, StudentChapter
    from pairings.models import Pairing

    models = [User, Association, Program, Application, Pairing, StudentChapter, ChapterOffer]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_the_demo_twice_creates_nothing_twice():
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert first["Program"] == 5


def test_every_association_has_its_own_chair_who_is_not_a_superuser_and_one_superuser_sees_all():
    load_demo()
    for association in Association.objects.all():
        chairs = list(association.chairs.all())
        assert len(chairs) == 1
        assert chairs[0].is_staff and not chairs[0].is_superuser
    assert list(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == [ADMIN_EMAIL]


def test_each_chair_sees_only_their_own_associations_programs():
    load_demo()
    for association in Association.objects.all():
        chair = association.chairs.get()
        seen = set(chair_programs(chair, Application).values_list("slug", flat=True))
        assert seen == set(association.hosted_programs.values_list("slug", flat=True))
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert chair_programs(admin, Application).count() == Program.objects.count()


def test_the_readme_lists_every_demo_login_with_the_association_it_chairs():
    from pathlib import Path

    from django.conf import settings

    load_demo()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    logins = demo_logins()
    assert len(logins) == Association.objects.count() + 3
    for _who, email in logins:
        assert f"`{email}`" in readme
    for association in Association.objects.all():
        assert f"{association.short_name} | `{association.chairs.get().email}`" in readme


def test_the_demo_has_a_chair_matched_cohort_a_gallery_cohort_and_a_co_sponsored_program():
    load_demo()
    cohorts = Program.objects.filter(kind=Program.Kind.COHORT)
    assert cohorts.filter(pairing_mode=Program.PairingMode.CHAIR, host__short_name="DMMA").exists()
    assert cohorts.filter(pairing_mode=Program.PairingMode.GALLERY).exclude(host__short_name="DMMA").exists()
    shared = Program.objects.filter(partners__isnull=False).distinct().get()
    assert shared.partners.count() == 3
    partner_applicants = Application.objects.filter(program=shared, association__in=shared.partners.all())
    assert partner_applicants.values("association").distinct().count() == 3
    assert partner_applicants.filter(fee_status="due").exists()  # a partner's non-member pays that partner's fee


def test_the_demo_has_an_always_open_network_with_about_fifty_varied_coaches_and_a_few_learners():
    load_demo()
    network = Program.objects.get(kind=Program.Kind.ALWAYS_OPEN)
    assert network.deadline is None and network.is_open()
    coaches = Application.objects.filter(program=network).mentors().approved()
    assert coaches.count() >= 45
    assert len({area for expertise in coaches.values_list("expertise", flat=True) for area in expertise}) >= 15
    assert coaches.values("applicant__profile__state").distinct().count() >= 5
    assert 1 <= Application.objects.filter(program=network, role="mentee").count() <= 10


def test_the_demo_has_a_senior_advisor_roster_by_state_without_agreements_and_a_student_chapter_offer():
    from chapters.models import ChapterOffer
    from matching.advisors import advisor_states

    load_demo()
    roster = Program.objects.get(kind=Program.Kind.ADVISORS)
    assert not roster.requires_agreement
    assert len(advisor_states(roster)) >= 3
    offer = ChapterOffer.objects.select_related("chapter").get()
    assert offer.is_open and offer.chapter.association.hosted_programs.exists()


def test_every_demo_application_passes_the_eligibility_rules_the_form_applies():
    from applications import eligibility

    load_demo()
    for application in Application.objects.select_related("program__host", "association"):
        answers = eligibility.Answers.of(application)
        submitting = application.status != "draft"
        assert eligibility.problems(application.program, answers, submitting=submitting) == []


def test_the_yearly_cohort_keeps_about_twenty_applicants_in_every_state():
    load_demo()
    program = Program.objects.get(slug="demo-2025")
    assert program.is_open()
    assert Application.objects.filter(program=program).values("applicant").distinct().count() == len(PEOPLE) >= 20


def test_demo_applications_come_in_several_states_with_readable_resumes():
    from pypdf import PdfReader

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
    pairing = Pairing.objects.get(group__isnull=True)
    assert (timezone.localdate() - pairing.started_on).days == 75
    with django_capture_on_commit_callbacks():
        jobs.run_all(timezone.now())
    kinds = set(Notice.objects.filter(user=pairing.mentee).values_list("kind", flat=True))
    assert "checkin_overdue" in kinds


def test_the_chapters_mentor_mentors_three_students_as_one_group_in_a_program_that_allows_groups():
    from agreements.models import Agreement
    from chapters.models import ChapterOffer
    from pairings.models import CheckIn, MentoringGroup

    load_demo()
    group = MentoringGroup.objects.select_related("program").get()
    assert group.program.allows_groups
    assert group.mentor == ChapterOffer.objects.get().manager
    assert group.pairings.active().count() == 3
    assert {p.mentee_application.membership for p in group.pairings.all()} == {"student"}
    assert CheckIn.objects.get().group == group
    agreement = Agreement.objects.get(group=group)
    assert agreement.signatures.valid().count() == 2 and not agreement.is_executed
