"""State changes of matching: match runs and their proposals. Publishing creates pairings (pairings.services)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Case, When
from django.utils import timezone

from accounts.models import User
from applications.access import require_chair
from applications.models import Application, Program
from matching.assignment import assign
from matching.models import MatchRun, PairRule, Proposal
from matching.reasons import explain
from matching.scoring import ScoreMatrix, Weights, feasible_mask
from matching.selectors import EXPERTISE_LABELS, Pool, matching_pool, mentor_facts, pool_scores
from pairings.models import Pairing
from pairings.services import pairing_create


class MatchingError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


# ---- Match runs -------------------------------------------------------------------------------


@dataclass
class Solution:
    """What a solve proposes: pairs with scores, components and reasons, before anything is saved."""

    pairs: list[ProposedPair]
    unmatched: list[Application]

    @property
    def total(self) -> float:
        return sum(pair.score for pair in self.pairs)

    def keys(self) -> set[tuple[int, int]]:
        return {(pair.mentee.pk, pair.mentor.pk) for pair in self.pairs}


@dataclass
class ProposedPair:
    mentor: Application
    mentee: Application
    score: float
    components: dict[str, float]
    reasons: list[str]
    locked: bool


def run_weights(run: MatchRun) -> Weights:
    return Weights(**{name.removeprefix("weight_"): getattr(run, name) for name in MatchRun.WEIGHT_FIELDS})


@dataclass
class Scored:
    """The pool of a program scored under a run's weights, with what may be paired."""

    pool: Pool
    matrix: ScoreMatrix
    feasible: np.ndarray
    mentor_index: dict[int, int]
    mentee_index: dict[int, int]

    def reasons(self, i: int, j: int) -> tuple[dict[str, float], list[str]]:
        components = self.matrix.pair(i, j)
        reasons = explain(self.pool.mentor_facts[j], self.pool.mentee_facts[i], components, EXPERTISE_LABELS)
        return components, reasons


def score_pool(run: MatchRun, weights: Weights | None = None, *, extra_mentor: Application | None = None) -> Scored:
    """Score every waiting mentee against every mentor with room, in one matrix, as a solve does.

    Scores depend on the whole pool (the text part weighs words by how rare they are in it), so
    any single pair the chair looks at is read off this matrix rather than scored alone."""
    program = run.program
    pool = matching_pool(program)
    if extra_mentor is not None and extra_mentor.pk not in {m.pk for m in pool.mentors}:
        pool.mentors.append(extra_mentor)
        pool.mentor_facts.append(mentor_facts(extra_mentor, capacity=1))
        pool.capacities.append(0)
    matrix = pool_scores(program, pool, weights or run_weights(run))
    forbidden = set(
        PairRule.objects.filter(program=program, kind=PairRule.Kind.FORBID).values_list(
            "mentee_application_id", "mentor_application_id"
        )
    )
    forbidden |= set(
        Pairing.objects.filter(program=program).values_list("mentee_application_id", "mentor_application_id")
    )
    feasible = feasible_mask(
        pool.mentor_facts,
        pool.mentee_facts,
        exclude_same_organization=program.exclude_same_organization,
        forbidden=forbidden,
    )
    return Scored(
        pool=pool,
        matrix=matrix,
        feasible=feasible,
        mentor_index={m.pk: j for j, m in enumerate(pool.mentors)},
        mentee_index={m.pk: i for i, m in enumerate(pool.mentees)},
    )


def solve(run: MatchRun, weights: Weights | None = None) -> Solution:
    """The optimal proposal for the run's program under the chair's rules. Pure read: saves nothing."""
    scored = score_pool(run, weights)
    pool = scored.pool
    if not pool.mentors or not pool.mentees:
        return Solution(pairs=[], unmatched=list(pool.mentees))
    locks = PairRule.objects.filter(program=run.program, kind=PairRule.Kind.LOCK)
    locked = [
        (scored.mentee_index[r.mentee_application_id], scored.mentor_index[r.mentor_application_id])
        for r in locks
        if r.mentee_application_id in scored.mentee_index and r.mentor_application_id in scored.mentor_index
    ]
    # A lock on a pair that has since become impossible (forbidden, same organization) no longer binds.
    locked = [(i, j) for i, j in locked if scored.feasible[i, j]]
    try:
        chosen = assign(
            scored.matrix.total,
            pool.capacities,
            feasible=scored.feasible,
            locked=locked,
            min_score=run.min_score,
            objective=run.objective,
        )
    except ValueError as error:  # locks beyond a mentor's capacity
        raise MatchingError(f"The locked pairs cannot all be kept: {error}.") from error
    locked_set = set(locked)
    pairs = []
    for i, j in chosen:
        components, reasons = scored.reasons(i, j)
        pairs.append(
            ProposedPair(
                mentor=pool.mentors[j],
                mentee=pool.mentees[i],
                score=float(scored.matrix.total[i, j]),
                components=components,
                reasons=reasons,
                locked=(i, j) in locked_set,
            )
        )
    matched = {i for i, _ in chosen}
    return Solution(pairs=pairs, unmatched=[m for i, m in enumerate(pool.mentees) if i not in matched])


