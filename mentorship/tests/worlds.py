"""One of everything a program holds, for the access tests: the matrix opens each of them as every persona, and
the admin scoping test builds it for two associations and checks a chair finds only their own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from agreements import services as agreement_services
from agreements.factories import ProgramGuidanceFactory
from agreements.models import Agreement, ProgramGuidance, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory, ProgramFactory
from applications.models import Application, Program
from applications.tests import pdfs
from associations.models import Association
from chapters.factories import ChapterOfferFactory, StudentChapterFactory
from chapters.models import ChapterOffer, StudentChapter
from coaching.factories import CoachSignupFactory, LearnerRegistrationFactory, SessionFactory, WishFactory
from coaching.models import CoachSignup, LearnerRegistration, Seat, Session
from coaching.scheduler import plan
from coaching.services import seat_tables, session_problem
from events.factories import event_world
from matching.factories import GalleryRequestFactory, MatchRunFactory, PairRuleFactory, ProposalFactory
from matching.models import GalleryRequest, MatchRun, PairRule, Proposal
from notifications.factories import NoticeFactory
from notifications.models import Notice
from pairings import checkins, groups
from pairings import services as pairing_services
from pairings.factories import PulseResponseFactory
from pairings.models import (
    CheckIn,
    EventAttendance,
    MatchFeedback,
    MentoringGroup,
    Pairing,
    PulseResponse,
    RematchRequest,
)
from pairings.services import pairing_create
from resources.factories import resource_world


@dataclass
class ProgramWorld:
    program: Program
    pairing: Pairing
    ended: Pairing
    gallery_request: GalleryRequest
    proposal: Proposal
    objects: dict[type, Any] = field(default_factory=dict)  # one of each model that belongs to a program


def executed_agreement(pairing: Pairing) -> Agreement:
    """The pairing's agreement (its group's, in a group) signed by every party, with a stand-in PDF stored."""
    agreement = agreement_services.agreement_for_pairing(pairing=pairing)
    for person in [party.person for party in agreement_services.agreement_parties(agreement)]:
        agreement_services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, consent=True, ip=None, user_agent="t"
        )
    agreement.refresh_from_db()
    data = b"%PDF-1.4 the executed agreement"
    agreement.pdf.save("agreement.pdf", ContentFile(data), save=False)
    agreement.pdf_sha256 = hashlib.sha256(data).hexdigest()
    agreement.save(update_fields=["pdf", "pdf_sha256"])
    return agreement


def pair(program: Program, mentor, mentee, **mentee_fields) -> Pairing:
    return pairing_create(
        mentor_application=MentorApplicationFactory(program=program, applicant=mentor, approved=True),
        mentee_application=ApplicationFactory(program=program, applicant=mentee, approved=True, **mentee_fields),
        source=Pairing.Source.CHAIR,
        approved_by=None,
    )


def group_world(program: Program, mentor, mentee, chair) -> MentoringGroup:
    """A sister program (same host) that allows groups, where the mentor mentors the mentee and a student as one
    group, with a check-in the group logged together."""
    sister = ProgramFactory(
        name="Chapter Group Mentoring",
        slug=f"{program.slug}-groups",
        host=program.host,
        deadline=program.deadline,
        allows_groups=True,
        chair_email="",
    )
    mentor_application = MentorApplicationFactory(program=sister, applicant=mentor, approved=True)
    students = (
        ApplicationFactory(program=sister, applicant=mentee, approved=True),
        ApplicationFactory(program=sister, approved=True),
    )
    pairings = [
        pairing_create(
            mentor_application=mentor_application,
            mentee_application=student,
            source=Pairing.Source.CHAIR,
            approved_by=None,
        )
        for student in students
    ]
    group = groups.group_form(pairings=pairings, actor=chair, name="MPA students")
    groups.group_checkin_log(
        group=group, actor=mentor, date=timezone.localdate(), form="in_person", minutes=60, note="Panel prep"
    )
    return group


def chapter_world(association: Association, manager) -> dict[type, Any]:
    """A student chapter near the association and a manager's offer to it, waiting for the contact's answer."""
    chapter = StudentChapterFactory(
        association=association,
        university=f"{association.short_name} State University",
        program_name="Master of Public Administration",
        city="Long Beach",
        state="CA",
        contact_name="Dana Advisor",
        contact_email=f"mpa@{association.slug}.example.edu",
    )
    offer = ChapterOfferFactory(
        chapter=chapter,
        manager=manager,
        kind=ChapterOffer.Kind.PANEL,
        message="Happy to sit on a panel.",
        suggested_dates="Any Tuesday in March",
    )
    return {StudentChapter: chapter, ChapterOffer: offer}


def coaching_world(association: Association, mentor, mentee) -> dict[type, Any]:
    """A speed coaching session of the association: the mentor coaches, the mentee registers wishing for them, and
    the seating is planned."""
    session = SessionFactory(association=association, title="Conference speed coaching", rounds=2)
    coach = CoachSignupFactory(session=session, user=mentor)
    registration = LearnerRegistrationFactory(session=session, user=mentee)
    WishFactory(registration=registration, coach=coach)
    seats = Seat.objects.bulk_create(seat_tables(session, plan(session_problem(session))))
    return {Session: session, CoachSignup: coach, LearnerRegistration: registration, Seat: seats[0]}


def program_world(program: Program, mentor, mentee, chair) -> ProgramWorld:
    """A pairing with its resume, executed agreement, check-in, pulse, event and gallery request; an ended pairing
    (last year's program, same association) with feedback and a rematch request; a match run with a proposal."""
    pairing = pair(program, mentor, mentee)
    pairing.mentee_application.resume.save("resume.pdf", pdfs.valid_pdf())
    agreement = executed_agreement(pairing)
    last_year = ProgramFactory(
        name="2023 Program",
        slug=f"{program.slug}-last-year",
        host=program.host,
        deadline=program.deadline,
        allow_rematch=True,
        chair_email="",
    )
    ended = pairing_services.pairing_end(
        pairing=pair(last_year, mentor, mentee), actor=mentee, reason="Moved", thanks="Thank you"
    )
    rematch = pairing_services.rematch_request(pairing=ended, mentee=mentee, reason="Another city")
    feedback = checkins.feedback_give(pairing=ended, actor=mentee, rating=5)
    second_mentor = MentorApplicationFactory(program=program, approved=True)
    gallery_request = GalleryRequestFactory(
        mentee_application=pairing.mentee_application,
        mentor_application=pairing.mentor_application,
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    run = MatchRunFactory(program=program, created_by=chair)
    proposal = ProposalFactory(
        run=run,
        mentor_application=second_mentor,
        mentee_application=pairing.mentee_application,
        score=0.4570144479788229,  # as the scorer leaves it: the pages must round it
        components={"expertise": 0.6666666666666666, "local_government": 1.0},
        reasons=["Shares finance"],
    )
    objects = {
        Association: program.host,
        Program: program,
        Application: pairing.mentee_application,
        MatchRun: run,
        Proposal: proposal,
        PairRule: PairRuleFactory(
            mentor_application=second_mentor,
            mentee_application=pairing.mentee_application,
            kind=PairRule.Kind.FORBID,
            created_by=None,
        ),
        Pairing: pairing,
        GalleryRequest: gallery_request,
        ProgramGuidance: ProgramGuidanceFactory(program=program),
        Agreement: agreement,
        Signature: agreement.signatures.first(),
        RematchRequest: rematch,
        CheckIn: checkins.checkin_log(
            pairing=pairing, actor=mentee, date=timezone.localdate(), form="video", minutes=30, note="Budget talk"
        ),
        PulseResponse: PulseResponseFactory(pairing=pairing, respondent=mentee, round=0, score=4),
        EventAttendance: checkins.event_log(
            pairing=pairing, actor=mentee, kind="regional", name="Spring", date=timezone.localdate()
        ),
        MatchFeedback: feedback,
        Notice: NoticeFactory(
            application=None,
            kind="checkin_due",
            key=f"checkin_due:{pairing.pk}:1",
            user=mentee,
            program=program,
            template="",
            context={},
        ),
        MentoringGroup: group_world(program, mentor, mentee, chair),
        **chapter_world(program.host, mentor),  # the mentor, a manager, offers the host's chapter a panel
        **coaching_world(program.host, mentor, mentee),
        **event_world(program.host, mentee),
        **resource_world(program.host),
    }
    return ProgramWorld(program, pairing, ended, gallery_request, proposal, objects)
