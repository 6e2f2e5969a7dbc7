"""Match runs: a program's pool scored under a run's weights, the optimal proposal solved and saved, and what the
chair reads off it (a preview under other weights, who is left unmatched). Also what every matching service
shares: `MatchingError`, the draft check and the applications' locks.

The chair's edits to a draft's proposals (lock, reject, swap, choose another mentor) are in
`matching.proposal_edits`; turning a run into pairings in `matching.publishing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone

from applications.models import Application, Program
from applications.policy import REPEATED_AREA_CREDIT
from matching.assignment import assign
from matching.components import area_cover
from matching.facts import MentorFacts
from matching.models import MatchRun, PairRule, Proposal
from matching.reasons import explain
from matching.scoring import ScoreMatrix, Weights, feasible_mask
from matching.selectors import (
    REASON_LABELS,
    Pool,
    active_pairings,
    matching_pool,
    mentor_facts,
    pool_scores,
    pool_wishes,
)
from matching.teams import Areas, assign_teams
from pairings.models import Pairing


class MatchingError(Exception):
    """A request the rules refuse; the message is for the person who asked."""


@dataclass
class Solution:
    """What a solve proposes: pairs with scores, components and reasons, before anything is saved."""

    pairs: list[ProposedPair]
    unmatched: list[Application]
    # The chair's locks that no longer hold (a rule now forbids the pair), each in words: said, never silently lost.
    dropped_locks: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(pair.score for pair in self.pairs)

    @property
    def mean(self) -> float | None:
        """The average match, as the chair reads a run ("average match 64%")."""
        return self.total / len(self.pairs) if self.pairs else None

    @property
    def wished(self) -> int:
        """Pairs the mentee wished for (a gallery favourite or request), when the run counts wishes."""
        return sum(pair.wished for pair in self.pairs)

    @property
    def weakest(self) -> float | None:
        return min((pair.score for pair in self.pairs), default=None)

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
    wished: bool = False  # the mentee wished for this mentor in the gallery, and the run counted it


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
    weights: Weights
    # (mentee, mentor) index -> what the mentee did to wish for the mentor; only when the run counts wishes.
    wishes: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    bonus: np.ndarray | None = None  # what each wished pair gains when choosing (Weights.wish_bonus)

    def reasons(self, i: int, j: int, others: list[MentorFacts] | None = None) -> tuple[dict[str, float], list[str]]:
        """A pair's parts and reasons; `others`: the mentee's other mentors, in a dream-team run."""
        components = self.matrix.pair(i, j)
        reasons = explain(
            self.pool.mentor_facts[j],
            self.pool.mentee_facts[i],
            components,
            REASON_LABELS,
            wish=self.wishes.get((i, j), ()),
            others=others or (),
        )
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
    weights = weights or run_weights(run)
    matrix = pool_scores(program, pool, weights)
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
    scored = Scored(
        pool=pool,
        matrix=matrix,
        feasible=feasible,
        mentor_index={m.pk: j for j, m in enumerate(pool.mentors)},
        mentee_index={m.pk: i for i, m in enumerate(pool.mentees)},
        weights=weights,
    )
    bonus = weights.wish_bonus(local_government_fit=program.local_government_fit)
    if bonus > 0 and pool.mentors and pool.mentees:
        scored.wishes = pool_wishes(pool)
        scored.bonus = np.zeros(matrix.total.shape)
        for pair in scored.wishes:
            scored.bonus[pair] = bonus
    return scored


def broken_rule(scored: Scored, i: int, j: int, program: Program) -> str:
    """In words, the program rule that forbids mentee i with mentor j (scored.feasible[i, j] is False)."""
    mentor, mentee = scored.pool.mentors[j], scored.pool.mentees[i]
    if mentor.applicant_id == mentee.applicant_id:
        return "would pair a person with themselves"
    if PairRule.objects.filter(
        mentor_application=mentor, mentee_application=mentee, kind=PairRule.Kind.FORBID
    ).exists():
        return "would create a pair you rejected earlier"
    organization = scored.pool.mentor_facts[j].organization
    if program.exclude_same_organization and organization.strip().casefold() == (
        scored.pool.mentee_facts[i].organization.strip().casefold()
    ):
        return (
            f"would pair two people from the same organization ({organization}), which this program excludes "
            '("Exclude same organization" on the program)'
        )
    return "would pair two people already paired in this program"


def solve(
    run: MatchRun, weights: Weights | None = None, *, fairness: str | None = None, scored: Scored | None = None
) -> Solution:
    """The proposal for the run's program under the chair's rules and fairness (or `fairness` instead, or the pool
    already `scored` under these weights). Pure read: saves nothing."""
    scored = scored or score_pool(run, weights)
    pool = scored.pool
    if not pool.mentors or not pool.mentees:
        return Solution(pairs=[], unmatched=list(pool.mentees))
    locks = PairRule.objects.filter(program=run.program, kind=PairRule.Kind.LOCK)
    locked = [
        (scored.mentee_index[r.mentee_application_id], scored.mentor_index[r.mentor_application_id])
        for r in locks
        if r.mentee_application_id in scored.mentee_index and r.mentor_application_id in scored.mentor_index
    ]
    # A lock on a pair that has since become impossible (forbidden, same organization) no longer binds: the
    # solution says which and why, so the chair is told.
    dropped = [
        f"{pool.mentees[i].applicant.full_name} with {pool.mentors[j].applicant.full_name}: the pair "
        f"{broken_rule(scored, i, j, run.program)}"
        for i, j in locked
        if not scored.feasible[i, j]
    ]
    locked = [(i, j) for i, j in locked if scored.feasible[i, j]]
    _refuse_overfull_locks(scored, locked)
    chosen, current = _choose(run, scored, locked, fairness or run.fairness)
    locked_set = set(locked)
    pairs = []
    for i, j in chosen:
        others = [*(pool.mentor_facts[k] for m, k in chosen if m == i and k != j), *current.get(i, ())]
        components, reasons = scored.reasons(i, j, others)
        pairs.append(
            ProposedPair(
                mentor=pool.mentors[j],
                mentee=pool.mentees[i],
                score=float(scored.matrix.total[i, j]),
                components=components,
                reasons=reasons,
                locked=(i, j) in locked_set,
                wished=(i, j) in scored.wishes,
            )
        )
    matched = {i for i, _ in chosen}
    unmatched = [m for i, m in enumerate(pool.mentees) if i not in matched]
    return Solution(pairs=pairs, unmatched=unmatched, dropped_locks=dropped)


def _choose(
    run: MatchRun, scored: Scored, locked: list[tuple[int, int]], fairness: str
) -> tuple[list[tuple[int, int]], dict[int, list[MentorFacts]]]:
    """The chosen pairs and, in a dream-team run, each mentee's mentors already paired (for the reasons)."""
    pool = scored.pool
    try:
        if not run.teams:
            chosen = assign(
                scored.matrix.total,
                pool.capacities,
                feasible=scored.feasible,
                locked=locked,
                min_score=run.min_score,
                objective=run.objective,
                fairness=fairness,
                bonus=scored.bonus,
            )
            return chosen, {}
        refusal = MatchRun(program=run.program, teams=True, fairness=fairness).teams_refusal()
        if refusal:
            raise MatchingError(" ".join(refusal.values()))
        areas, current = team_areas(scored, run.program)
        chosen = assign_teams(
            scored.matrix.total,
            pool.capacities,
            [run.program.mentee_max_mentors - mentee.active for mentee in pool.mentees],
            feasible=scored.feasible,
            areas=areas,
            repeat=REPEATED_AREA_CREDIT,
            bonus=scored.bonus,
            locked=locked,
            min_score=run.min_score,
            objective=run.objective,
            fairness=fairness,
        )
        return chosen, current
    except ValueError as error:  # locks beyond a mentor's capacity
        raise MatchingError(f"The locked pairs cannot all be kept: {error}.") from error


