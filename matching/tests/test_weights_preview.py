"""A new match run's page: each weight named and described, and a preview of what the weights would propose before
anything is saved."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from applications.policy import DEFAULT_WEIGHTS, WEIGHT_DESCRIPTIONS, WEIGHT_LABELS
from matching import services
from matching.factories import MatchRunFactory
from matching.models import MatchRun, Proposal

pytestmark = pytest.mark.django_db
ADD = reverse("admin:matching_matchrun_add")
PROPOSALS = reverse("admin:matching_proposal_changelist")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@pytest.fixture
def as_chair(committing_client, host_chair):
    committing_client.force_login(host_chair)
    return committing_client


def new_run_post(program, **weights) -> dict:
    data = {f"weight_{name}": weight for name, weight in DEFAULT_WEIGHTS.items()}
    return {"program": program.pk, **data, "fairness": "total", **weights}


def writes(queries) -> list[str]:
    return [q["sql"][:120] for q in queries if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]


def test_each_weight_is_named_and_described_on_the_add_page(as_chair, program):
    text = strip_tags(as_chair.get(ADD).content.decode())
    for name, description in WEIGHT_DESCRIPTIONS.items():
        assert WEIGHT_LABELS[name].capitalize() in text
        assert f"{description} Default {DEFAULT_WEIGHTS[name]:.2f}." in text
    assert "Weight expertise" not in text


def test_a_preview_before_the_first_save_shows_what_would_be_proposed_and_writes_nothing(as_chair, program, cohort):
    with CaptureQueriesContext(connection) as queries:
        page = as_chair.post(ADD, {**new_run_post(program), "_preview": "1"})
    assert page.status_code == 200
    assert writes(queries) == []
    assert MatchRun.objects.count() == 0 and Proposal.objects.count() == 0
    solution = page.context["solution"]
    assert len(solution.pairs) == 4 and solution.unmatched == []
    text = strip_tags(page.content.decode())
    assert "Nothing has been saved." in text
    assert re.search(r"Pairs\s*4", text)
    mean = round(100 * solution.total / 4)
    assert re.search(rf"Average match\s*{mean}%", text)
    assert re.search(r"Mentees left unmatched\s*0", text)
    best = max(solution.pairs, key=lambda pair: pair.score)
    assert best.mentee.applicant.full_name in text and best.mentor.applicant.full_name in text


def test_the_preview_follows_the_weights_typed(as_chair, program, cohort):
    program.min_match_score = 0.9
    program.save()
    strict = as_chair.post(ADD, {**new_run_post(program), "_preview": "1"}).context["solution"]
    expertise_only = new_run_post(program, **{f"weight_{name}": 0 for name in DEFAULT_WEIGHTS if name != "expertise"})
    loose = as_chair.post(ADD, {**expertise_only, "_preview": "1"}).context["solution"]
    assert len(loose.pairs) > len(strict.pairs)


def test_saving_from_the_preview_solves_the_run_with_those_weights_and_lands_on_its_proposals(
    as_chair, program, cohort
):
    data = new_run_post(program, weight_text=0.5)
    page = as_chair.post(ADD, {**data, "_preview": "1"})
    assert 'name="weight_text" value="0.5"' in page.content.decode()
    response = as_chair.post(ADD, {**data, "_save": "Save"})
    run = MatchRun.objects.get()
    assert response.status_code == 302 and response.url == f"{PROPOSALS}?run__id__exact={run.pk}"
    assert run.weight_text == 0.5
    assert run.proposals.count() == 4


def test_back_from_the_preview_keeps_the_weights_typed(as_chair, program):
    page = as_chair.post(ADD, {**new_run_post(program, weight_career=0.7), "_preview": "1"})
    back = page.context["back"]
    form = as_chair.get(back).content.decode()
    assert 'name="weight_career" value="0.7"' in form


def test_a_program_outside_ones_association_cannot_be_previewed(committing_client, other_chair, program, cohort):
    committing_client.force_login(other_chair)
    response = committing_client.post(ADD, {**new_run_post(program), "_preview": "1"})
    assert response.status_code == 302
    assert "solution" not in (response.context or {})


def test_an_account_that_may_not_add_runs_cannot_preview(client, viewer, program, cohort):
    client.force_login(viewer)
    assert client.post(ADD, {**new_run_post(program), "_preview": "1"}).status_code == 403


def test_saving_new_weights_on_a_draft_lands_on_its_new_proposals(as_chair, program, cohort, host_chair):
    run = MatchRun.objects.create(program=program, created_by=host_chair, min_score=0.0)
    services.match_run_solve(run=run)
    data = {**new_run_post(program, weight_text=0.4), "objective": "total", "min_score": 0.0}
    data.pop("program")
    response = as_chair.post(reverse("admin:matching_matchrun_change", args=[run.pk]), data)
    assert response.status_code == 302 and response.url == f"{PROPOSALS}?run__id__exact={run.pk}"
    run.refresh_from_db()
    assert run.weight_text == 0.4


def test_a_published_runs_weights_read_under_their_names(as_chair, program):
    """Read-only (published), the weights are labelled by the model itself: no "Weight expertise" field name."""
    run = MatchRunFactory(program=program, status=MatchRun.Status.PUBLISHED, weight_expertise=0.5)
    text = strip_tags(as_chair.get(reverse("admin:matching_matchrun_change", args=[run.pk])).content.decode())
    for name in WEIGHT_DESCRIPTIONS:
        assert WEIGHT_LABELS[name].capitalize() in text
    assert re.search(r"Areas of expertise:\s*0\.5", text)
    assert "Weight " not in text
