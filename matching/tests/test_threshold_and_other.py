"""Two scoring bugs, kept fixed: a pair exactly on the minimum score is kept, and two "Other" areas count only as
much as what the two wrote under "Other" is alike."""

from __future__ import annotations

import numpy as np
import pytest

from accounts.factories import ApplicantFactory
from matching import services
from matching.assignment import assign
from matching.gallery_index import MentorIndex
from matching.models import MatchRun
from matching.reference import greedy_assign, reference_scores
from matching.scoring import Weights, score_matrix
from matching.tests.conftest import approved_mentee, approved_mentor
from matching.tests.test_scoring import component, mentee, mentor
from matching.text_similarity import other_similarity

# Components 0.5, 0.5, 1, 0, 1, 0.5 (expertise, frequency, contact, text, career, local government) under the
# default weights: exactly 0.5, which the plain floating-point sum misses by an ulp.
ON_THE_LINE = {"expertise": 0.5, "frequency": 0.5, "contact": 1.0, "text": 0.0, "career": 1.0, "local_government": 0.5}


def pair_on_the_line():
    the_mentor = mentor(
        expertise=("finance", "police", "fire_ems"),
        statement="Dispatch radios",
        contact_forms=frozenset({"phone", "video"}),
        years_experience=12,
        jurisdiction_type="county",
        jurisdiction_size="",
    )
    the_mentee = mentee(
        wanted=("finance", "strategic_planning"),
        frequency="",  # blank: neutral 0.5
        goals="Downtown revitalization",
        career_stage="aspiring_manager",
    )
    return the_mentor, the_mentee


def test_the_example_really_falls_an_ulp_short_in_floating_point():
    weights = Weights().active()
    assert sum(ON_THE_LINE[name] * weight for name, weight in weights.items()) == 0.49999999999999994


def test_a_pair_exactly_on_the_minimum_score_is_kept_by_the_run_the_gallery_and_the_reference():
    the_mentor, the_mentee = pair_on_the_line()
    scores = score_matrix([the_mentor], [the_mentee])
    assert scores.pair(0, 0) == ON_THE_LINE
    assert scores.total[0, 0] == 0.5

    assert assign(scores.total, [1], feasible=np.ones((1, 1), dtype=bool), min_score=0.5) == [(0, 0)]
    total, _ = MentorIndex.build([the_mentor], [the_mentee]).score(the_mentee)
    assert total[0] == 0.5
    reference = reference_scores([the_mentor], [the_mentee])
    assert reference == [[0.5]]
    assert greedy_assign(reference, [1], [[True]], min_score=0.5) == [(0, 0)]


def test_a_minimum_typed_with_float_noise_still_keeps_the_pairs_on_it():
    assert assign(np.array([[0.3]]), [1], feasible=np.ones((1, 1), dtype=bool), min_score=0.1 + 0.2) == [(0, 0)]
    assert assign(np.array([[0.299999999]]), [1], feasible=np.ones((1, 1), dtype=bool), min_score=0.3) == []


def other_pair(mentor_text: str, mentee_text: str) -> float:
    offering = mentor(expertise=("other", "finance", "police"), expertise_other=mentor_text, statement="")
    asking = mentee(wanted=("other",), wanted_other=mentee_text, goals="")
    return component("expertise", offering, asking)


def test_two_other_areas_count_as_much_as_their_texts_are_alike():
    assert other_pair("Tribal government relations", "Airport management") == 0.0
    assert other_pair("", "") == 0.0
    assert other_pair("Airport management", "") == 0.0
    assert other_pair("Airport management", "Airport management") == pytest.approx(1.0)
    # "airport", "manag", "airport manag" against "airport", "oper", "airport oper": one shared of three each.
    assert other_pair("Airport management", "Airport operations") == pytest.approx(1 / 3)


def test_other_counts_beside_the_named_areas_in_the_share_of_what_was_wanted():
    offering = mentor(expertise=("other", "finance", "police"), expertise_other="Housing authority")
    asking = mentee(wanted=("finance", "other"), wanted_other="Library services")
    assert component("expertise", offering, asking) == 0.5
    same_text = mentee(wanted=("finance", "other"), wanted_other="housing authority")
    assert component("expertise", offering, same_text) == pytest.approx(1.0)


def test_other_agrees_with_the_reference_and_the_gallery_index_to_the_last_bit():
    texts = ["Airport management", "Tribal relations", "", "Airport operations and tribal relations", "Libraries"]
    mentors = [
        mentor(key=k, person=k, expertise=("other", "finance"), expertise_other=t) for k, t in enumerate(texts, 1)
    ]
    mentors.append(mentor(key=9, person=9, expertise=("finance",)))
    mentees = [
        mentee(key=100 + k, person=100 + k, wanted=("other", "police"), wanted_other=t)
        for k, t in enumerate(reversed(texts))
    ]
    weights = Weights(expertise=1, frequency=0, contact=0, text=0, career=0, local_government=0)
    expected = np.array(reference_scores(mentors, mentees, weights, component="expertise"))
    scored = score_matrix(mentors, mentees, weights).components["expertise"]
    assert np.allclose(scored, expected, atol=1e-12)
    index = MentorIndex.build(mentors, mentees[:2])
    for row, one in enumerate(mentees):
        assert np.array_equal(index.score(one, weights)[1]["expertise"], scored[row])


def test_other_similarity_is_a_cosine_of_term_sets():
    similarity = other_similarity(["budget", "Budgeting forecasts", ""], ["budgets", ""])
    assert similarity[0, 0] == pytest.approx(1.0)
    assert similarity[1, 0] == pytest.approx(1 / np.sqrt(3))
    assert not similarity[:, 1].any() and not similarity[2].any()


@pytest.mark.django_db
def test_the_chairs_run_and_its_preview_keep_a_pair_exactly_on_the_minimum_score(program, chair):
    place = {"profile__region": "Harbor Coast", "profile__jurisdiction_size": ""}
    mentor_application = approved_mentor(
        program,
        user=ApplicantFactory(**place, profile__organization="County of Reedport", profile__jurisdiction_type="county"),
        expertise=["finance", "police", "fire_ems"],
        statement="Dispatch radios",
        mentored_before="",
        contact_forms=["phone", "video"],
        years_experience=12,
    )
    mentee_application = approved_mentee(
        program,
        user=ApplicantFactory(**place, profile__organization="City of Sandmere", profile__jurisdiction_type="city"),
        expertise=["finance", "strategic_planning"],
        frequency="",
        contact_forms=["phone", "video"],
        goals="Downtown revitalization",
        public_service_interest="",
        career_stage="aspiring_manager",
    )
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.5)
    scored = services.score_pool(run)
    assert scored.matrix.pair(0, 0) == ON_THE_LINE
    solution = services.solve(run)  # what the chair's run and its preview both solve
    assert [(p.mentor.pk, p.mentee.pk, p.score) for p in solution.pairs] == [
        (mentor_application.pk, mentee_application.pk, 0.5)
    ]
