"""Publishing a match run re-checks places against what happened since the solve, and publishes once."""

import threading
import time
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from applications.models import Application, Program
from matching import gallery, proposal_edits, publishing, services
from matching.models import GalleryRequest, MatchRun, PairRule, Proposal
from matching.tests.conftest import approved_mentee, approved_mentor, at_once
from pairings.models import Pairing
from pairings.services import pairing_create

pytestmark = pytest.mark.django_db
RUNS = reverse("admin:matching_matchrun_changelist")
PROPOSALS = reverse("admin:matching_proposal_changelist")


@pytest.fixture
def both_program(program) -> Program:
    """A program where the chair matches and mentees may also ask mentors from the gallery."""
    program.pairing_mode = Program.PairingMode.BOTH
    program.save()
    return program


def new_run(program: Program, chair) -> MatchRun:
    return MatchRun.objects.create(program=program, created_by=chair, min_score=0.0)


def propose(run: MatchRun, mentor: Application, mentee: Application, **kwargs) -> Proposal:
    """A proposal as a solve leaves it (the solver's choice is not what these tests are about)."""
    return Proposal.objects.create(
        run=run, mentor_application=mentor, mentee_application=mentee, score=kwargs.pop("score", 0.5), **kwargs
    )


def accept_from_gallery(mentor: Application, mentee: Application) -> Pairing:
    request = gallery.gallery_request_create(mentee_application=mentee, mentor_application=mentor, message="Hello")
    return gallery.gallery_request_accept(request=request, actor=request.mentor_application.applicant)


def name(application: Application) -> str:
    return application.applicant.full_name


def active(**lookup) -> int:
    return Pairing.objects.active().filter(**lookup).count()


