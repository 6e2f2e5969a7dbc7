"""Reads for matching: who can be matched, as the plain facts the scorer takes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.models import Profile
from applications.models import Application, Program
from applications.vocabulary import ContactForm, Expertise, Frequency
from matching.facts import MenteeFacts, MentorFacts
from matching.models import Favourite, GalleryRequest
from matching.reasons import ASKED, FAVOURITE
from matching.scoring import ScoreMatrix, Weights, score_matrix
from matching.text_vectors import pool_vectors
from pairings.models import Pairing

EXPERTISE_LABELS = dict(Expertise.choices)
# Every value a pair's reasons name (matching.reasons), as the forms word it; an area's label wins a shared value.
REASON_LABELS = {
    **dict(Profile.JurisdictionType.choices),
    **dict(Profile.JurisdictionSize.choices),
    **dict(Frequency.choices),
    **dict(ContactForm.choices),
    **dict(Application.CareerStage.choices),
    **EXPERTISE_LABELS,
}


def _profile_facts(application: Application) -> dict:
    profile = getattr(application.applicant, "profile", None)
    return {
        "key": application.pk,
        "person": application.applicant_id,
        "organization": profile.organization if profile else "",
        "city": profile.city if profile else "",
        "region": profile.region if profile else "",
        "jurisdiction_type": profile.jurisdiction_type if profile else "",
        "jurisdiction_size": profile.jurisdiction_size if profile else "",
    }


def _other_text(application: Application) -> str:
    """The "Other" area's text, only when the applicant chose "Other"."""
    return application.expertise_other if Expertise.OTHER in application.expertise else ""


def mentor_facts(application: Application, capacity: int) -> MentorFacts:
    return MentorFacts(
        **_profile_facts(application),
        expertise=tuple(application.expertise),
        frequency=application.frequency,
        contact_forms=frozenset(application.contact_forms),
        statement=application.statement,
        mentored_before=application.mentored_before,
        expertise_other=_other_text(application),
        years_experience=application.years_experience or 0,
        capacity=capacity,
    )


def mentee_facts(application: Application) -> MenteeFacts:
    return MenteeFacts(
        **_profile_facts(application),
        wanted=tuple(application.expertise),
        frequency=application.frequency,
        contact_forms=frozenset(application.contact_forms),
        goals=application.goals,
        interest=application.public_service_interest,
        wanted_other=_other_text(application),
        preferences=application.preferences,
        career_stage=application.career_stage,
    )


@dataclass
class Pool:
    """Approved mentors with room left and approved mentees still needing a mentor, in a stable order."""

    mentors: list[Application]
    mentees: list[Application]
    mentor_facts: list[MentorFacts]
    mentee_facts: list[MenteeFacts]
    capacities: list[int]


def active_pairings(prefix: str) -> Count:
    """Annotation: a mentor's (prefix "pairings_as_mentor") or mentee's active pairings."""
    return Count(prefix, filter=Q(**{f"{prefix}__status": Pairing.Status.ACTIVE}), distinct=True)


def matching_pool(program: Program) -> Pool:
    """Everyone a match run may pair, in three queries whatever the program's size."""
    base = Application.objects.filter(program=program).approved().select_related("applicant__profile")
    mentors = list(base.mentors().annotate(active=active_pairings("pairings_as_mentor")).order_by("pk"))
    mentees = list(base.mentees().annotate(active=active_pairings("pairings_as_mentee")).order_by("pk"))
    capacities = [max(0, program.mentor_places(m.capacity) - m.active) for m in mentors]
    mentors_with_room = [(m, c) for m, c in zip(mentors, capacities, strict=True) if c > 0]
    waiting = [m for m in mentees if m.active < program.mentee_max_mentors]
    return Pool(
        mentors=[m for m, _ in mentors_with_room],
        mentees=waiting,
        mentor_facts=[mentor_facts(m, c) for m, c in mentors_with_room],
        mentee_facts=[mentee_facts(m) for m in waiting],
        capacities=[c for _, c in mentors_with_room],
    )


def pool_scores(program: Program, pool: Pool, weights: Weights, *, only: list[int] | None = None) -> ScoreMatrix:
    """The one way a program's pool is scored, by a match run and by the gallery alike.

    The text part weighs words by how rare they are in the whole pool, so a pair is read off the pool's
    scoring (`only` picks mentee rows of it) and scores the same wherever it is shown."""
    return score_matrix(
        pool.mentor_facts,
        pool.mentee_facts,
        weights,
        local_government_fit=program.local_government_fit,
        labels=EXPERTISE_LABELS,
        only=only,
        vectors=pool_vectors(program, pool, EXPERTISE_LABELS),
    )


def pool_wishes(pool: Pool) -> dict[tuple[int, int], frozenset[str]]:
    """(mentee index, mentor index) -> what the mentee did to wish for that mentor of the pool: marked them as a
    favourite in the gallery, or asked them there (a request still open). Two queries whatever the pool's size."""
    mentee_index = {m.pk: i for i, m in enumerate(pool.mentees)}
    mentor_index = {m.pk: j for j, m in enumerate(pool.mentors)}
    found: dict[tuple[int, int], set[str]] = {}
    for kind, rows in (
        (FAVOURITE, Favourite.objects.filter(mentee_application__in=list(mentee_index))),
        (ASKED, GalleryRequest.objects.open().filter(mentee_application__in=list(mentee_index))),
    ):
        for mentee, mentor in rows.values_list("mentee_application_id", "mentor_application_id"):
            if mentor in mentor_index:
                found.setdefault((mentee_index[mentee], mentor_index[mentor]), set()).add(kind)
    return {pair: frozenset(kinds) for pair, kinds in found.items()}
