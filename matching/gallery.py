"""The Mentors Gallery: mentees browse mentors with room, favourite them, and request one."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from accounts.models import User
from applications.models import Application, Program
from applications.vocabulary import ContactForm, Frequency, expertise_labels
from matching.forms import GalleryFilterForm
from matching.gallery_pool import PoolVersion, ShownMentor, mentor_index, pool_version, shown_mentors
from matching.gallery_ranking import explain_mentor, ranked_page
from matching.markup import fill_rows
from matching.models import Favourite, GalleryRequest
from matching.selectors import mentee_facts
from matching.services import MatchingError, applications_lock
from mentorship.dates import DateWords, month_day_year_time, month_day_year_time_in
from mentorship.reversing import url_for_each
from notifications.services import Spec, notify_many
from pairings.models import Pairing
from pairings.services import pairing_create


@dataclass(frozen=True)
class GalleryCard:
    """One mentor's card with its text prepared, so the template only prints it: the gallery is the busiest
    page, and each template lookup, filter and `{% url %}` costs more than building the string here."""

    pk: int  # the mentor's application
    name: str
    score: float
    reasons: list[str]
    room: int
    favourite: bool
    requested: bool
    position: str  # "title, organization"
    details: str  # where, how often, room, last active
    expertise: str
    statement: str
    favourite_url: str
    request_url: str
    profile_url: str

    @property
    def mentor(self) -> Application:
        """The mentor's application, by its pk only (a model instance per card costs more than its card's text)."""
        return Application(pk=self.pk)

    @property
    def match(self) -> str:
        return match_words(self.score)

    @property
    def reasons_text(self) -> str:
        return " ".join(self.reasons) or NO_REASONS


# A card's markup, filled in Python: the template engine took longer over twelve cards' sixteen lookups each than
# the rest of the page. Every value is escaped as format_html escapes it (matching.markup.fill_html).
CARD_HTML = """<div class="col-md-6">
    <article class="card h-100" aria-labelledby="mentor-{pk}">
      <div class="card-body">
        <h2 class="h5 card-title" id="mentor-{pk}"><a href="{profile_url}">{name}</a>{badge}</h2>
        <p class="mb-1">{position}</p>
        <p class="text-body-secondary small mb-2">{details}</p>
        <p class="mb-2"><strong>Expertise:</strong> {expertise}</p>
        <p class="mb-2">{statement}</p>
        <p class="small mb-3"><strong>{match}.</strong> {reasons}</p>
        <div class="d-flex flex-wrap gap-2">
          <form method="post" action="{favourite_url}">{csrf_input}
            <button type="submit" class="btn btn-sm btn-outline-secondary">{favourite_action}<span
              class="visually-hidden"> ({name})</span></button></form>
          {request}
        </div>
      </div>
    </article>
  </div>
"""
FAVOURITE_BADGE = format_html(' <span class="badge text-bg-warning">{}</span>', "Favourite")
REQUESTED = format_html('<span class="btn btn-sm btn-success disabled" aria-disabled="true">{}</span>', "Requested")
REQUEST_LINK = (
    '<a class="btn btn-sm btn-primary" href="{request_url}">Request as mentor<span class="visually-hidden"> '
    "({name})</span></a>"
)
# The card of a mentor the viewer may still ask: the request link written in, so one fill makes the whole card.
CARD_WITH_REQUEST_HTML = CARD_HTML.replace("{request}", REQUEST_LINK)
FAVOURITE_ACTIONS = {True: format_html("{}", "Remove favourite"), False: format_html("{}", "Add to favourites")}
NO_HTML = format_html("{}", "")


def cards_html(cards: list[GalleryCard], *, csrf_input: str, room: int) -> SafeString:
    """The cards' markup, with the page's one CSRF field; the request link only while the viewer has room. Every
    card's texts are escaped in one call (matching.markup.fill_rows)."""
    return fill_rows(_card_fill(card, csrf_input, room) for card in cards)


