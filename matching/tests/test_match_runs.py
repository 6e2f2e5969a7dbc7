"""The chair's matching workflow: run, review with reasons, lock, reject, swap, preview, publish."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from matching import proposal_edits, publishing, services
from matching.models import MatchRun, PairRule, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor
from pairings.models import Pairing

pytestmark = pytest.mark.django_db
RUNS = reverse("admin:matching_matchrun_changelist")
PROPOSALS = reverse("admin:matching_proposal_changelist")


@pytest.fixture
def as_chair(committing_client, chair):
    committing_client.force_login(chair)
    return committing_client


@pytest.fixture
def run(program, chair, cohort) -> MatchRun:
    run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
    services.match_run_solve(run=run)
    return run


def pairs(run: MatchRun) -> set[tuple[int, int]]:
    return set(run.proposals.kept().values_list("mentee_application_id", "mentor_application_id"))


def weights_post(run: MatchRun, **overrides) -> dict:
    data = {name: getattr(run, name) for name in MatchRun.WEIGHT_FIELDS}
    data.update({"fairness": run.fairness, "objective": run.objective, "min_score": run.min_score, **overrides})
    return data


class TestAccess:
    @pytest.mark.parametrize("url", [RUNS, PROPOSALS, reverse("admin:matching_matchrun_add")])
    def test_anonymous_and_applicants_are_sent_to_the_admin_login(self, client, mentee, url):
        assert client.get(url).status_code == 302
        client.force_login(mentee)
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_alternatives_are_for_staff_only(self, client, mentee, run):
        url = reverse("admin:matching_proposal_alternatives", args=[run.proposals.first().pk])
        client.force_login(mentee)
        assert client.get(url).status_code == 302


class TestViewOnlyStaff:
    """A staff account that may only view is offered no lock, reject, swap, re-run, publish, choice or preview, and
    posting one anyway changes nothing."""

    def test_the_proposals_and_runs_lists_offer_no_action(self, client, viewer, chair, run):
        client.force_login(viewer)
        for url, actions in ((PROPOSALS, ("lock", "reject", "swap")), (RUNS, ("rerun", "publish"))):
            content = client.get(url).content.decode()
            assert all(f'value="{action}"' not in content for action in actions)
        client.force_login(chair)
        assert 'value="lock"' in client.get(PROPOSALS).content.decode()
        assert 'value="publish"' in client.get(RUNS).content.decode()

    def test_posted_actions_change_nothing(self, committing_client, viewer, run, mailoutbox):
        committing_client.force_login(viewer)
        before = pairs(run)
        first, second = run.proposals.all()[:2]
        for action in ("lock", "reject"):
            committing_client.post(PROPOSALS, {"action": action, "_selected_action": [first.pk]})
        committing_client.post(PROPOSALS, {"action": "swap", "_selected_action": [first.pk, second.pk]})
        committing_client.post(RUNS, {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"})
        assert not PairRule.objects.exists()
        assert pairs(run) == before
        run.refresh_from_db()
        assert run.is_draft
        assert not Pairing.objects.exists()
        assert mailoutbox == []

    def test_alternatives_are_shown_without_a_choice_and_a_posted_choice_is_refused(self, client, viewer, run, cohort):
        mentors, mentees = cohort
        proposal = run.proposals.get(mentee_application=mentees[0])
        url = reverse("admin:matching_proposal_alternatives", args=[proposal.pk])
        client.force_login(viewer)
        page = client.get(url)
        assert page.status_code == 200
        assert b"Pair with this mentor instead" not in page.content
        other = next(m for m in mentors if m.pk != proposal.mentor_application_id)
        assert client.post(url, {"mentor": other.pk}).status_code == 403
        assert not PairRule.objects.exists()

    def test_the_preview_button_is_not_offered_and_a_posted_preview_is_refused(self, client, viewer, run):
        url = reverse("admin:matching_matchrun_change", args=[run.pk])
        client.force_login(viewer)
        assert b'name="_preview"' not in client.get(url).content
        assert client.post(url, weights_post(run, _preview="1")).status_code == 403


class TestRun:
    def test_the_chair_starts_a_run_and_sees_proposals_sorted_by_score_with_reasons(self, as_chair, program, cohort):
        program.min_match_score = 0
        program.match_objective = "coverage"
        program.save()
        data = weights_post(MatchRun(min_score=0.0), program=program.pk)
        response = as_chair.post(reverse("admin:matching_matchrun_add"), data)
        run = MatchRun.objects.get()
        assert response.status_code == 302
        assert response.url.endswith(f"?run__id__exact={run.pk}")
        assert (run.objective, run.min_score) == ("coverage", 0.0)  # from the program
        mentors, mentees = cohort
        assert pairs(run) == {
            (mentees[0].pk, mentors[0].pk),
            (mentees[1].pk, mentors[1].pk),
            (mentees[2].pk, mentors[2].pk),
            (mentees[3].pk, mentors[0].pk),
        }
        page = as_chair.get(response.url)
        shown = list(page.context["cl"].result_list)
        assert [p.score for p in shown] == sorted((p.score for p in shown), reverse=True)
        content = page.content.decode()
        assert "Both want to meet quarterly." in content
        assert "Finance" in content

    def test_a_mentee_is_left_unmatched_rather_than_get_a_pair_under_the_minimum(self, program, chair, cohort):
        run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.99)
        solution = services.match_run_solve(run=run)
        assert solution.pairs == []
        assert len(solution.unmatched) == 4
        run.refresh_from_db()
        assert (run.matched, run.unmatched) == (0, 4)

    def test_nobody_is_paired_with_themselves_or_within_their_organization(self, program, chair, mentor):
        both = approved_mentor(program, user=mentor, expertise=["finance", "management", "police"])
        approved_mentee(program, user=mentor, expertise=["finance"])  # same person, both roles
        colleague = approved_mentee(program, organization=both.applicant.profile.organization, expertise=["finance"])
        run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
        solution = services.match_run_solve(run=run)
        assert solution.pairs == []
        assert {m.pk for m in solution.unmatched} == {
            colleague.pk,
            Application.objects.get(role="mentee", applicant=mentor).pk,
        }

    def test_same_organization_is_allowed_when_the_program_says_so(self, program, chair):
        program.exclude_same_organization = False
        program.save()
        mentor = approved_mentor(program, organization="City of Irvine")
        approved_mentee(program, organization="City of Irvine")
        run = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
        assert [p.mentor for p in services.match_run_solve(run=run).pairs] == [mentor]

    def test_a_mentor_never_exceeds_capacity(self, run, cohort):
        mentors, _ = cohort
        counts = {m.pk: run.proposals.filter(mentor_application=m).count() for m in mentors}
        assert counts[mentors[0].pk] == 2
        assert all(counts[m.pk] <= 1 for m in mentors[1:])


class TestChairControls:
    def test_a_locked_pair_survives_a_re_run(self, as_chair, run, cohort):
        _mentors, mentees = cohort
        proposal = run.proposals.get(mentee_application=mentees[3])
        as_chair.post(PROPOSALS, {"action": "lock", "_selected_action": [proposal.pk]})
        assert PairRule.objects.get().kind == "lock"
        services.match_run_solve(run=run)
        assert run.proposals.get(mentee_application=mentees[3]).state == Proposal.State.LOCKED

    def test_a_rejected_pair_never_comes_back(self, as_chair, run, cohort):
        mentors, mentees = cohort
        proposal = run.proposals.get(mentee_application=mentees[0])
        as_chair.post(PROPOSALS, {"action": "reject", "_selected_action": [proposal.pk]})
        as_chair.post(RUNS, {"action": "rerun", "_selected_action": [run.pk]})
        assert (mentees[0].pk, mentors[0].pk) not in pairs(run)
        assert run.proposals.filter(mentee_application=mentees[0]).exists()  # found someone else

    def test_re_running_one_run_lands_on_its_new_proposals(self, as_chair, run):
        response = as_chair.post(RUNS, {"action": "rerun", "_selected_action": [run.pk]})
        assert response.status_code == 302
        assert response.url == f"{PROPOSALS}?run__id__exact={run.pk}"

    def test_the_add_and_change_pages_offer_the_preview_they_promise(self, as_chair, run):
        add_page = as_chair.get(reverse("admin:matching_matchrun_add")).content.decode()
        assert "Press Preview to see the pairs these weights would make before saving" in add_page
        assert 'name="_preview"' in add_page
        change_page = as_chair.get(reverse("admin:matching_matchrun_change", args=[run.pk])).content.decode()
        assert "Press Preview" in change_page and 'name="_preview"' in change_page

    def test_swapping_two_pairs_exchanges_their_mentors_and_locks_both(self, as_chair, run, cohort):
        mentors, mentees = cohort
        first = run.proposals.get(mentee_application=mentees[1])
        second = run.proposals.get(mentee_application=mentees[2])
        as_chair.post(PROPOSALS, {"action": "swap", "_selected_action": [first.pk, second.pk]})
        assert (mentees[1].pk, mentors[2].pk) in pairs(run)
        assert (mentees[2].pk, mentors[1].pk) in pairs(run)
        assert set(PairRule.objects.values_list("kind", flat=True)) == {"lock"}
        services.match_run_solve(run=run)
        assert (mentees[1].pk, mentors[2].pk) in pairs(run)

    def test_swap_needs_exactly_two(self, as_chair, run):
        response = as_chair.post(
            PROPOSALS, {"action": "swap", "_selected_action": [run.proposals.first().pk]}, follow=True
        )
        assert b"Select exactly two pairs to swap." in response.content

    def test_the_five_best_alternatives_are_shown_and_one_can_be_chosen(self, as_chair, run, cohort, program):
        mentors, mentees = cohort
        for _ in range(5):
            approved_mentor(program)
        proposal = run.proposals.get(mentee_application=mentees[0])
        url = reverse("admin:matching_proposal_alternatives", args=[proposal.pk])
        page = as_chair.get(url)
        alternatives = page.context["alternatives"]
        assert len(alternatives) == 5
        assert mentors[0].pk not in [a.mentor.pk for a in alternatives]
        assert [a.score for a in alternatives] == sorted((a.score for a in alternatives), reverse=True)
        choice = alternatives[0].mentor
        as_chair.post(url, {"mentor": choice.pk})
        assert (mentees[0].pk, choice.pk) in pairs(run)
        assert run.proposals.get(mentee_application=mentees[0]).state == Proposal.State.LOCKED

    def test_preview_shows_the_change_and_saves_nothing(self, as_chair, run):
        before = pairs(run)
        url = reverse("admin:matching_matchrun_change", args=[run.pk])
        data = weights_post(run, weight_expertise=0.0, weight_frequency=1.0, _preview="1")
        page = as_chair.post(url, data)
        assert page.status_code == 200
        assert b"Nothing has been saved" in page.content
        preview = page.context["preview"]
        assert preview.current.keys() == before
        run.refresh_from_db()
        assert run.weight_expertise == 0.35
        assert pairs(run) == before

    def test_saving_new_weights_re_runs(self, as_chair, run):
        url = reverse("admin:matching_matchrun_change", args=[run.pk])
        as_chair.post(url, weights_post(run, min_score=0.99))
        run.refresh_from_db()
        assert run.min_score == 0.99
        assert run.proposals.count() == 0


class TestPublish:
    def test_publishing_creates_pairings_and_emails_both_partners_once(self, as_chair, chair, run, mailoutbox):
        as_chair.post(RUNS, {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"})
        assert Pairing.objects.count() == 4
        pairing = Pairing.objects.first()
        assert pairing.approved_by == chair
        assert pairing.reasons
        assert len(mailoutbox) == 8
        to_mentee = next(m for m in mailoutbox if m.to == [pairing.mentee.email])
        assert pairing.mentor.email in to_mentee.body
        assert pairing.mentor.profile.phone in to_mentee.body
        assert "Statement of Mutual Understanding" in to_mentee.body
        as_chair.post(RUNS, {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"})
        assert Pairing.objects.count() == 4
        assert len(mailoutbox) == 8

    def test_rejected_proposals_are_not_published(self, chair, run):
        proposal = run.proposals.first()
        proposal_edits.proposal_reject(proposal=proposal, actor=chair)
        publishing.match_run_publish(run=run, actor=chair)
        assert Pairing.objects.count() == 3

    def test_a_published_run_cannot_be_changed(self, chair, run):
        publishing.match_run_publish(run=run, actor=chair)
        with pytest.raises(services.MatchingError):
            proposal_edits.proposal_lock(proposal=run.proposals.first(), actor=chair)

    def test_a_new_run_leaves_out_mentees_already_paired_and_full_mentors(self, chair, run, program, cohort):
        publishing.match_run_publish(run=run, actor=chair)
        late = approved_mentee(program, expertise=["finance"])
        second = MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)
        solution = services.match_run_solve(run=second)
        assert [p.mentee for p in solution.pairs] + solution.unmatched == [late]


def test_the_proposals_page_runs_a_bounded_number_of_queries(as_chair, program, chair):
    def count(n: int) -> int:
        MatchRun.objects.all().delete()
        run = MatchRun.objects.create(program=program, created_by=chair)
        mentor = approved_mentor(program, capacity=2)
        mentees = [approved_mentee(program) for _ in range(n)]
        Proposal.objects.bulk_create(
            Proposal(run=run, mentor_application=mentor, mentee_application=m, score=0.5, reasons=["x"])
            for m in mentees
        )
        with CaptureQueriesContext(connection) as queries:
            assert as_chair.get(PROPOSALS, {"run__id__exact": run.pk, "all": ""}).status_code == 200
        return len(queries)

    small, large = count(5), count(500)
    assert small == large
