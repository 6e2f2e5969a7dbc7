"""Group mentoring: one mentor and several mentees of a program that allows groups (Program.allows_groups), each
mentee in their own Pairing, sharing one agreement (agreements.Agreement.group) and their check-ins.

A group forms from a mentor's active pairings, by the chair (the pairings' admin action) or by a publish that
gives a mentor several new mentees (matching.publishing). Unsigned agreements the pairs had started are folded
into the group's (deleted: the group starts one agreement all sign); a pairing whose agreement has any signature,
even a voided one, or is executed keeps its own, and the group is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from applications.access import require_chair
from notifications.services import Spec, notify_many
from pairings.checkins import CheckInError
from pairings.models import CheckIn, MentoringGroup, Pairing, PairingEvent

T = TypeVar("T")
V = TypeVar("V")


class GroupError(Exception):
    """A group the rules refuse; the message is for the chair."""


def _refusal(pairings: Sequence[Pairing]) -> str:
    """Why these pairings cannot be mentored as one group, in words for the chair; empty when they can."""
    if len(pairings) < 2:
        return "A group needs at least two pairings with the same mentor."
    program = pairings[0].program
    if any(p.program_id != program.pk for p in pairings):
        return "A group's pairings must all be in the same program."
    if not program.allows_groups:
        return f"{program.name} does not allow group mentoring (Program: “allows groups” is off)."
    if len({p.mentor_application_id for p in pairings}) > 1:
        return "A group has one mentor: these pairings have different mentors."
    if inactive := [p for p in pairings if not p.is_active]:
        return f"Only active pairings can form a group: {inactive[0]} is {inactive[0].get_status_display().lower()}."
    if grouped := [p for p in pairings if p.group_id is not None]:
        return f"{grouped[0]} is already in the group {grouped[0].group}."
    started = Agreement.objects.filter(pairing__in=pairings).filter(
        Q(executed_at__isnull=False) | Q(signatures__isnull=False)
    )
    if signed := started.select_related("pairing__mentor", "pairing__mentee").first():
        return (
            f"{signed.pairing} already signed their own agreement: a group starts one agreement that every member "
            "signs, so pairings with signatures cannot join one."
        )
    return ""


@transaction.atomic
def group_form(*, pairings: Sequence[Pairing], actor: User | None, name: str = "") -> MentoringGroup:
    """Mentor these pairings as one group. The chair's (admin) path: `actor` must run the program."""
    if pairings:
        require_chair(actor, Pairing, pairings[0].program_id)
    group = _form(pairings=pairings, actor=actor, name=name)
    notify_many(_formed_emails(group))
    return group


def _formed_emails(group: MentoringGroup) -> list[Spec]:
    """The mentor and each mentee are told the chair formed their group: one email per group and member (a second
    form of the same pairings is refused, and the ledger's key sends each once whatever happens)."""
    mentees = [pairing.mentee for pairing in group_members(group)]
    return [
        Spec(
            kind="group_formed",
            subject=f"group:{group.pk}",
            period=f"user:{person.pk}",
            to=person.email,
            user=person,
            program=group.program,
            context={"group": group, "program": group.program, "person": person, "mentees": mentees},
        )
        for person in (group.mentor, *mentees)
    ]


