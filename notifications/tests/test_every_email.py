"""Every email folder under templates/emails/, recorded in the ledger and built by its delivery for a pair paired 75
days ago: the association's name, colour and logo, the layout's footer once, the stop link once where the kind can be
stopped, nothing unrendered, no "None", and the dates and ages it states are the pair's own. A new folder fails
`test_every_folder_has_a_case` until it gets one here."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.factories import ApplicationFactory, MentorApplicationFactory
from applications.models import Application
from associations.factories import AssociationFactory
from chapters.models import ChapterOffer
from coaching.factories import LearnerRegistrationFactory
from events.factories import EventFactory
from matching.factories import GalleryRequestFactory
from mentorship.tests.worlds import chapter_world, executed_agreement, pair
from notifications.models import Notice
from notifications.services import KINDS, Spec, notify_many, opt_out_url
from notifications.tasks import deliver
from pairings.factories import MentoringGroupFactory
from pairings.models import RematchRequest, ThankYouNote

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 16, 9, 30, tzinfo=dt.UTC)  # 02:30 in Los Angeles: still June 15 there
PAIRED_DAYS_AGO = 75
COLOUR = "#7a2048"
FOLDERS = sorted(p.name for p in (Path(settings.BASE_DIR) / "templates" / "emails").iterdir() if p.is_dir())
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def day(value: dt.date | dt.datetime, program) -> str:
    """How the emails write a date: in the program's time zone."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, program.time_zone).date()
    return f"{value:%B} {value.day}, {value.year}"


@dataclass
class Case:
    kind: str
    context: dict[str, Any]
    to: Any  # a person (a user), or the chair's address
    states: list[str] = field(default_factory=list)  # dates and ages the email must state
    never: list[str] = field(default_factory=list)  # what it must not say