def _require_draft(run: MatchRun) -> None:
    """Read the run's status fresh, locking it, so a change never races a publish."""
    if not MatchRun.objects.select_for_update().filter(pk=run.pk, status=MatchRun.Status.DRAFT).exists():
        raise MatchingError("This match run is published; start a new run to change pairs.")


@transaction.atomic
def match_run_solve(*, run: MatchRun) -> Solution:
    """Replace the run's proposals with the optimal ones. Locked pairs are kept; forbidden ones never return."""
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    _require_draft(run)
    solution = solve(run)
    run.proposals.all().delete()
    Proposal.objects.bulk_create(
        Proposal(
            run=run,
            mentor_application=pair.mentor,
            mentee_application=pair.mentee,
            score=pair.score,
            components=pair.components,
            reasons=pair.reasons,
            state=Proposal.State.LOCKED if pair.locked else Proposal.State.PROPOSED,
        )
        for pair in solution.pairs
    )
    run.solved_at = timezone.now()
    run.total_score = solution.total
    run.matched = len(solution.pairs)
    run.unmatched = len(solution.unmatched)
    run.save(update_fields=["solved_at", "total_score", "matched", "unmatched"])
    return solution


@dataclass
class Preview:
    """How a proposal changes under other weights: nothing is saved."""

    current: Solution
    proposed: Solution

    @property
    def added(self) -> list[ProposedPair]:
        keys = self.current.keys()
        return [pair for pair in self.proposed.pairs if (pair.mentee.pk, pair.mentor.pk) not in keys]

    @property
    def removed(self) -> list[ProposedPair]:
        keys = self.proposed.keys()
        return [pair for pair in self.current.pairs if (pair.mentee.pk, pair.mentor.pk) not in keys]

    @property
    def kept(self) -> int:
        return len(self.current.keys() & self.proposed.keys())


def match_run_preview(*, run: MatchRun, weights: Weights) -> Preview:
    return Preview(current=solve(run), proposed=solve(run, weights))


def _rule(proposal: Proposal, kind: str, actor: User | None) -> None:
    PairRule.objects.update_or_create(
        mentor_application=proposal.mentor_application,
        mentee_application=proposal.mentee_application,
        defaults={"program": proposal.run.program, "kind": kind, "created_by": actor, "created_at": timezone.now()},
    )


@transaction.atomic
def proposal_lock(*, proposal: Proposal, actor: User) -> None:
    """Keep this pair in every re-run."""
    require_chair(actor, Proposal, proposal.run.program_id)
    _require_draft(proposal.run)
    _rule(proposal, PairRule.Kind.LOCK, actor)
    proposal.state = Proposal.State.LOCKED
    proposal.save(update_fields=["state"])


@transaction.atomic
def proposal_reject(*, proposal: Proposal, actor: User) -> None:
    """Never propose this pair again; the next re-run finds the mentee someone else."""
    require_chair(actor, Proposal, proposal.run.program_id)
    _require_draft(proposal.run)
    _rule(proposal, PairRule.Kind.FORBID, actor)
    proposal.state = Proposal.State.REJECTED
    proposal.save(update_fields=["state"])


@transaction.atomic
def proposal_swap(*, first: Proposal, second: Proposal, actor: User) -> None:
    """Exchange the mentors of two proposals and lock both new pairs (the old pairs are no longer locked)."""
    require_chair(actor, Proposal, first.run.program_id)
    _require_draft(first.run)
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
        if proposal.mentor_application.applicant_id == proposal.mentee_application.applicant_id:
            raise MatchingError("That swap would pair a person with themselves.")
        if PairRule.objects.filter(
            mentor_application=proposal.mentor_application,
            mentee_application=proposal.mentee_application,
            kind=PairRule.Kind.FORBID,
        ).exists():
            raise MatchingError("That swap would create a pair you rejected earlier.")
        proposal_rescore(proposal=proposal)
        proposal.state = Proposal.State.LOCKED
        proposal.save()
        _rule(proposal, PairRule.Kind.LOCK, actor)


