"""Always-open programs (several coaches over time, and at once where allowed) and the Senior Advisor roster
(advisors listed by state and region, a member asks one, the advisor accepts or declines)."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from agreements.services import agreement_for_pairing
from applications.models import Application, Program
from matching import gallery
from matching.models import GalleryRequest
from matching.services import MatchingError
from matching.tests.conftest import approved_mentee, approved_mentor
from pairings import services as pairing_services
from pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(program) -> Program:
    """An always-open coaching network: no deadline, the gallery, one coach at a time."""
    program.kind = Program.Kind.ALWAYS_OPEN
    program.deadline = None
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    return program


@pytest.fixture
def learner(network, mentee) -> Application:
    return approved_mentee(network, user=mentee)


@pytest.fixture
def coaches(network, mentor) -> list[Application]:
    return [approved_mentor(network, user=mentor), approved_mentor(network), approved_mentor(network)]


def engage(learner: Application, coach: Application) -> Pairing:
    request = gallery.gallery_request_create(mentee_application=learner, mentor_application=coach, message="Hello")
    return gallery.gallery_request_accept(request=request, actor=coach.applicant)


def test_a_learner_works_with_a_second_coach_after_the_first_engagement_ended(learner, coaches, mentee):
    first = engage(learner, coaches[0])
    with pytest.raises(MatchingError, match="as many requests waiting as you may have mentors"):
        gallery.gallery_request_create(mentee_application=learner, mentor_application=coaches[1], message="Hi")
    pairing_services.pairing_end(pairing=first, actor=mentee)
    second = engage(learner, coaches[1])
    assert second.mentor_application == coaches[1]
    assert second.pk != first.pk and second.is_active


def test_each_engagement_has_its_own_term_and_its_own_agreement(client, learner, coaches, mentee):
    first = engage(learner, coaches[0])
    pairing_services.pairing_end(pairing=first, actor=mentee)
    second = engage(learner, coaches[1])
    assert (second.started_on, second.ends_on) == Pairing.term_for(learner.program, second.started_on)
    client.force_login(mentee)
    for pairing in (first, second):
        assert client.get(reverse("agreements:agreement", args=[pairing.pk])).status_code == 200
    started = [agreement_for_pairing(pairing=pairing) for pairing in (first, second)]  # by a partner's first save
    assert started[0].pk != started[1].pk
    assert {agreement.pairing_id for agreement in started} == {first.pk, second.pk}


def test_a_learner_may_have_as_many_coaches_at_once_as_the_program_allows(network, learner, coaches):
    network.mentee_max_mentors = 2
    network.save()
    learner.refresh_from_db()
    engage(learner, coaches[0])
    engage(learner, coaches[1])
    assert Pairing.objects.filter(mentee_application=learner, status=Pairing.Status.ACTIVE).count() == 2
    with pytest.raises(MatchingError, match="as many requests waiting"):
        gallery.gallery_request_create(mentee_application=learner, mentor_application=coaches[2], message="Hi")


def test_the_same_coach_is_not_asked_twice_after_an_engagement(learner, coaches, mentee):
    pairing_services.pairing_end(pairing=engage(learner, coaches[0]), actor=mentee)
    with pytest.raises(MatchingError, match="already been paired with this mentor"):
        gallery.gallery_request_create(mentee_application=learner, mentor_application=coaches[0], message="Again")


@pytest.fixture
def roster(program) -> Program:
    """A Senior Advisor roster: members ask retired managers; no agreement."""
    program.kind = Program.Kind.ADVISORS
    program.deadline = None
    program.pairing_mode = Program.PairingMode.GALLERY
    program.requires_agreement = False
    program.save()
    return program


def _advisor(roster: Program, name: str, state: str, region: str) -> Application:
    advisor = approved_mentor(roster, statement=f"{name} ran a city for thirty years.")
    advisor.applicant.full_name = name
    advisor.applicant.save()
    Profile.objects.filter(user=advisor.applicant).update(state=state, region=region)
    return advisor


@pytest.fixture
def advisors(roster) -> list[Application]:
    return [
        _advisor(roster, "Wren Arizona", "AZ", "Phoenix metro"),
        _advisor(roster, "Abe California", "CA", "Orange County"),
        _advisor(roster, "Cleo California", "CA", "Bay Area"),
    ]


@pytest.fixture
def member(roster, mentee) -> Application:
    return approved_mentee(roster, user=mentee)


def test_the_roster_lists_advisors_grouped_by_state_then_region_not_by_score(client, mentee, member, advisors):
    client.force_login(mentee)
    response = client.get(reverse("matching:gallery", args=[member.program.slug]))
    assert response.templates[0].name == "matching/advisors.html"
    cards = response.context["cards"]
    assert [(c.state, c.region, c.advisor.applicant.full_name) for c in cards] == [
        ("AZ", "Phoenix metro", "Wren Arizona"),
        ("CA", "Bay Area", "Cleo California"),
        ("CA", "Orange County", "Abe California"),
    ]
    page = response.content.decode()
    assert "Senior advisors" in page and "Ask this advisor" in page and "Match " not in page
    assert "not technical consulting" in page


def test_the_roster_filters_by_state(client, mentee, member, advisors):
    client.force_login(mentee)
    response = client.get(reverse("matching:gallery", args=[member.program.slug]), {"state": "AZ"})
    assert [c.advisor for c in response.context["cards"]] == [advisors[0]]


def test_an_advisor_with_no_room_left_is_not_listed(client, mentee, member, advisors, roster):
    other = approved_mentee(roster)
    engage(other, advisors[0])  # capacity 1: Wren is taken
    client.force_login(mentee)
    response = client.get(reverse("matching:gallery", args=[roster.slug]))
    assert advisors[0] not in [c.advisor for c in response.context["cards"]]


def test_a_member_asks_an_advisor_who_accepts_and_they_start_with_no_agreement(
    committing_client, mentee, member, advisors
):
    committing_client.force_login(mentee)
    url = reverse("matching:request", args=[member.program.slug, advisors[1].pk])
    form = committing_client.get(url).content.decode()
    assert "Ask Abe California for advice" in form and "A short message to the advisor" in form
    committing_client.post(url, {"message": "A hard council decision; can we talk?"})
    request = GalleryRequest.objects.get(mentee_application=member)
    committing_client.force_login(advisors[1].applicant)
    response = committing_client.post(reverse("matching:answer", args=[request.pk]), {"action": "accept"})
    pairing = Pairing.objects.get(mentee_application=member)
    assert response.url == pairing.get_absolute_url()
    page = committing_client.get(pairing.get_absolute_url()).content.decode()
    assert "Statement of Mutual Understanding" not in page
    assert reverse("agreements:agreement", args=[pairing.pk]) not in page


def test_an_advisor_declines_and_no_pairing_is_made(member, advisors):
    request = gallery.gallery_request_create(mentee_application=member, mentor_application=advisors[2], message="Hi")
    gallery.gallery_request_decline(request=request, actor=advisors[2].applicant, message="Not this month.")
    request.refresh_from_db()
    assert request.status == GalleryRequest.Status.DECLINED
    assert not Pairing.objects.exists()


def test_after_an_engagement_ends_the_pair_page_points_the_learner_to_the_gallery(client, learner, coaches, mentee):
    first = engage(learner, coaches[0])
    client.force_login(mentee)
    gallery_link = reverse("matching:gallery", args=[learner.program.slug])
    assert gallery_link not in client.get(first.get_absolute_url()).content.decode()
    pairing_services.pairing_end(pairing=first, actor=mentee)
    page = client.get(first.get_absolute_url()).content.decode()
    assert gallery_link in page and "you may work with another mentor" in page
    assert client.get(gallery_link).status_code == 200