class TestPlacesAreCheckedAgain:
    def test_a_gallery_acceptance_after_the_solve_takes_the_place_and_the_pair_is_left_out_with_why(
        self, both_program, chair
    ):
        mentor = approved_mentor(both_program, capacity=1)
        proposed, from_gallery = approved_mentee(both_program), approved_mentee(both_program)
        run = new_run(both_program, chair)
        services.match_run_solve(run=run)
        proposal = run.proposals.get()
        assert proposal.mentee_application in (proposed, from_gallery)
        accept_from_gallery(mentor, from_gallery if proposal.mentee_application == proposed else proposed)

        publication = publishing.match_run_publish(run=run, actor=chair)

        assert active(mentor_application=mentor) == 1
        assert publication.pairings == []
        proposal.refresh_from_db()
        assert proposal.pairing is None
        assert proposal.not_published == f"{name(mentor)} has no place left (1 of 1 taken)."
        assert publication.left_out == [proposal]

    def test_places_count_every_active_pairing_whatever_its_source_and_ended_ones_free_their_place(
        self, both_program, chair
    ):
        mentor = approved_mentor(both_program, capacity=2)
        gone, staying, waiting = (approved_mentee(both_program) for _ in range(3))
        ended = accept_from_gallery(mentor, gone)
        ended.status = Pairing.Status.ENDED
        ended.save()
        accept_from_gallery(mentor, staying)
        run = new_run(both_program, chair)
        propose(run, mentor, waiting)

        assert len(publishing.match_run_publish(run=run, actor=chair).pairings) == 1
        assert active(mentor_application=mentor) == 2

    def test_the_program_limit_caps_what_a_mentor_offered(self, program, chair):
        program.mentor_max_mentees = 1
        program.save()
        mentor = approved_mentor(program, capacity=3)
        run = new_run(program, chair)
        first, second = (propose(run, mentor, approved_mentee(program), score=s) for s in (0.9, 0.4))

        publishing.match_run_publish(run=run, actor=chair)

        first.refresh_from_db()
        second.refresh_from_db()
        assert first.pairing is not None
        assert second.not_published == f"{name(mentor)} has no place left (1 of 1 taken)."

    def test_pairs_of_one_run_share_a_mentors_places_and_locked_pairs_go_first(self, program, chair):
        mentor = approved_mentor(program, capacity=1)
        run = new_run(program, chair)
        best = propose(run, mentor, approved_mentee(program), score=0.9)
        locked = propose(run, mentor, approved_mentee(program), score=0.2, state=Proposal.State.LOCKED)

        publication = publishing.match_run_publish(run=run, actor=chair)

        assert [p.mentee_application for p in publication.pairings] == [locked.mentee_application]
        best.refresh_from_db()
        assert "no place left" in best.not_published

    def test_a_mentee_gets_no_more_mentors_than_the_program_allows(self, both_program, chair):
        mentee = approved_mentee(both_program)
        accept_from_gallery(approved_mentor(both_program), mentee)
        run = new_run(both_program, chair)
        proposal = propose(run, approved_mentor(both_program), mentee)

        publishing.match_run_publish(run=run, actor=chair)

        assert active(mentee_application=mentee) == 1
        proposal.refresh_from_db()
        assert proposal.not_published == (f"{name(mentee)} already has 1 mentor, as many as the program allows (1).")

    def test_a_dream_team_program_lets_a_mentee_take_one_more_mentor_up_to_its_limit(self, both_program, chair):
        both_program.mentee_max_mentors = 2
        both_program.save()
        mentee = approved_mentee(both_program)
        accept_from_gallery(approved_mentor(both_program), mentee)
        run = new_run(both_program, chair)
        propose(run, approved_mentor(both_program), mentee)

        assert len(publishing.match_run_publish(run=run, actor=chair).pairings) == 1
        assert active(mentee_application=mentee) == 2

        third = new_run(both_program, chair)
        refused = propose(third, approved_mentor(both_program), mentee)
        publishing.match_run_publish(run=third, actor=chair)
        refused.refresh_from_db()
        assert refused.not_published == f"{name(mentee)} already has 2 mentors, as many as the program allows (2)."

    def test_the_same_two_people_are_never_paired_twice_even_after_an_ended_pairing(self, program, chair):
        mentor, mentee = approved_mentor(program, capacity=2), approved_mentee(program)
        earlier = pairing_create(
            mentor_application=mentor, mentee_application=mentee, source=Pairing.Source.CHAIR, approved_by=chair
        )
        earlier.status = Pairing.Status.ENDED
        earlier.save()
        run = new_run(program, chair)
        proposal = propose(run, mentor, mentee)

        publishing.match_run_publish(run=run, actor=chair)

        assert Pairing.objects.count() == 1
        proposal.refresh_from_db()
        assert proposal.not_published == f"{name(mentor)} and {name(mentee)} have been paired before (ended)."

    @pytest.mark.parametrize("role", ["mentor", "mentee"])
    def test_an_application_withdrawn_or_declined_since_the_solve_is_left_out(self, program, chair, role):
        mentor, mentee = approved_mentor(program), approved_mentee(program)
        run = new_run(program, chair)
        proposal = propose(run, mentor, mentee)
        changed = mentor if role == "mentor" else mentee
        changed.status = Application.Status.WITHDRAWN
        changed.save()

        publishing.match_run_publish(run=run, actor=chair)

        assert Pairing.objects.count() == 0
        proposal.refresh_from_db()
        assert proposal.not_published == f"The {role} {name(changed)} is no longer approved (now Withdrawn)."

    def test_a_pair_the_chair_forbade_in_another_run_is_left_out(self, program, chair):
        mentor, mentee = approved_mentor(program), approved_mentee(program)
        first, second = new_run(program, chair), new_run(program, chair)
        proposal_edits.proposal_reject(proposal=propose(first, mentor, mentee), actor=chair)
        proposal = propose(second, mentor, mentee)

        publishing.match_run_publish(run=second, actor=chair)

        proposal.refresh_from_db()
        assert proposal.pairing is None
        assert proposal.not_published == "The chair rejected this pair (never pair them) after it was proposed."
        assert PairRule.objects.get().kind == PairRule.Kind.FORBID

    def test_a_pair_that_holds_is_published_with_its_score_and_reasons(self, program, chair):
        mentor, mentee = approved_mentor(program), approved_mentee(program)
        run = new_run(program, chair)
        proposal = propose(run, mentor, mentee, score=0.77, reasons=["both chose Monthly"])

        publication = publishing.match_run_publish(run=run, actor=chair)

        (pairing,) = publication.pairings
        assert (pairing.score, pairing.reasons, pairing.approved_by) == (0.77, ["both chose Monthly"], chair)
        proposal.refresh_from_db()
        assert (proposal.pairing, proposal.not_published) == (pairing, "")
        run.refresh_from_db()
        assert (run.status, run.published_by) == (MatchRun.Status.PUBLISHED, chair)

    def test_a_gallery_request_for_a_pair_the_chair_published_meanwhile_is_refused_not_a_server_error(
        self, both_program, chair
    ):
        both_program.mentee_max_mentors = 2
        both_program.save()
        mentor, mentee = approved_mentor(both_program, capacity=2), approved_mentee(both_program)
        request = gallery.gallery_request_create(mentee_application=mentee, mentor_application=mentor, message="Hi")
        run = new_run(both_program, chair)
        propose(run, mentor, mentee)
        publishing.match_run_publish(run=run, actor=chair)

        with pytest.raises(services.MatchingError, match="already paired"):
            gallery.gallery_request_accept(request=request, actor=request.mentor_application.applicant)
        assert Pairing.objects.count() == 1


