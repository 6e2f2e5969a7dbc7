"""My pairings' and the pair page's reads, each a prepared query (mentorship.prepared) of the columns shown.

My pairings: one query of the person's pairings. The pair page: two queries whatever the pair has behind it: the
pairing with what the page shows beside it, and the pair's check-ins, history and events attended in one UNION ALL
(a query each cost more in the ORM and PostgreSQL than their rows). Each is planned once per connection, so the
joins cost no planning on each request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse

from agreements.models import Signature
from applications.vocabulary import ContactForm
from events import requirement
from events.requirement import Attended
from mentorship.prepared import PreparedQuery
from pairings.groups import checkins_of, of_outer_pairing
from pairings.models import Pairing, PairingEvent

PAIRING_ID, GROUP_ID = -7_919_351, -7_919_352  # stand-ins: no pairing or group has a negative id
READER_ID = -7_919_353  # nor any user


@dataclass(frozen=True)
class AgreementGlance:
    """What "My pairings" says of an agreement (agreements/_agreement_status.html)."""

    is_executed: bool
    group_id: int | None
    version: int


@dataclass(frozen=True)
class PairingLine:
    """A line of "My pairings": the columns it shows, read as a plain row."""

    pk: int
    partner_name: str
    partner_role: str
    program_name: str
    requires_agreement: bool
    status: str
    started_on: dt.date
    ends_on: dt.date
    group_pk: int | None
    group_name: str | None
    agreement: AgreementGlance | None

    def get_absolute_url(self) -> str:
        return reverse("pairings:pairing", args=[self.pk])

    def get_group_url(self) -> str:
        return reverse("pairings:group", args=[self.group_pk])

    def get_status_display(self) -> str:
        return Pairing.Status(self.status).label


_AGREEMENT = ("pk", "executed_at", "group_id", "version")
_PAIRING_LINE = (
    *("pk", "mentor_id", "mentor__full_name", "mentee__full_name", "program__name", "program__requires_agreement"),
    *("status", "started_on", "ends_on", "group_id", "group__name"),
    *(f"agreement__{name}" for name in _AGREEMENT),
    *(f"group__agreement__{name}" for name in _AGREEMENT),
)
_MY_PAIRINGS = PreparedQuery(
    "my_pairings",
    lambda *, user_id: Pairing.objects.for_user(user_id).order_by("-created_at").values_list(*_PAIRING_LINE),
    user_id=-7_919_351,  # a stand-in: no user has a negative id
)


def _agreement_glance(row: dict, prefix: str) -> AgreementGlance | None:
    if row[f"{prefix}pk"] is None:
        return None
    return AgreementGlance(
        is_executed=row[f"{prefix}executed_at"] is not None,
        group_id=row[f"{prefix}group_id"],
        version=row[f"{prefix}version"],
    )


def my_pairings(user_id: int) -> list[PairingLine]:
    """The person's pairings, newest first: one prepared query of the columns My pairings shows."""
    return [_pairing_line(row, user_id) for row in _MY_PAIRINGS.rows(user_id=user_id)]


def _pairing_line(values: tuple, user_id: int) -> PairingLine:
    row = dict(zip(_PAIRING_LINE, values, strict=True))
    i_mentor = row["mentor_id"] == user_id
    return PairingLine(
        pk=row["pk"],
        partner_name=row["mentee__full_name"] if i_mentor else row["mentor__full_name"],
        partner_role="your mentee" if i_mentor else "your mentor",
        program_name=row["program__name"],
        requires_agreement=row["program__requires_agreement"],
        status=row["status"],
        started_on=row["started_on"],
        ends_on=row["ends_on"],
        group_pk=row["group_id"],
        group_name=row["group__name"],
        # A group's agreement is the group's (kept on its first pairing), the pair's own otherwise.
        agreement=_agreement_glance(row, "group__agreement__" if row["group_id"] else "agreement__"),
    )


