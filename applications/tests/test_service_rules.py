"""The application services and the resume rule, called directly: only the applicant withdraws, only a chair
holding the change permission decides or records a fee, and a resume is seen by its owner, the partner once
paired and a chair holding the view permission. Each refusal leaves the database as it was."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied

from applications import services
from applications.access import can_view_resume
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from conftest import make_user, runs_everything
from mentorship.tests.refusals import refused
from pairings.models import Pairing
from pairings.services import pairing_create

pytestmark = pytest.mark.django_db


def staff_with(email: str, *codenames: str, active: bool = True):
    user = make_user(email, "Sam Staff", staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return runs_everything(user)


@pytest.fixture
def application(program, mentee) -> Application:
    return ApplicationFactory(program=program, applicant=mentee, membership=Application.Membership.NONMEMBER)


@pytest.fixture
def people(db, chair, outsider, staff_without_permissions) -> dict[str, object]:
    """Everyone who is not the applicant, by name; created before any refusal is watched."""
    return {
        "outsider": outsider,
        "staff without permissions": staff_without_permissions,
        "staff who may only view": staff_with("viewer@example.org", "view_application"),
        "nobody": None,
    }


def test_only_the_applicant_may_withdraw(application, people):
    for person in (people["outsider"], people["staff who may only view"]):
        with refused(services.ApplicationError, "Only the applicant"):
            services.application_withdraw(application=application, actor=person)


def test_the_applicant_withdraws(application, mentee):
    services.application_withdraw(application=application, actor=mentee)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


@pytest.mark.parametrize("who", ["outsider", "staff without permissions", "staff who may only view", "nobody"])
def test_only_a_chair_may_decide(application, people, who):
    with refused(PermissionDenied, "Only a chair"):
        services.application_decide(application=application, status=Application.Status.APPROVED, actor=people[who])


@pytest.mark.parametrize("who", ["outsider", "staff without permissions", "staff who may only view", "nobody"])
def test_only_a_chair_may_record_a_fee(application, people, who):
    with refused(PermissionDenied, "Only a chair"):
        services.application_record_fee(application=application, fee_status=Application.Fee.PAID, actor=people[who])


def test_the_applicant_cannot_approve_their_own_application(application, mentee):
    with refused(PermissionDenied, "Only a chair"):
        services.application_decide(application=application, status=Application.Status.APPROVED, actor=mentee)


def test_staff_holding_the_change_permission_decide(application):
    editor = staff_with("editor@example.org", "change_application")
    assert services.application_decide(application=application, status=Application.Status.APPROVED, actor=editor)
    application.refresh_from_db()
    assert (application.status, application.decided_by) == (Application.Status.APPROVED, editor)


# The resume rule -----------------------------------------------------------------------------------------------


@pytest.fixture
def paired(program, mentor, mentee) -> Pairing:
    mentor_application = MentorApplicationFactory(program=program, applicant=mentor, status="approved")
    mentee_application = ApplicationFactory(program=program, applicant=mentee, status="approved")
    return pairing_create(
        mentor_application=mentor_application,
        mentee_application=mentee_application,
        source=Pairing.Source.CHAIR,
        approved_by=None,
    )


def test_each_partner_may_see_the_others_application_and_nobody_else_may(paired, mentor, mentee, outsider):
    assert can_view_resume(mentor, paired.mentee_application)
    assert can_view_resume(mentee, paired.mentor_application)
    assert not can_view_resume(outsider, paired.mentee_application)
    assert not can_view_resume(AnonymousUser(), paired.mentee_application)


def test_a_mentor_paired_with_someone_else_does_not_see_this_mentees_application(paired, program, outsider):
    other_mentee = ApplicationFactory(program=program, status="approved")
    other_mentor = MentorApplicationFactory(program=program, applicant=outsider, status="approved")
    pairing_create(mentor_application=other_mentor, mentee_application=other_mentee, source="chair", approved_by=None)
    assert not can_view_resume(outsider, paired.mentee_application)
    assert can_view_resume(outsider, other_mentee)


def test_a_mentee_with_a_mentor_does_not_see_the_mentors_other_mentees(paired, program, mentee):
    second = ApplicationFactory(program=program, status="approved")
    pairing_create(
        mentor_application=paired.mentor_application, mentee_application=second, source="chair", approved_by=None
    )
    assert not can_view_resume(mentee, second)
    assert can_view_resume(paired.mentor, second)


def test_staff_see_resumes_only_with_the_view_permission_and_an_active_account(
    application, chair, staff_without_permissions
):
    assert can_view_resume(chair, application)
    assert not can_view_resume(staff_without_permissions, application)
    assert can_view_resume(staff_with("viewer@example.org", "view_application"), application)
    assert can_view_resume(staff_with("editor@example.org", "change_application"), application)
    assert not can_view_resume(staff_with("gone@example.org", "view_application", active=False), application)
    assert not can_view_resume(staff_with("other@example.org", "view_program", "view_agreement"), application)