def proposal_rescore(*, proposal: Proposal) -> None:
    """Score a pair the chair made by hand, read off the pool's matrix like every other proposal."""
    scored = score_pool(proposal.run, extra_mentor=proposal.mentor_application)
    i = scored.mentee_index.get(proposal.mentee_application_id)
    if i is None:
        raise MatchingError("That mentee is no longer waiting for a mentor.")
    j = scored.mentor_index[proposal.mentor_application_id]
    proposal.score = float(scored.matrix.total[i, j])
    proposal.components, proposal.reasons = scored.reasons(i, j)


@transaction.atomic
def proposal_choose_mentor(
    *, run: MatchRun, mentee_application: Application, mentor_application: Application, actor: User
) -> None:
    """Pair the mentee with another mentor (one of their alternatives), lock it, and re-run around it."""
    require_chair(actor, Proposal, run.program_id)
    if not (
        mentor_application.program_id == mentee_application.program_id == run.program_id
        and mentor_application.role == Application.Role.MENTOR
        and mentee_application.role == Application.Role.MENTEE
    ):
        raise MatchingError("Choose a mentor and a mentee of this run's program.")
    _require_draft(run)
    PairRule.objects.filter(mentee_application=mentee_application, kind=PairRule.Kind.LOCK).delete()
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


def alternatives(*, run: MatchRun, mentee_application: Application, limit: int = 5) -> list[Alternative]:
    """The best other mentors with room for one mentee, with scores and reasons (never the proposed one)."""
    scored = score_pool(run)
    i = scored.mentee_index.get(mentee_application.pk)
    if i is None:
        return []
    current = set(
        run.proposals.filter(mentee_application=mentee_application).values_list("mentor_application_id", flat=True)
    )
    ranked = sorted(
        range(len(scored.pool.mentors)), key=lambda j: (-scored.matrix.total[i, j], scored.pool.mentors[j].pk)
    )
    result = []
    for j in ranked:
        mentor = scored.pool.mentors[j]
        if mentor.pk in current or not scored.feasible[i, j]:
            continue
        _, reasons = scored.reasons(i, j)
        result.append(Alternative(mentor=mentor, score=float(scored.matrix.total[i, j]), reasons=reasons))
        if len(result) == limit:
            break
    return result


def applications_lock(pks: Iterable[int]) -> dict[int, Application]:
    """Lock these applications and return them as they are now, by primary key.

    Every change of who is paired (a gallery acceptance, a publish) locks the applications it
    pairs through here: rows locked in ascending key order, so two such changes touching the same
    people are decided one after the other and can never deadlock. Neither holds a lock on the
    program's row (`select_for_update(of=("self",))` everywhere), which every new pairing's
    foreign key must share."""
    return {
        application.pk: application
        for application in Application.objects.select_for_update(of=("self",))
        .select_related("program", "applicant__profile")
        .filter(pk__in=set(pks))
        .order_by("pk")
    }