def _card_fill(card: GalleryCard, csrf_input: str, room: int) -> tuple[str, dict[str, object]]:
    may_request = room and not card.requested
    values = {
        "pk": card.pk,
        "profile_url": card.profile_url,
        "name": card.name,
        "badge": FAVOURITE_BADGE if card.favourite else NO_HTML,
        "position": card.position,
        "details": card.details,
        "expertise": card.expertise,
        "statement": card.statement,
        "match": card.match,
        "reasons": card.reasons_text,
        "favourite_url": card.favourite_url,
        "csrf_input": csrf_input,
        "favourite_action": FAVOURITE_ACTIONS[card.favourite],
    }
    if may_request:
        values["request_url"] = card.request_url
        return CARD_WITH_REQUEST_HTML, values
    values["request"] = REQUESTED if card.requested else NO_HTML
    return CARD_HTML, values


FILTER_HTML = """<div class="{}"><label for="{}" class="form-label">{}</label>
    <select name="{}" id="{}" class="form-select">"""
FILTER_END = format_html("</select></div>{}", "\n  ")
FILTER_COLUMNS = {"expertise": "col-sm-4 mb-3", "region": "col-sm-3 mb-3", "frequency": "col-sm-3 mb-3"}


@functools.cache
def _filter_frames() -> tuple[tuple[str, SafeString], ...]:
    """Each filter's label and select tag, which only its <option>s change between requests: built once."""
    form = GalleryFilterForm(regions=[])
    fields = [form[name] for name in FILTER_COLUMNS]
    return tuple(
        (f.name, format_html(FILTER_HTML, FILTER_COLUMNS[f.name], f.id_for_label, f.label, f.html_name, f.id_for_label))
        for f in fields
    )


def filter_selects(form: GalleryFilterForm) -> SafeString:
    """The filters' labelled selects, plain (crispy-forms or an include per field cost milliseconds here), their
    <option> tags from the form's kept ones."""
    options = form.options
    return format_html_join("", "{}{}{}", ((frame, options[name], FILTER_END) for name, frame in _filter_frames()))


def gallery_filters(data: Mapping[str, str], regions: tuple[str, ...]) -> tuple[dict[str, str], SafeString]:
    """The filters chosen in `data` (the page's query), none when the form is invalid, and the filters' selects."""
    if not any(name in data for name in FILTER_COLUMNS):  # no filter asked for: the selects as an empty form shows
        return {}, _unfiltered_selects(regions)
    form = GalleryFilterForm(data, regions=list(regions))
    return (form.cleaned_data if form.is_valid() else {}), filter_selects(form)


@functools.lru_cache(maxsize=32)
def _unfiltered_selects(regions: tuple[str, ...]) -> SafeString:
    """The selects with nothing chosen, for the regions of a pool: the same regions give the same tags."""
    return filter_selects(GalleryFilterForm(regions=list(regions)))


NO_REASONS = "Few things in common."
# How a score reads to a mentee, from the lowest score each word is given for (a program pairs no one below its
# minimum, 0.30 unless the chair chose another).
MATCH_WORDS = ((0.70, "Strong match"), (0.50, "Good match"), (0.30, "Fair match"), (0.0, "Weak match"))


def match_words(score: float) -> str:
    """A score in words and as a percentage, e.g. "Strong match · 84%" (not "Match 0.84")."""
    word = next(word for lowest, word in MATCH_WORDS if score >= lowest or lowest == 0.0)
    return f"{word} · {round(min(max(score, 0.0), 1.0) * 100)}%"


@functools.lru_cache(maxsize=4096)
def _statement(text: str) -> str:
    """A statement cut to sixty words (Truncator takes a tenth of a millisecond; a statement rarely changes)."""
    return Truncator(text).words(60, truncate=" …")


