"""Importing a program's participants from a CSV file (the chair's next-year tool beside `dashboard.duplication`).

The import checks every row first and reports each bad one by its line number; only a file with no problem is
saved, in one transaction (all or nothing). Past 400 lines on purpose: the columns, the row checks and the save
change together whenever a column is added.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Profile, User
from applications import eligibility
from applications.forms import ProfileForm
from applications.models import Application, ApplicationEvent, Program
from applications.vocabulary import ContactForm, Expertise, Frequency
from associations.models import Association


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("email", "Their email address, which is also their login. A valid address, once per role.", True),
    Column("full_name", "Their name as they sign it. Required for people who have no account yet."),
    Column("role", "mentor or mentee. A person may have one row as each.", True),
    Column(
        "association",
        "The short name of the association they are a member of (or, as a non-member, apply through): the host "
        "(the default when blank) or one of the program's partners. Its membership categories and fee apply.",
    ),
    Column(
        "membership",
        "full, student, affiliate or nonmember (Full member, Student member, Affiliate member, Not a member), "
        "as their association offers.",
        True,
    ),
    Column("fee", "Non-members only: due (the default), paid or waived; the amount is their association's fee."),
    Column("organization", "Their agency or school. Required for people who have no profile yet."),
    Column("title", "Their job title."),
    Column("address", "Street address."),
    Column("city", "City."),
    Column("state", "State."),
    Column("zip_code", "ZIP code."),
    Column("phone", "Phone number."),
    Column("region", 'The region they work in, e.g. "Orange County".'),
    Column("jurisdiction_type", "city, town, county, special_district, state, school or other."),
    Column("jurisdiction_size", "small, medium or large."),
    Column(
        "expertise",
        "Areas separated by semicolons, by value or name (finance; Strategic Planning). "
        "Mentors: exactly three; mentees: one to three.",
        True,
    ),
    Column("expertise_other", "Names the area when expertise includes other."),
    Column("frequency", "monthly, every_other_month, quarterly or semi_annually (or their names).", True),
    Column("contact_forms", "One or more of in_person; phone; video; email, separated by semicolons.", True),
    Column("years_experience", "Mentors: years at a public agency, at least the program's minimum."),
    Column("capacity", "Mentors: how many mentees they can take, from 1 to the program's maximum (default 1)."),
    Column("career_stage", "Mentees: student, early_career, mid_career or aspiring_manager."),
    Column("works_at_public_agency", "Mentees: yes or no."),
    Column("public_service_interest", "Mentees who do not work at a public agency: their interest in public service."),
    Column("goals", "Mentees: their goals and expectations."),
    Column("statement", "Mentors: why they want to mentor."),
    Column("preferences", "Preferences about their partner."),
)
COLUMN_NAMES = {column.name for column in COLUMNS}
# The contact details the apply form asks for, kept on the profile.
PROFILE_FIELDS = tuple(name for name in ProfileForm.Meta.fields if name != "full_name")
IMPORT_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.UNDER_REVIEW,
    Application.Status.APPROVED,
    Application.Status.WAITLISTED,
)
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ParsedRow:
    line: int
    email: str
    full_name: str
    role: str
    profile: dict[str, str]
    application: dict[str, Any]


@dataclass
class ImportReport:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_people: int = 0
    existing_people: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})


class _Row:
    """One CSV row being checked: reads cells, turns them into values, collects its errors."""

    def __init__(self, line: int, cells: dict[str, str], errors: list[RowError]):
        self.line, self.cells, self.errors = line, cells, errors

    def text(self, name: str, max_length: int | None = None) -> str:
        value = (self.cells.get(name) or "").strip()
        if max_length and len(value) > max_length:
            self.error(name, f"At most {max_length} characters; this has {len(value)}.")
        return value

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def has_error(self, column: str) -> bool:
        return any(error.line == self.line and error.column == column for error in self.errors)

    def choice(self, name: str, choices: type[models.TextChoices], *, required: bool = False) -> str:
        value = self.text(name)
        if not value:
            if required:
                self.error(name, "Required.")
            return ""
        found = _match_choice(value, choices)
        if found is None:
            self.error(name, f'"{value}" is not one of: {", ".join(choices.values)}.')
            return ""
        return found

    def choices(self, name: str, choices: type[models.TextChoices]) -> list[str]:
        values, unknown = [], []
        for part in (p.strip() for p in self.text(name).split(";")):
            if not part:
                continue
            found = _match_choice(part, choices)
            if found is None:
                unknown.append(part)
            elif found not in values:
                values.append(found)
        if unknown:
            self.error(name, f"Unknown: {', '.join(unknown)}. Use: {', '.join(choices.values)}.")
        return values

    def number(self, name: str) -> int | None:
        value = self.text(name)
        if not value:
            return None
        if not value.isdigit():
            self.error(name, f'"{value}" is not a whole number.')
            return None
        return int(value)


def _normal(text: str) -> str:
    return re.sub(r"[\s\-/]+", "_", text.strip().lower())


def _match_choice(text: str, choices: type[models.TextChoices]) -> str | None:
    wanted = _normal(text)
    for value, label in choices.choices:
        # "Not a member" names "Not a member, but eligible for membership": the label's first clause will do.
        if wanted in (_normal(value), _normal(label), _normal(label.split(",")[0])):
            return value
    return None


def _read_csv(text: str, errors: list[RowError]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        errors.append(RowError(1, "", "The file is empty."))
        return []
    names = [_normal(name) for name in header]
    unknown = [name for name in names if name and name not in COLUMN_NAMES]
    if unknown:
        errors.append(RowError(1, "", f"Unknown column(s): {', '.join(unknown)}. See the list of columns."))
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    if missing:
        errors.append(RowError(1, "", f"Missing column(s): {', '.join(missing)}."))
    if len(set(names)) != len(names):
        errors.append(RowError(1, "", "A column appears twice."))
    rows, line = [], reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(names):
                    errors.append(RowError(line, "", f"{len(cells)} cells but only {len(names)} columns."))
                rows.append((line, dict(zip(names, cells, strict=False))))
            line = reader.line_num + 1
    except csv.Error as error:
        errors.append(RowError(line, "", f"Unreadable CSV: {error}."))
    if len(rows) > MAX_ROWS:
        errors.append(RowError(1, "", f"At most {MAX_ROWS} rows per file; this has {len(rows)}."))
    return rows


def _read_association(program: Program, row: _Row) -> Association:
    """By short name, any case, among the program's sponsors; blank: the host."""
    value = row.text("association")
    if not value:
        return program.host
    sponsors = eligibility.sponsors(program)
    for sponsor in sponsors:
        if value.casefold() == sponsor.short_name.casefold():
            return sponsor
    names = ", ".join(sponsor.short_name for sponsor in sponsors)
    row.error("association", f'"{value}" is not one of this program\'s associations: {names}.')
    return program.host


