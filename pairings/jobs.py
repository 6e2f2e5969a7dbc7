"""Daily jobs about relationships. Each reads the active pairings in a few batched queries (never one per pair)
and hands its notices to the ledger in one call, so re-running a day sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone

from agreements.models import Agreement, Signature
from applications import policy
from applications.vocabulary import Frequency
from events import requirement
from notifications.services import Spec, notify_many
from pairings import schedule
from pairings.checkins import pair_frequency
from pairings.groups import checkins_per_pairing
from pairings.models import CheckIn, Pairing, PulseResponse


def _agreement(pairing: Pairing) -> Agreement | None:
    """The agreement the pairing works under: its group's in a group, else its own."""
    try:
        return pairing.group.agreement if pairing.group_id is not None else pairing.agreement
    except Agreement.DoesNotExist:
        return None


def _active(now: dt.datetime):
    return (
        Pairing.objects.active()
        .filter(started_on__lte=timezone.localdate(now))
        .select_related("program", "mentor", "mentee", "mentee_application", "agreement", "group__agreement")
    )


@dataclass
class Scan:
    """Active pairings and the facts the jobs need about them, read once in a few queries (none per pair)."""

    today: dt.date
    pairings: list[Pairing]
    last_checkin: dict[int, dt.date]
    events: dict[int, requirement.Progress]  # each pairing's event requirement (events.requirement)
    signed: dict[int, set[int]]
    pulsed: set[tuple[int, int, int]]
    group_leads: dict[int, int] = field(default_factory=dict)  # group -> its first active pairing

    def reminds_mentor(self, pairing: Pairing) -> bool:
        """A group's mentor is reminded through the group's first active pairing, not once per mentee."""
        return pairing.group_id is None or self.group_leads.get(pairing.group_id) == pairing.pk

    def people(self, pairing: Pairing) -> tuple:
        return (pairing.mentor, pairing.mentee) if self.reminds_mentor(pairing) else (pairing.mentee,)


def load_scan(now: dt.datetime) -> Scan:
    pairings = list(_active(now))
    ids = [p.pk for p in pairings]
    group_leads: dict[int, int] = {}
    for pairing in pairings:
        if pairing.group_id is not None:
            group_leads[pairing.group_id] = min(pairing.pk, group_leads.get(pairing.group_id, pairing.pk))
    # A check-in logged on a group's page counts for every pairing of the group.
    rows = (
        CheckIn.objects.filter(Q(pairing_id__in=ids) | Q(group_id__in=set(group_leads)))
        .order_by()
        .values_list("pairing_id", "group_id")
        .annotate(last=Max("date"), n=Count("pk"))
    )
    merged = checkins_per_pairing(rows, {p.pk: p.group_id for p in pairings})
    last_checkin = {pairing_id: last for pairing_id, (last, _n) in merged.items()}
    events = requirement.progress_by_pairing({p.pk: p.program for p in pairings}, requirement.attendance_rows(ids))
    agreements = {p.pk: agreement for p in pairings if (agreement := _agreement(p)) is not None}
    by_agreement: dict[int, set[int]] = defaultdict(set)
    signatures = Signature.objects.filter(agreement_id__in={a.pk for a in agreements.values()}, voided_at__isnull=True)
    for agreement_id, signer_id in signatures.values_list("agreement_id", "signer_id"):
        by_agreement[agreement_id].add(signer_id)
    signed = {pairing_id: by_agreement[a.pk] for pairing_id, a in agreements.items() if a.pk in by_agreement}
    pulsed = set(PulseResponse.objects.filter(pairing_id__in=ids).values_list("pairing_id", "respondent_id", "round"))
    return Scan(
        today=timezone.localdate(now),
        pairings=pairings,
        last_checkin=last_checkin,
        events=events,
        signed=signed,
        pulsed=pulsed,
        group_leads=group_leads,
    )


def relationship_scan(now: dt.datetime) -> int:
    """Every relationship job over one read of the active pairings: what beat runs each morning."""
    scan = load_scan(now)
    return sum(
        job(now, scan) for job in (checkin_reminders, agreement_nudges, event_requirements, term_endings, pulses)
    )


def _both(pairing: Pairing, kind: str, period: str, template: str, people: tuple = (), **context) -> list[Spec]:
    return [
        Spec(
            kind=kind,
            subject=f"pairing:{pairing.pk}:user:{person.pk}",
            period=period,
            to=person.email,
            user=person,
            program=pairing.program,
            template=template,
            context={"pairing": pairing, "person": person, "program": pairing.program, **context},
        )
        for person in people or (pairing.mentor, pairing.mentee)
    ]


