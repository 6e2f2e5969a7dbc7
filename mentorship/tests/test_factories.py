"""Every model of the project's apps has a factory, and what each factory makes is valid and consistent with the
services' rules: the demo data, the synthetic programs and the bench seeders are built from them."""

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.factories import UNUSABLE_PASSWORD, ApplicantFactory, EmailAddressFactory, ProfileFactory, UserFactory
from agreements.content import agreement_sha256
from agreements.factories import (
    AgreementFactory,
    ExecutedAgreementFactory,
    PartnerNewsFactory,
    ProgramGuidanceFactory,
    SignatureFactory,
)
from applications.factories import (
    ApplicationEventFactory,
    ApplicationFactory,
    MentorApplicationFactory,
    ProgramFactory,
)
from applications.models import Application
from associations.factories import AssociationFactory
from chapters.factories import ChapterOfferFactory, StudentChapterFactory
from coaching.factories import (
    CoachSignupFactory,
    FeedbackFactory,
    LearnerRegistrationFactory,
    SeatFactory,
    SessionFactory,
    WishFactory,
)
from events.factories import EventFactory, RSVPFactory
from matching.factories import (
    FavouriteFactory,
    GalleryRequestFactory,
    MatchRunFactory,
    PairRuleFactory,
    ProposalFactory,
)
from mentorship.tests.project import project_apps
from notifications.factories import NoticeFactory, OptOutFactory
from pairings.factories import (
    CheckInFactory,
    EventAttendanceFactory,
    MatchFeedbackFactory,
    MentoringGroupFactory,
    PairingEventFactory,
    PairingFactory,
    PulseResponseFactory,
    RematchRequestFactory,
    ThankYouNoteFactory,
)
from resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db

# The project's own apps (those in this repository), found rather than listed: a new app's models are covered.
OUR_APPS = tuple(app.label for app in project_apps())
FACTORIES = [
    EventFactory,
    RSVPFactory,
    ResourceFactory,
    UserFactory,
    EmailAddressFactory,
    ProfileFactory,
    ApplicantFactory,
    AssociationFactory,
    ProgramFactory,
    ApplicationFactory,
    MentorApplicationFactory,
    ApplicationEventFactory,
    MatchRunFactory,
    ProposalFactory,
    PairRuleFactory,
    FavouriteFactory,
    GalleryRequestFactory,
    PairingFactory,
    PairingEventFactory,
    MentoringGroupFactory,
    CheckInFactory,
    PulseResponseFactory,
    EventAttendanceFactory,
    MatchFeedbackFactory,
    ThankYouNoteFactory,
    RematchRequestFactory,
    ProgramGuidanceFactory,
    AgreementFactory,
    ExecutedAgreementFactory,
    SignatureFactory,
    PartnerNewsFactory,
    NoticeFactory,
    OptOutFactory,
    StudentChapterFactory,
    ChapterOfferFactory,
    SessionFactory,
    CoachSignupFactory,
    LearnerRegistrationFactory,
    WishFactory,
    SeatFactory,
    FeedbackFactory,
]


def test_every_model_of_the_project_apps_has_a_factory():
    models = {model for name in OUR_APPS for model in apps.get_app_config(name).get_models()}
    assert models - {factory._meta.model for factory in FACTORIES} == set()


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda factory: factory.__name__)
def test_each_factory_makes_a_valid_row(factory):
    made = factory()
    made.full_clean()
    assert type(made).objects.filter(pk=made.pk).exists()


def test_a_program_is_hosted_by_the_same_default_association_every_time():
    assert ProgramFactory().host == ProgramFactory().host


def test_a_pairing_pairs_approved_applications_of_its_own_program_for_the_program_term():
    pairing = PairingFactory()
    program = pairing.program
    assert {pairing.mentor_application.program, pairing.mentee_application.program} == {program}
    assert {pairing.mentor_application.status, pairing.mentee_application.status} == {Application.Status.APPROVED}
    assert (pairing.mentor, pairing.mentee) == (
        pairing.mentor_application.applicant,
        pairing.mentee_application.applicant,
    )
    assert (pairing.started_on, pairing.ends_on) == type(pairing).term_for(program, pairing.started_on)
    assert list(pairing.events.values_list("kind", flat=True)) == ["created"]


def test_a_row_given_an_application_takes_its_program():
    mentor = MentorApplicationFactory(approved=True)
    for made in (PairingFactory(mentor_application=mentor), GalleryRequestFactory(mentor_application=mentor)):
        assert made.program == mentor.program
        assert made.mentee_application.program == mentor.program
    assert ProposalFactory(mentor_application=mentor).run.program == mentor.program


def test_an_executed_agreement_carries_both_partners_valid_signatures_of_its_content():
    agreement = ExecutedAgreementFactory()
    assert agreement.is_executed
    assert agreement.content_sha256 == agreement_sha256(agreement)
    signatures = {s.role: s for s in agreement.signatures.valid()}
    assert signatures["mentor"].signer == agreement.pairing.mentor
    assert signatures["mentee"].signer == agreement.pairing.mentee
    assert {s.content_sha256 for s in signatures.values()} == {agreement.content_sha256}


def test_built_rows_touch_no_database(django_assert_num_queries):
    program = ProgramFactory()
    with django_assert_num_queries(0):
        user = UserFactory.build(password="!", verified=None)
        pairing = PairingFactory.build(program=program, history=None)
        ExecutedAgreementFactory.build(pairing=pairing, mentor_signature=None, mentee_signature=None)
    assert user.pk is None


def test_a_notice_is_one_the_worker_can_send(mailoutbox):
    from notifications.tasks import deliver

    notice = NoticeFactory()
    deliver(notice)
    assert [message.to for message in mailoutbox] == [[notice.user.email]]


def test_an_account_built_without_a_password_cannot_sign_in_and_costs_no_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory.build(password=UNUSABLE_PASSWORD, verified=None)
    assert user.password == "!"
    assert not user.has_usable_password()


def test_an_ended_pairing_was_ended_by_the_mentee_and_a_completed_one_ran_its_term():
    ended = PairingFactory(ended=True)
    assert (ended.status, ended.ended_by, ended.ended_at is not None) == ("ended", ended.mentee, True)
    completed = PairingFactory(completed=True)
    assert completed.status == "completed"
    assert completed.ends_on < timezone.localdate()