def _days_ago(moment: dt.datetime, today: dt.date, zone: dt.tzinfo | None = None) -> str:
    """How long ago, in days, weeks or months: what a mentee needs to know of a mentor's last login, without
    humanize's naturaltime, whose translated phrases cost a fifth of a millisecond a card."""
    days = (today - timezone.localdate(moment, zone)).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def request_times(request: GalleryRequest, words: DateWords | None = None) -> str:
    """When a request was sent and, while it is open, when the mentor's answer is due, at the program's clock and
    its time zone named once, at the end: "sent Nov 30, 2026, 3:33 AM · answer due by Dec 3, 2026, 3:33 AM
    (America/Chicago)". The program's, not the server's: the time the mentor is told to answer by."""
    zone = request.program.time_zone
    if not request.is_open:
        return f"sent {month_day_year_time_in(request.created_at, zone, words)}"
    sent = month_day_year_time(request.created_at.astimezone(zone), words)
    return f"sent {sent} · answer due by {month_day_year_time_in(request.expires_at, zone, words)}"


def _card(
    mentor: ShownMentor,
    *,
    room: int,
    score: float,
    reasons: list[str],
    links: tuple,
    today: dt.date,
    zone: dt.tzinfo | None = None,
):
    has_profile = mentor.title is not None
    title, organization, region, city = (
        (mentor.title, mentor.organization, mentor.region, mentor.city) if has_profile else ("", "", "", "")
    )
    # A mentor never seen since joining has nothing to say here ("last active not yet" is no one's English).
    last_active = [f"last active {_days_ago(mentor.last_login, today, zone)}"] if mentor.last_login else []
    where = [region, city] if region else [city]
    meets = f"meets {FREQUENCY_LABELS.get(mentor.frequency, mentor.frequency).lower()}"
    details = " · ".join([*where, meets, f"room for {room} more", *last_active])
    favourite_url, request_url, profile_url = links
    return GalleryCard(
        pk=mentor.pk,
        name=mentor.full_name,
        score=score,
        reasons=reasons,
        room=room,
        favourite=mentor.is_favourite,
        requested=mentor.is_requested,
        position=f"{title}, {organization}",
        details=details,
        expertise=", ".join(expertise_labels(mentor.expertise, mentor.expertise_other)),
        statement=_statement(mentor.statement),
        favourite_url=favourite_url(mentor.pk),
        request_url=request_url(mentor.pk),
        profile_url=profile_url(mentor.pk),
    )


def _active_count(application: Application, field: str) -> int:
    return Pairing.objects.filter(**{field: application}, status=Pairing.Status.ACTIVE).count()


def mentor_room(application: Application) -> int:
    places = application.program.mentor_places(application.capacity)
    return max(0, places - _active_count(application, "mentor_application"))


def mentee_room(application: Application) -> int:
    """Mentors the mentee may still have; `active_mentors` read when the application was annotated with it."""
    active = getattr(application, "active_mentors", ...)
    if active is ...:
        active = _active_count(application, "mentee_application")
    return max(0, application.program.mentee_max_mentors - (active or 0))


@functools.lru_cache(maxsize=256)
def _card_links(slug: str, script_prefix: str) -> tuple[Callable[[int], str], ...]:
    """A card's favourite, request and profile URLs for any mentor, reversed once per program (and prefix)."""
    return tuple(url_for_each(f"matching:{name}", slug) for name in ("favourite", "request", "mentor"))


FREQUENCY_LABELS = dict(Frequency.choices)
GALLERY_PAGE_SIZE = 12  # two columns of six: the best matches first, and each card costs time to score and render


def gallery_cards(
    *,
    program: Program,
    viewer: Application,
    expertise: str = "",
    region: str = "",
    frequency: str = "",
    page: int | str | None = 1,
    per_page: int = GALLERY_PAGE_SIZE,
    version: PoolVersion | None = None,
) -> Page:
    """One page of approved mentors with room, best match for the viewer first; a fixed number of queries.

    The viewer is scored against the index of the program's matching pool (built once per change of the pool,
    see matching/gallery_pool.py), among the same people as a match run, so a pair's score here is the one the
    chair sees; only the page shown is explained and loaded."""
    version = version or pool_version(program)
    index = mentor_index(program, version)
    viewer_facts = mentee_facts(viewer)
    shown, explained = ranked_page(
        index,
        version,
        viewer_facts,
        person=viewer.applicant_id,
        local_government_fit=program.local_government_fit,
        filters=(expertise, region, frequency),
        page=page,
        per_page=per_page,
    )
    if not explained:
        return Paginator([], per_page).get_page(1)
    mentors = shown_mentors([index.facts[m.row].key for m in explained], viewer)
    links = _card_links(program.slug, get_script_prefix())
    zone = timezone.get_current_timezone()  # read once, not once a card
    today = timezone.localdate(timezone=zone)
    shown.object_list = [
        _card(
            mentors[index.facts[m.row].key],
            room=index.facts[m.row].capacity,  # the pool's room: places left after active pairings
            score=m.score,
            reasons=m.reasons,
            links=links,
            today=today,
            zone=zone,
        )
        for m in explained
    ]
    return shown


