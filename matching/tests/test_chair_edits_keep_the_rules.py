"""The chair's edits never make a pair the program forbids, and say why in words (issue: the chair's workspace).

Regressions: a swap paired two people of the same organization while "exclude same organization" was on, and
labelled it locked; "five best alternatives" offered a mentor already full, whose choice then failed with "mentor 0
is locked beyond their capacity 1"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from matching import proposal_edits, services
from matching.models import MatchRun, PairRule, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor
from mentorship.tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(program, chair) -> MatchRun:
    return MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)


def proposal_of(run: MatchRun, mentee) -> Proposal:
    return run.proposals.get(mentee_application=mentee)


def test_a_swap_that_would_pair_two_people_of_one_organization_is_refused_with_the_rule_named(run, program, chair):
    riverside_mentor = approved_mentor(program, organization="City of Riverside", expertise=["finance"] * 3)
    irvine_mentor = approved_mentor(program, organization="City of Irvine", expertise=["police", "fire_ems", "hr"])
    irvine_mentee = approved_mentee(program, organization="City of Irvine", expertise=["finance"])
    riverside_mentee = approved_mentee(program, organization="City of Riverside", expertise=["police"])
    services.match_run_solve(run=run)
    first, second = proposal_of(run, irvine_mentee), proposal_of(run, riverside_mentee)
    assert (first.mentor_application, second.mentor_application) == (riverside_mentor, irvine_mentor)
    with refused(services.MatchingError, re.escape("same organization (City of Irvine)")):
        proposal_edits.proposal_swap(first=first, second=second, actor=chair)
    assert not PairRule.objects.filter(kind=PairRule.Kind.LOCK).exists()


def test_alternatives_list_only_mentors_with_a_free_place_and_show_how_many(run, program, chair):
    full = approved_mentor(program, capacity=1, expertise=["finance", "management", "strategic_planning"])
    roomy = approved_mentor(program, capacity=2, expertise=["police", "fire_ems", "public_works"])
    taken = approved_mentee(program, expertise=["finance", "management"])
    asking = approved_mentee(program, expertise=["finance"])
    PairRule.objects.create(program=program, mentor_application=full, mentee_application=taken, kind="lock")
    services.match_run_solve(run=run)
    assert proposal_of(run, asking).mentor_application == roomy
    offered = proposal_edits.alternatives(run=run, mentee_application=asking)
    assert [a.mentor for a in offered] == []  # the full mentor is not offered; the roomy one is already proposed
    more = approved_mentor(program, capacity=2, expertise=["finance", "budgeting", "management"])
    services.match_run_solve(run=run)
    offered = proposal_edits.alternatives(run=run, mentee_application=proposal_of(run, asking).mentee_application)
    assert {a.mentor for a in offered} <= {more, roomy} and full not in {a.mentor for a in offered}
    assert all(a.free_places >= 1 for a in offered)


def test_choosing_a_full_mentor_is_refused_by_name_not_by_index(run, program, chair):
    full = approved_mentor(program, capacity=1, expertise=["finance", "management", "strategic_planning"])
    approved_mentor(program, capacity=1, expertise=["police", "fire_ems", "public_works"])
    taken = approved_mentee(program, expertise=["finance", "management"])
    asking = approved_mentee(program, expertise=["police"])
    PairRule.objects.create(program=program, mentor_application=full, mentee_application=taken, kind="lock")
    services.match_run_solve(run=run)
    with refused(services.MatchingError, f"{full.applicant.full_name} has no free place"):
        proposal_edits.proposal_choose_mentor(run=run, mentee_application=asking, mentor_application=full, actor=chair)


def test_locks_beyond_a_mentors_room_are_named_in_words(run, program):
    mentor = approved_mentor(program, capacity=1)
    mentees = [approved_mentee(program), approved_mentee(program)]
    for mentee in mentees:
        PairRule.objects.create(program=program, mentor_application=mentor, mentee_application=mentee, kind="lock")
    with refused(services.MatchingError, f"{mentor.applicant.full_name} has room for 1 and is locked with 2"):
        services.match_run_solve(run=run)


def test_a_lock_a_rule_now_forbids_is_not_kept_and_the_chair_is_told_why(committing_client, run, program, chair):
    mentor = approved_mentor(program, organization="City of Irvine")
    mentee = approved_mentee(program, organization="City of Riverside")
    PairRule.objects.create(program=program, mentor_application=mentor, mentee_application=mentee, kind="lock")
    mentee.applicant.profile.organization = "City of Irvine"  # she moved to his city: now the same organization
    mentee.applicant.profile.save()
    solution = services.match_run_solve(run=run)
    assert solution.pairs == []
    [dropped] = solution.dropped_locks
    assert dropped.startswith(f"{mentee.applicant.full_name} with {mentor.applicant.full_name}: the pair would")
    assert "same organization (City of Irvine)" in dropped

    committing_client.force_login(chair)
    response = committing_client.post(
        reverse("admin:matching_matchrun_changelist"), {"action": "rerun", "_selected_action": [run.pk]}, follow=True
    )
    said = [str(message) for message in response.context["messages"]]
    assert any(text.startswith("A pair you locked was not kept.") and "City of Irvine" in text for text in said)