@dataclass
class Places:
    """Who is already paired in a program, read under the applications' locks, kept current while publishing."""

    program: Program
    mentor_taken: Counter[int]
    mentee_taken: Counter[int]
    paired: dict[tuple[int, int], str]  # (mentor, mentee) application keys -> that pairing's status, any status
    forbidden: set[tuple[int, int]]

    @classmethod
    def read(cls, program: Program) -> Places:
        places = cls(program, Counter(), Counter(), {}, set())
        for mentor, mentee, status in Pairing.objects.filter(program=program).values_list(
            "mentor_application_id", "mentee_application_id", "status"
        ):
            places.paired[mentor, mentee] = status
            if status == Pairing.Status.ACTIVE:
                places.mentor_taken[mentor] += 1
                places.mentee_taken[mentee] += 1
        places.forbidden = set(
            PairRule.objects.filter(program=program, kind=PairRule.Kind.FORBID).values_list(
                "mentor_application_id", "mentee_application_id"
            )
        )
        return places

    def refusal(self, mentor: Application, mentee: Application) -> str:
        """Why this pair cannot be made now, in words for the chair; empty when it holds."""
        mentor_name, mentee_name = mentor.applicant.full_name, mentee.applicant.full_name
        if mentor.applicant_id == mentee.applicant_id:
            return f"{mentor_name} cannot be paired with themselves."
        for role, application in (("mentor", mentor), ("mentee", mentee)):
            if application.status != Application.Status.APPROVED:
                name = application.applicant.full_name
                return f"The {role} {name} is no longer approved (now {application.get_status_display()})."
        key = (mentor.pk, mentee.pk)
        if key in self.forbidden:
            return "The chair rejected this pair (never pair them) after it was proposed."
        if key in self.paired:
            if self.paired[key] == Pairing.Status.ACTIVE:
                return f"{mentor_name} and {mentee_name} are already paired."
            return f"{mentor_name} and {mentee_name} have been paired before ({self.paired[key]})."
        places, taken = self.program.mentor_places(mentor.capacity), self.mentor_taken[mentor.pk]
        if taken >= places:
            return f"{mentor_name} has no place left ({taken} of {places} taken)."
        allowed, mentors = self.program.mentee_max_mentors, self.mentee_taken[mentee.pk]
        if mentors >= allowed:
            counted = f"{mentors} mentor{'s' if mentors != 1 else ''}"
            return f"{mentee_name} already has {counted}, as many as the program allows ({allowed})."
        return ""

    def take(self, mentor: Application, mentee: Application) -> None:
        self.paired[mentor.pk, mentee.pk] = Pairing.Status.ACTIVE
        self.mentor_taken[mentor.pk] += 1
        self.mentee_taken[mentee.pk] += 1


@dataclass
class Publication:
    """What one publish did: the pairings made and the proposals it had to leave out (each with its reason)."""

    run: MatchRun
    pairings: list[Pairing]
    left_out: list[Proposal]
    already_published: bool = False


@transaction.atomic
def match_run_publish(*, run: MatchRun, actor: User) -> Publication:
    """Turn the kept proposals that still hold into pairings and tell both partners. Publishing twice does nothing.

    Gallery acceptances, other runs and decisions may have changed places since the solve, so every
    pair is checked again against the program as it is now, with its mentors and these mentees
    locked; locked pairs are placed first, then the best scores. A pair that no longer holds is left
    out and its reason recorded on the proposal."""
    # Only the run's row (never the program's, which every new pairing's foreign key must share):
    # the places are guarded by the applications' locks below.
    require_chair(actor, MatchRun, run.program_id)
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    if not run.is_draft:  # read under the run's lock: a double click or a second request publishes nothing
        return Publication(run=run, pairings=[], left_out=[], already_published=True)
    proposals = list(
        run.proposals.kept()
        .filter(pairing__isnull=True)
        .order_by(Case(When(state=Proposal.State.LOCKED, then=0), default=1), "-score", "pk")
    )
    mentors = Application.objects.filter(program=run.program).mentors().values_list("pk", flat=True)
    applications = applications_lock(
        [*mentors, *(p.mentor_application_id for p in proposals), *(p.mentee_application_id for p in proposals)]
    )
    places = Places.read(run.program)
    publication = Publication(run=run, pairings=[], left_out=[])
    for proposal in proposals:
        mentor, mentee = applications[proposal.mentor_application_id], applications[proposal.mentee_application_id]
        proposal.mentor_application, proposal.mentee_application = mentor, mentee  # fresh, for the names shown
        proposal.not_published = places.refusal(mentor, mentee)
        if proposal.not_published:
            publication.left_out.append(proposal)
            continue
        proposal.pairing = pairing_create(
            mentor_application=mentor,
            mentee_application=mentee,
            source=Pairing.Source.CHAIR,
            approved_by=actor,
            score=proposal.score,
            reasons=proposal.reasons,
        )
        places.take(mentor, mentee)
        publication.pairings.append(proposal.pairing)
    Proposal.objects.bulk_update(proposals, ["pairing", "not_published"])
    run.status = MatchRun.Status.PUBLISHED
    run.published_by = actor
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_by", "published_at"])
    return publication


def solve_unmatched_from_proposals(run: MatchRun) -> list[Application]:
    """Approved mentees still waiting whom the run's kept proposals (less those publishing left out) leave unmatched."""
    proposed = set(run.proposals.kept().filter(not_published="").values_list("mentee_application_id", flat=True))
    return [mentee for mentee in matching_pool(run.program).mentees if mentee.pk not in proposed]
