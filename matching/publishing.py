"""Publishing a match run: its kept proposals that still hold become pairings (through pairings.services, which
tells both partners), checked again, under the applications' locks, against who is paired in the program now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone

from accounts.models import User
from applications.access import require_chair
from applications.models import Application, Program
from matching.models import MatchRun, PairRule, Proposal
from matching.services import applications_lock
from pairings.groups import by_mentor, groups_from_publish
from pairings.models import Pairing
from pairings.services import pairing_create


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


def _to_publish(run: MatchRun):
    """The run's kept proposals not yet published, in the order a publish places them: locked pairs first, then the
    best scores. The confirmation page and the publish read the same list."""
    return (
        run.proposals.kept()
        .filter(pairing__isnull=True)
        .order_by(Case(When(state=Proposal.State.LOCKED, then=0), default=1), "-score", "pk")
    )


@dataclass
class PlannedPair:
    proposal: Proposal
    warnings: list[str]  # published anyway, but the chair should know first


@dataclass
class PublishPlan:
    """What a publish would do now, read without changing anything: for the chair's confirmation page."""

    run: MatchRun
    pairs: list[PlannedPair]
    left_out: list[Proposal]  # each with `not_published` set to its reason
    unmatched: list[Application]  # approved mentees with no pair in this publish

    @property
    def emails(self) -> int:
        return 2 * len(self.pairs)

    @property
    def warned(self) -> list[PlannedPair]:
        return [pair for pair in self.pairs if pair.warnings]

    @property
    def groups(self) -> list[list[PlannedPair]]:
        """The groups the publish would form, where the program allows groups: each mentor's pairs, two or more
        (pairings.groups.by_mentor, which the publish itself reads)."""
        if not self.run.program.allows_groups:
            return []
        return by_mentor(self.pairs, lambda pair: pair.proposal.mentor_application_id)


def _pair_warnings(mentor: Application, mentee: Application, elsewhere: dict[int, list[str]]) -> list[str]:
    warnings = []
    for role, application in (("mentor", mentor), ("mentee", mentee)):
        name = application.applicant.full_name
        if application.fee_status == Application.Fee.DUE:
            warnings.append(f"The {role} {name} has not paid the non-member fee ({application.fee_amount} USD).")
        for other in elsewhere.get(application.applicant_id, []):
            warnings.append(f"The {role} {name} is already paired in {other}.")
    return warnings


def publish_plan(run: MatchRun) -> PublishPlan:
    """The pairs a publish would make (with what the chair should know about each), those it would leave out and
    why, and the approved mentees who would stay unmatched. Reads only."""
    run = MatchRun.objects.select_related("program").get(pk=run.pk)
    proposals = list(_to_publish(run).select_related("mentor_application__applicant", "mentee_application__applicant"))
    people = {p.mentor_application.applicant_id for p in proposals} | {
        p.mentee_application.applicant_id for p in proposals
    }
    elsewhere: dict[int, list[str]] = {}
    for mentor, mentee, program in (
        Pairing.objects.filter(status=Pairing.Status.ACTIVE)
        .exclude(program=run.program)
        .filter(Q(mentor__in=people) | Q(mentee__in=people))
        .values_list("mentor_id", "mentee_id", "program__name")
    ):
        for person in (mentor, mentee):
            elsewhere.setdefault(person, []).append(program)
    places = Places.read(run.program)
    plan = PublishPlan(run=run, pairs=[], left_out=[], unmatched=[])
    for proposal in proposals:
        mentor, mentee = proposal.mentor_application, proposal.mentee_application
        proposal.not_published = places.refusal(mentor, mentee)
        if proposal.not_published:
            plan.left_out.append(proposal)
            continue
        places.take(mentor, mentee)
        plan.pairs.append(PlannedPair(proposal, _pair_warnings(mentor, mentee, elsewhere)))
    paired = {pair.proposal.mentee_application_id for pair in plan.pairs} | set(places.mentee_taken)
    plan.unmatched = list(
        Application.objects.filter(program=run.program)
        .mentees()
        .approved()
        .exclude(pk__in=paired)
        .select_related("applicant")
        .order_by("applicant__full_name")
    )
    return plan


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
    In a program that allows groups, a mentor's new mentees form one group (pairings.groups).

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
    proposals = list(_to_publish(run))
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
    # Where the program allows groups, a mentor given several mentees mentors them as one group.
    groups_from_publish(pairings=publication.pairings, actor=actor)
    run.status = MatchRun.Status.PUBLISHED
    run.published_by = actor
    run.published_at = timezone.now()
    run.save(update_fields=["status", "published_by", "published_at"])
    return publication
