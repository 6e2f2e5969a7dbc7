"""The Mentors Gallery: browse, favourite, request; the mentor answers; reminders and expiry; concurrency."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.models import Program
from matching import gallery
from matching.models import Favourite, GalleryRequest
from matching.services import MatchingError
from matching.tests.conftest import approved_mentee, approved_mentor, at_once
from pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(gallery_viewer):
    return gallery_viewer


@pytest.fixture
def mentors(gallery_program, mentor):
    return [
        approved_mentor(gallery_program, user=mentor, expertise=["finance", "strategic_planning", "management"]),
        approved_mentor(gallery_program, expertise=["police", "fire_ems", "engineering"], frequency="quarterly"),
    ]


@pytest.fixture
def as_mentee(committing_client, mentee):
    committing_client.force_login(mentee)
    return committing_client


def gallery_url(program) -> str:
    return reverse("matching:gallery", args=[program.slug])


class TestAccess:
    def test_anonymous_is_sent_to_log_in(self, client, gallery_program):
        response = client.get(gallery_url(gallery_program))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_someone_without_an_approved_mentee_application_gets_404(self, client, outsider, gallery_program):
        client.force_login(outsider)
        assert client.get(gallery_url(gallery_program)).status_code == 404

    def test_a_program_without_a_gallery_is_404(self, as_mentee, viewer, gallery_program):
        gallery_program.pairing_mode = Program.PairingMode.CHAIR
        gallery_program.save()
        assert as_mentee.get(gallery_url(gallery_program)).status_code == 404

    def test_a_mentor_cannot_answer_someone_elses_request(self, client, outsider, viewer, mentors):
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="Hi")
        client.force_login(outsider)
        response = client.post(reverse("matching:answer", args=[request.pk]), {"action": "accept"})
        assert response.status_code == 404
        assert not Pairing.objects.exists()


class TestBrowse:
    def test_mentors_are_ordered_by_match_with_reasons_and_no_contact_details(self, as_mentee, viewer, mentors):
        page = as_mentee.get(gallery_url(viewer.program))
        cards = page.context["cards"]
        assert [c.mentor for c in cards] == mentors
        assert "shares Finance and Strategic Planning" in cards[0].reasons[0] or any(
            "Finance" in r for r in cards[0].reasons
        )
        content = page.content.decode()
        assert mentors[0].applicant.profile.phone not in content
        assert mentors[0].applicant.email not in content
        assert "room for 2 more" in content or "room for 1 more" in content

    @pytest.mark.parametrize(("query", "expected"), [("expertise=police", 1), ("frequency=quarterly", 1), ("", 0)])
    def test_filters(self, as_mentee, viewer, mentors, query, expected):
        page = as_mentee.get(gallery_url(viewer.program) + "?" + query)
        assert page.context["cards"][0].mentor == mentors[expected]

    def test_full_mentors_are_not_shown(self, viewer, mentors, gallery_program):
        other = approved_mentee(gallery_program)
        Pairing.objects.create(
            program=gallery_program,
            mentor_application=mentors[1],
            mentee_application=other,
            mentor=mentors[1].applicant,
            mentee=other.applicant,
            started_on=dt.date.today(),
            ends_on=dt.date.today(),
        )
        cards = gallery.gallery_cards(program=gallery_program, viewer=viewer).object_list
        assert [c.mentor for c in cards] == [mentors[0]]

    def test_the_gallery_is_paged_best_match_first(self, as_mentee, viewer, mentors, gallery_program):
        for _ in range(30):
            approved_mentor(gallery_program, expertise=["police", "fire_ems", "engineering"])
        first = as_mentee.get(gallery_url(gallery_program))
        assert len(first.context["cards"]) == gallery.GALLERY_PAGE_SIZE
        assert first.context["cards"][0].mentor == mentors[0]  # the only one sharing Finance and Strategic Planning
        pages = -(-32 // gallery.GALLERY_PAGE_SIZE)
        last = as_mentee.get(gallery_url(gallery_program) + f"?expertise=&page={pages}")
        assert len(last.context["cards"]) == 32 - (pages - 1) * gallery.GALLERY_PAGE_SIZE
        assert f"Page {pages} of {pages}".encode() in last.content

    @pytest.mark.parametrize(
        ("days", "shown"),
        [(0, "today"), (1, "yesterday"), (5, "5 days ago"), (20, "2 weeks ago"), (95, "3 months ago")],
    )
    def test_a_mentors_last_login_reads_in_days_weeks_or_months(self, as_mentee, viewer, mentors, days, shown):
        mentors[0].applicant.last_login = timezone.now() - dt.timedelta(days=days)
        mentors[0].applicant.save(update_fields=["last_login"])
        card = as_mentee.get(gallery_url(viewer.program)).context["cards"][0]
        assert card.details.endswith(f"last active {shown}")

    def test_favourites_toggle(self, as_mentee, viewer, mentors):
        url = reverse("matching:favourite", args=[viewer.program.slug, mentors[1].pk])
        as_mentee.post(url)
        assert Favourite.objects.filter(mentee_application=viewer, mentor_application=mentors[1]).exists()
        as_mentee.post(url)
        assert not Favourite.objects.exists()


class TestRequests:
    def test_a_mentee_requests_and_the_mentor_is_emailed(self, as_mentee, viewer, mentors, mailoutbox):
        url = reverse("matching:request", args=[viewer.program.slug, mentors[0].pk])
        response = as_mentee.post(url, {"message": "I would love your help with budgets."})
        assert response.status_code == 302
        request = GalleryRequest.objects.get()
        assert request.status == "pending"
        assert request.expires_at - request.created_at == dt.timedelta(days=3)
        assert mailoutbox[-1].to == [mentors[0].applicant.email]
        assert "budgets" in mailoutbox[-1].body

    def test_an_empty_message_is_refused_on_the_field(self, as_mentee, viewer, mentors):
        url = reverse("matching:request", args=[viewer.program.slug, mentors[0].pk])
        response = as_mentee.post(url, {"message": ""})
        assert "message" in response.context["form"].errors
        assert not GalleryRequest.objects.exists()

    def test_one_open_request_at_a_time_per_free_place(self, viewer, mentors):
        gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        with pytest.raises(MatchingError, match="wait for an answer"):
            gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[1], message="b")

    def test_the_mentor_accepts_and_a_pairing_exists(self, committing_client, mentor, viewer, mentors, mailoutbox):
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        committing_client.force_login(mentor)
        response = committing_client.post(reverse("matching:answer", args=[request.pk]), {"action": "accept"})
        pairing = Pairing.objects.get()
        assert response.status_code == 302
        assert (pairing.mentor, pairing.mentee, pairing.source) == (mentor, viewer.applicant, "gallery")
        request.refresh_from_db()
        assert request.status == "accepted" and request.pairing == pairing
        assert {m.to[0] for m in mailoutbox} >= {mentor.email, viewer.applicant.email}

    def test_decline_tells_the_mentee_and_offers_their_next_favourites(
        self, committing_client, mentor, viewer, mentors, mailoutbox
    ):
        gallery.favourite_toggle(mentee_application=viewer, mentor_application=mentors[1])
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        committing_client.force_login(mentor)
        committing_client.post(reverse("matching:answer", args=[request.pk]), {"action": "decline", "message": "Full"})
        request.refresh_from_db()
        assert request.status == "declined"
        assert mailoutbox[-1].to == [viewer.applicant.email]
        assert mentors[1].applicant.full_name in mailoutbox[-1].body

    def test_ask_for_information_then_the_mentee_answers(
        self, committing_client, mentor, mentee, viewer, mentors, mailoutbox
    ):
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        committing_client.force_login(mentor)
        response = committing_client.post(
            reverse("matching:answer", args=[request.pk]), {"action": "ask", "message": ""}
        )
        request.refresh_from_db()
        assert request.status == "pending"  # a question needs words
        committing_client.post(
            reverse("matching:answer", args=[request.pk]), {"action": "ask", "message": "Which city?"}
        )
        request.refresh_from_db()
        assert request.status == "info_requested"
        assert mailoutbox[-1].to == [mentee.email] and "Which city?" in mailoutbox[-1].body
        committing_client.force_login(mentee)
        committing_client.post(reverse("matching:reply", args=[request.pk]), {"answer": "Irvine."})
        request.refresh_from_db()
        assert request.status == "pending" and "Irvine." in request.message
        assert mailoutbox[-1].to == [mentor.email]
        assert response.status_code == 400  # the inbox shown again, the error on the request


class TestInbox:
    def test_the_inbox_shows_twenty_requests_a_page_newest_first(self, committing_client, mentor, gallery_program):
        mentor_application = approved_mentor(gallery_program, user=mentor, capacity=3)
        now = timezone.now()
        for age in range(25):
            GalleryRequest.objects.create(
                program=gallery_program,
                mentee_application=approved_mentee(gallery_program),
                mentor_application=mentor_application,
                message=f"Request {age} days old",
                created_at=now - dt.timedelta(days=age),
                expires_at=now + dt.timedelta(days=3),
            )
        committing_client.force_login(mentor)

        first = committing_client.get(reverse("matching:inbox"))
        last = committing_client.get(reverse("matching:inbox") + "?page=2")

        assert [r.message for r in first.context["requests"]] == [f"Request {age} days old" for age in range(20)]
        assert [r.message for r in last.context["requests"]] == [f"Request {age} days old" for age in range(20, 25)]
        assert b"Page 2 of 2" in last.content
        # As Paginator.get_page: past the end, the last page; not a number, the first.
        past = committing_client.get(reverse("matching:inbox") + "?page=9")
        assert [r.message for r in past.context["requests"]] == [f"Request {age} days old" for age in range(20, 25)]
        assert past.context["page"].number == 2
        word = committing_client.get(reverse("matching:inbox") + "?page=last")
        assert word.context["page"].number == 1 and len(word.context["requests"]) == 20

    def test_the_inbox_escapes_what_mentees_write_and_answers_only_what_is_pending(
        self, committing_client, mentor, gallery_program
    ):
        mentor_application = approved_mentor(gallery_program, user=mentor, capacity=3)
        asking = approved_mentee(gallery_program, goals='<img src=x onerror="alert(1)">')
        pending = gallery.gallery_request_create(
            mentee_application=asking, mentor_application=mentor_application, message="Line one\n<b>two</b>"
        )
        asked = gallery.gallery_request_create(
            mentee_application=approved_mentee(gallery_program), mentor_application=mentor_application, message="Hi"
        )
        gallery.gallery_request_ask(request=asked, actor=mentor, question="<i>When</i> can you meet?")
        committing_client.force_login(mentor)
        content = committing_client.get(reverse("matching:inbox")).content.decode()
        assert "Line one<br>&lt;b&gt;two&lt;/b&gt;" in content
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content and "<img" not in content
        assert "You asked: &lt;i&gt;When&lt;/i&gt; can you meet? Waiting for the mentee's answer." in content
        assert content.count('name="action"') == 3 and f'id="accept-{pending.pk}" required' in content
        assert content.count('name="csrfmiddlewaretoken"') == 2  # the pending request's form and "Log out"


class TestReminderAndExpiry:
    def test_reminded_halfway_once_then_expired_with_next_favourites(
        self, viewer, mentors, mailoutbox, django_capture_on_commit_callbacks
    ):
        gallery.favourite_toggle(mentee_application=viewer, mentor_application=mentors[1])
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        start = request.created_at
        with django_capture_on_commit_callbacks(execute=True):
            assert gallery.gallery_sweep(now=start + dt.timedelta(days=1)) == (0, 0)
            assert gallery.gallery_sweep(now=start + dt.timedelta(days=1, hours=13)) == (1, 0)
            assert gallery.gallery_sweep(now=start + dt.timedelta(days=2)) == (0, 0)
        assert [m.to for m in mailoutbox] == [[mentors[0].applicant.email]]
        assert "is waiting for your answer" in mailoutbox[0].subject
        with django_capture_on_commit_callbacks(execute=True):
            assert gallery.gallery_sweep(now=start + dt.timedelta(days=3)) == (0, 1)
            assert gallery.gallery_sweep(now=start + dt.timedelta(days=4)) == (0, 0)
        request.refresh_from_db()
        assert request.status == "expired"
        assert mailoutbox[-1].to == [viewer.applicant.email]
        assert mentors[1].applicant.full_name in mailoutbox[-1].body

    def test_an_expired_request_cannot_be_accepted(self, viewer, mentors):
        request = gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentors[0], message="a")
        with time_machine.travel(timezone.now() + dt.timedelta(days=4)):
            gallery.gallery_sweep()
        with pytest.raises(MatchingError, match="expired"):
            gallery.gallery_request_accept(request=request, actor=mentors[0].applicant)


@pytest.mark.django_db(transaction=True)
class TestConcurrency:
    def _accept_at_once(self, requests) -> list[object]:
        return at_once(
            *(
                lambda r=r: gallery.gallery_request_accept(request=r, actor=r.mentor_application.applicant)
                for r in requests
            )
        )

    def test_two_acceptances_at_the_same_moment_never_exceed_a_mentors_capacity(self, gallery_program):
        mentor = approved_mentor(gallery_program, capacity=1)
        mentees = [approved_mentee(gallery_program) for _ in range(2)]
        requests = [
            gallery.gallery_request_create(mentee_application=m, mentor_application=mentor, message="hi")
            for m in mentees
        ]
        results = self._accept_at_once(requests)
        assert Pairing.objects.filter(mentor_application=mentor).count() == 1
        assert sum(isinstance(r, Pairing) for r in results) == 1
        assert sum(isinstance(r, MatchingError) for r in results) == 1

    def test_two_mentors_accepting_one_mentee_at_once_respect_the_programs_limit(self, gallery_program):
        gallery_program.mentee_max_mentors = 2
        gallery_program.save()
        mentee = approved_mentee(gallery_program)
        mentors = [approved_mentor(gallery_program) for _ in range(2)]
        requests = [
            gallery.gallery_request_create(mentee_application=mentee, mentor_application=m, message="hi")
            for m in mentors
        ]
        gallery_program.mentee_max_mentors = 1
        gallery_program.save()
        results = self._accept_at_once(requests)
        assert Pairing.objects.filter(mentee_application=mentee).count() == 1
        assert sum(isinstance(r, Pairing) for r in results) == 1
