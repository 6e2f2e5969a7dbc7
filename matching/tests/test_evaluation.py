"""The text component on the hand-written evaluation set, by TF-IDF and by meaning: it finds the right mentor, and
it moves a mentee's row at least as much as career stage does."""

from __future__ import annotations

import re
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from matching import semantic
from matching.evaluation.cases import MENTEES, MENTORS
from matching.evaluation.quality import Quality, embedded_set, evaluation_program, measure, ranking_quality, spread
from matching.scoring import score_matrix
from matching.selectors import EXPERTISE_LABELS
from matching.synthetic import synthetic_program

# What TF-IDF over stems and bigrams reaches on the set's 24 mentees: 22 right first, 23 in the first three, MRR
# 0.946 (the hand-written TF-IDF it replaced: 16, 19 and 0.76).
REACHED = Quality(top1=22 / 24, top3=23 / 24, mrr=0.945)
# By meaning (all-MiniLM-L6-v2): 22 right first and all 24 in the first three. The issue asks for 0.8 first.
REACHED_BY_MEANING = Quality(top1=22 / 24, top3=1.0, mrr=0.95)
SEMANTIC_TARGET = 0.8


def test_the_set_holds_at_least_40_texts_each_mentee_with_a_right_mentor_of_the_set():
    assert len(MENTORS) + len(MENTEES) >= 40
    names = [mentor.name for mentor in MENTORS]
    assert len(set(names)) == len(names)
    assert all(mentee.right and set(mentee.right) <= set(names) for mentee in MENTEES)


def test_tfidf_finds_the_right_mentor_no_worse_than_it_reached():
    quality, _ = measure(EXPERTISE_LABELS)
    assert quality.top1 >= REACHED.top1
    assert quality.top3 >= REACHED.top3
    assert quality.mrr >= REACHED.mrr


def test_meaning_finds_the_right_mentor_for_at_least_four_in_five_mentees():
    quality, _ = measure(EXPERTISE_LABELS, by_meaning=True)
    assert quality.top1 >= SEMANTIC_TARGET
    assert quality.top1 >= REACHED_BY_MEANING.top1
    assert quality.top3 >= REACHED_BY_MEANING.top3
    assert quality.mrr >= REACHED_BY_MEANING.mrr


@pytest.mark.parametrize("by_meaning", [False, True], ids=["tfidf", "meaning"])
def test_text_spreads_a_mentees_row_at_least_as_much_as_career_stage_on_the_set_and_on_synthetic_data(by_meaning):
    _, spreads = measure(EXPERTISE_LABELS, by_meaning=by_meaning)
    assert spreads["text"] >= spreads["career"]
    size = 60 if by_meaning else 200  # embedding takes about 20 ms a text
    mentors, mentees = synthetic_program(size, size, seed=5)
    vectors = embedded_set(mentors, mentees, EXPERTISE_LABELS) if by_meaning else None
    synthetic = score_matrix(mentors, mentees, labels=EXPERTISE_LABELS, vectors=vectors)
    assert spread(synthetic.components["text"]) >= spread(synthetic.components["career"])


def test_ties_count_against_the_method():
    _, _, right = evaluation_program()
    nothing = np.zeros((len(MENTEES), len(MENTORS)))
    assert ranking_quality(nothing, right).top1 == 0.0
    perfect = np.zeros_like(nothing)
    for row, good in enumerate(right):
        perfect[row, sorted(good)] = 1.0
    assert ranking_quality(perfect, right) == Quality(top1=1.0, top3=1.0, mrr=1.0)
    second = perfect.copy()
    second[:, :] += 0.5 * (perfect == 0)  # every wrong mentor at 0.5, right ones at 1: still first
    assert ranking_quality(second, right).mrr == 1.0


FIGURES = r"top1 (\d\.\d\d) top3 (\d\.\d\d) mrr (\d\.\d\d)"


def at_least(printed: tuple[str, ...], reached: Quality) -> bool:
    floors = [round(floor, 2) for floor in (reached.top1, reached.top3, reached.mrr)]
    return all(float(value) >= floor for value, floor in zip(printed, floors, strict=True))


def test_bench_quality_ends_with_the_one_line_summary_of_both_methods():
    out = StringIO()
    call_command("bench_matching", quality=True, stdout=out)
    last = out.getvalue().splitlines()[-1]
    found = re.fullmatch(f"matching quality: tfidf {FIGURES}; semantic {FIGURES}", last)
    assert found, last
    assert at_least(found.groups()[:3], REACHED)
    assert at_least(found.groups()[3:], REACHED_BY_MEANING)


def test_bench_quality_says_when_the_model_is_not_installed(monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: False)
    out = StringIO()
    call_command("bench_matching", quality=True, stdout=out)
    last = out.getvalue().splitlines()[-1]
    found = re.fullmatch(f"matching quality: tfidf {FIGURES}; semantic not installed", last)
    assert found and at_least(found.groups(), REACHED), last
