"""The Senior Advisor roster: a program's advisors with room, listed by state and region with their background.

The same machinery as the Mentors Gallery (an advisor is an approved mentor application, a member an approved
mentee application, asking one is a GalleryRequest, accepting it makes a Pairing through pairings.services), but
listed by where the advisors are rather than ranked by a match score: a member looks for someone who knows their
state. Three queries whatever the number of advisors."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from applications.models import Application, Program
from pairings.models import Pairing


@dataclass
class AdvisorCard:
    advisor: Application
    state: str
    region: str
    room: int
    requested: bool
    paired_before: bool


def advisor_roster(*, program: Program, viewer: Application, state: str = "") -> list[AdvisorCard]:
    """Approved advisors with room (not the viewer), by state, then region, then name."""
    advisors = (
        Application.objects.filter(program=program)
        .mentors()
        .approved()
        .exclude(applicant_id=viewer.applicant_id)
        .select_related("applicant__profile")
        .annotate(active=Count("pairings_as_mentor", filter=Q(pairings_as_mentor__status=Pairing.Status.ACTIVE)))
    )
    if state:
        advisors = advisors.filter(applicant__profile__state__iexact=state)
    requested = set(viewer.requests_made.open().values_list("mentor_application_id", flat=True))
    paired = set(Pairing.objects.filter(mentee_application=viewer).values_list("mentor_application_id", flat=True))
    cards = []
    for advisor in advisors:
        room = program.mentor_places(advisor.capacity) - advisor.active
        if room <= 0:
            continue
        profile = getattr(advisor.applicant, "profile", None)
        cards.append(
            AdvisorCard(
                advisor=advisor,
                state=(profile.state.strip() if profile else "") or "State not given",
                region=profile.region.strip() if profile else "",
                room=room,
                requested=advisor.pk in requested,
                paired_before=advisor.pk in paired,
            )
        )
    cards.sort(key=lambda c: (c.state.casefold(), c.region.casefold(), c.advisor.applicant.full_name.casefold()))
    return cards


def advisor_states(program: Program) -> list[str]:
    """The states the program's approved advisors gave, for the filter."""
    states = (
        Application.objects.filter(program=program)
        .mentors()
        .approved()
        .exclude(applicant__profile__state="")
        .values_list("applicant__profile__state", flat=True)
        .distinct()
    )
    return sorted({s.strip() for s in states if s and s.strip()}, key=str.casefold)