class TestASecondRunForTheSameProgram:
    def test_publishing_two_runs_solved_before_either_was_published_pairs_nobody_twice(
        self, program, chair, cohort, mailoutbox, django_capture_on_commit_callbacks
    ):
        first, second = new_run(program, chair), new_run(program, chair)
        services.match_run_solve(run=first)
        services.match_run_solve(run=second)
        with django_capture_on_commit_callbacks(execute=True):
            assert len(publishing.match_run_publish(run=first, actor=chair).pairings) == 4
            publication = publishing.match_run_publish(run=second, actor=chair)

        assert publication.pairings == []
        assert len(publication.left_out) == 4
        assert all("paired" in p.not_published or "as many as" in p.not_published for p in publication.left_out)
        assert Pairing.objects.count() == 4
        assert len(mailoutbox) == 8

    def test_a_mentee_matched_by_the_first_run_gets_no_second_mentor_from_the_second(self, program, chair):
        mentors = [approved_mentor(program) for _ in range(2)]
        mentee = approved_mentee(program)
        first, second = new_run(program, chair), new_run(program, chair)
        propose(first, mentors[0], mentee)
        left_out = propose(second, mentors[1], mentee)

        publishing.match_run_publish(run=first, actor=chair)
        publishing.match_run_publish(run=second, actor=chair)

        assert active(mentee_application=mentee) == 1
        left_out.refresh_from_db()
        assert "as many as the program allows" in left_out.not_published


class TestPublishingOnce:
    def test_publishing_again_creates_nothing_and_says_so(
        self, program, chair, mailoutbox, django_capture_on_commit_callbacks
    ):
        run = new_run(program, chair)
        propose(run, approved_mentor(program), approved_mentee(program))
        with django_capture_on_commit_callbacks(execute=True):
            first = publishing.match_run_publish(run=run, actor=chair)
            again = publishing.match_run_publish(run=run, actor=chair)
        assert (len(first.pairings), first.already_published) == (1, False)
        assert (again.pairings, again.already_published) == ([], True)
        assert Pairing.objects.count() == 1
        assert len(mailoutbox) == 2

    def test_a_run_whose_pairs_were_all_left_out_is_still_published_not_reported_as_published_before(
        self, program, chair
    ):
        mentor = approved_mentor(program)
        mentor.status = Application.Status.DECLINED
        mentor.save()
        run = new_run(program, chair)
        propose(run, mentor, approved_mentee(program))
        publication = publishing.match_run_publish(run=run, actor=chair)
        assert (publication.pairings, publication.already_published, len(publication.left_out)) == ([], False, 1)
        run.refresh_from_db()
        assert run.status == MatchRun.Status.PUBLISHED


