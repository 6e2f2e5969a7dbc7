"""A mentor's profile page, the match in words, and the navigation's links to a person's gallery requests."""

import pytest
from django.urls import reverse

from applications.models import Application, Program
from matching import gallery
from matching.models import Favourite, GalleryRequest
from matching.tests.conftest import approved_mentee, approved_mentor

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def viewer(gallery_viewer):
    return gallery_viewer


@pytest.fixture
def mentor_application(gallery_program, mentor) -> Application:
    application = approved_mentor(
        gallery_program,
        user=mentor,
        capacity=2,
        expertise=["finance", "strategic_planning", "management"],
        frequency="monthly",
        contact_forms=["video", "phone"],
        years_experience=22,
        statement=f"Budgets are my craft. {HOSTILE}",
        preferences="PRIVATE-PREFERENCES",
        additional_info="PRIVATE-NOTE-TO-CHAIR",
        education="PRIVATE-EDUCATION",
    )
    profile = mentor.profile
    profile.title, profile.organization, profile.region, profile.city = (
        "Finance Director",
        "City of Tustin",
        "OC",
        "Tustin",
    )
    profile.phone, profile.address, profile.zip_code = "714-555-0199", "1 PRIVATE Way", "92780"
    profile.save()
    return application


def profile_url(application: Application) -> str:
    return reverse("matching:mentor", args=[application.program.slug, application.pk])


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (0.84, "Strong match · 84%"),
        (0.70, "Strong match · 70%"),
        (0.6949, "Good match · 69%"),
        (0.5, "Good match · 50%"),
        (0.31, "Fair match · 31%"),
        (0.12, "Weak match · 12%"),
        (0.0, "Weak match · 0%"),
    ],
)
def test_a_score_reads_as_words_and_a_percentage(score, words):
    assert gallery.match_words(score) == words


class TestTheCard:
    def test_the_card_shows_the_match_in_words_with_its_reasons_and_links_to_the_profile(
        self, client, mentee, viewer, mentor_application
    ):
        client.force_login(mentee)
        response = client.get(reverse("matching:gallery", args=[viewer.program.slug]))
        card = response.context["cards"][0]
        content = response.content.decode()
        assert f"<strong>{card.match}.</strong>" in content
        assert card.match.split(" · ")[0] in {word for _, word in gallery.MATCH_WORDS}
        assert "Shared areas: Finance and Strategic Planning." in content
        assert "Match 0." not in content
        assert f'href="{profile_url(mentor_application)}"' in content