def _form(*, pairings: Sequence[Pairing], actor: User | None, name: str = "") -> MentoringGroup:
    """The state change itself, under the pairings' locks. Publishing calls it having checked the chair."""
    ids = [p.pk for p in pairings]
    locked = list(
        Pairing.objects.select_for_update(of=("self",))
        .select_related("program", "mentor", "mentee")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if refusal := _refusal(locked) if len(locked) == len(set(ids)) else "Some of these pairings no longer exist.":
        raise GroupError(refusal)
    first = locked[0]
    group = MentoringGroup.objects.create(
        program=first.program,
        mentor_application_id=first.mentor_application_id,
        mentor=first.mentor,
        name=name.strip() or f"{first.mentor.full_name}'s group",
        created_by=actor,
    )
    Agreement.objects.filter(pairing__in=locked).delete()  # unsigned drafts only (_refusal): the group starts one
    Pairing.objects.filter(pk__in=ids).update(group=group)
    PairingEvent.objects.bulk_create(
        PairingEvent(pairing=p, kind=PairingEvent.Kind.GROUPED, actor=actor, note=group.name[:200]) for p in locked
    )
    return group


def groups_from_publish(*, pairings: Sequence[Pairing], actor: User | None) -> list[MentoringGroup]:
    """In a program that allows groups, the new pairings a publish gives one mentor (two or more) become one
    group. The publish has checked the chair; a program without groups gets none."""
    if not pairings or not pairings[0].program.allows_groups:
        return []
    return [_form(pairings=mentees, actor=actor) for mentees in by_mentor(pairings, lambda p: p.mentor_application_id)]


def by_mentor(items: Iterable[T], mentor_of: Callable[[T], int]) -> list[list[T]]:
    """The items (new pairings, or the pairs a publish would make) of each mentor given two or more, in order: the
    groups a publish forms where the program allows groups. The publish and its confirmation page both read it."""
    found: dict[int, list[T]] = {}
    for item in items:
        found.setdefault(mentor_of(item), []).append(item)
    return [mentees for mentees in found.values() if len(mentees) > 1]


# Reading a group -----------------------------------------------------------------------------------------------


def get_group_for_member(request: HttpRequest, pk: int) -> MentoringGroup:
    """A group the user is a member of (its mentor or one of its mentees); 404 for anyone else, chairs included
    (they see groups in the admin)."""
    group = get_object_or_404(MentoringGroup.objects.select_related("program__host", "mentor"), pk=pk)
    if not group.is_member(request.user):
        raise Http404
    return group


def group_members(group: MentoringGroup) -> list[Pairing]:
    return list(group.pairings.select_related("mentee", "mentee_application").order_by("pk"))


def own_pairing(group: MentoringGroup, user: User, members: Sequence[Pairing]) -> Pairing | None:
    """The pairing through which `user` works in the group: a mentee's own; the mentor's first active one."""
    if user.pk == group.mentor_id:
        return next((p for p in members if p.is_active), members[0] if members else None)
    return next((p for p in members if p.mentee_id == user.pk), None)


def checkins_of(pairing: Pairing) -> QuerySet[CheckIn]:
    """A pairing's check-ins: its own and, in a group, every check-in logged on the group's page."""
    if pairing.group_id is None:
        return pairing.checkins.all()
    return CheckIn.objects.filter(Q(pairing=pairing) | Q(group_id=pairing.group_id))


def of_outer_pairing(prefix: str = "") -> Q:
    """The rows an outer query's pairing reads that are kept on it or on its group (its check-ins, as checkins_of
    finds them; its agreement, as Agreement.objects.of_pairing does): the condition of a subquery correlated with a
    Pairing query. `prefix` reaches them through a relation ("agreement__" from a signature). A pair's group is
    null, which matches no row."""
    return Q(**{f"{prefix}pairing": OuterRef("pk")}) | Q(**{f"{prefix}group": OuterRef("group")})


def _per_pairing(
    rows: Iterable[tuple[int, int | None, V]], group_of: Mapping[int, int | None], merge: Callable[[V, V], V]
) -> dict[int, V]:
    """Each pairing's value, from values found by (pairing, group): a value on a group's row counts for every member
    of the group, merged with the member's own by `merge`. `group_of` maps each pairing wanted to its group."""
    own: dict[int, V] = {}
    shared: dict[int, V] = {}
    for pairing_id, group_id, value in rows:
        into, key = (own, pairing_id) if group_id is None else (shared, group_id)
        into[key] = merge(into[key], value) if key in into else value
    merged = {}
    for pairing_id, group_id in group_of.items():
        found = [x for x in (own.get(pairing_id), shared.get(group_id) if group_id else None) if x is not None]
        if found:
            merged[pairing_id] = functools.reduce(merge, found)
    return merged


def checkins_per_pairing(
    rows: Iterable[tuple[int, int | None, dt.date, int]], group_of: Mapping[int, int | None]
) -> dict[int, tuple[dt.date, int]]:
    """Each pairing's (last check-in, number of check-ins), a check-in logged on a group's page counted for every
    member of the group. `rows` are check-ins counted by (pairing, group): (pairing_id, group_id, last date, how
    many); `group_of` maps each pairing wanted to its group (None for a pair). The reminders (pairings.jobs) and the
    chair's dashboard read check-ins through it."""
    return _per_pairing(
        ((pairing_id, group_id, (last, n)) for pairing_id, group_id, last, n in rows),
        group_of,
        lambda a, b: (max(a[0], b[0]), a[1] + b[1]),
    )


def checkin_days_per_pairing(
    rows: Iterable[tuple[int, int | None, Iterable[dt.date]]], group_of: Mapping[int, int | None]
) -> dict[int, set[dt.date]]:
    """Each pairing's check-in days, as checkins_per_pairing counts its check-ins (a group's for every member)."""
    return _per_pairing(
        ((pairing_id, group_id, set(days)) for pairing_id, group_id, days in rows), group_of, operator.or_
    )


def group_checkin_log(
    *, group: MentoringGroup, actor: User, date: dt.date, form: str, minutes: int, note: str = ""
) -> CheckIn:
    """A check-in the group had together: stored once, on the logger's pairing, and counted for every pairing of
    the group (checkins_of, and the reminders in pairings.jobs)."""
    members = group_members(group)
    pairing = own_pairing(group, actor, members)
    if pairing is None:
        raise CheckInError("Only the group's mentor and mentees can log its check-ins.")
    if not pairing.is_active:
        raise CheckInError(f"Your pairing is {pairing.get_status_display().lower()}; it can no longer change.")
    if date > timezone.localdate():
        raise CheckInError("A check-in cannot be in the future.", field="date")
    started_on = min(p.started_on for p in members)
    if date < started_on:
        raise CheckInError(
            f"A check-in cannot be before the group's pairings started ({started_on:%B %-d, %Y}).", field="date"
        )
    return CheckIn.objects.create(
        pairing=pairing, group=group, logged_by=actor, date=date, form=form, minutes=minutes, note=note
    )
