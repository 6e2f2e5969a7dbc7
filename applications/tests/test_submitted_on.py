"""The day an application was submitted, in its program's time zone, as the database stores it for the dashboard
(migration 0011's triggers): whoever writes the application, and again when the program's time zone changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from applications.factories import ApplicationFactory, ProgramFactory
from applications.models import Application

pytestmark = pytest.mark.django_db

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")
# 11:30 PM in Los Angeles on March 3rd is already March 4th in UTC (and in Paris).
LATE_EVENING = dt.datetime(2026, 3, 3, 23, 30, tzinfo=LOS_ANGELES)


def _stored(application: Application) -> dt.date | None:
    return Application.objects.values_list("submitted_on", flat=True).get(pk=application.pk)


def test_an_application_submitted_late_in_the_evening_is_stored_on_the_programs_own_day():
    application = ApplicationFactory(program=ProgramFactory(time_zone="America/Los_Angeles"), submitted_at=LATE_EVENING)
    assert _stored(application) == dt.date(2026, 3, 3)


def test_a_draft_never_submitted_has_no_day():
    application = ApplicationFactory(status=Application.Status.DRAFT)
    assert application.submitted_at is None
    assert _stored(application) is None


def test_a_changed_submission_time_moves_the_day_even_when_saved_alone():
    application = ApplicationFactory(program=ProgramFactory(time_zone="America/Los_Angeles"), submitted_at=LATE_EVENING)
    application.submitted_at = LATE_EVENING + dt.timedelta(hours=1)
    application.save(update_fields=["submitted_at"])
    assert _stored(application) == dt.date(2026, 3, 4)


def test_rows_inserted_in_bulk_get_their_day_too():
    program = ProgramFactory(time_zone="America/Los_Angeles")
    (application,) = Application.objects.bulk_create(
        [ApplicationFactory.build(program=program, applicant=ApplicationFactory().applicant, submitted_at=LATE_EVENING)]
    )
    assert _stored(application) == dt.date(2026, 3, 3)


def test_a_program_moved_to_another_time_zone_has_its_applications_days_worked_out_again():
    program = ProgramFactory(time_zone="America/Los_Angeles")
    application = ApplicationFactory(program=program, submitted_at=LATE_EVENING)
    other = ApplicationFactory(submitted_at=LATE_EVENING)  # another program's, in its own time zone
    program.time_zone = zoneinfo.ZoneInfo("Europe/Paris")
    program.save()
    assert _stored(application) == dt.date(2026, 3, 4)
    assert _stored(other) == dt.date(2026, 3, 3)


def test_a_value_written_by_hand_is_replaced_by_the_day_of_the_submission():
    application = ApplicationFactory(program=ProgramFactory(time_zone="America/Los_Angeles"), submitted_at=LATE_EVENING)
    Application.objects.filter(pk=application.pk).update(submitted_on=dt.date(2020, 1, 1))
    assert _stored(application) == dt.date(2026, 3, 3)