# The pairing with the partner's profile (either partner's, whichever is the viewer's partner), both applications
# and the agreement the pair works under (its own, or its group's); only the columns the page and its rules read.
_AGREEMENT_COLUMNS = ("id", "pairing_id", "group_id", "version", "executed_at", "pdf", "frequency")
_PERSON = ("id", "email", "full_name")
_PROFILE = ("id", "user_id", "phone", "title", "organization", "city", "state", "zip_code")
_APPLICATION = ("id", "contact_forms", "frequency", "resume")
_PAIR_PAGE_COLUMNS = (
    *("id", "program_id", "mentor_id", "mentee_id", "mentor_application_id", "mentee_application_id"),
    *("status", "started_on", "ends_on", "group_id", "created_at"),
    *(f"program__{name}" for name in ("id", "name", "slug", "kind", "pairing_mode", "requires_agreement")),
    *(f"program__{name}" for name in ("allow_rematch", "recommended_frequency", "host_id")),
    *(f"program__{name}" for name in ("required_regional_events", "required_signature_events")),
    *(f"{person}__{name}" for person in ("mentor", "mentee") for name in _PERSON),
    *(f"{person}__profile__{name}" for person in ("mentor", "mentee") for name in _PROFILE),
    *(f"{side}_application__{name}" for side in ("mentor", "mentee") for name in _APPLICATION),
    *(f"agreement__{name}" for name in _AGREEMENT_COLUMNS),
    *(f"group__{name}" for name in ("id", "name", "program_id", "mentor_id")),
    *(f"group__agreement__{name}" for name in _AGREEMENT_COLUMNS),
)
_PAIR_PAGE_RELATED = (
    *("program", "mentor__profile", "mentee__profile", "mentor_application", "mentee_application"),
    *("agreement", "group__agreement"),
)


def _pair_page_query(*, pk: int, reader_id: int) -> QuerySet[Pairing]:
    # Whether the reader has signed the agreement's current version (its own, or its group's), so the page offers
    # "Read the agreement" to a partner who signed and waits, not "Fill in and sign" again.
    signed = Signature.objects.valid().filter(of_outer_pairing("agreement__"), signer_id=reader_id)
    return (
        Pairing.objects.select_related(*_PAIR_PAGE_RELATED)
        .only(*_PAIR_PAGE_COLUMNS)
        .annotate(reader_signed=Exists(signed))
        .filter(pk=pk)
    )


_PAIR_PAGE = PreparedQuery("pair_page", _pair_page_query, pk=PAIRING_ID, reader_id=READER_ID)


def pair_page_pairing(pk: int, reader_id: int) -> Pairing | None:
    """The pairing, its related rows attached and `reader_signed` set; None when there is none (the view answers
    404)."""
    return next(iter(_PAIR_PAGE.objects(pk=pk, reader_id=reader_id)), None)


@dataclass(frozen=True)
class CheckInRow:
    date: dt.date
    form: str
    minutes: int
    note: str

    def get_form_display(self) -> str:
        return _FORM_LABELS.get(self.form, self.form)


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    kind: str
    has_actor: bool
    actor_name: str | None
    note: str

    def get_kind_display(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind)


_FORM_LABELS = dict(ContactForm.choices)
_KIND_LABELS = dict(PairingEvent.Kind.choices)


@dataclass(frozen=True)
class KeepingInTouch:
    checkins: list[CheckInRow]  # newest first, as CheckIn's ordering
    history: list[HistoryRow]  # oldest first, as PairingEvent's ordering
    attended: list[Attended]  # newest first (events.requirement); empty unless asked for


# The UNION's columns, by position: which part a row is of, its id (to order as the models do), then the values.
def _null(field) -> Cast:
    return Cast(Value(None), field)


