"""The gallery's index is built once per change of the matching pool and never serves an old pool."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse

from applications.models import Application, Program
from matching import gallery, gallery_pool, gallery_ranking
from matching.forms import GalleryFilterForm
from matching.gallery import gallery_cards, mentee_room
from matching.models import Favourite, MatchRun
from matching.selectors import mentee_facts
from matching.tests.conftest import approved_mentee, approved_mentor
from pairings.services import pairing_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery_program(program) -> Program:
    Program.objects.filter(pk=program.pk).update(pairing_mode=Program.PairingMode.GALLERY)
    return Program.objects.get(pk=program.pk)


@pytest.fixture
def built(gallery_program, monkeypatch) -> list[int]:
    """The number of mentors in each index built, in order."""
    sizes: list[int] = []
    real_build = gallery_pool._build

    def counting_build(program):
        index = real_build(program)
        sizes.append(len(index))
        return index

    monkeypatch.setattr(gallery_pool, "_build", counting_build)
    gallery_pool._indexes.clear()
    return sizes


def names(page) -> list[str]:
    return [card.name for card in page.object_list]


def test_the_index_is_reused_until_the_pool_changes(gallery_program, built):
    viewer = approved_mentee(gallery_program, expertise=["finance"])
    first = approved_mentor(gallery_program, expertise=["finance"])
    gallery_cards(program=gallery_program, viewer=viewer)
    gallery_cards(program=gallery_program, viewer=viewer)
    Favourite.objects.create(mentee_application=viewer, mentor_application=first)  # not part of the pool
    gallery_cards(program=gallery_program, viewer=viewer)
    assert built == [1]

    second = approved_mentor(gallery_program, expertise=["police"])
    assert names(gallery_cards(program=gallery_program, viewer=viewer)) == [
        first.applicant.full_name,
        second.applicant.full_name,
    ]
    assert built == [1, 2]


@pytest.mark.parametrize(
    "change",
    [
        "withdraw_one_approve_another",
        "edit_expertise",
        "edit_profile_region",
    ],
)
def test_every_change_that_moves_the_ranking_rebuilds_the_index(gallery_program, built, change):
    viewer = approved_mentee(gallery_program, expertise=["finance"])
    finance = approved_mentor(gallery_program, expertise=["finance"])
    police = approved_mentor(gallery_program, expertise=["police"])
    waiting = approved_mentor(gallery_program, expertise=["finance", "police"])
    Application.objects.filter(pk=waiting.pk).update(status=Application.Status.SUBMITTED)
    assert names(gallery_cards(program=gallery_program, viewer=viewer))[0] == finance.applicant.full_name

    if change == "withdraw_one_approve_another":  # same count: the ids still tell the pools apart
        Application.objects.filter(pk=finance.pk).update(status=Application.Status.WITHDRAWN)
        Application.objects.filter(pk=waiting.pk).update(status=Application.Status.APPROVED)
        expected_first = waiting
    elif change == "edit_expertise":
        finance.expertise, police.expertise = ["police"], ["finance"]
        finance.save()
        police.save()
        expected_first = police
    else:
        viewer.applicant.profile.region = "Far North"
        viewer.applicant.profile.save()
        police.applicant.profile.region = "Far North"
        police.applicant.profile.save()
        expected_first = None

    page = gallery_cards(program=gallery_program, viewer=viewer)
    assert len(built) == 2
    if expected_first is None:  # the region is a filter choice and moves the local-government fit
        assert "Far North" in gallery_pool.mentor_regions(gallery_pool.mentor_index(gallery_program))
        assert page.object_list[0].score > page.object_list[1].score or names(page)[0] == police.applicant.full_name
    else:
        assert names(page)[0] == expected_first.applicant.full_name


def test_a_pairing_that_fills_a_mentor_or_the_viewer_changes_the_pool(gallery_program, built):
    viewer = approved_mentee(gallery_program, expertise=["finance"])
    other = approved_mentee(gallery_program, expertise=["finance"])
    mentor = approved_mentor(gallery_program, expertise=["finance"])
    spare = approved_mentor(gallery_program, expertise=["police"])
    assert len(names(gallery_cards(program=gallery_program, viewer=viewer))) == 2
    pairing_create(mentor_application=mentor, mentee_application=other, source="gallery", approved_by=mentor.applicant)
    assert names(gallery_cards(program=gallery_program, viewer=viewer)) == [spare.applicant.full_name]
    # The viewer leaves the pool when paired (one mentor allowed) and is still scored, among the pool.
    pairing_create(mentor_application=spare, mentee_application=viewer, source="gallery", approved_by=spare.applicant)
    assert names(gallery_cards(program=gallery_program, viewer=viewer)) == []
    assert built == [2, 1, 0]


def test_a_waiting_mentee_changing_their_goals_rebuilds_since_words_weigh_over_the_pool(gallery_program, built):
    viewer = approved_mentee(gallery_program, expertise=["finance"], goals="budget")
    other = approved_mentee(gallery_program, expertise=["police"], goals="patrol")
    # Many other words keep the text below a strong match, where it is not capped and so moves with the weights.
    approved_mentor(gallery_program, statement="budget and patrol; fleet, parks, libraries, zoning, transit, sewers")
    before = gallery_cards(program=gallery_program, viewer=viewer).object_list[0].score
    other.goals = "budget budget"
    other.save()
    after = gallery_cards(program=gallery_program, viewer=viewer).object_list[0].score
    assert built == [1, 1]
    assert after != before  # "budget" is no longer rare in the pool


def test_a_new_match_run_reranks_without_a_rebuild(gallery_program, built, chair):
    viewer = approved_mentee(gallery_program, expertise=["finance"], frequency="monthly")
    finance = approved_mentor(gallery_program, expertise=["finance"], frequency="semi_annually")
    monthly = approved_mentor(gallery_program, expertise=["police"], frequency="monthly")
    assert names(gallery_cards(program=gallery_program, viewer=viewer))[0] == finance.applicant.full_name
    weights = {f"weight_{name}": 0 for name in ("expertise", "contact", "text", "career", "local_government")}
    MatchRun.objects.create(program=gallery_program, created_by=chair, weight_frequency=1, **weights)
    assert names(gallery_cards(program=gallery_program, viewer=viewer))[0] == monthly.applicant.full_name
    assert built == [2]


@pytest.fixture
def ranked(monkeypatch) -> list[int]:
    """The viewer of each ranking computed, in order (a kept ranking computes nothing)."""
    viewers: list[int] = []
    real_rank = gallery_ranking._rank

    def counting_rank(index, viewer, person, *args):
        viewers.append(person)
        return real_rank(index, viewer, person, *args)

    monkeypatch.setattr(gallery_ranking, "_rank", counting_rank)
    gallery_ranking._rankings.clear()
    return viewers


def test_a_ranking_is_kept_per_viewer_and_pool_and_what_is_not_kept_shows_at_once(gallery_program, built, ranked):
    viewer = approved_mentee(gallery_program, expertise=["finance"], goals="budget")
    other = approved_mentee(gallery_program, expertise=["police"])
    finance = approved_mentor(gallery_program, expertise=["finance"])
    police = approved_mentor(gallery_program, expertise=["police"])
    assert names(gallery_cards(program=gallery_program, viewer=viewer)) == [
        finance.applicant.full_name,
        police.applicant.full_name,
    ]
    gallery_cards(program=gallery_program, viewer=other)
    assert ranked == [viewer.applicant_id, other.applicant_id]

    # Not part of the ranking: read on every request, so shown at once without ranking again.
    Favourite.objects.create(mentee_application=viewer, mentor_application=police)
    police.applicant.full_name = "Renamed Mentor"
    police.applicant.save()
    page = gallery_cards(program=gallery_program, viewer=viewer)
    assert [card.favourite for card in page.object_list] == [False, True]
    assert names(page)[1] == "Renamed Mentor"
    assert ranked == [viewer.applicant_id, other.applicant_id]

    # The viewer's own answers are part of the key: a new ranking at once.
    viewer.expertise = ["police"]
    viewer.save()
    assert names(gallery_cards(program=gallery_program, viewer=viewer))[0] == "Renamed Mentor"
    assert ranked[-1] == viewer.applicant_id and len(ranked) == 3


def test_the_plain_filter_form_keeps_what_the_mentee_chose(client, mentee, gallery_program):
    approved_mentee(gallery_program, user=mentee, expertise=["finance"])
    approved_mentor(gallery_program, expertise=["police"], frequency="quarterly")
    client.force_login(mentee)

    content = client.get(
        reverse("matching:gallery", args=[gallery_program.slug]) + "?expertise=police&frequency=quarterly"
    ).content.decode()

    assert '<option value="police" selected>' in content
    assert '<option value="quarterly" selected>' in content
    assert '<option value="" selected>Any region</option>' in content
    assert 'name="region" id="id_region" class="form-select"' in content


@pytest.mark.parametrize("query", ["", "?page=2", "?page=abc"])
def test_a_page_without_filters_shows_the_selects_of_an_empty_form(client, mentee, gallery_program, query):
    approved_mentee(gallery_program, user=mentee, expertise=["finance"])
    approved_mentor(gallery_program, expertise=["police"])
    client.force_login(mentee)
    regions = gallery_pool.mentor_index(gallery_program).regions

    content = client.get(reverse("matching:gallery", args=[gallery_program.slug]) + query).content.decode()

    empty_form = gallery.filter_selects(GalleryFilterForm(regions=list(regions)))
    assert empty_form in content
    assert '<option value="" selected>Any area</option>' in content


@pytest.mark.parametrize(
    ("data", "values"),
    [
        ({}, {}),
        ({"page": "2"}, {}),
        ({"expertise": "police"}, {"expertise": "police", "region": "", "frequency": ""}),
        ({"expertise": "police", "frequency": "weekly-ish"}, {}),  # one choice not offered: no filter at all
    ],
)
def test_the_filters_read_from_the_query_as_the_form_reads_them(data, values):
    query = QueryDict(mutable=True)
    query.update(data)

    chosen, selects = gallery.gallery_filters(query, ("Far North",))

    assert chosen == values
    assert selects == gallery.filter_selects(GalleryFilterForm(query or None, regions=["Far North"]))


def test_the_viewer_and_the_pools_version_come_in_one_query(gallery_program, django_assert_num_queries):
    viewer = approved_mentee(gallery_program, expertise=["finance"])
    approved_mentor(gallery_program, expertise=["police"])

    with django_assert_num_queries(1):
        found, version = gallery_pool.gallery_viewer_and_version(viewer.applicant_id, gallery_program.slug)
        # What the page reads of them takes no other query.
        assert (found.pk, found.program.pk, found.applicant.profile.organization) == (
            viewer.pk,
            gallery_program.pk,
            viewer.applicant.profile.organization,
        )
        facts = mentee_facts(found)
        room = mentee_room(found)

    assert facts == mentee_facts(Application.objects.select_related("applicant__profile").get(pk=viewer.pk))
    assert room == gallery_program.mentee_max_mentors
    assert version == gallery_pool.pool_version(gallery_program)
    assert gallery_pool.gallery_viewer_and_version(found.applicant_id, "another-program") is None


def test_a_viewer_without_a_profile_reads_none_without_a_query(gallery_program, django_assert_num_queries):
    viewer = approved_mentee(gallery_program, expertise=["finance"])
    viewer.applicant.profile.delete()

    found, _ = gallery_pool.gallery_viewer_and_version(viewer.applicant_id, gallery_program.slug)

    with django_assert_num_queries(0):
        assert getattr(found.applicant, "profile", None) is None
        assert mentee_facts(found).region == ""


def test_the_version_changes_when_an_approved_application_leaves_the_program(gallery_program):
    stays = approved_mentor(gallery_program, expertise=["police"])
    leaves = approved_mentor(gallery_program, expertise=["finance"])
    before = gallery_pool.pool_version(gallery_program)

    Application.objects.filter(pk=leaves.pk).update(status=Application.Status.WITHDRAWN)  # no signal, no save()

    assert gallery_pool.pool_version(gallery_program) != before
    Application.objects.filter(pk=stays.pk).delete()
    Application.objects.filter(pk=leaves.pk).delete()
    assert gallery_pool.pool_version(gallery_program).key  # a program with no approved application has a name too


def test_every_cards_texts_are_escaped(client, mentee, gallery_program):
    approved_mentee(gallery_program, user=mentee, expertise=["finance"])
    hostile = "<script>alert('x')</script> & \"q\""
    for n in range(3):
        mentor = approved_mentor(gallery_program, expertise=["finance"], statement=f"{hostile} {n}")
        mentor.applicant.full_name = f"{hostile} name {n}"
        mentor.applicant.save()
    client.force_login(mentee)

    content = client.get(reverse("matching:gallery", args=[gallery_program.slug])).content.decode()

    assert "<script>alert" not in content
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;q&quot;"
    for n in range(3):
        assert f"{escaped} {n}" in content  # the statement
        assert content.count(f"{escaped} name {n}") == 3  # the title and the two buttons' hidden labels