@dataclass(frozen=True)
class MentorProfile:
    """What a mentor's profile page shows: their public answers, never their resume, contact details or notes."""

    mentor: Application  # with its applicant and profile
    name: str
    position: str
    place: str  # "region · city"
    statement: str
    areas: list[str]
    frequency: str  # how often they would meet, as the form words it
    ways: list[str]  # how they can meet
    years: int | None
    places: int  # mentees they take in all
    room: int  # places still free
    last_active: str
    match: str  # "" for the mentor's own view, or when the pool leaves them out
    reasons: list[str]
    favourite: bool
    requested: bool
    is_self: bool


CONTACT_LABELS = dict(ContactForm.choices)


def mentor_profile(mentor: Application, viewer: Application | None) -> MentorProfile:
    """A mentor's profile as `viewer` (a mentee of the program) sees it, or as the mentor sees their own (None):
    the match and its reasons as on the gallery's card, read from the pool's index."""
    profile = getattr(mentor.applicant, "profile", None)
    match, reasons, favourite, requested = "", [], False, False
    if viewer is not None:
        program = mentor.program
        version = pool_version(program)
        shown = explain_mentor(
            mentor_index(program, version),
            version,
            mentee_facts(viewer),
            local_government_fit=program.local_government_fit,
            key=mentor.pk,
        )
        if shown is not None:
            match, reasons = match_words(shown.score), shown.reasons or [NO_REASONS]
        marks = shown_mentors([mentor.pk], viewer).get(mentor.pk)
        favourite, requested = (marks.is_favourite, marks.is_requested) if marks else (False, False)
    last_login = mentor.applicant.last_login
    return MentorProfile(
        mentor=mentor,
        name=mentor.applicant.full_name,
        position=", ".join(part for part in (profile.title, profile.organization) if part) if profile else "",
        place=" · ".join(part for part in (profile.region, profile.city) if part) if profile else "",
        statement=mentor.statement,
        areas=expertise_labels(mentor.expertise, mentor.expertise_other),
        frequency=FREQUENCY_LABELS.get(mentor.frequency, ""),
        ways=[CONTACT_LABELS[form].lower() for form in ContactForm.values if form in mentor.contact_forms],
        years=mentor.years_experience,
        places=mentor.program.mentor_places(mentor.capacity),
        room=mentor_room(mentor),
        last_active=_days_ago(last_login, timezone.localdate()) if last_login else "not yet",
        match=match,
        reasons=reasons,
        favourite=favourite,
        requested=requested,
        is_self=viewer is None,
    )


def favourite_toggle(*, mentee_application: Application, mentor_application: Application) -> bool:
    """Mark or unmark a favourite; True when it is now a favourite."""
    deleted, _ = Favourite.objects.filter(
        mentee_application=mentee_application, mentor_application=mentor_application
    ).delete()
    if deleted:
        return False
    Favourite.objects.get_or_create(mentee_application=mentee_application, mentor_application=mentor_application)
    return True


def next_favourites(mentee_application: Application, limit: int = 3) -> list[Application]:
    """Favourites the mentee could ask next: mentors with room, not already asked or paired."""
    asked = set(
        GalleryRequest.objects.filter(mentee_application=mentee_application).values_list(
            "mentor_application_id", flat=True
        )
    )
    result = []
    for favourite in mentee_application.favourites.select_related(
        "mentor_application__applicant", "mentor_application__program"
    ):
        mentor = favourite.mentor_application
        if mentor.pk not in asked and mentor.status == Application.Status.APPROVED and mentor_room(mentor) > 0:
            result.append(mentor)
        if len(result) == limit:
            break
    return result


