"""What the mentor's inbox and the mentee's requests page show: an answer refused is shown again on its request, with
what was chosen and typed; times in the program's own time zone, labelled; the gallery's cards in plain words."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

from matching import gallery
from matching.models import GalleryRequest
from matching.tests.conftest import approved_mentee, approved_mentor
from mentorship.dates import month_day_year_time_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor_application(gallery_program, mentor):
    return approved_mentor(gallery_program, user=mentor, capacity=3)


def _request(mentor_application, message: str, created_at: dt.datetime | None = None) -> GalleryRequest:
    program, created_at = mentor_application.program, created_at or timezone.now()
    return GalleryRequest.objects.create(
        program=program,
        mentee_application=approved_mentee(program),
        mentor_application=mentor_application,
        message=message,
        created_at=created_at,
        expires_at=created_at + dt.timedelta(days=3),
    )


def _article(content: str, text: str) -> str:
    """The inbox's <article> that holds `text`."""
    return next(article for article in content.split("<article")[1:] if text in article)


class TestAnAnswerRefused:
    def test_asking_without_a_question_shows_the_inbox_again_with_the_error_on_that_request(
        self, client, mentor, mentor_application
    ):
        now = timezone.now()
        older = _request(mentor_application, "Older request", created_at=now - dt.timedelta(hours=2))
        asked = _request(mentor_application, "The one answered", created_at=now - dt.timedelta(hours=1))
        newer = _request(mentor_application, "Newer request", created_at=now)
        client.force_login(mentor)

        response = client.post(reverse("matching:answer", args=[asked.pk]), {"action": "ask", "message": "  "})

        assert response.status_code == 400
        content = response.content.decode()
        row = _article(content, "The one answered")
        assert "Write the question you want the mentee to answer." in row
        assert re.search(rf'value="ask" id="ask-{asked.pk}"[^>]* checked', row)
        assert row.startswith(' class="card mb-3 border-danger"')
        assert 'class="form-control mb-2 is-invalid"' in row and 'aria-invalid="true"' in row
        assert f'aria-describedby="message-{asked.pk}-error"' in row and f'id="message-{asked.pk}-error"' in row
        for other in (older, newer):  # the other requests as they were
            untouched = _article(content, other.message)
            assert "checked" not in untouched and "is-invalid" not in untouched and "border-danger" not in untouched
            assert "Write the question" not in untouched
        assert content.count("Write the question you want the mentee to answer.") == 1  # not also atop the page
        asked.refresh_from_db()
        assert asked.status == GalleryRequest.Status.PENDING

    def test_what_was_typed_is_kept_escaped(self, client, mentor, mentor_application):
        asked = _request(mentor_application, "Hello")
        client.force_login(mentor)

        typed = "<b>{pk}</b> & " + "x" * 2000  # too long, so refused; braces and markup kept as text
        response = client.post(reverse("matching:answer", args=[asked.pk]), {"action": "decline", "message": typed})

        assert response.status_code == 400
        row = _article(response.content.decode(), "Hello")
        assert f">&lt;b&gt;{{pk}}&lt;/b&gt; &amp; {'x' * 2000}</textarea>" in row
        assert re.search(rf'value="decline" id="decline-{asked.pk}"[^>]* checked', row)
        assert "Ensure this value has at most 2000 characters" in row

    def test_no_answer_chosen_is_shown_on_the_choices(self, client, mentor, mentor_application):
        asked = _request(mentor_application, "Hello")
        client.force_login(mentor)

        response = client.post(reverse("matching:answer", args=[asked.pk]), {"message": "Kept"})

        assert response.status_code == 400
        row = _article(response.content.decode(), "Hello")
        assert f'id="action-{asked.pk}-error"' in row and "This field is required." in row
        assert ">Kept</textarea>" in row and "checked" not in row

    def test_a_request_on_a_later_page_is_shown_on_its_page(self, client, mentor, mentor_application):
        now = timezone.now()
        asked = _request(mentor_application, "The oldest", created_at=now - dt.timedelta(days=30))
        for age in range(20):
            _request(mentor_application, f"Request {age}", created_at=now - dt.timedelta(hours=age))
        client.force_login(mentor)

        response = client.post(reverse("matching:answer", args=[asked.pk]), {"action": "ask"})

        assert response.status_code == 400 and response.context["page"].number == 2
        assert "Write the question" in _article(response.content.decode(), "The oldest")

    def test_the_inbox_page_itself_is_as_before(self, client, mentor, mentor_application):
        asked = _request(mentor_application, "Hello")
        client.force_login(mentor)
        content = client.get(reverse("matching:inbox")).content.decode()
        assert "checked" not in content and "is-invalid" not in content
        assert f'<textarea class="form-control mb-2" id="message-{asked.pk}" name="message" rows="2"></textarea>' in (
            content
        )


