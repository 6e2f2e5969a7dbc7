"""Dream teams through real runs: a program that lets a mentee have several mentors gets mentors who cover
different areas, said in the reasons; the chair's form refuses what cannot be combined, saying why; a run's
preview shows what wishes and teams do before anything is saved."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications.policy import DEFAULT_WEIGHTS
from matching import proposal_edits, publishing, services
from matching.factories import FavouriteFactory
from matching.models import MatchRun, PairRule, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor
from pairings.factories import PairingFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:matching_matchrun_add")


@pytest.fixture
def as_chair(committing_client, host_chair):
    committing_client.force_login(host_chair)
    return committing_client


@pytest.fixture
def team_program(program):
    program.mentee_max_mentors = 2
    program.save()
    return program


@pytest.fixture
def finance_and_hr(team_program):
    """The mentee wants finance and HR. Two finance mentors score highest alone (the first a step closer on how
    often to meet); the HR mentor less."""
    finance = [
        approved_mentor(team_program, expertise=["finance"], frequency=frequency, contact_forms=["video"])
        for frequency in ("monthly", "every_other_month")
    ]
    hr = approved_mentor(team_program, expertise=["human_resources"], frequency="quarterly", contact_forms=["video"])
    mentee = approved_mentee(
        team_program, expertise=["finance", "human_resources"], frequency="monthly", contact_forms=["video"]
    )
    return finance, hr, mentee


def words(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def post(program, **fields) -> dict:
    weights = {f"weight_{name}": weight for name, weight in DEFAULT_WEIGHTS.items()}
    return {"program": program.pk, **weights, "fairness": "total", **fields}


def test_a_team_run_gives_the_mentee_a_second_mentor_for_the_area_the_first_does_not_cover(
    team_program, finance_and_hr
):
    finance, hr, mentee = finance_and_hr
    single = services.solve(MatchRun(program=team_program, min_score=0))
    assert [p.mentor for p in single.pairs] == [finance[0]]  # one mentor per mentee without teams
    run = MatchRun.objects.create(program=team_program, min_score=0, teams=True)
    solution = services.match_run_solve(run=run)
    by_mentor = {p.mentor: p for p in solution.pairs}
    assert set(by_mentor) == {finance[0], hr}
    scored = services.score_pool(run)
    i = scored.mentee_index[mentee.pk]
    assert (
        scored.matrix.total[i, scored.mentor_index[finance[1].pk]] > scored.matrix.total[i, scored.mentor_index[hr.pk]]
    )
    assert "Covers Human Resources, which their other mentor does not." in by_mentor[hr].reasons
    assert "Covers Finance, which their other mentor does not." in by_mentor[finance[0]].reasons
    assert run.proposals.filter(mentee_application=mentee).count() == 2
    assert solution.unmatched == []


def test_a_mentee_with_a_mentor_already_gets_one_who_covers_what_that_mentor_does_not(team_program):
    alike = {"frequency": "monthly", "contact_forms": ["video"]}
    approved_mentor(team_program, expertise=["finance"], **alike)
    hr = approved_mentor(team_program, expertise=["human_resources"], **alike)
    mentee = approved_mentee(team_program, expertise=["finance", "human_resources"], **alike)
    current = approved_mentor(team_program, expertise=["finance"], capacity=1)
    PairingFactory(program=team_program, mentor_application=current, mentee_application=mentee)
    run = MatchRun.objects.create(program=team_program, min_score=0, teams=True)
    [pair] = services.match_run_solve(run=run).pairs
    assert pair.mentor == hr
    assert "Covers Human Resources, which their other mentor does not." in pair.reasons


def test_a_repeated_area_is_named_as_counting_for_less(team_program):
    mentors = [approved_mentor(team_program, expertise=["finance"]) for _ in range(2)]
    approved_mentee(team_program, expertise=["finance"])
    run = MatchRun.objects.create(program=team_program, min_score=0, teams=True)
    pairs = services.match_run_solve(run=run).pairs
    assert {p.mentor for p in pairs} == set(mentors)
    for pair in pairs:
        assert "Repeats Finance, which their other mentor already covers, so it counts for less." in pair.reasons


def test_publishing_a_team_run_pairs_the_mentee_with_each_mentor(team_program, finance_and_hr, host_chair):
    _, _, mentee = finance_and_hr
    run = MatchRun.objects.create(program=team_program, min_score=0, teams=True)
    services.match_run_solve(run=run)
    publication = publishing.match_run_publish(run=run, actor=host_chair)
    assert len(publication.pairings) == 2 and publication.left_out == []
    assert {p.mentee_application for p in publication.pairings} == {mentee}


def test_saving_a_team_run_from_the_admin_proposes_the_team(as_chair, team_program, finance_and_hr):
    finance, hr, mentee = finance_and_hr
    response = as_chair.post(ADD, post(team_program, teams="on", _save="Save"))
    assert response.status_code == 302
    run = MatchRun.objects.get()
    assert run.teams
    mentors = set(
        Proposal.objects.filter(run=run, mentee_application=mentee).values_list("mentor_application", flat=True)
    )
    assert mentors == {finance[0].pk, hr.pk}


def test_the_form_refuses_teams_where_the_program_allows_one_mentor_saying_why(as_chair, program, cohort):
    page = as_chair.post(ADD, post(program, teams="on", _save="Save"))
    assert page.status_code == 200 and MatchRun.objects.count() == 0
    text = words(page)
    assert "lets a mentee have one mentor (“Mentee max mentors” on the program is 1)" in text
    assert 'name="teams"' in page.content.decode() and "checked" in page.content.decode()  # what was typed is kept


def test_the_form_refuses_teams_with_no_pair_would_rather_swap_saying_why(as_chair, team_program, finance_and_hr):
    page = as_chair.post(ADD, post(team_program, teams="on", fairness="stable", _save="Save"))
    assert page.status_code == 200 and MatchRun.objects.count() == 0
    text = words(page)
    assert "“No pair would rather swap” cannot be combined with several mentors per mentee" in text
    preview = as_chair.post(ADD, post(team_program, teams="on", fairness="stable", _preview="1"), follow=True)
    assert "cannot be combined with several mentors per mentee" in words(preview)
    with pytest.raises(services.MatchingError, match="cannot be combined"):
        services.solve(MatchRun(program=team_program, teams=True, fairness="stable"))


def test_a_team_run_can_lift_the_weakest_pair_and_the_preview_shows_its_cost(as_chair, team_program, finance_and_hr):
    """Exactness is test_teams.py's (brute force); here the run's choice reaches the team solver and the preview."""
    best = services.solve(MatchRun(program=team_program, min_score=0, teams=True))
    lifted = services.solve(MatchRun(program=team_program, min_score=0, teams=True, fairness="weakest"))
    assert len(lifted.pairs) >= len(best.pairs) and lifted.weakest >= best.weakest
    page = as_chair.post(ADD, post(team_program, teams="on", fairness="weakest", _preview="1"))
    assert page.status_code == 200 and MatchRun.objects.count() == 0
    text = words(page)
    assert "Fairness: Lift the weakest pair. Several mentors per mentee, covering different areas." in text
    assert "What “Lift the weakest pair” costs" in text and "Who changes" in text


def test_the_preview_names_the_wish_and_the_team_before_saving(as_chair, team_program, finance_and_hr):
    finance, _, mentee = finance_and_hr
    FavouriteFactory(mentee_application=mentee, mentor_application=finance[1])
    page = as_chair.post(ADD, post(team_program, teams="on", weight_wish=0.1, _preview="1"))
    assert page.status_code == 200 and MatchRun.objects.count() == 0
    text = words(page)
    assert "Several mentors per mentee, covering different areas." in text
    assert "Pairs a mentee wished for 1" in text
    assert "The mentee marked this mentor as a favourite in the gallery." in text
    assert finance[1] in {p.mentor for p in page.context["solution"].pairs}  # not in the team without the wish
    assert 'name="teams" value="on"' in page.content.decode()  # saving from the preview keeps the choice


def test_choosing_another_mentor_in_a_team_run_keeps_the_mentees_other_locked_mentor(
    as_chair, team_program, finance_and_hr, host_chair
):
    finance, hr, mentee = finance_and_hr
    run = MatchRun.objects.create(program=team_program, min_score=0, teams=True)
    services.match_run_solve(run=run)
    proposal_edits.proposal_lock(proposal=run.proposals.get(mentor_application=finance[0]), actor=host_chair)
    replaced = run.proposals.get(mentor_application=hr)
    url = reverse("admin:matching_proposal_alternatives", args=[replaced.pk])
    assert as_chair.post(url, {"mentor": finance[1].pk}).status_code == 302
    locked = set(
        PairRule.objects.filter(mentee_application=mentee, kind=PairRule.Kind.LOCK).values_list(
            "mentor_application", flat=True
        )
    )
    assert locked == {finance[0].pk, finance[1].pk}
    assert set(run.proposals.values_list("mentor_application", flat=True)) == {finance[0].pk, finance[1].pk}