def team_areas(scored: Scored, program: Program) -> tuple[Areas, dict[int, list[MentorFacts]]]:
    """The areas the pool's mentees want against its mentors (matching.teams), counting what each mentee's current
    mentors cover already; and those mentors' facts by mentee index."""
    pool = scored.pool
    current: dict[int, list[MentorFacts]] = {}
    for pairing in Pairing.objects.filter(
        program=program, status=Pairing.Status.ACTIVE, mentee_application__in=list(scored.mentee_index)
    ).select_related("mentor_application__applicant__profile"):
        i = scored.mentee_index[pairing.mentee_application_id]
        current.setdefault(i, []).append(mentor_facts(pairing.mentor_application, capacity=0))
    paired = [(i, facts) for i, mentors in current.items() for facts in mentors]
    mentee, cover = area_cover([*pool.mentor_facts, *(facts for _, facts in paired)], pool.mentee_facts)
    n_mentors = len(pool.mentors)
    base = np.zeros(mentee.size)
    for k, (i, _) in enumerate(paired):
        base += np.where(mentee == i, cover[:, n_mentors + k], 0.0)
    expertise = scored.weights.active(local_government_fit=program.local_government_fit).get("expertise", 0.0)
    wanted = np.bincount(mentee, minlength=len(pool.mentees))
    return Areas(mentee=mentee, cover=cover[:, :n_mentors], worth=expertise / wanted[mentee], base=base), current


