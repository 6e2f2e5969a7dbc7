"""DMMA's events and coaching library: a regional lunch Priya attended (her regional event is met; the signature
one is not), a full regional lunch with a waitlist, the annual conference, a webinar; and a few resources."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User
from applications.demo.cohort import PEOPLE
from applications.models import Program
from associations.models import Association

PRIYA = PEOPLE[10]


def _at(days: int, hour: int, zone) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)


def load_events(program: Program) -> None:
    from events.models import RSVP, Event

    host = program.host
    zone = host.time_zone
    chair = host.chairs.order_by("pk").first()
    plans = [
        ("Spring regional lunch: budgets in a tight year", Event.Kind.REGIONAL, -30, 2, "Harbor Bend Community Center"),
        ("Regional lunch: working with your council", Event.Kind.REGIONAL, 12, 3, "Almond Grove City Hall, Room 2"),
        ("DMMA annual conference and awards dinner", Event.Kind.SIGNATURE, 40, None, "Demo Coast Convention Center"),
        ("Webinar: your first budget season", Event.Kind.WEBINAR, 5, None, ""),
    ]
    events = {}
    for title, kind, days, capacity, place in plans:
        event = Event.objects.filter(association=host, title=title).first()
        if event is None:
            event = Event.objects.create(
                association=host,
                kind=kind,
                title=title,
                description="Meet managers and analysts from across the region. Lunch is provided.",
                starts_at=_at(days, 12 if kind != Event.Kind.SIGNATURE else 17, zone),
                ends_at=_at(days, 14 if kind != Event.Kind.SIGNATURE else 21, zone),
                place=place,
                online_url="https://video.demo.example/dmma-webinar" if not place else "",
                capacity=capacity,
            )
        events[kind if days >= 0 else "past"] = event
    people = {u.email: u for u in User.objects.filter(email__in=[p.email for p in PEOPLE])}
    priya = people[PRIYA.email]
    past = events["past"]
    RSVP.objects.get_or_create(
        event=past,
        user=priya,
        defaults={"attended_at": past.starts_at, "attendance_via": RSVP.Via.CHAIR, "attendance_marked_by": chair},
    )
    lunch = events[Event.Kind.REGIONAL]
    for i, person in enumerate(PEOPLE[11:15]):  # three seats: the fourth waits
        status = RSVP.Status.GOING if i < 3 else RSVP.Status.WAITLISTED
        RSVP.objects.get_or_create(event=lunch, user=people[person.email], defaults={"status": status})
    RSVP.objects.get_or_create(event=events[Event.Kind.SIGNATURE], user=priya)
    load_resources(host)


def load_resources(host: Association) -> None:
    from resources.models import Resource

    shelf = [
        (
            Resource.Kind.GUIDELINE,
            "Coaching guidelines",
            [],
            "How a DMMA coaching relationship works: confidentiality, a monthly rhythm, and a no-fault end.",
        ),
        (Resource.Kind.ARTICLE, "Career Compass: your first budget season", ["finance"], ""),
        (Resource.Kind.ARTICLE, "Career Compass: writing a strategic plan people read", ["strategic_planning"], ""),
        (Resource.Kind.ARTICLE, "Career Compass: keeping work and life in balance", ["work_life_balance"], ""),
        (Resource.Kind.TEMPLATE, "Mentoring goals worksheet", [], ""),
        (Resource.Kind.RECORDING, "Webinar recording: council-manager relations", ["council_manager_relations"], ""),
        (Resource.Kind.SPEED_COACHING_TIPS, "Speed coaching: make ten minutes count", [], ""),
    ]
    for kind, title, areas, summary in shelf:
        Resource.objects.get_or_create(
            association=host,
            title=title,
            defaults={
                "kind": kind,
                "areas": areas,
                "summary": summary or "A short read from DMMA's coaching committee.",
                "body": "Start with one question you want answered. Write down what you will try before you meet "
                "again, and tell your partner how it went.",
                "url": "https://www.demo.example/recordings/council" if kind == Resource.Kind.RECORDING else "",
            },
        )