@pytest.fixture
def as_chair(committing_client, chair):
    committing_client.force_login(chair)
    return committing_client


def publish_post(client, run: MatchRun):
    return client.post(RUNS, {"action": "publish", "_selected_action": [run.pk], "confirm": "yes"}, follow=True)


class TestTheChairPublishesInTheAdmin:
    def test_the_chair_is_told_which_pairs_were_left_out_and_why_by_name(self, as_chair, both_program, chair):
        mentor = approved_mentor(both_program, capacity=1)
        stale, holds = approved_mentee(both_program), approved_mentee(both_program)
        run = new_run(both_program, chair)
        propose(run, mentor, stale)
        propose(run, approved_mentor(both_program), holds)
        accept_from_gallery(mentor, approved_mentee(both_program))

        response = publish_post(as_chair, run)

        assert response.status_code == 200
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        assert (
            shown[0] == f"Match run {run.pk} for {both_program}: 1 pairing published; both partners are told by email."
        )
        assert "(draft)" not in " ".join(shown)
        assert shown[1] == (
            f"1 pair could not be published: {name(stale)} with {name(mentor)}: "
            f"{name(mentor)} has no place left (1 of 1 taken)."
        )
        page = as_chair.get(PROPOSALS, {"run__id__exact": run.pk}).content.decode()
        assert "could not be published" in page
        assert f"{name(mentor)} has no place left (1 of 1 taken)." in page
        assert "Not published:" in page and "Proposed; published" in page
        assert "1 mentee(s) without a proposal" in page  # the one left out waits for the next run

    def test_a_hostile_name_in_a_reason_is_shown_as_text(self, as_chair, program, chair):
        mentor = approved_mentor(program)
        mentor.applicant.full_name = '<img src=x onerror="alert(1)">'
        mentor.applicant.save()
        mentor.status = Application.Status.WITHDRAWN
        mentor.save()
        run = new_run(program, chair)
        propose(run, mentor, approved_mentee(program))

        shown = publish_post(as_chair, run).content.decode()
        page = as_chair.get(PROPOSALS, {"run__id__exact": run.pk}).content.decode()

        for html in (shown, page):
            assert "<img src=x" not in html
            assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; is no longer approved" in html

    def test_a_second_run_for_the_same_program_answers_a_page_not_a_server_error(
        self, as_chair, program, chair, cohort
    ):
        first, second = new_run(program, chair), new_run(program, chair)
        services.match_run_solve(run=first)
        services.match_run_solve(run=second)
        assert publish_post(as_chair, first).status_code == 200

        response = publish_post(as_chair, second)

        assert response.status_code == 200
        assert "4 pairs could not be published" in " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert Pairing.objects.count() == 4

    def test_a_double_click_publishes_once_and_the_second_click_says_it_was_published(
        self, as_chair, program, chair, cohort, mailoutbox
    ):
        run = new_run(program, chair)
        services.match_run_solve(run=run)
        publish_post(as_chair, run)
        response = publish_post(as_chair, run)
        assert Pairing.objects.count() == 4
        assert len(mailoutbox) == 8
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            f"Match run {run.pk} for {program} was already published; nothing was sent again."
        ]


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def second_while_first_is_open(first: Callable[[], object], second: Callable[[], object]) -> list[object]:
    """The worst interleaving, made on purpose: `first` has done its work but not committed when
    `second` starts; `first` commits only once `second` waits on a lock (or after 5 s if it never does)."""
    done, go = threading.Event(), threading.Event()

    def hold_open() -> object:
        with transaction.atomic():
            result = first()
            done.set()
            go.wait(timeout=30)
        return result

    def after_first() -> object:
        done.wait(timeout=30)
        return second()

    def release() -> None:
        deadline = time.monotonic() + 5
        while not waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.01)
        go.set()

    return at_once(hold_open, after_first, release)[:2]