def _refuse_overfull_locks(scored: Scored, locked: list[tuple[int, int]]) -> None:
    """Locks beyond a mentor's room, named in words (the solver would only know them by index)."""
    by_mentor: dict[int, list[int]] = {}
    for i, j in locked:
        by_mentor.setdefault(j, []).append(i)
    for j, mentees in by_mentor.items():
        room = scored.pool.capacities[j]
        if len(mentees) > room:
            mentor = scored.pool.mentors[j].applicant.full_name
            names = ", ".join(sorted(scored.pool.mentees[i].applicant.full_name for i in mentees))
            raise MatchingError(
                f"The locked pairs cannot all be kept: {mentor} has room for {room} and is locked with "
                f"{len(mentees)} ({names}). Unlock one of them first."
            )


def require_draft(run: MatchRun) -> None:
    """Read the run's status fresh, locking it, so a change never races a publish."""
    if not MatchRun.objects.select_for_update().filter(pk=run.pk, status=MatchRun.Status.DRAFT).exists():
        raise MatchingError("This match run is published; start a new run to change pairs.")


@transaction.atomic
def match_run_solve(*, run: MatchRun) -> Solution:
    """Replace the run's proposals with the optimal ones. Locked pairs are kept; forbidden ones never return."""
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("program").get(pk=run.pk)
    require_draft(run)
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


@dataclass
class FairnessCost:
    """What a fairness other than best total costs: its solution beside the best total's, same weights and rules."""

    chosen: Solution
    best: Solution

    @property
    def changed(self) -> list[tuple[Application, list[Application], list[Application]]]:
        """(mentee, mentors under best total, mentors under the choice) for each mentee whose mentors differ (one
        each, or none, unless the run gives several mentors per mentee)."""
        best, chosen = _mentors_by_mentee(self.best), _mentors_by_mentee(self.chosen)
        mentees = {pair.mentee.pk: pair.mentee for pair in [*self.best.pairs, *self.chosen.pairs]}
        return [
            (mentees[pk], best.get(pk, []), chosen.get(pk, []))
            for pk in sorted(mentees, key=lambda pk: (mentees[pk].applicant.full_name, pk))
            if {m.pk for m in best.get(pk, [])} != {m.pk for m in chosen.get(pk, [])}
        ]


def _mentors_by_mentee(solution: Solution) -> dict[int, list[Application]]:
    found: dict[int, list[Application]] = {}
    for pair in solution.pairs:
        found.setdefault(pair.mentee.pk, []).append(pair.mentor)
    return found


def solve_with_cost(run: MatchRun, weights: Weights | None = None) -> tuple[Solution, FairnessCost | None]:
    """The run's solution and, when its fairness is not best total, what that costs (the pool scored once)."""
    scored = score_pool(run, weights)
    chosen = solve(run, weights, scored=scored)
    if run.fairness == MatchRun.Fairness.TOTAL:
        return chosen, None
    return chosen, FairnessCost(
        chosen=chosen, best=solve(run, weights, fairness=MatchRun.Fairness.TOTAL, scored=scored)
    )


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


def solve_unmatched_from_proposals(run: MatchRun) -> list[str]:
    """The names of the approved mentees still waiting whom the run's kept proposals (less those publishing left out)
    leave unmatched.

    One query for the few left, never the whole pool, and names only: the proposals page lists them on every request
    (hundreds in a big run; an application and a user built for each was a fifth of the page's time)."""
    proposed = run.proposals.kept().filter(not_published="").values("mentee_application_id")
    return list(
        Application.objects.filter(program=run.program)
        .approved()
        .mentees()
        .annotate(active=active_pairings("pairings_as_mentee"))
        .filter(active__lt=run.program.mentee_max_mentors)
        .exclude(pk__in=proposed)
        .order_by("pk")
        .values_list("applicant__full_name", flat=True)
    )