def _check_row(program: Program, row: _Row) -> ParsedRow:
    email = row.text("email").lower()
    if not email:
        row.error("email", "Required.")
    else:
        try:
            validate_email(email)
        except ValidationError:
            row.error("email", f'"{email}" is not a valid email address.')
    role = row.choice("role", Application.Role, required=True)
    application = {
        "association": _read_association(program, row),
        "membership": row.choice("membership", Application.Membership, required=True),
        "expertise": row.choices("expertise", Expertise),
        "expertise_other": row.text("expertise_other", 200),
        "frequency": row.choice("frequency", Frequency, required=True),
        "contact_forms": row.choices("contact_forms", ContactForm),
        "preferences": row.text("preferences"),
    }
    for name, what in (("expertise", "at least one area"), ("contact_forms", "at least one form of contact")):
        if not application[name] and not row.has_error(name):
            row.error(name, f"Required: {what}.")
    if role == Application.Role.MENTOR:
        application.update(_read_mentor(row))
    elif role == Application.Role.MENTEE:
        application.update(_read_mentee(row))
    if role:
        _check_eligibility(program, row, role, application)
    if role == Application.Role.MENTOR:
        application["capacity"] = application["capacity"] or 1  # a blank cell: one mentee
    application.update(_check_fee(application["association"], row, application["membership"]))
    profile = {name: row.text(name, Profile._meta.get_field(name).max_length) for name in PROFILE_FIELDS}
    for name, choices in (
        ("jurisdiction_type", Profile.JurisdictionType),
        ("jurisdiction_size", Profile.JurisdictionSize),
    ):
        profile[name] = row.choice(name, choices)
    return ParsedRow(row.line, email, row.text("full_name", 150), role, profile, application)