def contested_place(program: Program, chair, shared: str) -> tuple[GalleryRequest, MatchRun, Proposal, dict]:
    """A gallery request and a run's proposal competing for one place: the `shared` mentor's only
    place, or the `shared` mentee's only mentor. The shared application is made first, so its key is
    the lowest and the acceptance locks it before the other one."""
    if shared == "mentor":
        mentor = approved_mentor(program, capacity=1)
        (asking, asked), proposed = (approved_mentee(program), mentor), (mentor, approved_mentee(program))
    else:
        mentee = approved_mentee(program)
        (asking, asked), proposed = (mentee, approved_mentor(program)), (approved_mentor(program), mentee)
    request = gallery.gallery_request_create(mentee_application=asking, mentor_application=asked, message="Hi")
    run = new_run(program, chair)
    proposal = propose(run, *proposed)
    return request, run, proposal, {f"{shared}_application": mentor if shared == "mentor" else mentee}


@pytest.mark.django_db(transaction=True)
class TestWhileTheOtherIsStillOpen:
    @pytest.mark.parametrize("shared", ["mentor", "mentee"])
    def test_a_publish_waits_for_an_acceptance_and_sees_the_place_it_took(self, both_program, chair, shared):
        request, run, proposal, lookup = contested_place(both_program, chair, shared)

        accepted, published = second_while_first_is_open(
            lambda: gallery.gallery_request_accept(request=request, actor=request.mentor_application.applicant),
            lambda: publishing.match_run_publish(run=run, actor=chair),
        )

        assert isinstance(accepted, Pairing), accepted
        assert published.pairings == [], published
        assert active(**lookup) == 1
        proposal.refresh_from_db()
        assert proposal.not_published

    def test_an_acceptance_waits_for_a_publish_and_is_refused_politely(self, both_program, chair):
        mentor = approved_mentor(both_program, capacity=1)
        asking, proposed = approved_mentee(both_program), approved_mentee(both_program)
        request = gallery.gallery_request_create(mentee_application=asking, mentor_application=mentor, message="Hi")
        run = new_run(both_program, chair)
        propose(run, mentor, proposed)

        published, accepted = second_while_first_is_open(
            lambda: publishing.match_run_publish(run=run, actor=chair),
            lambda: gallery.gallery_request_accept(request=request, actor=request.mentor_application.applicant),
        )

        assert len(published.pairings) == 1, published
        assert isinstance(accepted, services.MatchingError), accepted
        assert active(mentor_application=mentor) == 1

    def test_a_second_run_published_while_the_first_is_open_pairs_nobody_twice(self, program, chair, cohort):
        first, second = new_run(program, chair), new_run(program, chair)
        services.match_run_solve(run=first)
        services.match_run_solve(run=second)

        one, two = second_while_first_is_open(
            lambda: publishing.match_run_publish(run=first, actor=chair),
            lambda: publishing.match_run_publish(run=second, actor=chair),
        )

        assert (len(one.pairings), len(two.pairings), len(two.left_out)) == (4, 0, 4), (one, two)
        assert Pairing.objects.count() == 4


