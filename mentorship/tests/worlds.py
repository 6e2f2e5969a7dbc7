"""One of everything a program holds, for the access tests: the matrix opens each of them as every persona, and
the admin scoping test builds it for two associations and checks a chair finds only their own."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Agreement, ProgramGuidance, Signature
from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application, Program
from applications.tests import pdfs
from associations.models import Association
from matching.models import GalleryRequest, MatchRun, PairRule, Proposal
from notifications.models import Notice
from pairings import checkins
from pairings import services as pairing_services
from pairings.models import CheckIn, EventAttendance, MatchFeedback, Pairing, PulseResponse, RematchRequest
from pairings.services import pairing_create


@dataclass
class ProgramWorld:
    program: Program
    pairing: Pairing
    ended: Pairing
    gallery_request: GalleryRequest
    proposal: Proposal
    objects: dict[type, Any] = field(default_factory=dict)  # one of each model that belongs to a program


def executed_agreement(pairing: Pairing) -> Agreement:
    agreement = agreement_services.agreement_for_pairing(pairing=pairing)
    for person in (pairing.mentor, pairing.mentee):
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
        mentor_application=MentorApplicationFactory(program=program, applicant=mentor, status="approved"),
        mentee_application=ApplicationFactory(program=program, applicant=mentee, status="approved", **mentee_fields),
        source=Pairing.Source.CHAIR,
        approved_by=None,
    )


def program_world(program: Program, mentor, mentee, chair) -> ProgramWorld:
    """A pairing with its resume, executed agreement, check-in, pulse, event and gallery request; an ended pairing
    (last year's program, same association) with feedback and a rematch request; a match run with a proposal."""
    pairing = pair(program, mentor, mentee)
    pairing.mentee_application.resume.save("resume.pdf", pdfs.valid_pdf())
    agreement = executed_agreement(pairing)
    last_year = Program.objects.create(
        name="2023 Program",
        slug=f"{program.slug}-last-year",
        host=program.host,
        deadline=program.deadline,
        allow_rematch=True,
    )
    ended = pairing_services.pairing_end(
        pairing=pair(last_year, mentor, mentee), actor=mentee, reason="Moved", thanks="Thank you"
    )
    rematch = pairing_services.rematch_request(pairing=ended, mentee=mentee, reason="Another city")
    feedback = checkins.feedback_give(pairing=ended, actor=mentee, rating=5)
    second_mentor = MentorApplicationFactory(program=program, status="approved")
    gallery_request = GalleryRequest.objects.create(
        program=program,
        mentee_application=pairing.mentee_application,
        mentor_application=pairing.mentor_application,
        message="Would you mentor me?",
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    run = MatchRun.objects.create(program=program, created_by=chair)
    proposal = Proposal.objects.create(
        run=run,
        mentor_application=second_mentor,
        mentee_application=pairing.mentee_application,
        score=0.5,
        reasons=["Shares finance"],
    )
    objects = {
        Association: program.host,
        Program: program,
        Application: pairing.mentee_application,
        MatchRun: run,
        Proposal: proposal,
        PairRule: PairRule.objects.create(
            program=program,
            mentor_application=second_mentor,
            mentee_application=pairing.mentee_application,
            kind=PairRule.Kind.FORBID,
        ),
        Pairing: pairing,
        GalleryRequest: gallery_request,
        ProgramGuidance: ProgramGuidance.objects.get_or_create(program=program)[0],
        Agreement: agreement,
        Signature: agreement.signatures.first(),
        RematchRequest: rematch,
        CheckIn: checkins.checkin_log(
            pairing=pairing, actor=mentee, date=timezone.localdate(), form="video", minutes=30, note="Budget talk"
        ),
        PulseResponse: PulseResponse.objects.create(pairing=pairing, respondent=mentee, round=0, score=4),
        EventAttendance: checkins.event_log(
            pairing=pairing, actor=mentee, kind="regional", name="Spring", date=timezone.localdate()
        ),
        MatchFeedback: feedback,
        Notice: Notice.objects.create(
            kind="checkin_due", key=f"checkin_due:{pairing.pk}:1", user=mentee, to=mentee.email, program=program
        ),
    }
    return ProgramWorld(program, pairing, ended, gallery_request, proposal, objects)
