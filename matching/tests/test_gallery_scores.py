"""The gallery and a match run score a pair through one entry point, among the same people: the same pair gets
the same score, text part included, wherever the mentee or the chair reads it."""

import numpy as np
import pytest

from applications.models import Program
from matching import gallery
from matching.models import MatchRun
from matching.scoring import score_matrix
from matching.services import score_pool
from matching.synthetic import synthetic_program
from matching.tests.conftest import approved_mentee, approved_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program, mentee):
    program.pairing_mode = Program.PairingMode.GALLERY
    program.save()
    viewer = approved_mentee(
        program, user=mentee, expertise=["finance"], goals="Build a city budget and learn finance from a manager."
    )
    approved_mentee(program, expertise=["police"], goals="Budget reviews for a police department; finance again.")
    approved_mentee(program, expertise=["management"], goals="Leading people through a reorganisation.")
    mentors = [
        approved_mentor(program, statement="Twenty budgets as a finance director."),
        approved_mentor(
            program, expertise=["police", "fire_ems", "engineering"], statement="I ran a police department budget."
        ),
        approved_mentor(
            program, expertise=["human_resources", "management", "engineering"], statement="People first, always."
        ),
    ]
    return viewer, mentors


def _run(program, chair, **weights) -> MatchRun:
    return MatchRun.objects.create(program=program, created_by=chair, **weights)


def _run_scores(run: MatchRun, viewer) -> dict[int, float]:
    scored = score_pool(run)
    row = scored.mentee_index[viewer.pk]
    return {pk: float(scored.matrix.total[row, column]) for pk, column in scored.mentor_index.items()}


def test_the_text_score_of_a_pair_is_the_same_in_the_gallery_and_in_a_match_run(program, chair, cohort):
    viewer, _ = cohort
    # Only the text counts: the card's score is the text score.
    run = _run(
        program,
        chair,
        weight_expertise=0,
        weight_frequency=0,
        weight_contact=0,
        weight_text=1,
        weight_career=0,
        weight_local_government=0,
    )
    cards = gallery.gallery_cards(program=program, viewer=viewer).object_list
    assert {card.mentor.pk: card.score for card in cards} == _run_scores(run, viewer)
    scores = sorted(card.score for card in cards)
    assert scores[0] < scores[-1] and scores[-1] > 0  # the texts share words, some more than others


def test_the_total_is_the_same_under_the_default_weights_and_with_a_filter(program, chair, cohort):
    viewer, mentors = cohort
    run = _run(program, chair)
    expected = _run_scores(run, viewer)
    cards = gallery.gallery_cards(program=program, viewer=viewer, expertise="police").object_list
    assert [card.mentor for card in cards] == [mentors[1]]
    assert cards[0].score == expected[mentors[1].pk]


def test_scoring_only_some_mentees_gives_exactly_their_rows_of_the_whole_matrix():
    mentors, mentees = synthetic_program(40, 60, seed=3)
    whole = score_matrix(mentors, mentees, labels={"finance": "Finance"})
    some = score_matrix(mentors, mentees, labels={"finance": "Finance"}, only=[7, 2])
    assert np.array_equal(some.total, whole.total[[7, 2]])
    assert all(np.array_equal(some.components[name], part[[7, 2]]) for name, part in whole.components.items())
