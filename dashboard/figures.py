"""The shapes of the dashboard's figures: plain dataclasses the selector fills and the page, exports and report read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from applications.models import Application, Program
from applications.policy import QUIET_AFTER_PERIODS
from applications.vocabulary import Frequency
from pairings.models import Pairing

# value -> label, built once: `Frequency.values` and `.choices` build new lists on every call.
FREQUENCY_LABELS = dict(Frequency.choices)


def _month_day(day: dt.date) -> str:
    return f"{day:%b} {day.day}"


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    mentors: int
    mentees: int

    @property
    def total(self) -> int:
        return self.mentors + self.mentees


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    mentors: int
    mentees: int
    total_mentors: int
    total_mentees: int


@dataclass(frozen=True)
class FeeRow:
    status: str
    label: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class AreaRow:
    value: str
    label: str
    mentors: int
    mentees: int

    @property
    def shortfall(self) -> int:
        """Mentees wanting the area beyond the mentors strong in it."""
        return max(0, self.mentees - self.mentors)


@dataclass
class Intake:
    statuses: list[StatusRow]
    mentors: int
    mentees: int
    days: list[DayRow]
    after_deadline: int
    undated: int
    fees: list[FeeRow]
    areas: list[AreaRow]

    @property
    def total(self) -> int:
        return self.mentors + self.mentees

    @property
    def fees_due(self) -> FeeRow | None:
        return next((row for row in self.fees if row.status == Application.Fee.DUE), None)

    @property
    def short_areas(self) -> list[AreaRow]:
        return [area for area in self.areas if area.shortfall]


@dataclass(frozen=True)
class ScoreBin:
    low: float
    high: float
    count: int

    @property
    def label(self) -> str:
        return f"{self.low:.1f} to {self.high:.1f}"


@dataclass(frozen=True)
class MentorRoom:
    application_id: int
    name: str
    capacity: int
    active: int

    @property
    def room(self) -> int:
        return self.capacity - self.active


@dataclass(frozen=True)
class MentorsWithRoom:
    """The approved mentors with a free place: how many, their free places together, the first few by name."""

    count: int
    spare_places: int
    shown: list[MentorRoom]

    @property
    def hidden(self) -> int:
        return self.count - len(self.shown)


@dataclass
class Matching:
    approved_mentees: int
    matched: int
    waitlisted: int
    awaiting_decision: int
    score_bins: list[ScoreBin]
    mean_score: float | None
    mentors_with_room: MentorsWithRoom
    unscored_pairs: int = 0  # pairs made by hand or from the gallery: no score

    @property
    def unmatched(self) -> int:
        return self.approved_mentees - self.matched

    @property
    def scored_pairs(self) -> int:
        return sum(b.count for b in self.score_bins)

    @property
    def spare_places(self) -> int:
        return self.mentors_with_room.spare_places


class Adherence:
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"
    QUIET = "quiet"
    LABELS = {
        ON_TRACK: "On track",
        DUE: "Check-in due soon",
        OVERDUE: "Overdue",
        QUIET: f"Quiet ({QUIET_AFTER_PERIODS}+ periods missed)",
        NOT_STARTED: "Term not started",
    }


@dataclass
class PairRow:
    pk: int
    mentor: str
    mentee: str
    mentor_email: str
    mentee_email: str
    status: str
    source: str
    score: float | None
    created_at: dt.datetime
    started_on: dt.date
    ends_on: dt.date
    frequency: str
    executed_at: dt.datetime | None
    signatures: int
    checkins: int
    last_checkin: dt.date | None
    mentee_application_id: int = 0
    mentee_approved: bool = False
    ended_at: dt.datetime | None = None
    ended_by_mentor: bool = False
    end_reason: str = ""
    regional_events: int = 0
    signature_events: int = 0
    regional_logged: int = 0
    signature_logged: int = 0
    next_due: dt.date | None = None
    missed: int = 0
    adherence: str = ""
    signers: int = 2  # who signs its agreement: a pair's two partners, a group's mentor and active mentees
    periods: int = 0  # agreed periods gone by in the term so far (to its end, or to the early end)
    kept_pace: bool = False  # a check-in in every one of those periods
    group_id: int | None = None  # in a mentoring group: the group's one agreement is this row's
    group_name: str = ""

    @property
    def agreement_key(self) -> int:
        """One per agreement: a group's members share theirs (the group's id), a pair has its own (minus its id)."""
        return self.group_id if self.group_id is not None else -self.pk

    @property
    def status_label(self) -> str:
        return Pairing.Status(self.status).label

    @property
    def frequency_label(self) -> str:
        return FREQUENCY_LABELS.get(self.frequency, self.frequency)

    @property
    def last_checkin_label(self) -> str:
        """ "Mar 4" (as the action items write dates), "—" before the first check-in: the table of every active pair
        writes it per row, where Django's |date costs more than the rest of the row."""
        return _month_day(self.last_checkin) if self.last_checkin else "—"

    @property
    def next_due_label(self) -> str:
        return _month_day(self.next_due) if self.next_due else ""

    @property
    def adherence_label(self) -> str:
        return Adherence.LABELS.get(self.adherence, "")

    @property
    def agreement_label(self) -> str:
        if self.executed_at:
            return "Signed by both" if self.signers == 2 else "Signed by everyone"
        return f"{self.signatures} of {self.signers} signatures"


@dataclass(frozen=True)
class EndedPair:
    pk: int
    mentor: str
    mentee: str
    ended_at: dt.datetime | None
    ended_by: str
    reason: str


@dataclass
class Relationships:
    active: int
    completed: int
    ended_count: int
    executed: int
    one_signature: int
    unsigned: int
    adherence: list[tuple[str, str, int]]
    pairs: list[PairRow]
    ended: list[EndedPair]
    kept_pace: int
    events_required: bool
    events_met: int
    events_awaiting_confirmation: int
    events_missing: int

    def adherence_count(self, key: str) -> int:
        return next((count for k, _, count in self.adherence if k == key), 0)


@dataclass(frozen=True)
class ActionItem:
    title: str
    detail: str
    since: dt.date
    age_days: int
    url: str
    button: str
    admin_action: str = ""  # set: the button POSTs this admin action for `object_id` to `url`
    object_id: int | None = None
    post: bool = False  # set: the button POSTs to `url` (a service behind a permission), e.g. Send again


@dataclass
class ActionGroup:
    key: str
    title: str
    items: list[ActionItem]
    total: int
    more_url: str = ""

    @property
    def hidden(self) -> int:
        return self.total - len(self.items)


@dataclass
class Dashboard:
    program: Program
    now: dt.datetime
    today: dt.date
    intake: Intake
    matching: Matching
    relationships: Relationships
    all_pairs: list[PairRow]
    actions: list[ActionGroup] = field(default_factory=list)

    @property
    def actions_total(self) -> int:
        return sum(group.total for group in self.actions)