@pytest.fixture
def world(settings, tmp_path, program, association, mentor, mentee):
    """The MMASC program's pair, paired 75 days ago, with everything that can be emailed about it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    association.colour = COLOUR
    association.logo.save("logo.png", ContentFile(PNG))
    with time_machine.travel(NOW - dt.timedelta(days=PAIRED_DAYS_AGO), tick=False):
        pairing = pair(program, mentor, mentee)
    pairing.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        agreement = executed_agreement(pairing)
    return {"pairing": pairing, "agreement": agreement, "program": program, "association": association}


def cases(world) -> dict[str, Case]:
    pairing, agreement, program = world["pairing"], world["agreement"], world["program"]
    mentor, mentee = pairing.mentor, pairing.mentee
    today = timezone.localdate(NOW, program.time_zone)
    on = lambda value: day(value, program)  # noqa: E731
    paired = pairing.created_at
    signature = agreement.signatures.get(signer=mentor)
    request = GalleryRequestFactory(
        program=program,
        mentee_application=pairing.mentee_application,
        mentor_application=MentorApplicationFactory(program=program, approved=True),
        message="Could you help me with budgets?",
        response="Which city are you in?",
        expires_at=NOW + dt.timedelta(days=5),
    )
    favourites = [MentorApplicationFactory(program=program, approved=True)]
    draft = ApplicationFactory(program=program, status=Application.Status.DRAFT)
    submitted = pairing.mentee_application
    chapter = chapter_world(program.host, mentor)
    offer = chapter[ChapterOffer]
    scheduled = ChapterOffer.objects.create(
        chapter=offer.chapter,
        manager=mentor,
        kind=ChapterOffer.Kind.TOUR,
        message="Come and see our city hall.",
        suggested_dates="May",
        status=ChapterOffer.Status.SCHEDULED,
        scheduled_date=today + dt.timedelta(days=10),
        scheduled_time=dt.time(15, 0),
        place="City Hall",
        reply="See you there",
    )
    ended_at = NOW - dt.timedelta(days=3)
    pairing.ended_at, pairing.end_reason = ended_at, "Moved away"
    pairing.save(update_fields=["ended_at", "end_reason"])
    note = ThankYouNote.objects.create(pairing=pairing, author=mentor, message="Thank you for everything")
    rematch = RematchRequest.objects.create(pairing=pairing, mentee=mentee, program=program, reason="Nearer home")
    due = pairing.started_on + dt.timedelta(days=90)
    overdue = pairing.started_on + dt.timedelta(days=30)
    base = {"pairing": pairing, "program": program, "person": mentee}
    group = MentoringGroupFactory(program=program, members=2, name="Long Beach MPA students")
    grouped = list(group.pairings.select_related("program", "mentor", "mentee").order_by("pk"))
    with time_machine.travel(NOW, tick=False):
        group_agreement = executed_agreement(grouped[0])
    student = grouped[1].mentee
    term = [on(pairing.started_on), on(pairing.ends_on)]
    registration = LearnerRegistrationFactory(
        user=mentee, session__association=program.host, session__starts_at=NOW + dt.timedelta(days=20)
    )
    event_starts = dt.datetime.combine(today + dt.timedelta(days=10), dt.time(18), tzinfo=program.time_zone)
    event = EventFactory(association=program.host, starts_at=event_starts, ends_at=event_starts + dt.timedelta(hours=2))
    return {
        "agreement_executed": Case("agreement_executed", {**base, "agreement": agreement}, mentee),
        "agreement_signatures_voided": Case(
            "agreement_signatures_voided",
            {**base, "agreement": agreement, "editor": mentor, "voided": [signature]},
            mentee,
        ),
        "agreement_signed": Case(
            "agreement_signed", {**base, "agreement": agreement, "signer": mentor, "signature": signature}, mentee
        ),
        "agreement_unsigned": Case(
            "agreement_unsigned",
            base,
            mentee,
            states=[on(paired), f"{PAIRED_DAYS_AGO} days ago"],
            never=["a week ago", "7 days ago"],
        ),
        "agreements_unsigned_chair": Case(
            "chair_digest", {"program": program, "pairing_ids": [pairing.pk], "days": 14}, program.chair_email
        ),
        "application_decision": Case(
            "application_decision",
            {"application": submitted, "program": program, "status": "approved", "status_label": "Approved"},
            mentee,
        ),
        "application_submitted": Case(
            "application_submitted",
            {"application": submitted, "program": program},
            mentee,
            states=[on(program.deadline)],
        ),
        "chapter_offer_answered": Case(
            "chapter_offer_answered",
            {"offer": scheduled, "link_days": 30},
            mentor,
            states=[on(scheduled.scheduled_date)],
        ),
        "chapter_offer_new": Case("chapter_offer_new", {"offer": offer, "link_days": 30}, offer.chapter.contact_email),
        "chapter_offer_withdrawn": Case("chapter_offer_withdrawn", {"offer": offer}, offer.chapter.contact_email),
        "coaching_registered": Case(
            "coaching_registered",
            {"registration": registration, "session": registration.session},
            mentee,
            states=[on(registration.session.starts_at), f"/c/{registration.link_token}/"],
        ),
        "checkin_due": Case("checkin_due", {**base, "due": due, "frequency": "monthly"}, mentee, states=[on(due)]),
        "checkin_overdue": Case("checkin_overdue", {**base, "due": overdue}, mentee, states=[on(overdue)]),
        "deadline_summary": Case(
            "chair_digest",
            {"program": program, "rows": [{"role": "Mentor", "status": "Submitted", "count": 3}], "total": 3},
            program.chair_email,
            states=[on(program.deadline)],
        ),
        "deadline_warning": Case(
            "deadline_warning",
            {"application": draft, "program": program, "days": 7},
            draft.applicant,
            states=[on(program.deadline), "in 7 days"],
        ),
        "event_promoted": Case(
            "event_promoted", {"event": event, "person": mentee}, mentee, states=[on(event.starts_at), "6:00 PM"]
        ),
        "event_requirement": Case(
            "event_requirement",
            {**base, "progress": "1 of 1 regional, 0 of 1 signature event"},
            mentee,
            states=["so far you have 1 of 1 regional, 0 of 1 signature event"],
        ),
        "gallery_request_declined": Case(
            "gallery_request_declined", {"request": request, "program": program, "next_favourites": favourites}, mentee
        ),
        "gallery_request_expired": Case(
            "gallery_request_expired", {"request": request, "program": program, "next_favourites": favourites}, mentee
        ),
        "gallery_request_new": Case(
            "gallery_request_new",
            {"request": request, "program": program},
            request.mentor_application.applicant,
            states=[on(request.expires_at)],
        ),
        "gallery_request_question": Case("gallery_request_question", {"request": request, "program": program}, mentee),
        "gallery_request_reminder": Case(
            "gallery_request_reminder",
            {"request": request, "program": program},
            request.mentor_application.applicant,
            states=[on(request.expires_at)],
        ),
        "group_agreement_executed": Case(
            "agreement_executed",
            {"pairing": grouped[0], "program": program, "person": student, "agreement": group_agreement},
            student,
            states=["Dear members of Long Beach MPA students", group.mentor.full_name, student.full_name],
        ),
        "group_formed": Case(
            "group_formed",
            {"group": group, "program": program, "person": student, "mentees": [p.mentee for p in grouped]},
            student,
            states=[f"{group.mentor.full_name} mentors {grouped[0].mentee.full_name}, {student.full_name} together"],
        ),
        "pairing_completed": Case("pairing_completed", base, mentee, states=[on(pairing.ends_on)]),
        "pairing_created": Case(
            "pairing_created",
            {**base, "partner": mentor, "partner_application": pairing.mentor_application},
            mentee,
            states=term,
            # The term starts on the pairing's day, not the day the email goes; a partner with no profile yet has
            # no empty "Phone:" line.
            never=[on(today), "Phone: \n", "Phone: <br>"],
        ),
        "pairing_ended": Case("pairing_ended", {**base, "ended_by": mentor, "note": note}, mentee),
        "pairing_ended_chair": Case(
            "pairing_ended_chair", {**base, "ended_by": mentor}, program.chair_email, states=[on(ended_at), *term]
        ),
        "pairing_quiet": Case(
            "chair_digest",
            {"pairing": pairing, "program": program, "since": pairing.started_on, "missed": 2},
            program.chair_email,
            states=[on(pairing.started_on)],
        ),
        "pulse": Case("pulse", {**base, "round": 1}, mentee),
        "rematch_requested": Case("rematch_requested", {**base, "rematch": rematch}, program.chair_email),
        "term_ending": Case("term_ending", base, mentee, states=[on(pairing.ends_on)]),
    }


ASSOCIATION_KINDS = ("chapter_offer", "coaching_")  # sent by an association, about no program


def _association(context: dict[str, Any]):
    if "offer" in context:
        return context["offer"].chapter.association
    return context["session"].association if "session" in context else None


def record(name: str, case: Case, program) -> Notice:
    user = case.to if hasattr(case.to, "email") else None
    [notice_id] = notify_many(
        [
            Spec(
                kind=case.kind,
                subject=f"every-email:{name}",
                period="test",
                to=user.email if user else case.to,
                user=user,
                program=None if case.kind.startswith(ASSOCIATION_KINDS) else program,
                association=_association(case.context),
                template=name,
                context=case.context,
            )
        ]
    )
    return Notice.objects.select_related("program", "association").get(pk=notice_id)


def test_every_folder_has_a_case(world):
    assert sorted(cases(world)) == FOLDERS, "a new email folder needs a case here (its context, dates it states)"


def test_every_email_wears_the_associations_look_and_states_the_pairs_real_dates(world, mailoutbox):
    program, association = world["program"], world["association"]
    logo_url = f"{settings.SITE_URL}/associations/{association.slug}/logo/"
    with time_machine.travel(NOW, tick=False):
        for name, case in cases(world).items():
            notice = record(name, case, program)
            deliver(notice)
            message = mailoutbox[-1]
            html, text = message.alternatives[0][0], message.body
            both = html + text + message.subject
            assert notice.association == association, name
            assert f"{association.name}\n" in text, name
            assert association.name in html and COLOUR in html, name
            assert f'<img src="{logo_url}" alt="{association.name}"' in html, name
            assert html.count("Sent by ") == 1 and text.count("Sent by ") == 1, name
            assert "info@mmasc.example.org" in html and "info@mmasc.example.org" in text, name
            assert "{{" not in both and "{%" not in both and "None" not in both, name
            assert not re.search(r"^\s*,\s*$", text, re.MULTILINE), name  # no line left of an empty "a, b"
            stoppable = notice.kind in KINDS and notice.user_id
            stop = opt_out_url(notice.user_id, notice.kind) if stoppable else "/stop/"
            assert (html.count(stop), text.count(stop)) == ((1, 1) if stoppable else (0, 0)), name
            if not case.kind.startswith(ASSOCIATION_KINDS):
                assert f"for the {program.name}." in text, name
            for stated in case.states:
                assert stated in text and stated in html, (name, stated)
            for wrong in case.never:
                assert wrong not in both, (name, wrong)
    assert len(mailoutbox) == len(FOLDERS)


def test_a_chapters_notice_wears_its_associations_look_and_one_without_an_association_the_installations(
    world, mentor, mailoutbox
):
    elsewhere = AssociationFactory(name="Arizona City/County Management Association", colour="#0b6e4f")
    offer = chapter_world(elsewhere, mentor)[ChapterOffer]
    deliver(record("chapter_offer_new", Case("chapter_offer_new", {"offer": offer, "link_days": 30}, "a@x.org"), None))
    html = mailoutbox[-1].alternatives[0][0]
    assert "Arizona City/County Management Association" in html and "#0b6e4f" in html
    assert "<img" not in html  # no logo: no broken image
    notice = record("chapter_offer_withdrawn", Case("chapter_offer_withdrawn", {"offer": offer}, "a@x.org"), None)
    Notice.objects.filter(pk=notice.pk).update(association=None)
    notice.refresh_from_db()
    deliver(notice)
    assert mailoutbox[-1].body.startswith(f"{settings.SITE_NAME}\n")


def test_hostile_association_and_program_names_are_escaped_in_html_and_harmless_in_text(world, mailoutbox):
    program, association = world["program"], world["association"]
    association.name = '<script>alert("x")</script> & "Friends"'
    association.colour = "red;x:y"  # saved past validation: the layout falls back to the default colour
    association.save()
    program.name = "<img src=x onerror=alert(1)> 'Cohort'"
    program.save()
    case = cases(world)["term_ending"]
    with time_machine.travel(NOW, tick=False):
        deliver(record("term_ending", case, program))
    message = mailoutbox[-1]
    html = message.alternatives[0][0]
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Friends&quot;" in html
    assert 'alt="&lt;script&gt;' in html  # the logo's alt text too
    assert "red;x:y" not in html and "#1f4e79" in html
    assert message.body.startswith(f"{association.name}\n{program.name}\n")  # plain text, as typed
    assert re.search(r"Sent by .*Friends\" for the <img src=x onerror=alert\(1\)> 'Cohort'\.", message.body)