def _checkins_part(pairing_id: int, group_id: int | None) -> QuerySet:
    return (
        checkins_of(Pairing(pk=pairing_id, group_id=group_id))
        .order_by()
        .annotate(
            t_part=Value("checkin"),
            t_date=F("date"),
            t_at=_null(DateTimeField()),
            t_kind=F("form"),
            t_name=_null(TextField()),
            t_minutes=F("minutes"),
            t_note=F("note"),
            t_flag=_null(BooleanField()),
            t_calendar=_null(BooleanField()),
        )
        .values_list(
            "t_part", "pk", "t_date", "t_at", "t_kind", "t_name", "t_minutes", "t_note", "t_flag", "t_calendar"
        )
    )


def _history_part(pairing_id: int) -> QuerySet:
    return (
        PairingEvent.objects.filter(pairing_id=pairing_id)
        .order_by()
        .annotate(
            t_part=Value("history"),
            t_date=_null(DateField()),
            t_kind=F("kind"),
            t_name=F("actor__full_name"),
            t_minutes=_null(IntegerField()),
            t_flag=ExpressionWrapper(Q(actor__isnull=False), output_field=BooleanField()),
            t_calendar=_null(BooleanField()),
        )
        .values_list("t_part", "pk", "t_date", "at", "t_kind", "t_name", "t_minutes", "note", "t_flag", "t_calendar")
    )


def _attended_parts(pairing_id: int) -> list[QuerySet]:
    extra = {"t_part": Value("attended"), "t_pk": _null(BigIntegerField()), "t_at": _null(DateTimeField())}
    extra |= {"t_minutes": _null(IntegerField()), "t_note": _null(TextField())}
    columns = ("t_part", "t_pk", "a_date", "t_at", "a_kind", "a_name", "t_minutes", "t_note", "a_counted", "a_calendar")
    return [part.annotate(**extra).values_list(*columns) for part in requirement.attendance_parts([pairing_id])]


def _touch_query(*, pairing_id: int, group_id: int | None, events: bool) -> QuerySet:
    parts = [_history_part(pairing_id), *(_attended_parts(pairing_id) if events else [])]
    return _checkins_part(pairing_id, group_id).union(*parts, all=True)


def _touch(*, grouped: bool, events: bool) -> PreparedQuery:
    name = f"pair_page_touch{'_group' if grouped else ''}{'_events' if events else ''}"
    if grouped:
        return PreparedQuery(
            name,
            lambda *, pairing_id, group_id: _touch_query(pairing_id=pairing_id, group_id=group_id, events=events),
            pairing_id=PAIRING_ID,
            group_id=GROUP_ID,
        )
    return PreparedQuery(
        name,
        lambda *, pairing_id: _touch_query(pairing_id=pairing_id, group_id=None, events=events),
        pairing_id=PAIRING_ID,
    )


# One prepared query for each shape: a pair or a group's member, in a program with an event requirement or not.
_TOUCH = {
    (grouped, events): _touch(grouped=grouped, events=events) for grouped in (False, True) for events in (False, True)
}


def keeping_in_touch(pairing: Pairing, *, events: bool) -> KeepingInTouch:
    """The pair's check-ins (its own, or also its group's: pairings.groups.checkins_of), its history and, with
    `events`, the events attended and logged (events.requirement), in one query."""
    values = {"pairing_id": pairing.pk}
    if pairing.group_id is not None:
        values["group_id"] = pairing.group_id
    rows = _TOUCH[(pairing.group_id is not None, events)].rows(**values)
    checkins, history, attended = [], [], []
    for part, pk, date, at, kind, name, minutes, note, flag, calendar in rows:
        if part == "checkin":
            checkins.append((date, pk, CheckInRow(date, kind, minutes, note)))
        elif part == "history":
            history.append((at, pk, HistoryRow(at, kind, flag, name, note)))
        else:
            attended.append(Attended(pairing.pk, kind, name, date, flag, calendar))
    checkins.sort(key=lambda row: row[:2], reverse=True)
    history.sort(key=lambda row: row[:2])
    return KeepingInTouch(
        checkins=[row for *_, row in checkins],
        history=[row for *_, row in history],
        attended=requirement.newest_first(attended),
    )
