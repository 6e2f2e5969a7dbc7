"""Keeping in touch: check-ins, the calendar file, pulses, events and feedback; private notes stay private."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pairings import checkins, services
from pairings.models import CheckIn, EventAttendance, MatchFeedback, PulseResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_mentee(committing_client, mentee):
    committing_client.force_login(mentee)
    return committing_client


def checkin_data(**overrides):
    return {
        "date": timezone.localdate().isoformat(),
        "form": "video",
        "minutes": "45",
        "note": "Talked budgets.",
        **overrides,
    }


class TestAccess:
    @pytest.mark.parametrize("name", ["checkin", "event", "ics", "feedback"])
    def test_anonymous_is_sent_to_log_in_and_outsiders_get_404(self, client, outsider, pairing, name):
        url = reverse(f"pairings:{name}", args=[pairing.pk])
        assert client.get(url).status_code == 302
        client.force_login(outsider)
        assert client.post(url, checkin_data()).status_code == 404
        assert not CheckIn.objects.exists()

    def test_the_pulse_page_is_404_to_outsiders(self, client, outsider, pairing):
        client.force_login(outsider)
        assert client.get(reverse("pairings:pulse", args=[pairing.pk, 0])).status_code == 404

    def test_the_chair_sees_that_a_check_in_happened_but_never_its_note(self, client, chair, pairing, mentee):
        checkins.checkin_log(
            pairing=pairing, actor=mentee, date=timezone.localdate(), form="phone", minutes=30, note="Secret plans"
        )
        PulseResponse.objects.create(pairing=pairing, respondent=mentee, round=0, score=4, comment="Private words")
        client.force_login(chair)
        page = client.get(reverse("admin:pairings_checkin_changelist")).content.decode()
        assert "Phone" in page and "Secret plans" not in page
        change = client.get(reverse("admin:pairings_checkin_change", args=[CheckIn.objects.get().pk]))
        assert b"Secret plans" not in change.content
        pulse = client.get(reverse("admin:pairings_pulseresponse_change", args=[PulseResponse.objects.get().pk]))
        assert b"Private words" not in pulse.content
        assert client.get(reverse("pairings:pairing", args=[pairing.pk])).status_code == 404


class TestCheckIns:
    def test_a_partner_logs_a_check_in_and_the_next_one_moves(self, as_mentee, pairing):
        pairing.started_on -= dt.timedelta(days=20)
        pairing.save()
        page = as_mentee.get(pairing.get_absolute_url())
        first_due = page.context["next_due"]
        response = as_mentee.post(reverse("pairings:checkin", args=[pairing.pk]), checkin_data())
        assert response.status_code == 302
        checkin = CheckIn.objects.get()
        assert (checkin.form, checkin.minutes, checkin.note) == ("video", 45, "Talked budgets.")
        page = as_mentee.get(pairing.get_absolute_url())
        assert page.context["next_due"] > first_due
        assert b"Talked budgets." in page.content
        assert page.context["frequency_label"] == "Every other month"

    def test_a_future_date_is_refused_and_what_was_typed_stays(self, as_mentee, pairing):
        future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
        response = as_mentee.post(reverse("pairings:checkin", args=[pairing.pk]), checkin_data(date=future))
        assert response.status_code == 400
        assert b"cannot be in the future" in response.content
        assert b"Talked budgets." in response.content
        assert not CheckIn.objects.exists()

    def test_a_field_typed_wrong_shows_its_error_beside_it(self, as_mentee, pairing):
        response = as_mentee.post(reverse("pairings:checkin", args=[pairing.pk]), checkin_data(minutes=3))
        assert response.status_code == 400
        field = response.content.decode().split('id="div_id_minutes"')[1].split('id="div_id_note"')[0]
        assert 'aria-invalid="true"' in field
        assert "greater than or equal to 5" in field
        assert not CheckIn.objects.exists()

    def test_the_empty_form_rendered_once_a_day_is_dated_today_and_a_refused_one_marks_its_field(
        self, as_mentee, pairing, monkeypatch
    ):
        url = reverse("pairings:pairing", args=[pairing.pk])
        today = timezone.localdate()
        assert f'type="date" name="date" value="{today.isoformat()}"' in as_mentee.get(url).content.decode()
        tomorrow = today + dt.timedelta(days=1)
        monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
        assert f'name="date" value="{tomorrow.isoformat()}"' in as_mentee.get(url).content.decode()

        typed = checkin_data(minutes=3, date=today.isoformat())
        refused = as_mentee.post(reverse("pairings:checkin", args=[pairing.pk]), typed).content.decode()
        assert 'class="form-control is-invalid"' in refused  # Bootstrap draws it red, as crispy-forms did
        assert f'name="date" value="{today.isoformat()}"' in refused  # what was typed, not the day's empty form

    def test_an_ended_pairing_takes_no_more_check_ins(self, as_mentee, mentee, pairing):
        services.pairing_end(pairing=pairing, actor=mentee)
        response = as_mentee.post(reverse("pairings:checkin", args=[pairing.pk]), checkin_data())
        assert response.status_code == 400
        assert not CheckIn.objects.exists()

    def test_the_next_check_in_downloads_as_a_calendar_file(self, as_mentee, pairing):
        response = as_mentee.get(reverse("pairings:ics", args=[pairing.pk]))
        assert response["Content-Type"] == "text/calendar"
        body = response.content.decode()
        assert "BEGIN:VEVENT" in body and "Mentorship check-in" in body
        due = as_mentee.get(pairing.get_absolute_url()).context["next_due"]
        assert f"DTSTART;VALUE=DATE:{due:%Y%m%d}" in body


class TestPulseEventsFeedback:
    def test_a_pulse_is_answered_once_and_not_before_it_is_asked(self, as_mentee, pairing):
        url = reverse("pairings:pulse", args=[pairing.pk, 0])
        response = as_mentee.post(url, {"score": "4", "comment": "Good"})
        assert b"has not been asked yet" in response.content
        pairing.started_on -= dt.timedelta(days=31)
        pairing.save()
        assert as_mentee.post(url, {"score": "4", "comment": "Good"}).status_code == 302
        assert as_mentee.post(url, {"score": "2"}).status_code == 200  # answered already: says so, keeps the first
        assert PulseResponse.objects.get().score == 4

    def test_the_mentee_logs_an_event_and_the_chair_confirms_it(self, as_mentee, client, chair, pairing):
        url = reverse("pairings:event", args=[pairing.pk])
        as_mentee.post(url, {"kind": "regional", "name": "Spring regional meeting", "date": "2025-03-01"})
        attendance = EventAttendance.objects.get()
        client.force_login(chair)
        client.post(
            reverse("admin:pairings_eventattendance_changelist"),
            {"action": "confirm", "_selected_action": [attendance.pk]},
        )
        attendance.refresh_from_db()
        assert attendance.confirmed_by == chair

    def test_a_view_only_staff_account_is_not_offered_confirm_and_a_posted_confirm_changes_nothing(
        self, client, viewer, pairing
    ):
        attendance = EventAttendance.objects.create(
            pairing=pairing, kind="regional", name="Spring regional meeting", date=dt.date(2025, 3, 1)
        )
        changelist = reverse("admin:pairings_eventattendance_changelist")
        client.force_login(viewer)
        assert b'value="confirm"' not in client.get(changelist).content
        client.post(changelist, {"action": "confirm", "_selected_action": [attendance.pk]})
        attendance.refresh_from_db()
        assert attendance.confirmed_at is None

    def test_the_mentor_cannot_log_the_mentees_events(self, committing_client, mentor, pairing):
        committing_client.force_login(mentor)
        url = reverse("pairings:event", args=[pairing.pk])
        response = committing_client.post(url, {"kind": "regional", "name": "x", "date": "2025-03-01"})
        assert response.status_code == 400
        assert not EventAttendance.objects.exists()

    def test_ending_asks_for_a_rating(self, as_mentee, pairing):
        response = as_mentee.post(reverse("pairings:end", args=[pairing.pk]), {"reason": "Moved away"})
        assert response.url == reverse("pairings:feedback", args=[pairing.pk])
        as_mentee.post(response.url, {"rating": "4", "comments": "Helpful"})
        assert MatchFeedback.objects.get().rating == 4

    def test_feedback_waits_for_the_end(self, as_mentee, pairing):
        as_mentee.post(reverse("pairings:feedback", args=[pairing.pk]), {"rating": "4"})
        assert not MatchFeedback.objects.exists()
