"""Moving Pairing and the records of its life into this app loses nothing: a database filled in the old layout
(the models in `matching` and `agreements`) is migrated forward, and every row is found through the new models,
still linked to its agreement, proposal and gallery request, with the permissions granted on the old models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from matching.models import GalleryRequest, Proposal
from mentorship.tests.migrating import migrate, migrate_to_latest
from pairings.models import (
    CheckIn,
    EventAttendance,
    MatchFeedback,
    Pairing,
    PairingEvent,
    PulseResponse,
    RematchRequest,
    ThankYouNote,
)

# The last migrations before the move; migrating back to them unapplies the move (and anything built on it).
OLD_LAYOUT = [
    ("pairings", None),
    ("matching", "0003_proposal_not_published"),
    ("agreements", "0002_eventattendance_checkin_matchfeedback_pulseresponse"),
    ("applications", "0005_program_host_required"),  # programs have a host association from here on
]


@pytest.fixture
def old_rows(transactional_db) -> Iterator[dict[str, int]]:
    """The database migrated back to the old layout and filled; migrated to the latest state again afterwards."""
    try:
        yield fill_old_layout(migrate(OLD_LAYOUT))
    finally:
        migrate_to_latest()


def fill_old_layout(apps) -> dict[str, int]:
    """One pairing with an agreement, a proposal, a gallery request and one row of every moved model."""
    user = apps.get_model("accounts", "User")
    mentor = user.objects.create(email="old-mentor@example.org", full_name="Old Mentor", password="!")
    mentee = user.objects.create(email="old-mentee@example.org", full_name="Old Mentee", password="!")
    host = apps.get_model("associations", "Association").objects.create(name="Old", short_name="OLD", slug="old")
    program = apps.get_model("applications", "Program").objects.create(
        name="Old program", slug="old-program", host=host, deadline=dt.date(2025, 1, 1), chair_email="c@example.org"
    )
    application = apps.get_model("applications", "Application")
    mentor_app = application.objects.create(program=program, applicant=mentor, role="mentor")
    mentee_app = application.objects.create(program=program, applicant=mentee, role="mentee")
    pairing = apps.get_model("matching", "Pairing").objects.create(
        program=program,
        mentor_application=mentor_app,
        mentee_application=mentee_app,
        mentor=mentor,
        mentee=mentee,
        status="ended",
        started_on=dt.date(2025, 1, 6),
        ends_on=dt.date(2026, 1, 5),
        end_reason="Moved away",
    )
    apps.get_model("matching", "PairingEvent").objects.create(pairing=pairing, kind="created", note="Paired")
    agreement = apps.get_model("agreements", "Agreement").objects.create(pairing=pairing, duration="One year")
    run = apps.get_model("matching", "MatchRun").objects.create(program=program)
    apps.get_model("matching", "Proposal").objects.create(
        run=run, mentor_application=mentor_app, mentee_application=mentee_app, score=0.8, pairing=pairing
    )
    apps.get_model("matching", "GalleryRequest").objects.create(
        program=program,
        mentee_application=mentee_app,
        mentor_application=mentor_app,
        message="Hello",
        status="accepted",
        expires_at=timezone.now(),
        pairing=pairing,
    )
    old = {name: apps.get_model("agreements", name) for name in ("CheckIn", "PulseResponse", "EventAttendance")}
    old["CheckIn"].objects.create(pairing=pairing, logged_by=mentee, date=dt.date(2025, 2, 3), form="video", minutes=45)
    old["PulseResponse"].objects.create(pairing=pairing, respondent=mentee, round=0, score=4, comment="Going well")
    old["EventAttendance"].objects.create(pairing=pairing, kind="regional", name="Spring", date=dt.date(2025, 3, 1))
    apps.get_model("agreements", "MatchFeedback").objects.create(pairing=pairing, author=mentee, rating=5)
    apps.get_model("agreements", "ThankYouNote").objects.create(pairing=pairing, author=mentee, message="Thanks!")
    apps.get_model("agreements", "RematchRequest").objects.create(
        pairing=pairing, mentee=mentee, program=program, reason="Someone in finance"
    )
    # A chair granted the old models' view permissions, as the admin stores them.
    permission = apps.get_model("auth", "Permission")
    content_type = apps.get_model("contenttypes", "ContentType")
    chair = user.objects.create(email="old-chair@example.org", full_name="Old Chair", password="!", is_staff=True)
    for app_label, model in (("matching", "pairing"), ("agreements", "checkin")):
        ct, _ = content_type.objects.get_or_create(app_label=app_label, model=model)
        granted, _ = permission.objects.get_or_create(
            content_type=ct, codename=f"view_{model}", defaults={"name": f"Can view {model}"}
        )
        chair.user_permissions.add(granted)
    return {"pairing": pairing.pk, "agreement": agreement.pk, "chair": chair.pk}


def test_a_database_in_the_old_layout_migrates_with_every_row_found_through_the_new_models(old_rows):
    migrate_to_latest()

    pairing = Pairing.objects.get(pk=old_rows["pairing"])
    assert (pairing.mentor.email, pairing.mentee.email, pairing.status) == (
        "old-mentor@example.org",
        "old-mentee@example.org",
        Pairing.Status.ENDED,
    )
    assert list(PairingEvent.objects.filter(pairing=pairing).values_list("note", flat=True)) == ["Paired"]
    assert Agreement.objects.get(pk=old_rows["agreement"]).pairing == pairing
    assert Proposal.objects.get().pairing == pairing
    assert GalleryRequest.objects.get().pairing == pairing
    assert CheckIn.objects.get(pairing=pairing).minutes == 45
    assert PulseResponse.objects.get(pairing=pairing).comment == "Going well"
    assert EventAttendance.objects.get(pairing=pairing).name == "Spring"
    assert MatchFeedback.objects.get(pairing=pairing).rating == 5
    assert ThankYouNote.objects.get(pairing=pairing).message == "Thanks!"
    assert RematchRequest.objects.get(pairing=pairing).reason == "Someone in finance"
    # The relations read both ways through the new models.
    assert pairing.checkins.count() == pairing.pulses.count() == pairing.feedback.count() == 1
    assert pairing.agreement.duration == "One year"

    chair = User.objects.get(pk=old_rows["chair"])
    assert chair.has_perm("pairings.view_pairing")
    assert chair.has_perm("pairings.view_checkin")
    assert not ContentType.objects.filter(app_label="matching", model="pairing").exists()

    # New rows still get fresh ids from the old tables' sequences.
    event = PairingEvent.objects.create(pairing=pairing, kind=PairingEvent.Kind.COMPLETED)
    assert event.pk > PairingEvent.objects.order_by("pk").first().pk


def test_the_move_migrates_back_to_the_old_layout_with_its_rows(old_rows):
    migrate_to_latest()
    old = migrate(OLD_LAYOUT)
    assert old.get_model("matching", "Pairing").objects.get(pk=old_rows["pairing"]).end_reason == "Moved away"
    assert old.get_model("agreements", "CheckIn").objects.filter(pairing_id=old_rows["pairing"]).count() == 1
    content_type = old.get_model("contenttypes", "ContentType")
    assert content_type.objects.filter(app_label="matching", model="pairing").exists()
    assert not content_type.objects.filter(app_label="pairings").exists()