CHICAGO_SENT = dt.datetime(2026, 11, 30, 9, 33, tzinfo=dt.UTC)  # 3:33 AM in Chicago, 1:33 AM in Los Angeles


class TestTimesInTheProgramsZone:
    @pytest.fixture
    def chicago_request(self, gallery_program, mentor_application, mentee) -> GalleryRequest:
        gallery_program.time_zone = "America/Chicago"
        gallery_program.save()
        return GalleryRequest.objects.create(
            program=gallery_program,
            mentee_application=approved_mentee(gallery_program, user=mentee),
            mentor_application=mentor_application,
            message="Hello",
            created_at=CHICAGO_SENT,
            expires_at=CHICAGO_SENT + dt.timedelta(days=3),
        )

    def test_the_mentors_inbox_writes_the_due_time_in_the_programs_zone_labelled(self, client, mentor, chicago_request):
        client.force_login(mentor)
        content = client.get(reverse("matching:inbox")).content.decode()
        assert "please answer by Dec 3, 2026, 3:33 AM (America/Chicago)" in content

    def test_the_mentees_requests_page_writes_both_times_in_the_programs_zone_labelled(
        self, client, mentee, chicago_request
    ):
        client.force_login(mentee)
        content = client.get(reverse("matching:requests")).content.decode()
        assert "sent Nov 30, 2026, 3:33 AM · answer due by Dec 3, 2026, 3:33 AM (America/Chicago)" in content

    def test_a_closed_request_is_labelled_on_its_sending_time(self, client, mentee, chicago_request):
        GalleryRequest.objects.filter(pk=chicago_request.pk).update(status=GalleryRequest.Status.DECLINED)
        client.force_login(mentee)
        content = client.get(reverse("matching:requests")).content.decode()
        assert "sent Nov 30, 2026, 3:33 AM (America/Chicago)</p>" in content and "answer due" not in content


class TestCards:
    def test_a_mentor_never_seen_has_no_last_active_phrase(self, client, mentee, gallery_viewer, mentor_application):
        mentor_application.applicant.last_login = None
        mentor_application.applicant.save(update_fields=["last_login"])
        client.force_login(mentee)
        response = client.get(reverse("matching:gallery", args=[gallery_viewer.program.slug]))
        card = response.context["cards"][0]
        assert "last active" not in card.details and "not yet" not in response.content.decode()
        assert re.search(r"room for \d+ more$", card.details)

    def test_a_mentor_seen_says_when(self, mentor_application):
        mentor_application.applicant.last_login = timezone.now() - dt.timedelta(days=2)
        mentor_application.applicant.save(update_fields=["last_login"])
        profile = gallery.mentor_profile(mentor_application, None)
        assert profile.last_active == "2 days ago"


@pytest.mark.parametrize("zone", ["America/Chicago", "Asia/Kolkata", "America/Los_Angeles"])
def test_a_time_in_a_zone_is_the_date_filters_at_that_zone_named_as_the_home_names_it(zone):
    tz = zoneinfo.ZoneInfo(zone)
    moments = [CHICAGO_SENT + dt.timedelta(hours=hours, minutes=7 * hours) for hours in range(0, 24 * 200, 13)]
    expected = [f"{date_filter(timezone.localtime(moment, tz), 'M j, Y, g:i A')} ({zone})" for moment in moments]
    assert [month_day_year_time_in(moment, tz) for moment in moments] == expected