def _check_eligibility(program: Program, row: _Row, role: str, application: dict[str, Any]) -> None:
    """The program's rules, as the form and the service apply them to a submission; a column whose cell could
    not be read is not judged again."""
    answers = eligibility.Answers(
        role=role,
        membership=application["membership"],
        association=application["association"],
        expertise=application["expertise"],
        expertise_other=application["expertise_other"],
        years_experience=application.get("years_experience"),
        capacity=application.get("capacity"),
        works_at_public_agency=application.get("works_at_public_agency"),
        public_service_interest=application.get("public_service_interest", ""),
    )
    unread = {"membership"} if row.has_error("association") else set()  # judged against an association not named
    for problem in eligibility.problems(program, answers, submitting=True):
        if problem.field not in unread and not row.has_error(problem.field):
            row.error(problem.field, problem.message)


def _check_fee(association: Association, row: _Row, membership: str) -> dict[str, Any]:
    fee = row.choice("fee", Application.Fee)
    if membership != Application.Membership.NONMEMBER and fee not in ("", Application.Fee.NONE):
        row.error("fee", "Members pay no fee: leave it blank.")
    elif membership == Application.Membership.NONMEMBER and fee == Application.Fee.NONE:
        row.error("fee", "Non-members owe the fee: due, paid or waived.")
    status, amount = eligibility.fee_terms(association, membership=membership, recorded=fee)
    return {"fee_status": status, "fee_amount": amount}


def _read_mentor(row: _Row) -> dict[str, Any]:
    years = row.number("years_experience")
    if years is None and not row.has_error("years_experience"):
        row.error("years_experience", "Required for mentors.")
    capacity = row.number("capacity")
    return {"years_experience": years, "capacity": capacity, "statement": row.text("statement")}


YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def _read_mentee(row: _Row) -> dict[str, Any]:
    public = row.text("works_at_public_agency").lower()
    if public and public not in YES_NO:
        row.error("works_at_public_agency", f'"{public}" is not yes or no.')
    return {
        "career_stage": row.choice("career_stage", Application.CareerStage),
        "works_at_public_agency": YES_NO.get(public),
        "public_service_interest": row.text("public_service_interest"),
        "goals": row.text("goals"),
    }