def _notify(kind: str, request: GalleryRequest, *, to_mentor: bool, period: str, **extra) -> None:
    """Record the email in the caller's transaction; `period` names the event, so it is sent once per event."""
    person = (request.mentor_application if to_mentor else request.mentee_application).applicant
    notify_many(
        [
            Spec(
                kind=kind,
                subject=f"gallery_request:{request.pk}",
                period=period,
                to=person.email,
                user=person,
                program=request.program,
                context={"request": request, "program": request.program, **extra},
            )
        ]
    )


def _window(request: GalleryRequest) -> str:
    """A request's response window: the mentee's answer to a question opens a new one."""
    return f"window:{request.created_at.isoformat()}"


@transaction.atomic
def gallery_request_create(
    *, mentee_application: Application, mentor_application: Application, message: str
) -> GalleryRequest:
    program = mentee_application.program
    if not program.uses_gallery:
        raise MatchingError("This program does not use the Mentors Gallery.")
    if (
        mentee_application.status != Application.Status.APPROVED
        or mentor_application.status != Application.Status.APPROVED
    ):
        raise MatchingError("Only approved mentees can request approved mentors.")
    if mentor_application.program_id != program.pk or mentor_application.role != Application.Role.MENTOR:
        raise MatchingError("That mentor is not in this program.")
    if mentor_application.applicant_id == mentee_application.applicant_id:
        raise MatchingError("You cannot request yourself.")
    open_requests = mentee_application.requests_made.open()
    if open_requests.filter(mentor_application=mentor_application).exists():
        raise MatchingError("You already asked this mentor; wait for their answer.")
    if open_requests.count() >= mentee_room(mentee_application):
        raise MatchingError("You have as many requests waiting as you may have mentors; wait for an answer first.")
    if mentor_room(mentor_application) == 0:
        raise MatchingError("This mentor has no room left.")
    if Pairing.objects.filter(mentor_application=mentor_application, mentee_application=mentee_application).exists():
        raise MatchingError("You have already been paired with this mentor.")
    now = timezone.now()
    request = GalleryRequest.objects.create(
        program=program,
        mentee_application=mentee_application,
        mentor_application=mentor_application,
        message=message,
        created_at=now,
        expires_at=now + dt.timedelta(days=program.gallery_response_days),
    )
    _notify("gallery_request_new", request, to_mentor=True, period=_window(request))
    return request


def _locked_open_request(request: GalleryRequest, *, actor: User, side: str) -> GalleryRequest:
    """The request locked, if `actor` is its mentor (side "mentor") or mentee (side "mentee") and it is open."""
    # Only the request's row: a lock on the program's row would deadlock with a publish (see applications_lock).
    request = GalleryRequest.objects.select_for_update(of=("self",)).select_related("program").get(pk=request.pk)
    application_id = request.mentor_application_id if side == "mentor" else request.mentee_application_id
    if not Application.objects.filter(pk=application_id, applicant_id=actor.pk).exists():
        raise MatchingError(f"Only the {side} of this request can do this.")
    if not request.is_open:
        raise MatchingError("This request has already been answered or has expired.")
    return request


@transaction.atomic
def gallery_request_accept(*, request: GalleryRequest, actor: User, message: str = "") -> Pairing:
    """The mentor accepts: a pairing, if the mentor still has room and the mentee may take another mentor.

    Both applications are locked (as a publish locks them, so neither can deadlock) before the
    counts are read: acceptances and publishes at the same moment are decided one after the other."""
    request = _locked_open_request(request, actor=actor, side="mentor")
    locked = applications_lock([request.mentor_application_id, request.mentee_application_id])
    mentor, mentee = locked[request.mentor_application_id], locked[request.mentee_application_id]
    if mentor_room(mentor) == 0:
        raise MatchingError("You have no room left for another mentee.")
    if mentee_room(mentee) == 0:
        raise MatchingError("This mentee already has as many mentors as the program allows.")
    if Pairing.objects.filter(mentor_application=mentor, mentee_application=mentee).exists():
        raise MatchingError("You are already paired with this mentee.")  # e.g. published by the chair meanwhile
    pairing = pairing_create(
        mentor_application=mentor,
        mentee_application=mentee,
        source=Pairing.Source.GALLERY,
        approved_by=mentor.applicant,
    )
    request.status = GalleryRequest.Status.ACCEPTED
    request.response = message
    request.answered_at = timezone.now()
    request.pairing = pairing
    request.save(update_fields=["status", "response", "answered_at", "pairing"])
    return pairing