@pytest.mark.django_db(transaction=True)
class TestAtTheSameMoment:
    ROUNDS = 4

    @pytest.mark.parametrize("shared", ["mentor", "mentee"])
    def test_a_gallery_acceptance_and_a_publish_never_overfill_a_place(self, both_program, chair, shared):
        for _ in range(self.ROUNDS):
            request, run, _, lookup = contested_place(both_program, chair, shared)

            accepted, published = at_once(
                lambda: gallery.gallery_request_accept(request=request, actor=request.mentor_application.applicant),  # noqa: B023 - joined in this round
                lambda: publishing.match_run_publish(run=run, actor=chair),  # noqa: B023
            )

            assert isinstance(published, publishing.Publication), published
            assert isinstance(accepted, Pairing | services.MatchingError), accepted
            assert active(**lookup) == 1
            assert isinstance(accepted, Pairing) == (published.pairings == [])

    def test_two_publishes_of_one_run_at_once_create_one_set_of_pairings_and_emails(
        self, program, chair, cohort, mailoutbox
    ):
        run = new_run(program, chair)
        services.match_run_solve(run=run)

        results = at_once(*(lambda: publishing.match_run_publish(run=run, actor=chair) for _ in range(2)))

        assert sorted(r.already_published for r in results) == [False, True]
        assert Pairing.objects.count() == 4
        assert len(mailoutbox) == 8

    def test_two_publish_requests_at_once_answer_pages_and_publish_once(self, program, chair, cohort, mailoutbox):
        run = new_run(program, chair)
        services.match_run_solve(run=run)
        clients = [Client(), Client()]
        for client in clients:
            client.force_login(chair)

        responses = at_once(*(lambda c=c: publish_post(c, run) for c in clients))

        assert [r.status_code for r in responses] == [200, 200]
        assert Pairing.objects.count() == 4
        assert len(mailoutbox) == 8

    def test_two_runs_of_one_program_published_at_once_pair_nobody_twice(self, program, chair, cohort):
        first, second = new_run(program, chair), new_run(program, chair)
        services.match_run_solve(run=first)
        services.match_run_solve(run=second)

        results = at_once(
            lambda: publishing.match_run_publish(run=first, actor=chair),
            lambda: publishing.match_run_publish(run=second, actor=chair),
        )

        assert all(isinstance(r, publishing.Publication) for r in results), results
        assert Pairing.objects.count() == 4
        assert sum(len(r.pairings) for r in results) == 4


class TestTheChairConfirmsBeforePublishing:
    """Publish was one click that emailed everyone: now a confirmation page says what it will do, and only a yes
    publishes."""

    def test_the_publish_button_shows_what_will_happen_and_changes_nothing(self, as_chair, program, chair, mailoutbox):
        run = new_run(program, chair)
        propose(run, approved_mentor(program), approved_mentee(program))
        waiting = approved_mentee(program)
        response = as_chair.post(RUNS, {"action": "publish", "_selected_action": [run.pk]})
        page = response.content.decode()
        assert "Publish these pairs?" in page
        assert "<strong>1 pair</strong>" in page and "<strong>2 emails</strong>" in page
        assert "Staying unmatched (1)" in page and waiting.applicant.full_name in page
        assert 'name="confirm" value="yes"' in page
        assert not Pairing.objects.exists()
        assert mailoutbox == []
        run.refresh_from_db()
        assert run.status == MatchRun.Status.DRAFT

    def test_the_confirmation_warns_of_unpaid_fees_and_people_paired_in_another_program(self, as_chair, program, chair):
        mentor = approved_mentor(program)
        mentee = approved_mentee(program, membership="nonmember", fee_status="due", fee_amount="50.00")
        last_year = Program.objects.create(
            name="2023 Program", slug="2023", host=program.host, deadline=program.deadline, chair_email="c@x.org"
        )
        pairing_create(
            mentor_application=approved_mentor(last_year, user=mentor.applicant),
            mentee_application=approved_mentee(last_year, user=mentee.applicant),
            source=Pairing.Source.CHAIR,
            approved_by=chair,
        )
        run = new_run(program, chair)
        propose(run, mentor, mentee)
        plan = publishing.publish_plan(run)
        [pair] = plan.warned
        assert pair.warnings == [
            f"The mentor {mentor.applicant.full_name} is already paired in 2023 Program.",
            f"The mentee {mentee.applicant.full_name} has not paid the non-member fee (50.00 USD).",
            f"The mentee {mentee.applicant.full_name} is already paired in 2023 Program.",
        ]
        page = as_chair.post(RUNS, {"action": "publish", "_selected_action": [run.pk]}).content.decode()
        assert "Before you publish (1)" in page
        assert "has not paid the non-member fee" in page

    def test_saying_yes_publishes_once_and_the_message_names_the_run_not_a_draft(self, as_chair, program, chair):
        run = new_run(program, chair)
        propose(run, approved_mentor(program), approved_mentee(program))
        response = publish_post(as_chair, run)
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert said == [f"Match run {run.pk} for {program}: 1 pairing published; both partners are told by email."]
        assert "draft" not in said[0].lower()
        assert Pairing.objects.filter(program=program).count() == 1
