"""The chair's edits to a draft match run's proposals: lock a pair, reject one, swap two mentors, or choose
another mentor for a mentee from their best alternatives. Each edit is kept as a pair rule (lock or forbid)
that every later solve honours; the run itself is solved in `matching.services`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.access import require_chair
from applications.models import Application
from matching.models import MatchRun, PairRule, Proposal
from matching.services import MatchingError, Scored, broken_rule, match_run_solve, require_draft, score_pool


def _rule(proposal: Proposal, kind: str, actor: User | None) -> None:
    PairRule.objects.update_or_create(
        mentor_application=proposal.mentor_application,
        mentee_application=proposal.mentee_application,
        defaults={"program": proposal.run.program, "kind": kind, "created_by": actor, "created_at": timezone.now()},
    )


def _decide(proposal: Proposal, kind: str, state: str, actor: User) -> None:
    """The chair's rule on one proposed pair, kept for every re-run, and the proposal marked with it."""
    require_chair(actor, Proposal, proposal.run.program_id)
    require_draft(proposal.run)
    _rule(proposal, kind, actor)
    proposal.state = state
    proposal.save(update_fields=["state"])


@transaction.atomic
def proposal_lock(*, proposal: Proposal, actor: User) -> None:
    """Keep this pair in every re-run."""
    _decide(proposal, PairRule.Kind.LOCK, Proposal.State.LOCKED, actor)


@transaction.atomic
def proposal_reject(*, proposal: Proposal, actor: User) -> None:
    """Never propose this pair again; the next re-run finds the mentee someone else."""
    _decide(proposal, PairRule.Kind.FORBID, Proposal.State.REJECTED, actor)


@transaction.atomic
def proposal_swap(*, first: Proposal, second: Proposal, actor: User) -> None:
    """Exchange the mentors of two proposals and lock both new pairs (the old pairs are no longer locked)."""
    require_chair(actor, Proposal, first.run.program_id)
    require_draft(first.run)
    if first.run_id != second.run_id or first.pk == second.pk:
        raise MatchingError("Choose two proposals of the same run to swap.")
    if first.mentor_application_id == second.mentor_application_id:
        raise MatchingError("Both proposals have the same mentor; there is nothing to swap.")
    for proposal in (first, second):
        PairRule.objects.filter(
            mentor_application=proposal.mentor_application,
            mentee_application=proposal.mentee_application,
            kind=PairRule.Kind.LOCK,
        ).delete()
    first.mentor_application, second.mentor_application = second.mentor_application, first.mentor_application
    for proposal in (first, second):
        proposal_rescore(proposal=proposal, edit="That swap")
        proposal.state = Proposal.State.LOCKED
        proposal.save()
        _rule(proposal, PairRule.Kind.LOCK, actor)


def proposal_rescore(*, proposal: Proposal, edit: str = "That pair") -> None:
    """Score a pair the chair made by hand, read off the pool's matrix like every other proposal; refuse it, with
    the rule named, when the program forbids it."""
    scored = score_pool(proposal.run, extra_mentor=proposal.mentor_application)
    i = scored.mentee_index.get(proposal.mentee_application_id)
    if i is None:
        raise MatchingError("That mentee is no longer waiting for a mentor.")
    j = scored.mentor_index[proposal.mentor_application_id]
    if not scored.feasible[i, j]:
        raise MatchingError(f"{edit} {broken_rule(scored, i, j, proposal.run.program)}.")
    proposal.score = float(scored.matrix.total[i, j])
    proposal.components, proposal.reasons = scored.reasons(i, j)


@transaction.atomic
def proposal_choose_mentor(
    *,
    run: MatchRun,
    mentee_application: Application,
    mentor_application: Application,
    actor: User,
    replacing: Application | None = None,
) -> None:
    """Pair the mentee with another mentor (one of their alternatives), lock it, and re-run around it. In a run of
    several mentors per mentee, only the lock on the pair `replacing` names goes: the mentee's other locked mentors
    stay."""
    require_chair(actor, Proposal, run.program_id)
    if not (
        mentor_application.program_id == mentee_application.program_id == run.program_id
        and mentor_application.role == Application.Role.MENTOR
        and mentee_application.role == Application.Role.MENTEE
    ):
        raise MatchingError("Choose a mentor and a mentee of this run's program.")
    require_draft(run)
    scored = score_pool(run)
    i, j = scored.mentee_index.get(mentee_application.pk), scored.mentor_index.get(mentor_application.pk)
    if i is None or j is None:
        raise MatchingError("That mentor or mentee is no longer waiting in this program.")
    if not scored.feasible[i, j]:
        raise MatchingError(f"That pair {broken_rule(scored, i, j, run.program)}.")
    if _free_places(run, scored, exclude_mentee=mentee_application.pk).get(mentor_application.pk, 0) <= 0:
        name = mentor_application.applicant.full_name
        raise MatchingError(f"{name} has no free place in this run: reject one of their proposed pairs first.")
    locks = PairRule.objects.filter(mentee_application=mentee_application, kind=PairRule.Kind.LOCK)
    if run.teams:
        locks = locks.filter(mentor_application=replacing)
    locks.delete()
    PairRule.objects.update_or_create(
        mentor_application=mentor_application,
        mentee_application=mentee_application,
        defaults={
            "program": run.program,
            "kind": PairRule.Kind.LOCK,
            "created_by": actor,
            "created_at": timezone.now(),
        },
    )
    match_run_solve(run=run)


@dataclass
class Alternative:
    mentor: Application
    score: float
    reasons: list[str]
    free_places: int


def _free_places(run: MatchRun, scored: Scored, *, exclude_mentee: int) -> dict[int, int]:
    """mentor application id -> places left in this run: the mentor's room less the mentees proposed to them
    (other than this mentee). A full mentor is never offered: taking her would silently move someone else."""
    taken = Counter(
        run.proposals.exclude(mentee_application_id=exclude_mentee).values_list("mentor_application_id", flat=True)
    )
    return {
        mentor.pk: capacity - taken[mentor.pk]
        for mentor, capacity in zip(scored.pool.mentors, scored.pool.capacities, strict=True)
    }


def alternatives(*, run: MatchRun, mentee_application: Application, limit: int = 5) -> list[Alternative]:
    """The best other mentors with a free place for this mentee, with scores, reasons and their free places (never
    the proposed one, never a pair the program forbids)."""
    scored = score_pool(run)
    i = scored.mentee_index.get(mentee_application.pk)
    if i is None:
        return []
    current = set(
        run.proposals.filter(mentee_application=mentee_application).values_list("mentor_application_id", flat=True)
    )
    free = _free_places(run, scored, exclude_mentee=mentee_application.pk)
    ranked = sorted(
        range(len(scored.pool.mentors)), key=lambda j: (-scored.matrix.total[i, j], scored.pool.mentors[j].pk)
    )
    result = []
    for j in ranked:
        mentor = scored.pool.mentors[j]
        if mentor.pk in current or not scored.feasible[i, j] or free[mentor.pk] <= 0:
            continue
        _, reasons = scored.reasons(i, j)
        result.append(
            Alternative(
                mentor=mentor, score=float(scored.matrix.total[i, j]), reasons=reasons, free_places=free[mentor.pk]
            )
        )
        if len(result) == limit:
            break
    return result