@transaction.atomic
def gallery_request_decline(*, request: GalleryRequest, actor: User, message: str = "") -> None:
    request = _locked_open_request(request, actor=actor, side="mentor")
    request.status = GalleryRequest.Status.DECLINED
    request.response = message
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "response", "answered_at"])
    _notify(
        "gallery_request_declined",
        request,
        to_mentor=False,
        period="declined",
        next_favourites=next_favourites(request.mentee_application),
    )


@transaction.atomic
def gallery_request_ask(*, request: GalleryRequest, actor: User, question: str) -> None:
    """The mentor asks for more information; the mentee's answer opens a fresh response window."""
    request = _locked_open_request(request, actor=actor, side="mentor")
    request.status = GalleryRequest.Status.INFO_REQUESTED
    request.response = question
    request.save(update_fields=["status", "response"])
    asked = hashlib.sha256(question.encode()).hexdigest()[:16]  # the same question sent twice is one email
    _notify("gallery_request_question", request, to_mentor=False, period=f"{_window(request)}:{asked}")


@transaction.atomic
def gallery_request_reply(*, request: GalleryRequest, actor: User, answer: str) -> None:
    request = _locked_open_request(request, actor=actor, side="mentee")
    if request.status != GalleryRequest.Status.INFO_REQUESTED:
        raise MatchingError("The mentor has not asked a question.")
    now = timezone.now()
    request.message = f"{request.message}\n\n— Asked: {request.response}\n— Answer: {answer}"
    request.status = GalleryRequest.Status.PENDING
    request.created_at = now
    request.expires_at = now + dt.timedelta(days=request.program.gallery_response_days)
    request.reminded_at = None
    request.save(update_fields=["message", "status", "created_at", "expires_at", "reminded_at"])
    _notify("gallery_request_new", request, to_mentor=True, period=_window(request))


@transaction.atomic
def gallery_request_withdraw(*, request: GalleryRequest, actor: User) -> None:
    request = _locked_open_request(request, actor=actor, side="mentee")
    request.status = GalleryRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])


def gallery_sweep(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Remind mentors halfway through the window, expire requests past it. Safe to run twice or at once: each
    request is claimed with a conditional UPDATE, and the claim and its email row commit in one transaction."""
    now = now or timezone.now()
    reminded = expired = 0
    pending = GalleryRequest.objects.filter(status=GalleryRequest.Status.PENDING, reminded_at__isnull=True)
    for request in pending.filter(expires_at__gt=now).select_related("program", "mentor_application__applicant"):
        if request.remind_at > now:
            continue
        with transaction.atomic():
            claimed = GalleryRequest.objects.filter(
                pk=request.pk, status=GalleryRequest.Status.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:  # the claim and its email row commit together, or neither does
                _notify("gallery_request_reminder", request, to_mentor=True, period=_window(request))
                reminded += 1
    stale = GalleryRequest.objects.open().filter(expires_at__lte=now)
    for request in stale.select_related("program", "mentee_application__applicant", "mentor_application__applicant"):
        with transaction.atomic():
            claimed = GalleryRequest.objects.filter(pk=request.pk, status__in=GalleryRequest.OPEN).update(
                status=GalleryRequest.Status.EXPIRED, answered_at=now
            )
            if claimed:
                _notify(
                    "gallery_request_expired",
                    request,
                    to_mentor=False,
                    period="expired",
                    next_favourites=next_favourites(request.mentee_application),
                )
                expired += 1
    return reminded, expired