def _check_against_database(program: Program, rows: list[ParsedRow], report: ImportReport) -> dict[str, User]:
    """Duplicates within the file and with the program's applications; people already known."""
    emails = {row.email for row in rows if row.email}
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    with_profile = set(Profile.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    applied = set(
        Application.objects.filter(program=program, applicant__in=users.values())
        .annotate(email_lower=Lower("applicant__email"))
        .values_list("email_lower", "role")
    )
    seen: dict[tuple[str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for row in rows:
        if not row.email or not row.role:
            continue
        if (row.email, row.role) in seen:
            report.errors.append(
                RowError(
                    row.line,
                    "email",
                    f"{row.email} already has a {row.role} row, on line {seen[(row.email, row.role)]}.",
                )
            )
        seen.setdefault((row.email, row.role), row.line)
        if (row.email, row.role) in applied:
            report.errors.append(RowError(row.line, "email", f"{row.email} already has a {row.role} application here."))
        user = users.get(row.email)
        if user is None:
            _check_new_person(row, names, report)
        elif user.pk not in with_profile and not row.profile["organization"]:
            report.errors.append(RowError(row.line, "organization", "Required: this person has no profile yet."))
    report.new_people = len({row.email for row in rows if row.email and row.email not in users})
    report.existing_people = len({row.email for row in rows if row.email in users})
    return users


def _check_new_person(row: ParsedRow, names: dict[str, tuple[str, int]], report: ImportReport) -> None:
    if not row.full_name:
        report.errors.append(RowError(row.line, "full_name", "Required: this person has no account yet."))
    if not row.profile["organization"]:
        report.errors.append(RowError(row.line, "organization", "Required: this person has no profile yet."))
    first = names.setdefault(row.email, (row.full_name, row.line))
    if first[0] != row.full_name:
        report.errors.append(RowError(row.line, "full_name", f"Differs from the name on line {first[1]}."))


def participants_check(*, program: Program, text: str) -> tuple[ImportReport, dict[str, User]]:
    """Read and check the whole file; saves nothing."""
    report = ImportReport()
    prefetch_related_objects([program], "host", "partners")  # the sponsors, read once for every row
    cells = _read_csv(text, report.errors)
    for line, row_cells in cells:
        report.rows.append(_check_row(program, _Row(line, row_cells, report.errors)))
    users = _check_against_database(program, report.rows, report)
    if not report.rows and not report.errors:
        report.errors.append(RowError(2, "", "The file has a header but no participants."))
    report.errors.sort(key=lambda error: (error.line, error.column))
    return report, users


def participants_import(*, program: Program, text: str, status: str, actor: User, commit: bool) -> ImportReport:
    """Check the file; with `commit` and no problem found, create everyone in one transaction."""
    if status not in IMPORT_STATUSES:
        raise ValueError(f"{status!r} is not an import status")
    report, users = participants_check(program=program, text=text)
    if not report.ok or not commit:
        return report
    try:
        with transaction.atomic():
            _create(program, report.rows, users, status, actor)
    except IntegrityError:
        # Someone signed up or applied with one of these addresses meanwhile: nothing was saved.
        report.errors.append(RowError(0, "", "The data changed while importing; nothing was saved. Check again."))
        return report
    report.committed = True
    return report


def _create(program: Program, rows: list[ParsedRow], users: dict[str, User], status: str, actor: User) -> None:
    now = timezone.now()
    new_users: dict[str, User] = {}
    for row in rows:
        if row.email not in users and row.email not in new_users:
            user = User(email=row.email, full_name=row.full_name)
            user.set_unusable_password()  # they choose one through "Forgot password"
            new_users[row.email] = user
    User.objects.bulk_create(new_users.values())
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=False, primary=True) for user in new_users.values()
    )
    people = {**users, **new_users}
    has_profile = set(Profile.objects.filter(user__in=people.values()).values_list("user_id", flat=True))
    profiles: dict[int, Profile] = {}
    for row in rows:
        user = people[row.email]
        if user.pk not in has_profile and user.pk not in profiles:
            profiles[user.pk] = Profile(user=user, **row.profile)
    Profile.objects.bulk_create(profiles.values())
    decided = status in Application.DECIDED
    applications = Application.objects.bulk_create(
        Application(
            program=program,
            applicant=people[row.email],
            role=row.role,
            status=status,
            status_changed_at=now,
            decided_by=actor if decided else None,
            decided_at=now if decided else None,
            fee_recorded_by=actor if row.application["fee_status"] in ("paid", "waived") else None,
            fee_recorded_at=now if row.application["fee_status"] in ("paid", "waived") else None,
            **row.application,
        )
        for row in rows
    )
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=application, status=status, actor=actor, at=now, note="Imported from a CSV file")
        for application in applications
    )


def import_template_csv() -> str:
    """A header row and two example rows, for the chair to fill in."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.name for c in COLUMNS])
    example = {
        "email": "jordan.example@city.example",
        "full_name": "Jordan Example",
        "role": "mentor",
        "membership": "full",
        "organization": "City of Example",
        "title": "Assistant City Manager",
        "city": "Irvine",
        "state": "CA",
        "region": "Orange County",
        "expertise": "finance; management; strategic_planning",
        "frequency": "monthly",
        "contact_forms": "video; in_person",
        "years_experience": "12",
        "capacity": "2",
    }
    writer.writerow([example.get(c.name, "") for c in COLUMNS])
    mentee = {
        **example,
        "email": "sam.example@county.example",
        "full_name": "Sam Example",
        "role": "mentee",
        "membership": "nonmember",
        "fee": "due",
        "title": "Management Analyst",
        "expertise": "finance",
        "years_experience": "",
        "capacity": "",
        "career_stage": "early_career",
        "works_at_public_agency": "yes",
    }
    writer.writerow([mentee.get(c.name, "") for c in COLUMNS])
    return out.getvalue()
