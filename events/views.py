"""An association's events (public, and its calendar feed), an event's page with RSVP and cancel, the check-in page
at the door, and a person's own events. The online link shows only to people who are coming."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from associations.models import Association
from events import calendar, services, throttle
from events.forms import CheckInForm
from events.models import RSVP, Event

FEED_PAST_DAYS = 90  # the feed keeps the last three months, so a subscriber's calendar keeps recent history


def _event(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("association", "program"), pk=pk)


def _rsvp(event: Event, user) -> RSVP | None:
    if not user.is_authenticated:
        return None
    return RSVP.objects.filter(event=event, user=user).first()


def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    now = timezone.now()
    upcoming = list(association.events.upcoming(now).select_related("association"))
    past = list(association.events.past(now).select_related("association").order_by("-starts_at")[:10])
    return render(request, "events/event_list.html", {"association": association, "upcoming": upcoming, "past": past})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    rsvp = _rsvp(event, request.user)
    going = event.rsvps.going().count()
    context = {
        "event": event,
        "rsvp": rsvp,
        "going": going,
        "seats_left": None if event.capacity is None else max(event.capacity - going, 0),
        "waitlist_position": _waitlist_position(event, rsvp),
        "checkin_open": services.checkin_open(event),
    }
    return render(request, "events/event_detail.html", context)


def _waitlist_position(event: Event, rsvp: RSVP | None) -> int | None:
    if rsvp is None or rsvp.status != RSVP.Status.WAITLISTED:
        return None
    ahead = event.rsvps.waitlisted().filter(joined_at__lt=rsvp.joined_at).count()
    return ahead + 1


@login_required
@require_POST
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    try:
        answer = services.rsvp_create(event=event, user=request.user)
    except services.RSVPError as error:
        messages.error(request, str(error))
    else:
        if answer.status == RSVP.Status.GOING:
            messages.success(request, "You are coming. We look forward to seeing you.")
        else:
            messages.info(request, "The event is full: you are on the waitlist. We will email you if a seat frees up.")
    return redirect(event)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    try:
        cancelled = services.rsvp_cancel(event=event, user=request.user)
    except services.RSVPError as error:
        messages.error(request, str(error))
    else:
        if cancelled is not None:
            messages.success(request, "You are no longer on the list for this event.")
    return redirect(event)


@login_required
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not throttle.try_allowed(f"checkin:{event.pk}:{request.user.pk}"):
            form.add_error("code", "Too many tries. Wait ten minutes, or ask the chair at the door to mark you.")
        else:
            try:
                services.checkin_with_code(event=event, user=request.user, code=form.cleaned_data["code"])
            except services.RSVPError as error:
                form.add_error("code", str(error))
            else:
                messages.success(request, "You are checked in. Welcome!")
                return redirect(event)
    return render(request, "events/checkin.html", {"event": event, "form": form}, status=400 if form.errors else 200)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(pk)
    response = HttpResponse(calendar.event_ics(event, settings.SITE_URL), content_type="text/calendar; charset=utf-8")
    name = slugify(event.title)[:60] or "event"
    response["Content-Disposition"] = f'attachment; filename="{name}-{event.local_start:%Y-%m-%d}.ics"'
    return response


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    events = association.events.filter(ends_at__gte=since).select_related("association")
    return HttpResponse(
        calendar.feed_ics(association, events, settings.SITE_URL), content_type="text/calendar; charset=utf-8"
    )


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    rsvps = (
        RSVP.objects.filter(user=request.user)
        .exclude(status=RSVP.Status.CANCELLED)
        .select_related("event__association")
        .order_by("event__starts_at")
    )
    now = timezone.now()
    rows = list(rsvps)
    return render(
        request,
        "events/my_events.html",
        {
            "upcoming": [r for r in rows if r.event.ends_at >= now],
            "past": [r for r in rows if r.event.ends_at < now][::-1],
            # Every association's calendar with an event still to come, so someone with no RSVP yet finds one.
            "calendars": Association.objects.filter(events__ends_at__gte=now)
            .distinct()
            .order_by("name")
            .values("slug", "name"),
        },
    )
