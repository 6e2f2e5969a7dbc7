"""The fairness the chair chooses: saved on the run, used by every solve, and costed in both previews.

The cohort's scores are replaced by a matrix where the three choices differ (the solver's own guarantees are
proved against brute force in test_fairness.py); here the question is what the chair reads and what is saved."""

import re

import numpy as np
import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from applications.policy import DEFAULT_WEIGHTS
from matching import services
from matching.models import MatchRun

pytestmark = pytest.mark.django_db
ADD = reverse("admin:matching_matchrun_add")

# Mentees 0-3 (rows) against mentors 0-2 (columns; mentor 0 has room for two), as the cohort fixture makes them.
# Best total: 0-0, 1-2, 2-1, 3-0 (average 77.5%, weakest 60%). Lift the weakest pair: 0-1, 1-2, 2-0, 3-0 (75%,
# weakest 70%). No pair would rather swap: 0-0, 1-0, 2-1, 3-2 (72.5%, weakest 40%).
SCORES = np.array([[0.6, 0.7, 0.6], [0.4, 0.6, 0.8], [0.7, 0.9, 0.6], [0.8, 0.9, 1.0]])
EXPECTED = {
    "total": [(0, 0), (1, 2), (2, 1), (3, 0)],
    "weakest": [(0, 1), (1, 2), (2, 0), (3, 0)],
    "stable": [(0, 0), (1, 0), (2, 1), (3, 2)],
}


@pytest.fixture
def crafted(monkeypatch, cohort):
    """Every solve of the cohort reads SCORES (rows and columns in the cohort's order)."""
    mentors, mentees = cohort
    real = services.score_pool

    def score_pool(run, weights=None, **kwargs):
        scored = real(run, weights, **kwargs)
        assert scored.feasible.all()
        for i, mentee in enumerate(mentees):
            for j, mentor in enumerate(mentors):
                scored.matrix.total[scored.mentee_index[mentee.pk], scored.mentor_index[mentor.pk]] = SCORES[i, j]
        return scored

    monkeypatch.setattr(services, "score_pool", score_pool)
    return cohort


@pytest.fixture
def as_chair(committing_client, chair):
    committing_client.force_login(chair)
    return committing_client


def pairs_by_index(cohort, pairs) -> list[tuple[int, int]]:
    mentors, mentees = cohort
    return sorted((mentees.index(p.mentee), mentors.index(p.mentor)) for p in pairs)


def words(page) -> str:
    """The page's text, each cell a word apart."""
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def percent(value: float) -> str:
    return f"{round(value * 100)}%"  # as the template's widthratio rounds


@pytest.mark.parametrize("fairness", ["total", "weakest", "stable"])
def test_a_run_solves_and_saves_the_fairness_it_names(program, chair, crafted, fairness):
    run = MatchRun.objects.create(program=program, created_by=chair, fairness=fairness)
    solution = services.match_run_solve(run=run)
    assert pairs_by_index(crafted, solution.pairs) == EXPECTED[fairness]
    proposals = run.proposals.all()
    assert (
        pairs_by_index(
            crafted,
            [services.ProposedPair(p.mentor_application, p.mentee_application, 0, {}, [], False) for p in proposals],
        )
        == EXPECTED[fairness]
    )


def test_the_cost_compares_with_the_best_total_and_names_who_changes(program, chair, crafted):
    mentors, mentees = crafted
    run = MatchRun(program=program, created_by=chair, fairness="weakest")
    chosen, cost = services.solve_with_cost(run)
    assert cost.chosen is chosen
    assert (cost.best.weakest, cost.chosen.weakest) == (0.6, 0.7)
    assert cost.best.mean == pytest.approx(0.775) and cost.chosen.mean == pytest.approx(0.75)
    assert {(mentee.pk, best.pk, mine.pk) for mentee, [best], [mine] in cost.changed} == {
        (mentees[0].pk, mentors[0].pk, mentors[1].pk),
        (mentees[2].pk, mentors[1].pk, mentors[0].pk),
    }
    assert services.solve_with_cost(MatchRun(program=program, fairness="total"))[1] is None


def test_the_preview_before_saving_shows_what_the_choice_costs(as_chair, program, crafted):
    mentors, mentees = crafted
    data = {"program": program.pk, **{f"weight_{k}": v for k, v in DEFAULT_WEIGHTS.items()}, "fairness": "stable"}
    page = as_chair.post(ADD, {**data, "_preview": "1"})
    assert page.status_code == 200 and MatchRun.objects.count() == 0
    text = words(page)
    assert "Fairness: No pair would rather swap." in text
    assert "What “No pair would rather swap” costs" in text
    cost = page.context["cost"]
    assert f"Average match {percent(cost.best.mean)} {percent(cost.chosen.mean)}" in text
    assert cost.chosen.mean == pytest.approx(0.725) and cost.best.mean == pytest.approx(0.775)
    assert "Weakest pair 60% 40%" in text
    assert "Who changes (2)" in text
    for i, best, mine in ((1, 2, 0), (3, 0, 2)):
        row = (
            f"{mentees[i].applicant.full_name} {mentors[best].applicant.full_name} {mentors[mine].applicant.full_name}"
        )
        assert row in text
    assert 'name="fairness" value="stable"' in page.content.decode()  # saving from the preview keeps the choice
    as_chair.post(ADD, {**data, "_save": "Save"})
    run = MatchRun.objects.get()
    assert run.fairness == "stable"
    assert (
        sorted((mentees.index(p.mentee_application), mentors.index(p.mentor_application)) for p in run.proposals.all())
        == EXPECTED["stable"]
    )


def test_the_preview_of_a_saved_run_costs_a_new_choice_and_best_total_shows_no_cost(as_chair, program, chair, crafted):
    run = MatchRun.objects.create(program=program, created_by=chair)
    services.match_run_solve(run=run)
    url = reverse("admin:matching_matchrun_change", args=[run.pk])
    data = {name: getattr(run, name) for name in MatchRun.WEIGHT_FIELDS}
    data.update({"objective": run.objective, "min_score": run.min_score, "_preview": "1"})
    page = as_chair.post(url, {**data, "fairness": "weakest"})
    text = words(page)
    cost = page.context["cost"]
    assert f"Average match {percent(cost.best.mean)} 75%" in text
    assert "Weakest pair 60% 70%" in text and "Who changes (2)" in text
    run.refresh_from_db()
    assert run.fairness == "total"  # a preview saves nothing
    plain = as_chair.post(url, {**data, "fairness": "total"})
    assert plain.context["cost"] is None and "costs" not in strip_tags(plain.content.decode())


def test_a_published_runs_fairness_cannot_be_changed(as_chair, program, chair, crafted):
    run = MatchRun.objects.create(program=program, created_by=chair, status=MatchRun.Status.PUBLISHED)
    page = as_chair.get(reverse("admin:matching_matchrun_change", args=[run.pk])).content.decode()
    assert 'name="fairness"' not in page and "Best total" in page


def test_the_add_page_offers_the_three_choices_with_best_total_first_and_the_preview_note_once(as_chair, program):
    page = as_chair.get(ADD).content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', page[page.index('name="fairness"') :])[:3]
    assert options == [
        ("total", "Best total"),
        ("weakest", "Lift the weakest pair"),
        ("stable", "No pair would rather swap"),
    ]
    assert re.search(r'<option value="total" selected>', page)
    assert page.count("Press Preview") == 1