def checkin_reminders(now: dt.datetime, scan: Scan | None = None) -> int:
    """A few days before the next check-in is due, again when it is overdue; the chair once a pair is quiet."""
    scan = scan or load_scan(now)
    today = scan.today
    specs: list[Spec] = []
    for pairing in scan.pairings:
        last_checkin = scan.last_checkin.get(pairing.pk)
        frequency = pair_frequency(pairing, _agreement(pairing))
        months = schedule.frequency_months(frequency)
        due = schedule.next_checkin_due(started_on=pairing.started_on, last_checkin=last_checkin, months=months)
        if due - dt.timedelta(days=schedule.DUE_SOON_DAYS) <= today < due:
            label = Frequency(frequency).label.lower()
            people = scan.people(pairing)
            specs += _both(pairing, "checkin_due", f"{due}", "checkin_due", people, due=due, frequency=label)
        elif today > due:
            specs += _both(pairing, "checkin_overdue", f"{due}", "checkin_overdue", scan.people(pairing), due=due)
        missed = schedule.missed_periods(
            started_on=pairing.started_on, last_checkin=last_checkin, months=months, today=today
        )
        if missed >= policy.QUIET_AFTER_PERIODS:
            since = last_checkin or pairing.started_on
            specs.append(
                Spec(
                    kind="chair_digest",
                    subject=f"pairing:{pairing.pk}:quiet",
                    period=f"since:{since}",
                    to=pairing.program.chair_email,
                    program=pairing.program,
                    template="pairing_quiet",
                    context={"pairing": pairing, "program": pairing.program, "since": since, "missed": missed},
                )
            )
    return len(notify_many(specs))


def agreement_nudges(now: dt.datetime, scan: Scan | None = None) -> int:
    """A partner who has not signed policy.UNSIGNED_NUDGE_AFTER_DAYS after pairing is reminded; the chair gets a
    weekly list of pairs still unsigned after policy.UNSIGNED_CHAIR_AFTER_DAYS. Not in programs that ask for no
    agreement (Program.requires_agreement off)."""
    scan = scan or load_scan(now)
    specs: list[Spec] = []
    unsigned_by_program: dict[int, list[Pairing]] = defaultdict(list)
    for pairing in scan.pairings:
        if not pairing.program.requires_agreement:
            continue
        agreement = _agreement(pairing)
        if pairing.created_at > now - dt.timedelta(days=policy.UNSIGNED_NUDGE_AFTER_DAYS) or (
            agreement and agreement.executed_at
        ):
            continue
        signed = scan.signed.get(pairing.pk, set())
        for person in scan.people(pairing):
            if person.pk not in signed:
                specs.append(
                    Spec(
                        kind="agreement_unsigned",
                        subject=f"pairing:{pairing.pk}:user:{person.pk}",
                        period="7d",
                        to=person.email,
                        user=person,
                        program=pairing.program,
                        template="agreement_unsigned",
                        context={"pairing": pairing, "person": person, "program": pairing.program},
                    )
                )
        if pairing.created_at <= now - dt.timedelta(days=policy.UNSIGNED_CHAIR_AFTER_DAYS):
            unsigned_by_program[pairing.program_id].append(pairing)
    year, week, _ = timezone.localdate(now).isocalendar()
    for pairs in unsigned_by_program.values():
        program = pairs[0].program
        specs.append(
            Spec(
                kind="chair_digest",
                subject=f"program:{program.pk}:unsigned",
                period=f"{year}-W{week:02d}",
                to=program.chair_email,
                program=program,
                template="agreements_unsigned_chair",
                context={
                    "program": program,
                    "pairing_ids": [p.pk for p in pairs],
                    "days": policy.UNSIGNED_CHAIR_AFTER_DAYS,
                },
            )
        )
    return len(notify_many(specs))


def event_requirements(now: dt.datetime, scan: Scan | None = None) -> int:
    """Mentees who by the middle of the term have neither attended their required events nor logged them (awaiting
    the chair's confirmation) are reminded once, with how far they are."""
    scan = scan or load_scan(now)
    specs = [
        Spec(
            kind="event_requirement",
            subject=f"pairing:{pairing.pk}",
            period="midpoint",
            to=pairing.mentee.email,
            user=pairing.mentee,
            program=pairing.program,
            template="event_requirement",
            context={
                "pairing": pairing,
                "person": pairing.mentee,
                "program": pairing.program,
                "progress": str(scan.events[pairing.pk]),
            },
        )
        for pairing in scan.pairings
        if pairing.program.has_event_requirement
        and schedule.term_midpoint(pairing.started_on, pairing.ends_on) <= scan.today
        and not scan.events[pairing.pk].met_once_confirmed
    ]
    return len(notify_many(specs))


def term_endings(now: dt.datetime, scan: Scan | None = None) -> int:
    """Both partners are told two weeks before the term ends (the thanks and feedback form follow at the end,
    when the pairing completes)."""
    scan = scan or load_scan(now)
    soon = scan.today + dt.timedelta(days=schedule.TERM_ENDING_DAYS)
    specs = [
        spec
        for pairing in scan.pairings
        if scan.today <= pairing.ends_on <= soon
        for spec in _both(pairing, "term_ending", "2w", "term_ending")
    ]
    return len(notify_many(specs))


def pulses(now: dt.datetime, scan: Scan | None = None) -> int:
    """30 days after pairing and every 60 days after, each partner gets the one-question pulse."""
    scan = scan or load_scan(now)
    specs: list[Spec] = []
    for pairing in scan.pairings:
        due = schedule.pulse_round_due(started_on=pairing.started_on, today=scan.today)
        if due is None:
            continue
        round_, _ = due
        specs += [
            spec
            for spec in _both(pairing, "pulse", f"round{round_}", "pulse", round=round_)
            if (pairing.pk, spec.user.pk, round_) not in scan.pulsed
        ]
    return len(notify_many(specs))