class TestTheProfile:
    def test_a_mentee_sees_the_mentors_public_answers_and_the_match(self, client, mentee, viewer, mentor_application):
        client.force_login(mentee)
        response = client.get(profile_url(mentor_application))
        assert response.status_code == 200
        content = response.content.decode()
        profile = response.context["profile"]
        for shown in (
            "Finance Director, City of Tustin",
            "OC · Tustin",
            "Budgets are my craft.",
            "Finance, Strategic Planning, Management",
            "Monthly",
            "Phone, video",
            "Up to 2 mentees at once; 2 places free now",
            "22",
            "Not yet",
            "Shared areas: Finance and Strategic Planning.",
            "Request as mentor",
        ):
            assert shown in content, shown
        card = gallery.gallery_cards(program=viewer.program, viewer=viewer).object_list[0]
        assert profile.match == card.match and profile.reasons == card.reasons  # as on the card
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content and HOSTILE not in content

    def test_nothing_private_is_shown(self, client, mentee, viewer, mentor_application):
        client.force_login(mentee)
        content = client.get(profile_url(mentor_application)).content.decode()
        mentor = mentor_application.applicant
        for private in (
            mentor.email,
            "714-555-0199",
            "PRIVATE Way",
            "92780",
            "PRIVATE-PREFERENCES",
            "PRIVATE-NOTE-TO-CHAIR",
            "PRIVATE-EDUCATION",
            "resume",
        ):
            assert private not in content, private

    def test_a_full_mentor_has_no_request_button(self, client, mentee, viewer, mentor_application, gallery_program):
        mentor_application.capacity = 1
        mentor_application.save()
        other = approved_mentee(gallery_program)
        gallery.gallery_request_create(mentee_application=other, mentor_application=mentor_application, message="Hi")
        gallery.gallery_request_accept(
            request=GalleryRequest.objects.get(mentee_application=other), actor=mentor_application.applicant
        )
        client.force_login(mentee)
        content = client.get(profile_url(mentor_application)).content.decode()
        assert "no place free now" in content
        assert "Request as mentor" not in content

    def test_a_request_already_sent_shows_as_requested(self, client, mentee, viewer, mentor_application):
        gallery.gallery_request_create(mentee_application=viewer, mentor_application=mentor_application, message="Hi")
        client.force_login(mentee)
        content = client.get(profile_url(mentor_application)).content.decode()
        assert "Requested" in content and "Request as mentor" not in content

    def test_a_favourite_marked_on_the_profile_comes_back_to_it(self, client, mentee, viewer, mentor_application):
        client.force_login(mentee)
        url = reverse("matching:favourite", args=[viewer.program.slug, mentor_application.pk])
        response = client.post(url, {"back": "profile"})
        assert response.status_code == 302 and response.url == profile_url(mentor_application)
        assert Favourite.objects.filter(mentee_application=viewer, mentor_application=mentor_application).exists()
        assert "Favourite</span>" in client.get(profile_url(mentor_application)).content.decode()

    def test_the_mentor_sees_their_own_profile_without_a_match(self, client, mentor, mentor_application):
        client.force_login(mentor)
        response = client.get(profile_url(mentor_application))
        assert response.status_code == 200
        content = response.content.decode()
        assert "This is how mentees who may browse" in content
        assert "How well you match" not in content and "Request as mentor" not in content

    def test_nobody_else_sees_it(self, client, outsider, chair, viewer, mentor_application, gallery_program):
        another_mentor = approved_mentor(gallery_program)
        for person in (outsider, chair, another_mentor.applicant):
            client.force_login(person)
            assert client.get(profile_url(mentor_application)).status_code == 404

    def test_not_in_a_program_without_a_gallery(self, client, mentee, viewer, mentor_application, gallery_program):
        gallery_program.pairing_mode = Program.PairingMode.CHAIR
        gallery_program.save()
        client.force_login(mentee)
        assert client.get(profile_url(mentor_application)).status_code == 404

    def test_not_for_a_mentor_not_approved_or_a_mentee(self, client, mentee, viewer, mentor_application):
        client.force_login(mentee)
        mentor_application.status = Application.Status.WITHDRAWN
        mentor_application.save()
        assert client.get(profile_url(mentor_application)).status_code == 404
        assert client.get(profile_url(viewer)).status_code == 404  # a mentee's application is no mentor's profile


class TestNavigation:
    MENTEE_LINK, MENTOR_LINK = "My mentor requests", "Requests from mentees"

    def test_a_mentee_of_a_gallery_program_gets_a_link_to_their_requests(self, client, mentee, viewer):
        client.force_login(mentee)
        content = client.get(reverse("applications:directory")).content.decode()
        assert f'href="{reverse("matching:requests")}">{self.MENTEE_LINK}' in content
        assert self.MENTOR_LINK not in content

    def test_a_mentor_of_a_gallery_program_gets_a_link_to_their_inbox(self, client, mentor, mentor_application):
        client.force_login(mentor)
        content = client.get(reverse("applications:directory")).content.decode()
        assert f'href="{reverse("matching:inbox")}">{self.MENTOR_LINK}' in content
        assert self.MENTEE_LINK not in content

    def test_nobody_else_gets_them(self, client, mentee, mentor, viewer, mentor_application, gallery_program):
        gallery_program.pairing_mode = Program.PairingMode.CHAIR
        gallery_program.save()
        for person in (mentee, mentor):
            client.force_login(person)
            content = client.get(reverse("applications:directory")).content.decode()
            assert self.MENTEE_LINK not in content and self.MENTOR_LINK not in content

    def test_not_while_the_application_waits_for_a_decision(self, client, mentee, viewer):
        Application.objects.filter(pk=viewer.pk).update(status=Application.Status.SUBMITTED)
        client.force_login(mentee)
        assert self.MENTEE_LINK not in client.get(reverse("applications:directory")).content.decode()


@pytest.mark.parametrize(
    ("mode", "chair_too"), [(Program.PairingMode.GALLERY, False), (Program.PairingMode.BOTH, True)]
)
def test_the_public_program_page_says_mentees_choose_from_the_gallery(client, gallery_program, mode, chair_too):
    gallery_program.pairing_mode = mode
    gallery_program.gallery_response_days = 5
    gallery_program.save()
    page = " ".join(client.get(gallery_program.get_absolute_url()).content.decode().split())
    assert "In the Mentors Gallery you see the mentors with room" in page
    assert "each one's profile, how well you match and why" in page
    assert "ask one mentor at a time; they have 5 days to accept or decline" in page
    assert ("the chair matches those who have not chosen a mentor" in page) is chair_too
